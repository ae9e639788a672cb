"""Atomic writes: never half a file, and never a replaced link, pipe or device."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from journeymap.errors import DestinationError
from journeymap.output import OutputError, write_atomic, write_folder_atomic


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    target.write_text("old", encoding="utf-8")
    write_atomic(str(target), "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [path.name for path in tmp_path.iterdir()] == ["map.svg"]


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    write_atomic(str(link), "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.svg"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_atomic(str(pipe), "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert not pipe.is_file() and pipe.exists()


def test_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write here"):
        write_atomic(str(tmp_path / "missing" / "map.svg"), "x")


def test_a_failed_folder_build_leaves_the_old_folder(tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    (report / "index.html").write_text("old report", encoding="utf-8")

    def fail(staging: str) -> None:
        Path(staging, "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("dot crashed")

    with pytest.raises(RuntimeError):
        write_folder_atomic(str(report), fail)
    assert (report / "index.html").read_text(encoding="utf-8") == "old report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]


def test_a_link_to_a_folder_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    write_folder_atomic(str(link), lambda staging: Path(staging, "index.html").write_text("new", encoding="utf-8"))
    assert link.is_symlink()
    assert (real / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link", "real"]


@pytest.mark.parametrize("path", ["", ".", "..", "/"])
def test_a_folder_write_never_replaces_the_current_folder_or_root(
    path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reproducer of issue 11 one level down: `write_folder_atomic("")` used to replace the current folder."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(work)
    with pytest.raises(DestinationError):
        write_folder_atomic(path, lambda staging: Path(staging, "index.html").write_text("x", encoding="utf-8"))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["work"]
    assert sorted(path.name for path in work.iterdir()) == ["notes.txt"]
