"""Output: atomic writes and guarded destinations, so a run never loses what the user wrote or half-writes ours.

Files are written to a temporary sibling and renamed over the target in one step;
a report folder is built in a staging sibling and swapped in with one atomic
exchange, under a lock (`.DIR.journeymap-lock`, a name only journeymap writes) so
two runs never build the same folder at once. Temporary files and staging folders carry the id of the process that made
them (`.journeymap-PID-XXXX`), so a later run can recognise and remove the ones
a killed run left behind. Destinations that would destroy the user's files (an
empty name, the current folder, the home folder, a folder holding the inputs, a
YAML file even through a symbolic link) are refused before anything is touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from journeymap.errors import DestinationError, JourneymapError

YAML_EXTENSIONS = (".yaml", ".yml")
JOURNEY_SUFFIXES = (".journey.yaml", ".journey.yml")
PREFIX = ".journeymap-"
LOCK_SUFFIX = ".journeymap-lock"
# What a run of ours leaves behind when it is killed: `.journeymap-PID-XXXX` (a staging folder, or the
# previous report being removed) and `.journeymap-PID-XXXX.tmp` (a file being written).
_LEFTOVER = re.compile(r"\.journeymap-(\d+)-[A-Za-z0-9_]+(\.tmp)?")
# Test hook: seconds to wait between building a folder and swapping it in, so the suite can send signals
# and start a second run at that moment. Read only here; no user needs it.
PAUSE_BEFORE_SWAP = "JOURNEYMAP_TEST_PAUSE_BEFORE_SWAP"
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())


class OutputError(JourneymapError):
    """An output that cannot be written; the message says which and why."""


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): raised where it runs, so every write cleans up."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


def _raise_terminated(signal_number: int, _frame: object) -> None:
    raise Terminated(signal_number)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise `Terminated` in the main thread (SIGINT raises KeyboardInterrupt).

    Unwinding then runs every cleanup: temporary files and staging folders are removed and
    `dot` is stopped, instead of the process vanishing with them left behind. Handlers someone
    else installed (or signals ignored, as under nohup) are left as they are, and restored after.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, _raise_terminated)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold stop signals for the few system calls that must happen together; they arrive right after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- destinations -------------------------------------------------------------------------------------------------


def is_yaml(path: str) -> bool:
    return path.lower().endswith(YAML_EXTENSIONS)


def refuse_yaml(path: str, what: str) -> None:
    """A picture or schema must never replace a YAML file: not by its name, and not through a symbolic link."""
    real = os.path.realpath(path)
    if is_yaml(path):
        raise DestinationError(f"{path}: refusing to write {what} over a YAML file; choose an output like map.svg")
    if is_yaml(real):
        raise DestinationError(
            f"{path}: a link to the YAML file {real}; refusing to write {what} over it: choose another output"
        )


def refuse_journey(path: str, what: str) -> None:
    """A walkthrough may be YAML, but must never replace a journey file, directly or through a symbolic link."""
    real = os.path.realpath(path)
    for name in (path, real):
        if name.lower().endswith(JOURNEY_SUFFIXES):
            shown = path if name == path else f"{path} (a link to {real})"
            raise DestinationError(f"{shown}: a journey file; refusing to write {what} over it: choose another file")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def refuse_folder(folder: str, inputs: Sequence[str] = ()) -> None:
    """Refuse a destination folder whose replacement would destroy the user's files; touches nothing.

    An empty name (an unset variable in `-o "$OUT"`), `~` left unexpanded, the root, the home
    folder, the current folder or one above it, and any folder that holds one of `inputs`.
    """
    hint = "the report replaces the whole folder it is written to, so name a new folder, e.g. -o report"
    if not folder.strip():
        raise DestinationError(f'-o "{folder}": an empty folder name (an unset variable?); {hint}')
    if folder == "~" or folder.startswith("~" + os.sep):
        raise DestinationError(f"-o {folder}: '~' was not expanded to your home folder; {hint}")
    real = os.path.realpath(folder)
    if os.path.dirname(real) == real:
        raise DestinationError(f"-o {folder}: the root of the file system; {hint}")
    home = os.path.realpath(os.path.expanduser("~"))
    if real == home:
        raise DestinationError(f"-o {folder}: your home folder; {hint}")
    if _inside(os.path.realpath(os.getcwd()), real):
        where = "the current folder" if real == os.path.realpath(os.getcwd()) else "a folder above the current one"
        raise DestinationError(f"-o {folder}: {where}; {hint}")
    if _inside(home, real):
        raise DestinationError(f"-o {folder}: a folder above your home folder; {hint}")
    for given in inputs:
        if _inside(os.path.realpath(given), real):
            raise DestinationError(f"-o {folder}: holds the input {given}; {hint}")


def longest_name(folder: str) -> int:
    """The longest file name, in bytes, that `folder`'s file system allows (255 where it cannot say)."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


# --- leftovers of killed runs --------------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no process id at all: not ours to judge, leave it
    return True


