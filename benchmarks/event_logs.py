"""Benchmark `journeymap measure` on large event logs (Parquet, simulated from the bundled insurance claim).

  10 M events   the whole `journeymap measure` process against the bare DuckDB aggregation of the same
                file in this process (the same lag/lead windows and group-by, written as SQL): goal <= 2x
  100 M events  the whole process with DuckDB's memory limit at 1.5 GB (JOURNEYMAP_DUCKDB_MEMORY), so it
                spills to disk: peak memory (the process's maximum resident set) goal <= 2 GB

Run: `make bench` or `python benchmarks/event_logs.py [--quick]` (`--quick`: 1 M events only), with
`journeymap[measure]` installed. The logs are written to a temporary folder and removed after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import ROOT, installed_package, verdict

JOURNEY = ROOT / "journeys" / "insurance-claim.journey.yaml"
RATIO_GOAL = 2.0
MEMORY_GOAL_GB = 2.0
MEMORY_LIMIT = "1.5GB"
EVENTS_PER_CUSTOMER = 13.7  # the insurance claim's mean path length, measured on simulated logs


def simulated(events: int, folder: Path) -> tuple[Path, int]:
    from journeymap.measure.simulate import write_log
    from journeymap.project import load_journey

    graph = load_journey(str(JOURNEY)).graph
    assert graph is not None
    path = folder / f"claims-{events}.parquet"
    written = write_log(
        graph, round(events / EVENTS_PER_CUSTOMER), 1, __import__("datetime").date(2026, 1, 1), str(path)
    )
    return path, written


def bare_duckdb(path: Path) -> float:
    """The measurement's core as one DuckDB SQL query: map, order, collapse, follow, group."""
    import duckdb

    from journeymap.measure.design import activity_map
    from journeymap.project import load_journey

    graph = load_journey(str(JOURNEY)).graph
    assert graph is not None
    cases = " ".join(f"WHEN '{name}' THEN '{point}'" for name, point in activity_map(graph.journey).items())
    query = f"""
    WITH m AS (SELECT case_id, CASE activity {cases} END AS tp, timestamp AS t, row_number() OVER () AS r
               FROM read_parquet('{path}')),
    v AS (SELECT *, lag(tp) OVER (PARTITION BY case_id ORDER BY t, r) AS prev FROM m WHERE tp IS NOT NULL),
    s AS (SELECT case_id, tp, t, r, prev IS NULL AS first FROM v WHERE prev IS NULL OR prev <> tp),
    n AS (SELECT *, lead(tp) OVER w AS nxt, lead(epoch(t)) OVER w - epoch(t) AS d FROM s
          WINDOW w AS (PARTITION BY case_id ORDER BY t, r))
    SELECT tp, nxt, first, count(*), count(DISTINCT case_id), quantile_cont(d, 0.5), quantile_cont(d, 0.9)
    FROM n GROUP BY ALL
    """
    con = duckdb.connect()
    start = time.perf_counter()
    con.execute(query).fetchall()
    return time.perf_counter() - start


def whole_measure(path: Path, memory_limit: str | None = None) -> tuple[float, float]:
    """Seconds and peak resident memory (GB) of `journeymap measure` on `path`, the whole process."""
    environment = dict(os.environ)
    if memory_limit:
        environment["JOURNEYMAP_DUCKDB_MEMORY"] = memory_limit
    command = [sys.executable, "-m", "journeymap", "measure", str(JOURNEY), "--events", str(path), "--format", "json"]
    command += ["--case", "case_id", "--activity", "activity", "--time", "timestamp"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"journeymap measure failed: {process.stderr.read().decode() if process.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024 / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 M events only, no 100 M run")
    args = parser.parse_args()
    installed_package()
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as name:
        folder = Path(name)
        print("journeymap measure on simulated event logs (Parquet), whole process vs bare DuckDB, same file")
        print(f"{'events':>12} {'MB':>7} {'bare DuckDB s':>14} {'measure s':>10} {'ratio':>6}  verdict")
        for events in [1_000_000] if args.quick else [10_000_000]:
            path, written = simulated(events, folder)
            bare = bare_duckdb(path)
            seconds, _ = whole_measure(path)
            ratio = seconds / bare
            size = path.stat().st_size / 1e6
            judged = verdict(ratio, RATIO_GOAL, "x")
            print(f"{written:>12,} {size:>7.0f} {bare:>14.2f} {seconds:>10.2f} {ratio:>6.2f}  {judged}")
            path.unlink()
        if args.quick:
            return
        path, written = simulated(100_000_000, folder)
        seconds, peak = whole_measure(path, MEMORY_LIMIT)
        print(f"\n100 M events ({written:,}, {path.stat().st_size / 1e6:.0f} MB), DuckDB memory limit {MEMORY_LIMIT}:")
        print(f"  measure {seconds:.1f} s, peak memory {peak:.2f} GB  {verdict(peak, MEMORY_GOAL_GB, ' GB')}")


if __name__ == "__main__":
    main()
