"""Command line: parse arguments, run one command, turn our own exceptions into messages and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO, cast

from journeymap import __version__

# name -> (module, one-line help); each module has `add_arguments(parser)` and `run(args) -> int`,
# and imports what it needs inside `run`, so `journeymap check` never loads the diagram or report code.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("journeymap.commands.check", "check journeys and walkthroughs, print located findings"),
    "score": ("journeymap.commands.score", "compute effort, switch and path scores of journeys"),
    "opportunities": (
        "journeymap.commands.opportunities",
        "size every fix: effort, switch and digital gains of changes",
    ),
    "compare": ("journeymap.commands.compare", "compare two journeys, or a journey with how it was at a git revision"),
    "render": ("journeymap.commands.render", "draw a journey as a Graphviz diagram (SVG, PNG, PDF, DOT)"),
    "report": ("journeymap.commands.report", "build self-contained HTML reports of journeys and walkthroughs"),
    "slides": ("journeymap.commands.slides", "a PowerPoint deck of a journey, or of a walkthrough to present"),
    "measure": (
        "journeymap.commands.measure",
        "hold a journey against an event log and a survey: measured shares, drop-outs, effort",
    ),
    "simulate": ("journeymap.commands.simulate", "write a simulated event log of customers walking a journey"),
    "walk": ("journeymap.commands.walk", "record a customer-driving-licence walkthrough in the terminal"),
    "walkthroughs": ("journeymap.commands.walkthroughs", "compare walkthroughs with their designed journeys"),
    "licences": ("journeymap.commands.licences", "list who holds a customer driving licence, and until when"),
    "schema": ("journeymap.commands.schema", "print the JSON Schema of journey or walkthrough files"),
    "init": ("journeymap.commands.init", "start a new journey from a starter file that teaches the format"),
    "serve": ("journeymap.commands.serve", "a live studio in the browser: pages redraw on save, walkthroughs recorded"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given `argv`, only the command it names gets its options (and its module
    imported), so a run of `check` does not pay for importing `serve` or `walk`. `--help` lists them all.
    """
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer journeys as code: check, score, draw and report journey maps written in YAML.",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = None if argv is None else next((word for word in argv if not word.startswith("-")), "")
    for name, (module_name, help_text) in COMMANDS.items():
        if chosen in COMMANDS and name != chosen:
            continue  # a run of one command needs no parser of the others
        if chosen is not None and name != chosen:
            commands.add_parser(name, help=help_text)  # `journeymap --help` and a mistyped name list them all
            continue
        module = importlib.import_module(module_name)
        command = commands.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(command)
        add_talkativeness(command)
        command.set_defaults(run=module.run)
    return parser


def add_talkativeness(parser: argparse.ArgumentParser) -> None:
    """`--quiet` and `--verbose`, the same for every command."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q", "--quiet", action="store_true", help="print only results and errors: no summary, notes or progress"
    )
    group.add_argument("-v", "--verbose", action="store_true", help="say more about what is done (on stderr)")


def main(argv: Sequence[str] | None = None) -> int:
    from journeymap.errors import JourneymapError
    from journeymap.findings import one_line
    from journeymap.output import Terminated, stop_on_signals
    from journeymap.pydantic_plugins import switch_off

    argv = sys.argv[1:] if argv is None else argv
    switch_off()  # pydantic's plugins: see "Start-up" in the README's design section
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    # A command is a short-lived process whose data (node trees, models) holds no
    # reference cycles; the cyclic collector would only rescan it as it grows,
    # which makes loading large journeys about three times slower.
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # file names need not be valid UTF-8; show them anyway
            stream.reconfigure(errors="backslashreplace")
    try:
        with stop_on_signals(), progress_line(args):  # SIGTERM unwinds like Ctrl-C: temporary files, `dot` cleaned up
            code: int = args.run(args)
            sys.stdout.flush()  # a full disk or closed pipe shows here, not as noise at exit
        return code
    except JourneymapError as error:
        print(f"journeymap {args.command}: {one_line(str(error))}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt:
        print(f"\njourneymap {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as stop:
        print(f"\njourneymap {args.command}: stopped (signal {stop.signal_number})", file=sys.stderr)
        return 128 + stop.signal_number
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing left to say
        return EXIT_FINDINGS
    except OSError as error:  # e.g. standard output on a full disk
        print(f"journeymap {args.command}: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_FINDINGS
    finally:
        gc.enable()


# Commands that talk to the user themselves (a prompt, a server's address) get no progress line.
SILENT_COMMANDS = frozenset({"walk", "serve", "init"})
PROGRESS_AFTER = 1.0  # seconds: shorter runs show no progress line


@contextlib.contextmanager
def progress_line(args: argparse.Namespace) -> Iterator[None]:
    """On a terminal, a run that takes over a second shows `journeymap CMD: working, N s` on stderr, updated
    every second; it is erased, and stops, when the command first writes anything (or ends). None when stderr
    is not a terminal, none with --quiet.
    """
    if args.quiet or args.command in SILENT_COMMANDS or not sys.stderr.isatty():
        yield
        return
    done = threading.Event()
    started = time.monotonic()
    terminal = sys.stderr

    def show() -> None:
        shown = False
        while not done.wait(PROGRESS_AFTER if not shown else 1.0):
            terminal.write(f"\rjourneymap {args.command}: working, {time.monotonic() - started:.0f} s\x1b[K")
            terminal.flush()
            shown = True
        if shown:
            terminal.write("\r\x1b[K")
            terminal.flush()

    thread = threading.Thread(target=show, name="progress", daemon=True)

    def stop() -> None:
        done.set()
        if thread.is_alive():
            thread.join()

    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (cast(TextIO, _StopsFirst(stream, stop)) for stream in streams)
    thread.start()
    try:
        yield
    finally:
        stop()
        sys.stdout, sys.stderr = streams


class _StopsFirst:
    """A stream that calls `stop` before each write: the progress line goes before the first output."""

    def __init__(self, stream: TextIO, stop: Callable[[], None]) -> None:
        self._stream = stream
        self._stop = stop

    def write(self, text: str) -> int:
        self._stop()
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def exit_code(error: Exception) -> int:
    """The exit code of a run the core or a command ended with `error`: 2 for a mistake in what was asked
    (a path that does not exist, a destination we must not write, a wrong option, a PDF without Chromium to
    print it), 1 when an output could not be written (a page Chromium failed to print, too).
    """
    from journeymap.errors import DestinationError, InputNotFoundError, NothingToReadError, SettingError, UsageError
    from journeymap.measure.measurement import NothingToMeasureError
    from journeymap.pdf import ChromiumNotFound

    usage = (UsageError, InputNotFoundError, NothingToReadError, DestinationError, SettingError, ChromiumNotFound)
    return EXIT_USAGE if isinstance(error, (*usage, NothingToMeasureError)) else EXIT_FINDINGS


def run() -> None:
    """The `journeymap` program: `main`, then exit with its code.

    Before exiting, every object is moved out of the cyclic collector's reach (`gc.freeze`): Python's
    shutdown would otherwise rescan the whole heap (pydantic's schemas, the loaded journey) for cycles,
    about 30 ms of every run, to free memory the operating system takes back anyway. Outputs are closed
    and standard output flushed by then; `atexit` handlers still run.
    """
    code = main()
    gc.freeze()
    sys.exit(code)
