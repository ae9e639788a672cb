"""`baseline:` pairs a to-be with its as-is; warning `unknown-baseline` when it names no other journey given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import VALID_JOURNEY, Result, changed

Write = Callable[..., Path]
Cli = Callable[..., Result]

TO_BE = changed(("title: Buying a phone\n", "title: Buying a phone, to-be\nid: buy-to-be\nbaseline: buy\n"))
# line 3 of TO_BE is `baseline: buy`; its value starts at column 11


def test_a_baseline_among_the_files_is_fine(cli: Cli, write: Write) -> None:
    write(VALID_JOURNEY, "buy.journey.yaml")
    write(TO_BE, "buy-to-be.journey.yaml")
    result = cli("check", write(VALID_JOURNEY, "buy.journey.yaml").parent)
    assert result.exit_code == 0
    assert "unknown-baseline" not in result.out


def test_a_baseline_not_among_the_files_is_a_located_warning(cli: Cli, write: Write) -> None:
    to_be = write(TO_BE, "alone/buy-to-be.journey.yaml")  # no neighbour named buy either
    result = cli("check", to_be)
    assert result.exit_code == 0
    assert f"{to_be}:3:11: warning[unknown-baseline] no journey 'buy' among the files given" in result.out
    strict = cli("check", to_be, "--strict")
    assert strict.exit_code == 1


def test_a_misspelt_baseline_gets_a_suggestion(cli: Cli, write: Write) -> None:
    folder = write(VALID_JOURNEY, "buy.journey.yaml").parent
    write(TO_BE.replace("baseline: buy", "baseline: bux"), "buy-to-be.journey.yaml")
    result = cli("check", folder)
    assert "warning[unknown-baseline] no journey 'bux' among the files given" in result.out
    assert "did you mean 'buy'?" in result.out


def test_a_journey_cannot_be_its_own_baseline(cli: Cli, write: Write) -> None:
    path = write(TO_BE.replace("baseline: buy", "baseline: buy-to-be"), "buy-to-be.journey.yaml")
    result = cli("check", path)
    assert "warning[unknown-baseline] 'buy-to-be' is this journey itself" in result.out


def test_the_warning_can_be_silenced(cli: Cli, write: Write) -> None:
    path = write(TO_BE, "buy-to-be.journey.yaml")
    assert "unknown-baseline" not in cli("check", path, "--ignore", "unknown-baseline").out
    silenced = write(TO_BE + "ignore: [unknown-baseline]\n", "other.journey.yaml")
    assert "unknown-baseline" not in cli("check", silenced).out


def test_a_baseline_must_be_an_id(cli: Cli, write: Write) -> None:
    path = write(TO_BE.replace("baseline: buy", "baseline: Not An Id"), "buy-to-be.journey.yaml")
    result = cli("check", path)
    assert result.exit_code == 1 and f"{path}:3:11: error[bad-value]" in result.err + result.out
