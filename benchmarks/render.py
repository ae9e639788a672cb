"""Benchmark: `journeymap render` of the example journeys against `dot` alone on the DOT it emitted, same run.

Goal (issue 4): the whole `journeymap render FILE -o OUT.svg` process takes under 0.2 s more than
`dot -Tsvg` on the same DOT. To show where the rest goes, it also times Python starting journeymap
(`journeymap --version`) and, in this process, the installed package's render code itself:
building the DOT text, and the whole SVG rendering with `dot`'s part replaced by the SVG it drew.

Then, with the Graphviz budget in force (issue 11: `--dot-timeout`, default 60 s), generated journeys
of 200, 1 000 and 5 000 touchpoints: each `render` either draws the full map or stops at the budget
with the located "too large to draw" error, so its time is bounded by the budget plus loading and
scoring; the stage overview (`render --overview`) is timed for every size.

Run: `make bench` or `python benchmarks/render.py [--repeat N] [--sizes 200,1000,5000] [FILE ...]`,
with journeymap installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import journey_text
from measure import ROOT, installed_package, median_seconds

GOAL_SECONDS = 0.2


def timed_process(command: list[str], repeat: int) -> float:
    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    run()  # once untimed, so every timed run finds the same warm file cache
    return median_seconds(run, repeat)


def render_code_seconds(journey: Path, svg: str, repeat: int) -> tuple[float, float]:
    """Median seconds of the DOT text, and of `render_svg` without `dot` (it gets the SVG `dot` drew), here."""
    from unittest import mock

    from journeymap.project import load_journey
    from journeymap.render import pictures
    from journeymap.render.dot import journey_dot
    from journeymap.scoring import score

    graph = load_journey(str(journey)).graph
    assert graph is not None, f"{journey} has errors"
    scores = score(graph)
    building = median_seconds(lambda: journey_dot(graph, scores), repeat)
    drawn = svg.encode("utf-8")
    with mock.patch.object(pictures, "run_dot", lambda dot_text, output_format, budget=None: drawn):
        rendering = median_seconds(lambda: pictures.render_svg(graph, scores), repeat)
    return building, rendering


# What loading, scoring and writing may add to the budget: a bounded render ends within budget + this.
SLACK_SECONDS = 30.0


def timed_once(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, finished


def large_journeys(sizes: list[int], timeout: float | None) -> None:
    """Render generated journeys of `sizes` touchpoints in full (within the budget) and as stage overviews."""
    from journeymap.render.graphviz import budget_from

    budget = budget_from(timeout)
    journeymap = [sys.executable, "-m", "journeymap"]
    limit = [] if timeout is None else ["--dot-timeout", f"{timeout:g}"]
    print(f"\nlarge journeys, one run each, dot budget {budget.time_text} and {budget.memory_text}")
    print(f"{'touchpoints':>11} {'render':>8}  {'outcome':<28} {'overview':>9}  bounded")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            journey = Path(folder) / f"generated-{size}.journey.yaml"
            journey.write_text(journey_text(size), encoding="utf-8")
            full, finished = timed_once([*journeymap, "render", str(journey), "-o", f"{folder}/full.svg", *limit])
            if finished.returncode == 0:
                outcome = "full map drawn"
            elif "diagram-too-large" in finished.stderr:
                outcome = "too large: budget stopped dot"
            else:
                sys.exit(f"render of {size} touchpoints failed ({finished.returncode}):\n{finished.stderr}")
            overview, drawn = timed_once(
                [*journeymap, "render", str(journey), "--overview", "-o", f"{folder}/overview.svg", *limit]
            )
            if drawn.returncode != 0:
                sys.exit(f"the overview of {size} touchpoints failed ({drawn.returncode}):\n{drawn.stderr}")
            bounded = (
                "yes" if full <= budget.seconds + SLACK_SECONDS else f"NO (> {budget.seconds + SLACK_SECONDS:g} s)"
            )
            print(f"{size:>11} {full:>7.1f}s  {outcome:<28} {overview:>8.1f}s  {bounded}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journeys", nargs="*", type=Path, help="journey files (default: the examples)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement; the median counts")
    parser.add_argument(
        "--sizes", default="200,1000,5000", help="touchpoints of the large generated journeys ('' for none)"
    )
    parser.add_argument("--dot-timeout", type=float, help="dot's time budget for them (default: journeymap's)")
    args = parser.parse_args()
    print(f"journeymap from {installed_package()}")
    dot = shutil.which("dot")
    if dot is None:
        sys.exit("the benchmark needs Graphviz's dot: run scripts/install-system-deps")
    journeys = args.journeys or sorted((ROOT / "journeys").glob("*.journey.yaml"))
    journeymap = [sys.executable, "-m", "journeymap"]
    startup = timed_process([*journeymap, "--version"], args.repeat)
    print(f"median of {args.repeat} runs; Python starting journeymap (--version): {startup:.3f} s\n")
    print(f"{'journey':<22} {'render':>8} {'dot':>8} {'overhead':>9} {'DOT text':>9} {'no dot':>9}  goal")
    with tempfile.TemporaryDirectory() as folder:
        for journey in journeys:
            emitted, picture = Path(folder) / "emitted.dot", Path(folder) / "picture.svg"
            render = timed_process([*journeymap, "render", str(journey), "-o", str(picture)], args.repeat)
            subprocess.run([*journeymap, "render", str(journey), "-o", str(emitted)], check=True, capture_output=True)
            dot_alone = timed_process([dot, "-Tsvg", str(emitted), "-o", str(Path(folder) / "dot.svg")], args.repeat)
            drawn = subprocess.run([dot, "-Tsvg", str(emitted)], check=True, capture_output=True, text=True).stdout
            building, rendering = render_code_seconds(journey, drawn, args.repeat)
            overhead = render - dot_alone
            verdict = "met" if overhead < GOAL_SECONDS else f"missed (> {GOAL_SECONDS} s)"
            name = journey.name.removesuffix(".journey.yaml")
            print(
                f"{name:<22} {render:>7.3f}s {dot_alone:>7.3f}s {overhead:>8.3f}s "
                f"{building * 1000:>7.1f}ms {rendering * 1000:>7.1f}ms  {verdict}"
            )
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if sizes:
        large_journeys(sizes, args.dot_timeout)


if __name__ == "__main__":
    main()
