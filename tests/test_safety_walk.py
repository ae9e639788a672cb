"""`walk` never loses an answer to where it saves: checked before the first question, kept when a save fails."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from journeymap.commands import walk as walk_command
from tests.conftest import Result
from tests.test_recorder import SHOP_JOURNEY, SKIP_STEP

# order, pay, bill (the exit): three steps with every question skipped.
THREE_STEPS = "\n".join(["", *SKIP_STEP] * 3) + "\n"
FIRST_QUESTION = "choice [1]: "


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop journey in the current folder, answers on standard input, and a private temporary folder."""
    (tmp_path / "shop.journey.yaml").write_text(SHOP_JOURNEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rescue = tmp_path / "tmp"
    rescue.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(rescue))
    monkeypatch.setattr("sys.stdin", io.StringIO(THREE_STEPS))
    return tmp_path


def walk(cli: Callable[..., Result], *arguments: str) -> Result:
    return cli("walk", "shop.journey.yaml", "--participant", "Ann", "--date", "2026-11-20", *arguments)


def _steps(path: Path) -> list[str]:
    return [step["touchpoint"] for step in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]]


# --- before the first question ------------------------------------------------------------------------------------


def test_a_folder_that_takes_no_files_is_refused_before_the_first_question(
    shop: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = walk(cli, "-o", "ann.walkthrough.yaml")
    assert result.exit_code == 2
    assert f"ann.walkthrough.yaml: cannot save the walkthrough in {shop}: Read-only file system" in result.err
    assert FIRST_QUESTION not in result.out


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_before_the_first_question(shop: Path, cli: Callable[..., Result]) -> None:
    locked = shop / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    result = walk(cli, "-o", "locked/ann.walkthrough.yaml")
    assert result.exit_code == 2
    assert "cannot save the walkthrough" in result.err
    assert FIRST_QUESTION not in result.out


def test_a_participant_name_too_long_for_a_file_name_is_refused_first(shop: Path, cli: Callable[..., Result]) -> None:
    result = cli("walk", "shop.journey.yaml", "--participant", "Ann " * 80, "--date", "2026-11-20")
    assert result.exit_code == 2
    assert "the file name is" in result.err and "allows at most 255" in result.err
    assert "choose a shorter name with -o FILE" in result.err
    assert FIRST_QUESTION not in result.out


def test_a_journey_is_never_the_walkthrough_file(shop: Path, cli: Callable[..., Result]) -> None:
    (shop / "link.walkthrough.yaml").symlink_to(shop / "shop.journey.yaml")
    for output in ("shop.journey.yaml", "link.walkthrough.yaml"):
        result = walk(cli, "-o", output, "--resume")
        assert result.exit_code == 2, output
        assert "a journey file; refusing to write the walkthrough over it" in result.err
        assert FIRST_QUESTION not in result.out
    assert (shop / "shop.journey.yaml").read_text(encoding="utf-8") == SHOP_JOURNEY


def test_too_little_free_space_is_refused_first(
    shop: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    monkeypatch.setattr(walk_command.shutil, "disk_usage", lambda folder: _Usage())
    result = walk(cli)
    assert result.exit_code == 2
    assert "only 4 KB free" in result.err
    assert FIRST_QUESTION not in result.out


class _Usage:
    total, used, free = 10_000_000, 9_995_904, 4096


# --- a save that fails later ----------------------------------------------------------------------------------------


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, folder: Path, saves: int, recovers_at: int | None = None) -> None:
    """Writes into `folder` fail with ENOSPC after `saves` of them (until save number `recovers_at`, if given)."""
    real = tempfile.mkstemp
    calls = {"count": 0}

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if os.path.realpath(str(kwargs.get("dir"))) == os.path.realpath(folder):
            calls["count"] += 1
            number = calls["count"] - 1  # the first call is the check before the first question
            if saves < number and (recovers_at is None or number < recovers_at):
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_a_full_disk_mid_walk_keeps_every_step_and_says_how_to_resume(
    shop: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    _disk_full_after(monkeypatch, shop, saves=1)
    monkeypatch.setattr("sys.argv", ["journeymap", "walk"])  # as typed by a user (a test runner may differ)
    result = walk(cli, "-o", "ann.walkthrough.yaml")
    assert result.exit_code == 1
    assert "could not save step 2 in ann.walkthrough.yaml: No space left on device" in result.out
    assert "All 2 answered steps are kept" in result.out
    assert "ann.walkthrough.yaml holds the first 1 step of 3." in result.err
    rescued = shop / "tmp" / "ann.walkthrough.yaml"
    assert f"All 3 answered steps are saved in {rescued} instead." in result.err
    assert f"To continue: journeymap walk shop.journey.yaml --resume -o {rescued}" in result.err
    assert _steps(shop / "ann.walkthrough.yaml") == ["order"]
    assert _steps(rescued) == ["order", "pay", "bill"]
    assert "Traceback" not in result.err


def test_a_save_that_fails_once_is_made_good_by_the_next(
    shop: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    _disk_full_after(monkeypatch, shop, saves=1, recovers_at=3)
    result = walk(cli, "-o", "ann.walkthrough.yaml")
    assert result.exit_code == 0, result.err
    assert "could not save step 2" in result.out
    assert "3 steps saved in ann.walkthrough.yaml." in result.out
    assert _steps(shop / "ann.walkthrough.yaml") == ["order", "pay", "bill"]


def test_when_nothing_can_be_written_the_steps_are_printed(
    shop: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    _disk_full_after(monkeypatch, shop, saves=1)
    monkeypatch.setattr("sys.argv", ["journeymap", "walk"])  # as typed by a user (a test runner may differ)
    (shop / "tmp").chmod(0o755)
    monkeypatch.setattr(walk_command, "_rescue", lambda walk, path: None)
    result = walk(cli, "-o", "ann.walkthrough.yaml")
    assert result.exit_code == 1
    assert "All 3 answered steps as YAML; save them as ann.walkthrough.yaml:" in result.err
    printed = result.out[result.out.index("# Customer-driving-licence walkthrough") :]
    assert [step["touchpoint"] for step in yaml.safe_load(printed)["steps"]] == ["order", "pay", "bill"]
    assert "To continue: journeymap walk shop.journey.yaml --resume -o ann.walkthrough.yaml" in result.err


def test_input_ending_after_a_failed_save_rescues_the_answered_steps(
    shop: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(["", *SKIP_STEP] * 2) + "\n"))
    _disk_full_after(monkeypatch, shop, saves=1)
    result = walk(cli, "-o", "ann.walkthrough.yaml")
    assert result.exit_code == 1
    assert "Input ended: 2 steps answered, and the last save failed (No space left on device)" in result.err
    assert _steps(shop / "tmp" / "ann.walkthrough.yaml") == ["order", "pay"]


def test_the_resume_command_is_the_one_that_ran(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", [".venv/bin/journeymap", "walk"])
    assert walk_command.invoked_command() == ".venv/bin/journeymap"
    monkeypatch.setattr("sys.argv", ["/opt/my tools/journeymap", "walk"])
    assert walk_command.invoked_command() == "'/opt/my tools/journeymap'"
    monkeypatch.setattr("sys.argv", ["/src/journeymap/__main__.py", "walk"])
    assert walk_command.invoked_command().endswith(" -m journeymap")
    monkeypatch.setattr("sys.argv", ["journeymap", "walk"])
    assert walk_command.invoked_command() == "journeymap"
