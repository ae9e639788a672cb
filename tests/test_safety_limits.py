"""Texts have limits, so a page cannot balloon: `too-long` (issue 23, item 15)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINIMAL_JOURNEY, Result


def test_a_title_over_500_characters_is_a_located_error(write: Callable[..., Path], cli: Callable[..., Result]) -> None:
    path = write(MINIMAL_JOURNEY.replace("title: Orders online", "title: " + "x" * 501))
    result = cli("check", path)
    assert result.exit_code == 1
    assert f"{path}:10:12: error[too-long] the title is 501 characters long, and a title may have at most 500" in (
        result.out
    )
    assert "too-long" not in cli("check", write(MINIMAL_JOURNEY.replace("Orders online", "x" * 500))).out


def test_any_other_text_over_10000_characters_is_a_located_error(
    write: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    path = write(MINIMAL_JOURNEY.replace("goals: [Show the smallest valid journey]", "goals: [" + "g" * 10_001 + "]"))
    result = cli("check", path)
    assert result.exit_code == 1
    assert f"{path}:2:9: error[too-long] this text is 10001 characters long, and a text may have at most 10000" in (
        result.out
    )


def test_a_2_mb_title_makes_no_huge_page(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "big.journey.yaml").write_text(MINIMAL_JOURNEY.replace("Minimal", "T" * 2_000_000), encoding="utf-8")
    started = time.monotonic()
    result = cli("report", tmp_path / "big.journey.yaml", "-o", tmp_path / "report", "--jobs", "1")
    assert time.monotonic() - started < 5
    assert result.exit_code == 1 and "error[too-long]" in result.out + result.err
    assert sum(path.stat().st_size for path in (tmp_path / "report").iterdir()) < 1_000_000
