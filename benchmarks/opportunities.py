"""Benchmark `journeymap opportunities` against one full `score` of the same generated journey.

Every applicable change of a journey is solved exactly. Scoring each changed journey in full would cost
about (number of changes) x (one score); the rank-one updates on one factorisation keep the whole ranking
within a small multiple of one score. Goal (issue 14): all changes of a 1 000-touchpoint journey ranked in
at most 2 s.

Columns, all measured in this process on the same journey (median of the repeats):
  score          one `score(graph)`, the baseline
  ranking        `opportunities(graph)`: every change solved and ranked (what the command computes)
  x score        ranking / score
  in full (est.) changes x score: what scoring every changed journey in full would take
and the whole processes `journeymap opportunities FILE --format json` and `journeymap score FILE --format json`,
start-up and loading included, as CPU seconds (user + system: on a shared machine wall time mostly measures the
neighbours).

Run: `make bench` or `python benchmarks/opportunities.py [--quick]`.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import journey_text
from measure import installed_package, median_seconds

SIZES = [100, 1_000, 5_000]


def process_cpu(command: list[str], repeat: int) -> float:
    """CPU seconds of the child process, median of `repeat` runs."""
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(times)[len(times) // 2]


def main() -> None:
    print(f"journeymap from {installed_package()}")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    args = parser.parse_args()
    repeat = 2 if args.quick else 5

    from journeymap.graph import build_graph
    from journeymap.project import load_journey
    from journeymap.scoring import score
    from journeymap.whatif import candidate_changes, opportunities

    print(f"opportunities vs one full score of the same journey (median of {repeat})")
    header = (
        f"{'touchpoints':>12} {'changes':>8} {'listed':>7} {'score':>9} {'ranking':>9} {'x score':>8} "
        f"{'in full (est.)':>15} {'process cpu':>12} {'score cpu':>10}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"generated-{size}.journey.yaml"
            path.write_text(journey_text(size), encoding="utf-8")
            graph = load_journey(str(path)).graph
            assert graph is not None
            opportunities(graph)  # warm, as in one run of the command
            # score() remembers the scores of a graph it has seen: each timed run gets a graph of its own
            fresh = iter([build_graph(graph.journey) for _ in range(repeat)])
            one_score = median_seconds(lambda fresh=fresh: score(next(fresh)), repeat)
            ranking = median_seconds(lambda graph=graph: opportunities(graph), repeat)
            changes = len(candidate_changes(graph))
            listed = len(opportunities(graph))
            command = [sys.executable, "-m", "journeymap", "opportunities", str(path), "--format", "json"]
            process = process_cpu(command, max(1, repeat // 2))
            scoring = process_cpu([*command[:3], "score", *command[4:]], max(1, repeat // 2))
            print(
                f"{size:>12,} {changes:>8,} {listed:>7,} {one_score:>8.3f}s {ranking:>8.3f}s "
                f"{ranking / one_score:>7.1f}x {changes * one_score:>14.1f}s {process:>11.3f}s {scoring:>9.3f}s"
            )


if __name__ == "__main__":
    main()
