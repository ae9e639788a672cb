"""Benchmark: `journeymap report` over 200 generated journeys, on every core and on one; then large journeys.

Goal (issue 5): under 10 s on a 2-core machine, using both cores. Then (issue 11) one journey of
200, 1 000 and 5 000 touchpoints each, with the dot budget in force: the report always finishes,
the larger ones with the stage overview. Run it with `python3 benchmarks/report.py`
(options: --journeys, --touchpoints, --sizes, --keep).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import journey_text
from measure import installed_package

STAGES = ["orient", "compare", "order", "pay", "deliver", "use", "support", "billing"]
PHASES = ["pre-purchase", "pre-purchase", "purchase", "purchase", *["post-purchase"] * 4]
CHANNELS = ["web", "app", "email", "chat", "phone", "store", "letter", "kiosk"]
KINDS = ["step", "step", "step", "step", "contact", "payment", "survey"]
OWNERS = ["marketing", "ecommerce", "finance", "logistics", "customer-service", "it"]


def generated_journey(number: int, touchpoints: int) -> str:
    """A valid journey with branches, a repeat-contact loop now and then, and an abandon exit."""
    chance = random.Random(number)
    last = touchpoints - 1
    lines = [
        f"id: journey-{number:03d}",
        f"title: Generated journey {number}",
        "owner: Benchmark",
        "persona: {name: Alex, description: tries every channel}",
        "goals: [Keep the report fast]",
        "channels:",
        "  - {id: kiosk, title: Kiosk in the store, kind: analog, expected_response: 10m}",
        "stages:",
    ]
    lines += [f"  - {{id: {stage}, phase: {phase}}}" for stage, phase in zip(STAGES, PHASES, strict=True)]
    lines.append("touchpoints:")
    for i in range(touchpoints):
        stage = STAGES[i * len(STAGES) // touchpoints]
        kind = "invoice" if stage == "billing" and i == last else chance.choice(KINDS)
        lines += [
            f"  - id: step-{i}",
            f"    title: Step {i} of journey {number}, where the customer does something",
            f"    stage: {stage}",
            f"    channel: {chance.choice(CHANNELS)}",
            f"    kind: {kind}",
            f"    owner: {chance.choice(OWNERS)}",
            f"    duration: {chance.randint(1, 30)}m",
            "    pain_points: [Waits too long, Has to explain it again]",
            "    opportunities: [Tell the customer what happens next]",
            f"    metrics: {{csat: {chance.uniform(5, 9):.1f}}}",
        ]
        if chance.random() < 0.9:
            lines.append(f"    effort: {chance.randint(1, 7)}")
        if chance.random() < 0.8:
            lines.append(f"    emotion: {chance.randint(-2, 2)}")
        if kind == "contact":
            lines.append(f"    response_time: {chance.randint(1, 48)}h")
        if i == last:
            continue
        transitions = [f"      - to: step-{i + 1}"]
        if i + 3 <= last and chance.random() < 0.4:
            transitions.append(f"      - {{to: step-{chance.randint(i + 2, min(i + 4, last))}, share: 0.2}}")
        if i > 2 and chance.random() < 0.15:
            transitions.append(f"      - {{to: step-{chance.randint(i - 3, i - 1)}, share: 0.1, label: tries again}}")
        if i == touchpoints // 2:
            transitions.append("      - {to: give-up, share: 0.05}")
        lines += ["    next:", *transitions]
    lines += [
        "  - id: give-up",
        "    title: Gives up and goes to a competitor",
        f"    stage: {STAGES[len(STAGES) // 2]}",
        "    channel: web",
        "    effort: 3",
        "    emotion: -2",
        "    outcome: abandon",
    ]
    return "\n".join(lines) + "\n"


def generate(folder: Path, journeys: int, touchpoints: int) -> None:
    for number in range(journeys):
        (folder / f"journey-{number:03d}.journey.yaml").write_text(generated_journey(number, touchpoints), "utf-8")


def timed_report(source: Path, output: Path, jobs: int) -> float:
    command = [sys.executable, "-m", "journeymap", "report", str(source), "-o", str(output), "--jobs", str(jobs)]
    start = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if finished.returncode != 0:
        sys.exit(f"journeymap report failed ({finished.returncode}):\n{finished.stderr}")
    return seconds


def large_journeys(workspace: Path, sizes: list[int]) -> None:
    """`report` of one generated journey per size, with the dot budget in force: the time and the diagram it got."""
    from journeymap.render.overview import OVERVIEW_TOUCHPOINTS

    print(f"\nreport of one large journey, one run each (full map up to {OVERVIEW_TOUCHPOINTS} touchpoints)")
    print(f"{'touchpoints':>11} {'report':>8}  diagram")
    for size in sizes:
        source = workspace / f"large-{size}"
        source.mkdir()
        (source / f"generated-{size}.journey.yaml").write_text(journey_text(size), encoding="utf-8")
        output = workspace / f"report-large-{size}"
        seconds = timed_report(source, output, 1)
        page = (output / f"generated-{size}.html").read_text(encoding="utf-8")
        if "Stage overview:" in page:
            diagram = "stage overview, with a note"
        elif "<svg" in page:
            diagram = "full map"
        else:
            diagram = "none (a note says why)"
        print(f"{size:>11} {seconds:>7.1f}s  {diagram}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--touchpoints", type=int, default=20)
    parser.add_argument(
        "--sizes", default="200,1000,5000", help="touchpoints of the large single journeys ('' for none)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated journeys and reports")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        sys.exit("the benchmark needs Graphviz's dot: run scripts/install-system-deps")
    print(f"journeymap from {installed_package()}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workspace = Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    try:
        source = workspace / "journeys"
        source.mkdir()
        generate(source, args.journeys, args.touchpoints)
        print(f"{args.journeys} journeys of {args.touchpoints + 1} touchpoints; {cores} cores")
        every_core = timed_report(source, workspace / "report", cores)
        print(f"report, {cores} workers: {every_core:.2f} s  (goal: under 10 s)")
        one_core = timed_report(source, workspace / "report-one", 1)
        print(f"report, 1 worker:  {one_core:.2f} s  (speed-up {one_core / every_core:.2f}x)")
        large_journeys(workspace, [int(size) for size in args.sizes.split(",") if size.strip()])
        if args.keep:
            print(f"kept in {workspace}")
    finally:
        if not args.keep:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
