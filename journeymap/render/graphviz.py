"""Graphviz: run the `dot` program on DOT text within a time and memory budget; the one place that needs Graphviz.

Building the DOT text is pure (`journeymap.render.dot`, `journeymap.render.overview`); this
module only runs the binary and turns a missing or failing `dot` into one clear
`GraphvizError`. `dot` gets a budget (`DotBudget`: seconds of wall time, megabytes of
address space, enforced with a timeout and `RLIMIT_AS` in the child) and never outlives
journeymap: on Linux the child asks the kernel for SIGKILL when its parent dies (even by
SIGKILL), and every `dot` still running is killed when journeymap stops or exits. A command
that knows the format before it has the DOT text can start `dot` then (`start_early`).
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from journeymap.errors import SettingError
from journeymap.output import OutputError

OUTPUT_FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = "install Graphviz: apt-get install graphviz / brew install graphviz"
# Pictures for the wall: one and a half times screen resolution (2 pixels per point), sharp when printed.
PNG_DPI = 144

TIMEOUT_VARIABLE = "JOURNEYMAP_DOT_TIMEOUT"
MEMORY_VARIABLE = "JOURNEYMAP_DOT_MEMORY"
DEFAULT_SECONDS = 60.0
DEFAULT_MEGABYTES = 2048
# `dot` itself needs about 60 MB of address space to start (fonts, threads); less could draw nothing.
FEWEST_MEGABYTES = 100
_PR_SET_PDEATHSIG = 1


class GraphvizError(OutputError):
    """`dot` is missing or failed; the message says how to fix it."""


class BudgetExceeded(GraphvizError):
    """`dot` ran out of its time or memory budget; `limit` says which ("time" or "memory")."""

    def __init__(self, message: str, limit: str, budget: DotBudget) -> None:
        super().__init__(message)
        self.limit = limit
        self.budget = budget


@dataclass(frozen=True)
class DotBudget:
    """What one `dot` run may use: wall-clock seconds and megabytes of memory (address space)."""

    seconds: float = DEFAULT_SECONDS
    megabytes: int = DEFAULT_MEGABYTES

    def __post_init__(self) -> None:
        if not (math.isfinite(self.seconds) and self.seconds > 0):
            raise ValueError(f"seconds must be a positive number, not {self.seconds!r}")
        if self.megabytes < FEWEST_MEGABYTES:
            raise ValueError(f"megabytes must be at least {FEWEST_MEGABYTES}, not {self.megabytes!r}")

    @property
    def time_text(self) -> str:
        return f"{self.seconds:g} s"

    @property
    def memory_text(self) -> str:
        return f"{self.megabytes} MB"


DEFAULT_BUDGET = DotBudget()


def parse_seconds(text: str) -> float:
    """A `--dot-timeout` value: seconds, a positive number."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"{text!r} is not a number of seconds: give a positive number, e.g. 60")
    return seconds


def parse_megabytes(text: str) -> int:
    """A `--dot-memory` value: whole megabytes, at least FEWEST_MEGABYTES."""
    try:
        megabytes = int(text)
    except ValueError:
        megabytes = 0
    if megabytes < FEWEST_MEGABYTES:
        raise ValueError(
            f"{text!r} is not a memory budget: give whole megabytes, at least {FEWEST_MEGABYTES}, e.g. 2048"
        )
    return megabytes


def budget_from(
    seconds: float | None = None, megabytes: int | None = None, environment: Mapping[str, str] = os.environ
) -> DotBudget:
    """The budget the options give, else JOURNEYMAP_DOT_TIMEOUT / JOURNEYMAP_DOT_MEMORY, else the defaults.

    A variable that is not a budget is a SettingError naming it (the command line reports it, exit status 2).
    """
    try:
        if seconds is None:
            text = environment.get(TIMEOUT_VARIABLE, "").strip()
            seconds = parse_seconds(text) if text else DEFAULT_SECONDS
        if megabytes is None:
            text = environment.get(MEMORY_VARIABLE, "").strip()
            megabytes = parse_megabytes(text) if text else DEFAULT_MEGABYTES
    except ValueError as error:
        variable = TIMEOUT_VARIABLE if seconds is None else MEMORY_VARIABLE
        raise SettingError(f"{variable}: {error}") from None
    return DotBudget(seconds, megabytes)


# --- running dot ---------------------------------------------------------------------------------------------------

_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


