"""Benchmark `journeymap check` and `journeymap score` against the raw YAML parse of the same text, same run.

Floors, measured in this process on the same text:
  compose        yaml.compose(text, Loader=yaml.CSafeLoader), as a caller would run it
  compose-nogc   the same with Python's cyclic garbage collector paused (what journeymap itself does)
Goals (issues 2, 3 and 10): at 10 000 touchpoints, the whole `check` process at most 3x `compose-nogc`
(stretch: 2x); `journeymap check` of one example journey, whole process, at most 0.18 s.

Run: `make bench` or `python benchmarks/run.py [--quick]`, with journeymap installed.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from generate import journey_text
from measure import ROOT, installed_package, median_seconds, verdict

EXAMPLE = ROOT / "journeys" / "phone-purchase.journey.yaml"
CHECK_GOAL = 3.0  # x compose-nogc at 10 000 touchpoints
STRETCH_GOAL = 2.0
EXAMPLE_GOAL = 0.18  # seconds, whole process


def compose_floor(text: str, repeat: int, *, collect: bool) -> float:
    def compose() -> object:
        return yaml.compose(text, Loader=yaml.CSafeLoader)

    if collect:
        return median_seconds(compose, repeat)
    gc.disable()
    try:
        return median_seconds(compose, repeat)
    finally:
        gc.enable()


def whole_process(arguments: list[str], repeat: int) -> float:
    command = [sys.executable, "-m", "journeymap", *arguments]

    def run() -> None:
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    run()  # once untimed, so every timed run finds the same warm file cache
    return median_seconds(run, repeat)


def compare(command: str, sizes: list[int], folder: Path, repeat: int, *, loops: bool) -> dict[int, float]:
    """Prints a table; returns the ratio to compose-nogc by size."""
    print(f"\n{command}: whole process vs raw C-YAML compose of the same file (median of {repeat})")
    print(f"{'touchpoints':>12} {'MB':>6} {'compose':>9} {'nogc':>8} {command:>9} {'x compose':>10} {'x nogc':>8}")
    ratios = {}
    for size in sizes:
        text = journey_text(size, loops=loops)
        path = folder / f"generated-{size}.journey.yaml"
        path.write_text(text, encoding="utf-8")
        arguments = [command, str(path)] + (["--format", "json"] if command == "score" else [])
        floor = compose_floor(text, repeat, collect=True)
        floor_nogc = compose_floor(text, repeat, collect=False)
        seconds = whole_process(arguments, repeat)
        ratios[size] = seconds / floor_nogc
        print(
            f"{size:>12,} {len(text) / 1e6:>6.2f} {floor:>8.3f}s {floor_nogc:>7.3f}s {seconds:>8.3f}s "
            f"{seconds / floor:>9.2f}x {seconds / floor_nogc:>7.2f}x"
        )
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    args = parser.parse_args()
    print(f"journeymap from {installed_package()}; PyYAML {yaml.__version__}")
    repeat = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as folder:
        check = compare("check", [100, 1_000, 10_000], Path(folder), repeat, loops=True)
        compare("score", [1_000, 10_000], Path(folder), repeat, loops=True)
    python_alone = whole_process(["--version"], repeat * 2)
    example = whole_process(["check", str(EXAMPLE)], repeat * 2)
    print("\ngoals")
    ratio = check[10_000]
    print(f"  check of 10 000 touchpoints: {ratio:.2f}x compose-nogc  {verdict(ratio, CHECK_GOAL, 'x')}", end="")
    print(f"; stretch {verdict(ratio, STRETCH_GOAL, 'x')}")
    print(
        f"  check of {EXAMPLE.name}, whole process: {example:.3f} s  {verdict(example, EXAMPLE_GOAL, ' s')}"
        f"  (journeymap --version alone: {python_alone:.3f} s)"
    )


if __name__ == "__main__":
    main()
