"""What a careless or hostile user can do to the command line: a clear message, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL_JOURNEY, Result

JOURNEY = EXAMPLES / "energy-move.journey.yaml"


def journeymap(*arguments: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "journeymap", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60, **options)


def test_walk_with_standard_input_closed_says_so() -> None:
    result = journeymap("walk", JOURNEY, "--participant", "Jan", stdin=None, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    assert "standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_for_standard_output_is_one_line() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(
            [sys.executable, "-m", "journeymap", "check", str(JOURNEY)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr == "journeymap check: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    effort: 2\n", "    effort: 2\n    duration: " + "9" * 400 + "w\n", "longer than any journey can take"),
        ("    effort: 2\n", "    effort: 2\n    response_time: 1e400h\n", "is not a duration"),
    ],
)
def test_durations_beyond_reason_are_located_errors(
    write: Callable[..., Path], cli: Callable[..., Result], old: str, new: str, message: str
) -> None:
    path = write(MINIMAL_JOURNEY.replace(old, new, 1))
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 1
    assert f"{path}:14:" in result.err and message in result.err
    assert "Infinity" not in result.out and "NaN" not in result.out


def test_a_blank_participant_is_a_located_error(write: Callable[..., Path], cli: Callable[..., Result]) -> None:
    journey = write(MINIMAL_JOURNEY.replace("title: Minimal", "id: shop\ntitle: Minimal"))
    walkthrough = write(
        'journey: shop\nparticipant: "   "\ndate: 2026-11-20\nsteps:\n  - touchpoint: order\n', "blank.walkthrough.yaml"
    )
    result = cli("check", journey, walkthrough)
    assert result.exit_code == 1
    assert f"{walkthrough}:2:14: error[bad-value] participant: is empty" in result.out


def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"bad\xff-name.journey.yaml")
    with open(name, "wb") as stream:
        stream.write(MINIMAL_JOURNEY.encode())
    result = journeymap("check", tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bad\\udcff-name.journey.yaml:1:1: error[bad-value] the file name gives the id" in result.stdout