def stop_drawing() -> None:
    """Kill every `dot` this process is running (on Ctrl-C, SIGTERM, or exit), and any started until
    `resume_drawing`; their callers then fail with a GraphvizError.
    """
    _stopping.set()
    with _running_lock:
        processes = list(_running)
    for process in processes:
        with contextlib.suppress(OSError):
            process.kill()


def resume_drawing() -> None:
    """Let `dot` run again after `stop_drawing` (a new batch of pages in the same process)."""
    _stopping.clear()


atexit.register(stop_drawing)


def _die_with_parent() -> Callable[[], int] | None:
    """prctl(PR_SET_PDEATHSIG, SIGKILL), looked up before any fork; None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # this process: libc is loaded already
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return lambda: int(prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0))


_DIE_WITH_PARENT = _die_with_parent()


def _child_setup(budget: DotBudget) -> Callable[[], None]:
    """What the child does between fork and exec: die with journeymap, and cap its memory.

    Everything is looked up here, in the parent: the child of a process with threads must not
    import or allocate much before exec (another thread may have held a lock at the fork).
    """
    parent = os.getpid()
    limit = budget.megabytes * 1024 * 1024
    die_with_parent = _DIE_WITH_PARENT
    try:
        import resource

        set_limit: Callable[[int, tuple[int, int]], None] | None = resource.setrlimit
        address_space = resource.RLIMIT_AS
    except (ImportError, AttributeError):  # no such limit here: the timeout still applies
        set_limit, address_space = None, 0

    def setup() -> None:
        if die_with_parent is not None:
            die_with_parent()
            if os.getppid() != parent:  # journeymap died before the request took effect
                os._exit(1)
        if set_limit is not None:
            with contextlib.suppress(ValueError, OSError):  # a lower hard limit is set already: that one holds
                set_limit(address_space, (limit, limit))

    return setup


_OUT_OF_MEMORY = ("memory", "alloc", "cannot create", "resource temporarily unavailable", "error creating thread")


def _command(executable: str, output_format: str) -> list[str]:
    command = [executable, f"-T{output_format}"]
    if output_format == "png":
        command.append(f"-Gdpi={PNG_DPI}")
    return command


def _start(executable: str, output_format: str, budget: DotBudget) -> subprocess.Popen[bytes]:
    """`dot` running, waiting for DOT text on its standard input, and known to `stop_drawing`; OSError if it cannot."""
    process = subprocess.Popen(
        _command(executable, output_format),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_child_setup(budget),  # noqa: PLW1509 - only a prctl and a setrlimit, both async-signal-safe
    )
    with _running_lock:
        _running.add(process)
        if _stopping.is_set():  # stopped while this one was being started
            process.kill()
    return process


def _forget(process: subprocess.Popen[bytes]) -> None:
    with _running_lock:
        _running.discard(process)


# --- a dot started early -------------------------------------------------------------------------------------------
#
# `journeymap render` knows the format long before it has a picture, so it starts `dot` first
# (`start_early`): `dot` loads its plugins and waits on its standard input while Python loads,
# validates and scores the journey, and the fork happens while the process is still small.
# `run_dot` then takes that `dot` (same program, format and budget only) and sends it the DOT text.
#
# It gets nothing to draw before the real graph. A warm-up graph would also load the fonts
# (5 ms more saved), but it makes the picture depend on memory addresses: `dot` orders
# clusters by where their names were allocated, and after a first graph that order changed
# in about one run in a hundred. The first graph `dot` reads is drawn the same every time.


@dataclass
class _Early:
    executable: str
    output_format: str
    budget: DotBudget
    process: subprocess.Popen[bytes]


class _Slot:
    """The one `dot` started early, if any; taken out (and so owned) by exactly one caller."""

    def __init__(self) -> None:
        self._early: _Early | None = None
        self._lock = threading.Lock()

    def swap(self, early: _Early | None) -> _Early | None:
        with self._lock:
            taken, self._early = self._early, early
        return taken


_slot = _Slot()


def start_early(output_format: str, budget: DotBudget = DEFAULT_BUDGET) -> None:
    """Start the `dot` the next `run_dot` in this format and budget will use; never raises.

    When `dot` is missing or cannot start, nothing happens here: `run_dot` says so when it is
    called. A `dot` started early and not used is stopped by the next `run_dot` that does not
    match, by `discard_early`, or when journeymap exits.
    """
    if output_format not in OUTPUT_FORMATS:
        return
    executable = shutil.which("dot")
    if executable is None:
        return
    discard_early()
    try:
        process = _start(executable, output_format, budget)
    except OSError:
        return
    unused = _slot.swap(_Early(executable, output_format, budget, process))
    if unused is not None:  # another thread started one meanwhile
        _end(unused.process)


def discard_early() -> None:
    """Stop and reap a `dot` started early that nothing used."""
    early = _slot.swap(None)
    if early is not None:
        _end(early.process)


atexit.register(discard_early)


def _end(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(OSError, ValueError):
        process.communicate()
    _forget(process)


def _take_early(executable: str | None, output_format: str, budget: DotBudget) -> _Early | None:
    """The `dot` started early as this program, format and budget, if it still runs; any other is stopped."""
    early = _slot.swap(None)
    if early is None:
        return None
    wanted = (executable, output_format, budget)
    if (early.executable, early.output_format, early.budget) != wanted or early.process.poll() is not None:
        _end(early.process)
        return None
    return early


def run_dot(dot_text: str, output_format: str, budget: DotBudget = DEFAULT_BUDGET) -> bytes:
    """The picture `dot` draws from `dot_text` in `output_format` (svg, png or pdf; plain: the layout as text)."""
    if output_format not in (*OUTPUT_FORMATS, "plain"):
        raise ValueError(f"output format must be one of {', '.join(OUTPUT_FORMATS)}, not {output_format!r}")
    executable = shutil.which("dot")
    early = _take_early(executable, output_format, budget)
    if early is not None:
        return _checked(early.process, *_draw(early.process, dot_text, budget), budget)
    if executable is None:
        raise GraphvizError(f"Graphviz's `dot` program was not found on PATH; {INSTALL_HINT}")
    try:
        process = _start(executable, output_format, budget)
    except OSError as error:
        raise GraphvizError(f"cannot run {executable}: {error.strerror}; {INSTALL_HINT}") from error
    return _checked(process, *_draw(process, dot_text, budget), budget)


# Graphviz 2.43 lays out the same DOT text differently in about one run in a hundred or two (an arrow
# within a rank, curved instead of straight, and its label moved); `run_dot_agreed` draws again.
MOST_DRAWS = 5


def run_dot_agreed(dot_text: str, output_format: str, budget: DotBudget = DEFAULT_BUDGET) -> bytes:
    """The picture `dot` draws from `dot_text` the same way twice, for output that must not change run to run.

    `dot` is run until one picture has come out twice (twice in the usual case), at most
    MOST_DRAWS times; then the picture drawn most often, the first of them on a tie.
    """
    seen: dict[bytes, int] = {}
    for _ in range(MOST_DRAWS):
        picture = run_dot(dot_text, output_format, budget)
        seen[picture] = seen.get(picture, 0) + 1
        if seen[picture] == 2:
            return picture
    return max(seen, key=lambda drawn: seen[drawn])


def _draw(process: subprocess.Popen[bytes], dot_text: str, budget: DotBudget) -> tuple[bytes, bytes]:
    """What `process` writes to its standard output and error for `dot_text`, within the budget's time."""
    try:
        try:
            picture, problems = process.communicate(dot_text.encode("utf-8"), timeout=budget.seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise BudgetExceeded(f"`dot` ran out of its {budget.time_text}", "time", budget) from None
        except BaseException:  # Ctrl-C, SIGTERM: dot must not go on without us
            process.kill()
            process.wait()
            raise
    finally:
        _forget(process)
    return picture, problems


def _checked(process: subprocess.Popen[bytes], picture: bytes, problems: bytes, budget: DotBudget) -> bytes:
    """The picture of a `dot` that ended well, else the GraphvizError that says why it did not."""
    if process.returncode == 0:
        return picture
    problem = problems.decode("utf-8", errors="replace").strip()
    killed = process.returncode < 0 and process.returncode != -signal.SIGKILL
    if killed or any(word in problem.lower() for word in _OUT_OF_MEMORY):
        raise BudgetExceeded(f"`dot` ran out of its {budget.memory_text} of memory", "memory", budget)
    if process.returncode == -signal.SIGKILL:
        raise GraphvizError("Graphviz's `dot` was stopped (killed) before it finished")
    shown = problem or "no message"
    raise GraphvizError(f"Graphviz's `dot` failed (exit status {process.returncode}): {shown}")
