"""Benchmark `journeymap check` and `journeymap score` against the raw YAML parse of the same text, same run.

Floors, measured in this process on the same text:
  compose        yaml.compose(text, Loader=yaml.CSafeLoader), as a caller would run it
  compose-nogc   the same with Python's cyclic garbage collector paused (what journeymap itself does)
Goals (issues 2 and 3): at 10 000 touchpoints, the whole `check` and `score` processes at most 2x `compose`;
`journeymap check` of one example journey, whole process, well under 0.5 s.

Run: `make bench` or `python benchmarks/run.py [--quick]`.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import journey_text
from benchmarks.measure import compile_package, median_seconds

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "journeys" / "phone-purchase.journey.yaml"


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

    return median_seconds(run, repeat)


def compare(command: str, sizes: list[int], folder: Path, repeat: int, *, loops: bool) -> None:
    print(f"\n{command}: whole process vs raw C-YAML compose of the same file (median of {repeat})")
    print(f"{'touchpoints':>12} {'MB':>6} {'compose':>9} {'nogc':>8} {command:>9} {'x compose':>10} {'x nogc':>8}")
    for size in sizes:
        text = journey_text(size, loops=loops)
        path = folder / f"generated-{size}.journey.yaml"
        path.write_text(text, encoding="utf-8")
        arguments = [command, str(path)] + (["--format", "json"] if command == "score" else [])
        floor = compose_floor(text, repeat, collect=True)
        floor_nogc = compose_floor(text, repeat, collect=False)
        seconds = whole_process(arguments, repeat)
        print(
            f"{size:>12,} {len(text) / 1e6:>6.2f} {floor:>8.3f}s {floor_nogc:>7.3f}s {seconds:>8.3f}s "
            f"{seconds / floor:>9.2f}x {seconds / floor_nogc:>7.2f}x"
        )


def main() -> None:
    compile_package()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    args = parser.parse_args()
    repeat = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as folder:
        compare("check", [100, 1_000, 10_000], Path(folder), repeat, loops=True)
        compare("score", [1_000, 10_000], Path(folder), repeat, loops=True)
    python_alone = whole_process(["--version"], repeat * 2)
    startup = whole_process(["check", str(EXAMPLE)], repeat * 2)
    print(f"\ncheck of {EXAMPLE.name}, whole process: {startup:.3f}s (journeymap --version alone: {python_alone:.3f}s)")


if __name__ == "__main__":
    main()
