"""Record a customer-driving-licence walkthrough in the terminal, step by step along the journey.

The walkthrough is saved after every answered step, so Ctrl-C or a closed terminal loses nothing
already answered; `--resume` continues the file after its last step. Where it is saved is checked
before the first question (the folder takes files, the name fits, it is no journey, there is
space); when a later save fails (a full disk, a folder made read-only), every answered step is kept
and saved again after the next one, and at the end the message says what the file holds, where
the rest went and the exact command that continues the walk.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
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
    from journeymap.output import Terminated
    from journeymap.project import load_journey
    from journeymap.recorder import TerminalConsole, record

    if sys.stdin is None or sys.stdin.closed:
        raise UsageError("the recorder asks questions, but standard input is closed: run it in a terminal")
    if not os.path.isfile(args.journey):
        raise UsageError(f"{args.journey}: no such journey file")
    journey_file = load_journey(args.journey)
    graph = journey_file.graph
    if print_errors(journey_file.findings) or graph is None:
        return EXIT_FINDINGS
    path = args.output or _default_path(args, graph.journey.id or "", args.date or datetime.date.today())
    check_destination(path)  # before the first question: answers must never be lost to where they go
    walk = _resumed_walk(args, path, graph) if args.resume else _new_walk(args, path, graph)
    if walk is None:
        return EXIT_FINDINGS

    console = TerminalConsole()
    for line in _introduction(graph.journey.title, walk, path):
        console.say(line)
    saving = Saving(path, len(walk.steps), _text_of(path) if args.resume else None)

    def save(walk: Walk) -> bool:
        saved = saving.save(walk)
        if not saved:
            console.say(
                f"  could not save step {len(walk.steps)} in {path}: {saving.problem}. "
                f"All {plural(len(walk.steps), 'answered step')} are kept; saving is tried again after the next one."
            )
        return saved

    try:
        record(console, graph, walk, save)
    except (KeyboardInterrupt, EOFError, Terminated) as stop:
        reason = "Input ended" if isinstance(stop, EOFError) else "Stopped"
        if walk.steps:
            _say_what_was_saved(walk, saving, args.journey, reason, sys.stderr.write)
        else:
            print(f"\n{reason} before the first step was answered; nothing was saved.", file=sys.stderr)
        if isinstance(stop, Terminated):
            return 128 + stop.signal_number
        return EXIT_INTERRUPTED if isinstance(stop, KeyboardInterrupt) else EXIT_FINDINGS
    if not walk.steps:
        console.say("\nNo step was recorded; nothing was saved.")
        return 0
    if saving.saved < len(walk.steps) and not saving.save(walk):
        _say_what_was_saved(walk, saving, args.journey, "Not saved", sys.stderr.write)
        return EXIT_FINDINGS
    console.say(f"\n{plural(len(walk.steps), 'step')} saved in {path}.")
    console.say(f"Check it: {invoked_command()} check {shlex.quote(args.journey)} {shlex.quote(path)}")
    return 0


# --- where the walk is saved --------------------------------------------------------------------------------------

# A walkthrough file is a few kilobytes; with less free space than this, saving would soon fail.
LEAST_FREE_BYTES = 1024 * 1024


def check_destination(path: str) -> None:
    """Refuse a walkthrough file that could not be saved, before the first question is asked.

    Not a journey (even through a link), not a folder, in a folder that exists and takes new
    files (tried for real: a read-only disk shows only then), a name the file system allows,
    and some free space.
    """
    from journeymap.output import PREFIX, longest_name, refuse_journey

    refuse_journey(path, "the walkthrough")
    if os.path.isdir(path):
        raise UsageError(f"{path}: a folder; name the walkthrough file with -o FILE")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: the folder {folder} does not exist")
    name = os.path.basename(path)
    longest = longest_name(folder)
    if len(os.fsencode(name)) > longest:
        raise UsageError(
            f"{path}: the file name is {len(os.fsencode(name))} bytes long, and this folder allows at most "
            f"{longest}; choose a shorter name with -o FILE"
        )
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=f"{PREFIX}{os.getpid()}-", suffix=".tmp")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise UsageError(
            f"{path}: cannot save the walkthrough in {folder}: {error.strerror}; choose another folder with -o FILE"
        ) from None
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < LEAST_FREE_BYTES:
        raise UsageError(
            f"{path}: only {free // 1024} KB free in {folder}, too little to save the walkthrough safely; "
            "free some space or choose another folder with -o FILE"
        )


def _text_of(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError):
        return None


class Saving:
    """Saves the walk after every step; remembers how many steps the file holds and why the last save failed.

    A continued walk (`original`, the file's text when it was resumed) is saved by editing that
    text, so the comments and layout people gave the file stay (`journeymap.roundtrip`).
    """

    def __init__(self, path: str, saved: int, original: str | None = None) -> None:
        self.path = path
        self.saved = saved  # steps the file holds
        self.problem: str | None = None
        self.original = original

    def text(self, walk: Walk) -> str:
        from journeymap.recorder import walkthrough_yaml
        from journeymap.roundtrip import continued_yaml

        return walkthrough_yaml(walk) if self.original is None else continued_yaml(self.original, walk)

    def save(self, walk: Walk) -> bool:
        from journeymap.output import OutputError, write_atomic

        try:
            write_atomic(self.path, self.text(walk))
        except (OutputError, OSError) as error:
            self.problem = _reason(error)
            return False
        self.saved, self.problem = len(walk.steps), None
        return True


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error).split(": ")[-1]


def _say_what_was_saved(walk: Walk, saving: Saving, journey: str, reason: str, write: Callable[[str], object]) -> None:
    """What the file holds, where the rest went, and the exact command that continues the walk."""

    resume_from = saving.path
    if saving.saved >= len(walk.steps):
        write(f"\n{reason}: {plural(len(walk.steps), 'step')} saved in {saving.path}.\n")
    else:
        write(f"\n{reason}: {plural(len(walk.steps), 'step')} answered, and the last save failed ({saving.problem}).\n")
        if saving.saved:
            write(f"{saving.path} holds the first {plural(saving.saved, 'step')} of {len(walk.steps)}.\n")
        else:
            write(f"Nothing could be saved in {saving.path}.\n")
        rescue = _rescue(saving.text(walk), saving.path)
        if rescue is not None:
            write(f"All {plural(len(walk.steps), 'answered step')} are saved in {rescue} instead.\n")
            resume_from = rescue
        else:
            write(f"All {plural(len(walk.steps), 'answered step')} as YAML; save them as {saving.path}:\n")
            sys.stdout.write(saving.text(walk))
            sys.stdout.flush()
            if not saving.saved:
                return
    resume = f"{invoked_command()} walk {shlex.quote(journey)} --resume -o {shlex.quote(resume_from)}"
    write(f"To continue: {resume}\n")


def _rescue(text: str, path: str) -> str | None:
    """Save the whole walk somewhere else when its own file cannot be written: the temporary folder, else home.

    The rescue file is always a new file, created exclusively (never over an earlier rescue, never
    through a link someone planted there): its name, else `rescued-PID-N-NAME` with the first free N.
    """
    from journeymap.output import OutputError, create_atomic

    name = os.path.basename(path)[-200:]
    for folder in (tempfile.gettempdir(), os.path.expanduser("~")):
        for number in range(100):
            candidate = os.path.join(folder, name if number == 0 else f"rescued-{os.getpid()}-{number}-{name}")
            if os.path.lexists(candidate) or os.path.realpath(candidate) == os.path.realpath(path):
                continue
            try:
                create_atomic(candidate, text)
            except (OutputError, OSError):
                if os.path.lexists(candidate):
                    continue  # made meanwhile: the next name
                break  # this folder takes no file: the next folder
            return candidate
    return None


def invoked_command() -> str:
    """The command that runs journeymap as it was run now, for messages that say what to type next.

    `python -m journeymap` shows as the interpreter and `-m journeymap`; a program found on PATH
    by its name keeps the name; a path (`.venv/bin/journeymap`) stays as typed.
    """
    program = sys.argv[0] if sys.argv else ""
    if not program or program in {"-c", "-m"} or os.path.basename(program) in {"__main__.py", "-m"}:
        return f"{shlex.quote(sys.executable)} -m journeymap"
    if os.path.basename(program) != "journeymap" and os.path.basename(program) != "journeymap.exe":
        return "journeymap"  # run from somewhere else (a test runner, an embedding program): the installed name
    return shlex.quote(program)


def _new_walk(args: argparse.Namespace, path: str, graph: JourneyGraph) -> Walk:
    from journeymap.recorder import Walk
    from journeymap.validate import WALKTHROUGH_SUFFIX

    if not args.participant or not args.participant.strip():
        raise UsageError("say who walks with --participant NAME")
    if os.path.exists(path):
        raise UsageError(f"{path} exists; add --resume to continue it, or choose another file with -o FILE")
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
    same = (
        " ".join(args.participant.split()).casefold() == " ".join(walk.participant.split()).casefold()
        if walk and args.participant
        else True
    )
    if walk is not None and args.participant and not same:
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
    """The default file; with --resume, the latest unfinished walk of this journey here (asking among several)."""
    from journeymap.recorder import default_file_name

    if args.resume:
        return _walk_to_continue(args, journey)
    if not args.participant or not args.participant.strip():
        raise UsageError("say who walks with --participant NAME")
    return default_file_name(journey, args.participant, date)


def _walk_to_continue(args: argparse.Namespace, journey: str) -> str:
    """`--resume` without `-o`: the unfinished walkthrough of `journey` in the current folder to continue.

    Unfinished: its last touchpoint is no exit of the journey. With --participant only that person's
    walks count, and the latest is continued; without it, one such walk is continued, and among
    several the participant is asked which (or, without a terminal, told to choose with -o).
    """
    from journeymap.project import load_journey
    from journeymap.recorder import walk_from_file
    from journeymap.validate import WALKTHROUGH_SUFFIX

    graph = load_journey(args.journey).graph
    person = " ".join(args.participant.split()).casefold() if args.participant else None
    found = []
    for name in sorted(os.listdir(".")):
        if not name.endswith(WALKTHROUGH_SUFFIX) or not os.path.isfile(name) or graph is None:
            continue
        walk, _ = walk_from_file(name, graph)
        if walk is None or walk.journey != journey:
            continue
        if person is not None and " ".join(walk.participant.split()).casefold() != person:
            continue
        position = walk.position(graph)
        if position is None or not graph.touchpoints[position].is_exit:
            found.append((walk.date, os.path.getmtime(name), name, walk.participant))
    whose = f" by {args.participant}" if args.participant else ""
    if not found:
        raise UsageError(
            f"no unfinished walkthrough of {journey!r}{whose} in this folder to continue; "
            "leave out --resume to start a new walk, or name the file with -o FILE"
        )
    found.sort(reverse=True)
    if len(found) == 1 or person is not None:
        return found[0][2]
    if not sys.stdin.isatty():
        listed = ", ".join(name for _, _, name, _ in found)
        raise UsageError(f"several unfinished walkthroughs of {journey!r}: {listed}; choose one with -o FILE")
    print(f"Several unfinished walkthroughs of {journey!r} can be continued:")
    for number, (date, _, name, participant) in enumerate(found, start=1):
        print(f"  {number}) {name} ({participant}, {date.isoformat()})")
    while True:
        answer = input(f"which one? 1 to {len(found)} [1]: ").strip() or "1"
        if answer.isdigit() and 1 <= int(answer) <= len(found):
            return found[int(answer) - 1][2]
        print(f"  {answer!r} is not a choice: type a number from 1 to {len(found)}")
