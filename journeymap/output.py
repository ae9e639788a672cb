"""Output: atomic writes, so a failed run never leaves half a file or half a report behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable


class OutputError(Exception):
    """An output that cannot be written; the message says which and why."""


def write_atomic(path: str, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step.

    A symbolic link is followed, so the file it points at is replaced and the link
    stays; a pipe or device (`/dev/stdout`) is written to directly, never replaced.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target) and not os.path.isdir(target):
        _write_through(path, target, data)
        return
    folder = os.path.dirname(target)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".journeymap-", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        _remove(temporary)
        raise


def _write_through(path: str, target: str, data: bytes) -> None:
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error


def write_folder_atomic(path: str, fill: Callable[[str], None]) -> None:
    """Build a whole folder in a temporary sibling, then swap it in; the old one stays until then.

    A symbolic link to a folder is followed: the folder it points at is replaced.
    """
    target = os.path.realpath(path)
    parent = os.path.dirname(target)
    try:
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(dir=parent, prefix=".journeymap-")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    try:
        fill(staging)
        os.chmod(staging, 0o755)
        if os.path.isdir(target):
            retired = staging + ".old"
            os.replace(target, retired)
            os.replace(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def create_atomic(path: str, content: str | bytes) -> None:
    """Write a new file in one step, refusing to replace one that exists (even one made meanwhile).

    The content goes to a temporary file beside `path`, which is then hard-linked
    to `path`: the link fails if `path` exists, so nothing is ever overwritten.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".journeymap-", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.link(temporary, path)
    except FileExistsError as error:
        raise OutputError(f"{path}: already exists; journeymap never overwrites it: choose another name") from error
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    finally:
        _remove(temporary)
