"""Record a customer-driving-licence walkthrough in the terminal, step by step along the journey.

The walkthrough is saved after every answered step, so Ctrl-C or a closed terminal loses nothing
already answered; `--resume` continues the file after its last step.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import sys
from typing import TYPE_CHECKING

from journeymap.commands.options import iso_date, print_errors
from journeymap.errors import UsageError
from journeymap.render.text import plural

if TYPE_CHECKING:
    from journeymap.graph import JourneyGraph
    from journeymap.recorder import Walk


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="the journey file to walk (*.journey.yaml)")
    parser.add_argument("--participant", metavar="NAME", help="who walks the journey (needed unless --resume)")
    parser.add_argument("--role", metavar="ROLE", help="the participant's department, e.g. Finance")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the walkthrough file (default: JOURNEY-PARTICIPANT-DATE.walkthrough.yaml in the current folder)",
    )
    parser.add_argument("--resume", action="store_true", help="continue the walkthrough in FILE after its last step")
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="the day of the walk (default: today)")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_INTERRUPTED
    from journeymap.output import write_atomic
    from journeymap.project import load_journey
    from journeymap.recorder import TerminalConsole, record, walkthrough_yaml

    if sys.stdin is None or sys.stdin.closed:
        raise UsageError("the recorder asks questions, but standard input is closed: run it in a terminal")
    if not os.path.isfile(args.journey):
        raise UsageError(f"{args.journey}: no such journey file")
    journey_file = load_journey(args.journey)
    graph = journey_file.graph
    if print_errors(journey_file.findings) or graph is None:
        return EXIT_FINDINGS
    path = args.output or _default_path(args, graph.journey.id or "", args.date or datetime.date.today())
    walk = _resumed_walk(args, path, graph) if args.resume else _new_walk(args, path, graph)
    if walk is None:
        return EXIT_FINDINGS

    console = TerminalConsole()
    for line in _introduction(graph.journey.title, walk, path):
        console.say(line)

    def save(walk: Walk) -> None:
        write_atomic(path, walkthrough_yaml(walk))

    try:
        record(console, graph, walk, save)
    except (KeyboardInterrupt, EOFError) as stop:
        reason = "Stopped" if isinstance(stop, KeyboardInterrupt) else "Input ended"
        if walk.steps:
            resume = f"journeymap walk {shlex.quote(args.journey)} --resume -o {shlex.quote(path)}"
            print(
                f"\n{reason}: {plural(len(walk.steps), 'step')} saved in {path}.\nTo continue: {resume}",
                file=sys.stderr,
            )
        else:
            print(f"\n{reason} before the first step was answered; nothing was saved.", file=sys.stderr)
        return EXIT_INTERRUPTED if isinstance(stop, KeyboardInterrupt) else EXIT_FINDINGS
    if walk.steps:
        console.say(f"\n{plural(len(walk.steps), 'step')} saved in {path}.")
        console.say(f"Check it: journeymap check {shlex.quote(args.journey)} {shlex.quote(path)}")
    else:
        console.say("\nNo step was recorded; nothing was saved.")
    return 0


def _new_walk(args: argparse.Namespace, path: str, graph: JourneyGraph) -> Walk:
    from journeymap.recorder import Walk
    from journeymap.validate import WALKTHROUGH_SUFFIX

    if not args.participant or not args.participant.strip():
        raise UsageError("say who walks with --participant NAME")
    if os.path.exists(path):
        raise UsageError(f"{path} exists; add --resume to continue it, or choose another file with -o FILE")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: the folder {folder} does not exist")
    if not path.endswith(WALKTHROUGH_SUFFIX):
        print(f"note: {path} does not end in {WALKTHROUGH_SUFFIX}, so folder searches will not find it")
    return Walk(
        graph.journey.id or "", " ".join(args.participant.split()), args.role, args.date or datetime.date.today()
    )


def _resumed_walk(args: argparse.Namespace, path: str, graph: JourneyGraph) -> Walk | None:
    """The walk saved in `path`, or None after printing why it cannot be continued."""
    from journeymap.recorder import walk_from_file

    if not os.path.isfile(path):
        raise UsageError(f"{path}: no such walkthrough to continue; leave out --resume to start a new walk")
    walk, findings = walk_from_file(path, graph)
    for finding in findings:
        print(finding, file=sys.stderr)
    if walk is not None and args.participant and " ".join(args.participant.split()) != walk.participant:
        raise UsageError(f"{path} is {walk.participant}'s walkthrough, not {args.participant}'s")
    return walk


def _introduction(title: str, walk: Walk, path: str) -> list[str]:
    role = f" ({walk.role})" if walk.role else ""
    lines = [
        f"Customer driving licence: {title} [{walk.journey}]",
        f"Participant: {walk.participant}{role}, {walk.date}",
    ]
    if walk.steps:
        lines.append(f"Continuing {path} after its {plural(len(walk.steps), 'step')}.")
    lines.append(
        f"Every answered step is saved in {path}. Enter accepts the [default] or skips a question; "
        "Ctrl-C stops (continue later with --resume)."
    )
    return lines


def _default_path(args: argparse.Namespace, journey: str, date: datetime.date) -> str:
    """The default file; with --resume and no such file, the one earlier walk by this participant, if unique."""
    from journeymap.recorder import default_file_name, slug

    if not args.participant and args.resume:
        raise UsageError("say which file to continue with -o FILE (or who walks with --participant NAME)")
    if not args.participant or not args.participant.strip():
        raise UsageError("say who walks with --participant NAME")
    path = default_file_name(journey, args.participant, date)
    if not args.resume or os.path.exists(path):
        return path
    prefix = f"{journey}-{slug(args.participant)}-"
    earlier = sorted(entry for entry in os.listdir(".") if entry.startswith(prefix) and entry.endswith(".yaml"))
    if len(earlier) == 1:
        return earlier[0]
    if earlier:
        raise UsageError(f"several walkthroughs could be continued: {', '.join(earlier)}; choose one with -o FILE")
    raise UsageError(f"{path}: no such walkthrough to continue; leave out --resume to start a new walk")
