"""Destinations that would lose the user's files are refused (exit 2) before anything is touched (issue 11)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_JOURNEY, Result


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<folder>"
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reproducer's folder: a journey and the user's notes, the current folder, with HOME elsewhere."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "phone-purchase.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (folder / "notes.txt").write_text("do not lose me", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("output", ["", " ", ".", "..", "./", "~", "~/report", "/"])
def test_report_refuses_folders_that_would_lose_the_users_files(
    output: str, project: Path, cli: Callable[..., Result]
) -> None:
    before = _snapshot(project.parent)
    result = cli("report", "phone-purchase.journey.yaml", "-o", output)
    assert result.exit_code == 2, result
    assert "name a new folder" in result.err
    assert _snapshot(project.parent) == before


def test_report_refuses_the_home_folder(project: Path, cli: Callable[..., Result]) -> None:
    home = Path(os.environ["HOME"])
    (home / "letter.txt").write_text("mine", encoding="utf-8")
    result = cli("report", "phone-purchase.journey.yaml", "-o", str(home))
    assert result.exit_code == 2
    assert "your home folder" in result.err
    assert sorted(path.name for path in home.iterdir()) == ["letter.txt"]


def test_report_refuses_a_folder_holding_its_inputs(tmp_path: Path, cli: Callable[..., Result]) -> None:
    journeys = tmp_path / "journeys" / "sub"
    journeys.mkdir(parents=True)
    (journeys / "buy.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    before = _snapshot(tmp_path)
    for output in (tmp_path / "journeys", journeys, tmp_path):
        result = cli("report", str(journeys / "buy.journey.yaml"), "-o", str(output))
        assert result.exit_code == 2, output
        assert "holds the input" in result.err or "above the current" in result.err
    assert _snapshot(tmp_path) == before


def test_report_refuses_a_link_to_a_folder_holding_its_inputs(tmp_path: Path, cli: Callable[..., Result]) -> None:
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    (journeys / "buy.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (tmp_path / "out").symlink_to(journeys, target_is_directory=True)
    result = cli("report", str(journeys), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "holds the input" in result.err
    assert sorted(path.name for path in journeys.iterdir()) == ["buy.journey.yaml"]


def test_report_into_a_new_folder_beside_the_inputs_still_works(project: Path, cli: Callable[..., Result]) -> None:
    result = cli("report", "phone-purchase.journey.yaml", "-o", "report")
    assert result.exit_code == 0, result.err
    assert (project / "report" / "index.html").is_file()
    assert sorted(path.name for path in project.iterdir()) == ["notes.txt", "phone-purchase.journey.yaml", "report"]


def test_render_refuses_a_link_to_a_journey(tmp_path: Path, cli: Callable[..., Result]) -> None:
    source = tmp_path / "buy.journey.yaml"
    source.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    other = tmp_path / "other.journey.yaml"
    other.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (tmp_path / "map.svg").symlink_to(other)
    result = cli("render", source, "-o", tmp_path / "map.svg", "--format", "dot")
    assert result.exit_code == 2
    assert "a link to the YAML file" in result.err
    assert other.read_text(encoding="utf-8") == MINIMAL_JOURNEY


def test_schema_refuses_a_link_to_a_journey(tmp_path: Path, cli: Callable[..., Result]) -> None:
    journey = tmp_path / "buy.journey.yaml"
    journey.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (tmp_path / "schema.json").symlink_to(journey)
    result = cli("schema", "journey", "-o", tmp_path / "schema.json")
    assert result.exit_code == 2
    assert "YAML file" in result.err
    assert journey.read_text(encoding="utf-8") == MINIMAL_JOURNEY


def test_schema_refuses_an_empty_output_name(project: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(project)
    result = cli("schema", "journey", "-o", "")
    assert result.exit_code == 2
    assert _snapshot(project) == before


def test_schema_through_a_link_to_a_json_file_replaces_the_target(tmp_path: Path, cli: Callable[..., Result]) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    (tmp_path / "schema.json").symlink_to(real)
    assert cli("schema", "journey", "-o", tmp_path / "schema.json").exit_code == 0
    assert '"$schema"' in real.read_text(encoding="utf-8")
    assert (tmp_path / "schema.json").is_symlink()