def _only_plain_files(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return all(entry.is_file(follow_symlinks=False) for entry in entries)
    except OSError:
        return False


def remove_leftovers(folder: str) -> list[str]:
    """Remove the temporary files and staging folders that killed runs of ours left in `folder`; their names.

    Recognised safely: the name `.journeymap-PID-XXXX[.tmp]`, owned by this user, the process
    PID no longer running, and a folder holding only plain files (pages), never subfolders or links.
    """
    removed: list[str] = []
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return removed
    for name in names:
        match = _LEFTOVER.fullmatch(name)
        if match is None or _alive(int(match.group(1))):
            continue
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        with contextlib.suppress(OSError):
            if match.group(2) and stat.S_ISREG(info.st_mode):
                os.unlink(path)
                removed.append(name)
            elif not match.group(2) and stat.S_ISDIR(info.st_mode) and _only_plain_files(path):
                shutil.rmtree(path)
                removed.append(name)
    return removed


# --- files ---------------------------------------------------------------------------------------------------------


def write_atomic(path: str, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step.

    A symbolic link is followed, so the file it points at is replaced and the link
    stays; a pipe or device (`/dev/stdout`) is written to directly, never replaced.
    The replaced file's mode is kept (a private 0600 file stays private; a new file is 0644),
    and a file with several hard links is refused, since replacing it would split them.
    Guarding what may be replaced (`refuse_yaml`, `refuse_journey`) is the caller's choice.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not path:
        raise DestinationError('-o "": an empty file name (an unset variable?); name the file to write')
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target) and not os.path.isdir(target):
        _write_through(path, target, data)
        return
    if os.path.isdir(target):
        raise DestinationError(f"{path}: a folder; name a file to write")
    mode = 0o644
    with contextlib.suppress(FileNotFoundError):
        info = os.stat(target)
        if info.st_nlink > 1:
            raise OutputError(
                f"{path}: the file has {info.st_nlink} hard links; replacing it would leave the other names "
                "with the old content: copy it to a file of its own (cp), then run again"
            )
        mode = stat.S_IMODE(info.st_mode)
    folder = os.path.dirname(target)
    remove_leftovers(folder)
    temporary = _written_temporary(path, folder, data, mode)
    try:
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        _remove(temporary)
        raise


def _written_temporary(path: str, folder: str, data: bytes, mode: int = 0o644) -> str:
    """A temporary file in `folder` holding `data`, on disk (fsynced), with `mode`; removed again on failure.

    It is named as our leftovers are (`remove_leftovers`), so a killed run's copy is cleaned up later.
    """
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f"{PREFIX}{os.getpid()}-", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _write_through(path: str, target: str, data: bytes) -> None:
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error


# --- folders -------------------------------------------------------------------------------------------------------


def lock_path(path: str) -> str:
    """The lock of the folder `path`: `.NAME.journeymap-lock` beside it, a name only journeymap writes."""
    target = os.path.realpath(path)
    return os.path.join(os.path.dirname(target), f".{os.path.basename(target)}{LOCK_SUFFIX}")


@contextlib.contextmanager
def folder_lock(path: str) -> Iterator[None]:
    """Hold `.NAME.journeymap-lock` beside the folder (flock) while it is built; a second run is told, not made to wait.

    The lock is created with O_EXCL | O_NOFOLLOW under a name only journeymap uses, so no file of the
    user's (`out.lock`, a symbolic link planted there) is ever opened, written or removed. A lock left
    by a killed run (nobody holds its flock) is taken over; on release the file is removed only if it
    is still the one this run created.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not kept apart
        yield
        return
    target = os.path.realpath(path)
    lock = lock_path(path)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

    def locked(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(descriptor)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(
                    f"{path}: another report is being written to {path} right now; "
                    f"wait for it to finish, then run again (its lock: {lock})"
                ) from None
            raise OutputError(f"{path}: cannot lock {lock}: {error.strerror}") from error
        return True

    while True:
        try:
            descriptor = os.open(lock, flags | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            _take_over_stale(path, lock, flags, locked)
            continue
        except OSError as error:
            raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
        locked(descriptor)
        if _still_at(descriptor, lock):
            break
        os.close(descriptor)  # a run that found our file before we locked it took it for a killed run's
    try:
        os.write(descriptor, f"{os.getpid()}\n".encode())
        yield
    finally:
        if _still_at(descriptor, lock):
            _remove(lock)
        os.close(descriptor)


def _still_at(descriptor: int, path: str) -> bool:
    """Whether the file open as `descriptor` is still the one named `path` (not replaced, not removed)."""
    try:
        return os.path.samestat(os.fstat(descriptor), os.lstat(path))
    except OSError:
        return False


def _take_over_stale(path: str, lock: str, flags: int, locked: Callable[[int], bool]) -> None:
    """The lock file exists: another run holds it (OutputError), or a killed run left it (it is removed)."""
    try:
        descriptor = os.open(lock, flags)
    except FileNotFoundError:
        return  # released meanwhile: try to create it again
    except OSError as error:
        raise OutputError(
            f"{path}: {lock} is not a lock journeymap made ({error.strerror}); remove it, then run again"
        ) from error
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OutputError(f"{path}: {lock} is not a lock journeymap made; remove it, then run again")
    locked(descriptor)  # raises when a running report holds it
    try:
        if _still_at(descriptor, lock):
            _remove(lock)  # a killed run's lock: nobody holds it
    finally:
        os.close(descriptor)


class ForeignFiles(OutputError):
    """Files the user put into the report folder while it was built: the old folder stays, the new one is kept."""

    def __init__(self, path: str, found: Sequence[str], kept: str) -> None:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        super().__init__(
            f"{path}: files journeymap did not write appeared in the folder while the report was built "
            f"({shown}); the folder was left as it was, and the new report is in {kept}: move those files "
            "out and run again, or take the new report from there"
        )
        self.path, self.found, self.kept = path, tuple(found), kept


def write_folder_atomic(
    path: str, fill: Callable[[str], None], foreign: Callable[[str], list[str]] | None = None
) -> None:
    """Build a whole folder in a temporary sibling, then swap it in; the old one stays until then.

    On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so the folder is never missing, not even
    for an instant; elsewhere two renames run with stop signals held, and the old folder is put back
    if the second fails. A symbolic link to a folder is followed: the folder it points at is replaced.
    Leftovers of killed earlier runs beside the folder are removed first.

    `foreign` names what in a folder was not written by us; the folder being replaced is checked
    with it just before the swap and again, as the retired folder, right after. Anything there
    (a file saved into it during a long build) puts the old folder back, keeps the new one in its
    staging folder and raises `ForeignFiles` saying where: nothing of the user's is deleted.
    """
    refuse_folder(path)  # never the current folder, home or root, whoever calls: they would be replaced
    target = os.path.realpath(path)
    parent = os.path.dirname(target)
    try:
        os.makedirs(parent, exist_ok=True)
        remove_leftovers(parent)
        staging = tempfile.mkdtemp(dir=parent, prefix=f"{PREFIX}{os.getpid()}-")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    try:
        fill(staging)
        os.chmod(staging, 0o755)
        pause = os.environ.get(PAUSE_BEFORE_SWAP)
        if pause:
            time.sleep(float(pause))
        with _signals_held():
            _swap_in(path, staging, target, foreign or (lambda _folder: []))
    except ForeignFiles as error:
        raise ForeignFiles(error.path, error.found, _kept(staging, target)) from None
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _refuse_foreign(path: str, folder: str, staging: str, foreign: Callable[[str], list[str]]) -> None:
    found = foreign(folder)
    if found:
        raise ForeignFiles(path, found, staging)


def _kept(staging: str, target: str) -> str:
    """Give the new folder, refused at the swap, a name of its own beside the target that no cleanup removes."""
    try:
        kept = tempfile.mkdtemp(dir=os.path.dirname(target), prefix=f"{os.path.basename(target)}.new-")
        os.replace(staging, kept)  # over the empty folder just made for it
    except OSError:
        return staging
    return kept


def _swap_in(path: str, staging: str, target: str, foreign: Callable[[str], list[str]]) -> None:
    """Put the folder `staging` at `target`; afterwards `staging` is gone, and so is the folder it replaced.

    When the replaced folder holds anything `foreign` names, before the swap or after it, it stays
    (or is put back) at `target` and `ForeignFiles` is raised; `staging` then still holds the new folder.
    """
    if not os.path.isdir(target):
        os.replace(staging, target)
        return
    _refuse_foreign(path, target, staging, foreign)
    if _exchange(staging, target):
        try:
            _refuse_foreign(path, staging, staging, foreign)  # `staging` is the retired folder now
        except ForeignFiles:
            if not _exchange(staging, target):  # pragma: no cover - the exchange just worked here
                raise OutputError(f"{path}: cannot put the previous folder back: it is in {staging}") from None
            raise
        shutil.rmtree(staging, ignore_errors=True)  # now the previous folder
        return
    retired = staging + ".old"
    os.replace(target, retired)
    try:
        _refuse_foreign(path, retired, staging, foreign)
        os.replace(staging, target)
    except BaseException:
        os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: str, second: str) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at the top: every command loads this module, few swap folders

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # this process: libc is loaded already
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), second)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def create_atomic(path: str, content: str | bytes) -> None:
    """Write a new file in one step, refusing to replace one that exists (even one made meanwhile).

    The content goes to a temporary file beside `path`, which is then hard-linked
    to `path`: the link fails if `path` exists, so nothing is ever overwritten.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = _written_temporary(path, os.path.dirname(os.path.abspath(path)), data)
    try:
        os.link(temporary, path)
    except FileExistsError as error:
        raise OutputError(f"{path}: already exists; journeymap never overwrites it: choose another name") from error
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    finally:
        _remove(temporary)
