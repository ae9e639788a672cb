"""`journeymap init`: a starter journey that checks clean, teaches the format, and never overwrites a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap.loader import load_file
from journeymap.output import OutputError, create_atomic
from tests.conftest import Result

Cli = Callable[..., Result]


def test_init_writes_a_starter_that_checks_clean_even_strictly(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "mortgage-application")
    assert result.exit_code == 0, result.err
    journey = tmp_path / "mortgage-application.journey.yaml"
    assert journey.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=journey.schema.json\n")
    assert json.loads((tmp_path / "journey.schema.json").read_text())["title"].startswith("journeymap journey")
    assert json.loads((tmp_path / "walkthrough.schema.json").read_text())["title"].startswith("journeymap walk")
    checked = cli("check", "--strict", tmp_path)
    assert checked.exit_code == 0, checked.out
    assert "0 errors, 0 warnings" in checked.out
    assert f"check {journey}" in result.out


def test_the_starter_covers_the_whole_purchase_and_after(cli: Cli, tmp_path: Path) -> None:
    cli("init", tmp_path / "starter")
    document, findings = load_file(str(tmp_path / "starter.journey.yaml"))
    assert document is not None and not findings
    data = document.data
    assert data["id"] == "starter" and data["title"] == "Starter"
    assert [stage["phase"] for stage in data["stages"]] == ["pre-purchase", "purchase", "post-purchase"]
    kinds = {point.get("kind", "step") for point in data["touchpoints"]}
    assert {"invoice", "contact", "payment"} <= kinds
    assert any(point.get("outcome") == "abandon" for point in data["touchpoints"])


def test_a_title_with_yaml_syntax_stays_the_title(cli: Cli, tmp_path: Path) -> None:
    title = 'Moving house: "energy" # & gas [2027] {x}'
    assert cli("init", tmp_path / "move", "--title", title).exit_code == 0
    document, _ = load_file(str(tmp_path / "move.journey.yaml"))
    assert document is not None and document.data["title"] == title


def test_an_existing_journey_is_refused_and_left_alone(cli: Cli, tmp_path: Path) -> None:
    journey = tmp_path / "mine.journey.yaml"
    journey.write_text("title: my own work\n", encoding="utf-8")
    result = cli("init", tmp_path / "mine")
    assert result.exit_code == 2
    assert "already exists" in result.err and "never overwrites" in result.err
    assert journey.read_text(encoding="utf-8") == "title: my own work\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine.journey.yaml"]


def test_existing_schema_files_are_kept_as_they_are(cli: Cli, tmp_path: Path) -> None:
    schema = tmp_path / "journey.schema.json"
    schema.write_text("{}", encoding="utf-8")
    result = cli("init", tmp_path / "second")
    assert result.exit_code == 0
    assert schema.read_text(encoding="utf-8") == "{}"
    assert f"kept {schema}" in result.out
    assert (tmp_path / "walkthrough.schema.json").exists()


@pytest.mark.parametrize("name", ["Mortgage", "-x", "my journey", "über"])
def test_a_name_that_cannot_be_an_id_is_a_usage_error(cli: Cli, tmp_path: Path, name: str) -> None:
    result = cli("init", tmp_path / name)
    assert result.exit_code == 2
    assert "cannot be a journey id" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "nowhere" / "journey")
    assert result.exit_code == 2 and "no such folder" in result.err


def test_create_atomic_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "x.journey.yaml"
    target.write_text("theirs", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists"):
        create_atomic(str(target), "ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [path.name for path in tmp_path.iterdir()] == ["x.journey.yaml"]  # no temporary file left
