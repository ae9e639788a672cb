"""The docs keep up with the code: every command, warning and error code is documented."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from journeymap.checks import CHECKS, warnings_table
from journeymap.cli import COMMANDS, build_parser
from journeymap.codes import ErrorCode, WarningCode, docs_table
from journeymap.project import load_project

README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
CHECKS_DOC = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
SOURCE = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "journeymap").rglob("*.py"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme_and_has_help(command: str) -> None:
    assert f"`journeymap {command}" in README
    subcommands = next(action for action in build_parser()._actions if action.dest == "command")
    parser = subcommands.choices[command]  # type: ignore[index]
    assert parser.description and parser.format_help()


GENERATED = re.compile(
    r"(<!-- generated from journeymap/codes\.py: (\w+) -->\n)(.*?)(\n<!-- end of generated table -->)", re.S
)
TABLES: dict[str, Callable[[], str]] = {
    "warnings": warnings_table,
    "errors": lambda: docs_table(ErrorCode),
}


@pytest.mark.parametrize("page", ["checks.md", "format.md"])
def test_code_tables_in_the_docs_are_generated_from_the_registry(page: str) -> None:
    """Regenerate with JOURNEYMAP_UPDATE_GOLDEN=1 after changing a code, its description or a check's reason."""
    path = ROOT / "docs" / page
    text = path.read_text(encoding="utf-8")
    tables = GENERATED.findall(text)
    assert tables, f"docs/{page} has no generated table of codes"
    expected = GENERATED.sub(lambda match: match[1] + TABLES[match[2]]() + match[4], text)
    if os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1":
        path.write_text(expected, encoding="utf-8")
    assert text == expected, (
        f"regenerate the tables in docs/{page}: JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/test_docs.py"
    )


def test_every_code_is_in_a_generated_table() -> None:
    shown = {
        match[1]
        for page in ("checks.md", "format.md")
        for match in GENERATED.findall((ROOT / "docs" / page).read_text(encoding="utf-8"))
    }
    assert shown == set(TABLES)


@pytest.mark.parametrize("code", list(CHECKS))
def test_every_warning_has_a_check_with_its_reason(code: WarningCode) -> None:
    check = CHECKS[code]
    assert check.when and len(check.why) > 40, f"the docstring of the {code} check must say why it matters"


def test_every_warning_code_has_a_check() -> None:
    assert list(CHECKS) == list(WarningCode)


def test_no_code_is_written_as_a_string_outside_the_registry() -> None:
    """Codes are used as `ErrorCode.X` / `WarningCode.X`, so a typo is a NameError, not a silent new code."""
    codes = {code.value for code in [*ErrorCode, *WarningCode]}
    offenders = []
    for path in sorted((ROOT / "journeymap").rglob("*.py")):
        if path.name == "codes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for quoted in re.findall(r"[\"']([a-z0-9-]+)[\"']", line):
                if quoted in codes and not _allowed(path, quoted, line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def _allowed(path: Path, quoted: str, line: str) -> bool:
    """Words that are codes but here mean something else: e.g. `trapped` as a graph attribute name."""
    return (path.name, quoted) in {("dot.py", "tab"), ("scoring.py", "unreachable")}  # a shape; a JSON key


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_is_raised_somewhere(code: ErrorCode) -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "journeymap").rglob("*.py"))
    assert f"ErrorCode.{code.name}" in source, f"{code} is in the registry but nothing reports it"


EXAMPLE = re.compile(r"<!-- example: ([a-z-]+) (fails|passes) -->\n```yaml\n(.*?)```", re.S)


def test_every_added_check_has_a_failing_and_a_passing_example() -> None:
    examples = {(code, outcome) for code, outcome, _ in EXAMPLE.findall(CHECKS_DOC)}
    for code in ("early-exit", "inconsistent-owner", "stage-order"):
        assert {(code, "fails"), (code, "passes")} <= examples


@pytest.mark.parametrize(
    ("code", "outcome", "text"), EXAMPLE.findall(CHECKS_DOC), ids=lambda part: part if len(part) < 20 else ""
)
def test_examples_in_checks_md_fire_exactly_their_code(tmp_path: Path, code: str, outcome: str, text: str) -> None:
    path = tmp_path / "example.journey.yaml"
    path.write_text(text, encoding="utf-8")
    findings = load_project([str(path)]).findings
    assert [finding.code for finding in findings] == ([code] if outcome == "fails" else [])
