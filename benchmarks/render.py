"""Benchmark: `journeymap render` of the example journeys against `dot` alone on the DOT it emitted, same run.

Goal (issue 4): the whole `journeymap render FILE -o OUT.svg` process takes under 0.2 s more than
`dot -Tsvg` on the same DOT. To show where the rest goes, it also times Python starting journeymap
(`journeymap --version`) and, in this process, the render code itself: building the DOT text
and making the SVG accessible.

Run: `python3 benchmarks/render.py [--repeat N] [FILE ...]`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.measure import compile_package, median_seconds  # noqa: E402

GOAL_SECONDS = 0.2


def timed_process(command: list[str], repeat: int) -> float:
    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    run()  # once untimed, so every timed run finds the same warm file cache
    return median_seconds(run, repeat)


def render_code_seconds(journey: Path, svg: str, repeat: int) -> tuple[float, float]:
    """Median seconds of `journey_dot` and of the SVG post-processing, in this process."""
    from journeymap.project import load_journey
    from journeymap.render.dot import journey_dot
    from journeymap.render.svg import accessible_svg, diagram_description, element_titles
    from journeymap.scoring import score

    graph = load_journey(str(journey)).graph
    assert graph is not None, f"{journey} has errors"
    scores = score(graph)
    building = median_seconds(lambda: journey_dot(graph, scores), repeat)

    def post_process() -> str:
        return accessible_svg(
            svg,
            prefix=graph.journey.id or "journey",
            title=graph.journey.title,
            description=diagram_description(graph, scores),
            titles=element_titles(graph, scores),
            touchpoints={f"t{i}": point.id for i, point in enumerate(graph.touchpoints)},
        )

    return building, median_seconds(post_process, repeat)


def main() -> None:
    compile_package()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journeys", nargs="*", type=Path, help="journey files (default: the examples)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement; the median counts")
    args = parser.parse_args()
    dot = shutil.which("dot")
    if dot is None:
        sys.exit("the benchmark needs Graphviz's dot: run scripts/install-system-deps")
    journeys = args.journeys or sorted((ROOT / "journeys").glob("*.journey.yaml"))
    journeymap = [sys.executable, "-m", "journeymap"]
    startup = timed_process([*journeymap, "--version"], args.repeat)
    print(f"median of {args.repeat} runs; Python starting journeymap (--version): {startup:.3f} s\n")
    print(f"{'journey':<22} {'render':>8} {'dot':>8} {'overhead':>9} {'DOT text':>9} {'SVG post':>9}  goal")
    with tempfile.TemporaryDirectory() as folder:
        for journey in journeys:
            emitted, picture = Path(folder) / "emitted.dot", Path(folder) / "picture.svg"
            render = timed_process([*journeymap, "render", str(journey), "-o", str(picture)], args.repeat)
            subprocess.run([*journeymap, "render", str(journey), "-o", str(emitted)], check=True, capture_output=True)
            dot_alone = timed_process([dot, "-Tsvg", str(emitted), "-o", str(Path(folder) / "dot.svg")], args.repeat)
            drawn = subprocess.run([dot, "-Tsvg", str(emitted)], check=True, capture_output=True, text=True).stdout
            building, post_processing = render_code_seconds(journey, drawn, args.repeat)
            overhead = render - dot_alone
            verdict = "met" if overhead < GOAL_SECONDS else f"missed (> {GOAL_SECONDS} s)"
            name = journey.name.removesuffix(".journey.yaml")
            print(
                f"{name:<22} {render:>7.3f}s {dot_alone:>7.3f}s {overhead:>8.3f}s "
                f"{building * 1000:>7.1f}ms {post_processing * 1000:>7.1f}ms  {verdict}"
            )


if __name__ == "__main__":
    main()
