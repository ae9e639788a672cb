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
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    folder = os.path.dirname(os.path.abspath(path))
    data = content.encode("utf-8") if isinstance(content, str) else content
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
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        _remove(temporary)
        raise


def write_folder_atomic(path: str, fill: Callable[[str], None]) -> None:
    """Build a whole folder in a temporary sibling, then swap it in; the old one stays until then."""
    parent = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(dir=parent, prefix=".journeymap-")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here: {error.strerror}") from error
    try:
        fill(staging)
        os.chmod(staging, 0o755)
        if os.path.isdir(path):
            retired = staging + ".old"
            os.replace(path, retired)
            os.replace(staging, path)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, path)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{path}: cannot write: {error.strerror}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
