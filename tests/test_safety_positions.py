"""Positions count characters and lines as editors and YAML do; a finding prints on one line (issue 11)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap.findings import Finding, Level, one_line
from journeymap.loader import load_bytes
from journeymap.reporters import REPORTERS
from tests.conftest import Result


def _only(raw: bytes) -> Finding:
    document, findings = load_bytes(raw, "x.journey.yaml")
    assert document is None and len(findings) == 1, findings
    return findings[0]


def test_not_utf8_reports_the_character_column_not_the_byte_offset() -> None:
    finding = _only("title: Café €€ ".encode() + b"\xff\n")
    assert (finding.code, finding.line, finding.column) == ("not-utf8", 1, 16)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_not_utf8_counts_lines_as_yaml_does(newline: bytes) -> None:
    finding = _only(newline.join([b"title: x", b"goals: [a]", "owner: Zoë ".encode() + b"\xfe"]))
    assert (finding.line, finding.column) == (3, 12)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_forbidden_character_is_placed_as_yaml_places_it(newline: str) -> None:
    finding = _only(newline.join(["title: x", "owner: Zoë \x01"]).encode())
    assert (finding.code, finding.line, finding.column) == ("yaml-syntax", 2, 12)


def test_cr_only_positions_agree_with_yaml_findings_of_the_same_file() -> None:
    """A YAML error and a bad byte at the same place of a CR-only file get the same line and column."""
    head = "\r".join(["title: x", "goals: [a]", "stages: [a]", "owner: Zoë"]).encode()
    syntax = _only(head + b": x\r")
    undecodable = _only(head + b"\xff: x\r")
    assert syntax.code == "yaml-syntax" and undecodable.code == "not-utf8"
    assert (syntax.line, syntax.column) == (undecodable.line, undecodable.column) == (4, 11)


def test_a_tab_after_cr_only_lines_is_still_called_a_tab() -> None:
    finding = _only(b"title: x\rstages:\r\t- a\r")
    assert finding.code == "tab"
    assert (finding.line, finding.column) == (3, 1)


def test_control_characters_are_escaped_so_a_finding_stays_on_one_line() -> None:
    assert one_line("a\nb\r\tc\x1b[31m\x85\u2028") == "a\\nb\\r\\tc\\x1b[31m\\x85\\u2028"
    finding = Finding("odd\nname.journey.yaml", 2, 3, Level.ERROR, "yaml-syntax", "bad\rthing")
    assert str(finding) == "odd\\nname.journey.yaml:2:3: error[yaml-syntax] bad\\rthing"


def test_a_newline_in_a_file_name_keeps_one_finding_per_line(tmp_path: Path, cli: Callable[..., Result]) -> None:
    folder = tmp_path / "two\nlines"
    folder.mkdir()
    (folder / "bad\nname.journey.yaml").write_bytes(b"title: Caf\xc3\xa9 \xff\n")
    (folder / "other\rone.journey.yaml").write_bytes(b"title: [\n")
    result = cli("check", folder)
    assert result.exit_code == 1
    lines = result.out.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].endswith(
        "bad\\nname.journey.yaml:1:13: error[not-utf8] byte 0xff is not UTF-8; save the file "
        "as UTF-8 (most editors: 'Save with encoding')"
    )
    assert "two\\nlines" in lines[0] and "other\\rone.journey.yaml:2:1: error[yaml-syntax]" in lines[1]
    assert lines[2] == "2 files checked: 2 errors, 0 warnings"
    data = json.loads(REPORTERS["json"]([Finding(str(folder / "x"), 1, 1, Level.ERROR, "c", "m")], 1))
    assert data["findings"][0]["path"] == str(folder / "x")  # JSON keeps the real name, escaped by JSON itself


def test_a_newline_in_an_output_name_keeps_the_usage_message_on_one_line(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    result = cli("render", tmp_path / "no\nsuch.journey.yaml")
    assert result.exit_code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "no\\nsuch.journey.yaml: no such file" in result.err
