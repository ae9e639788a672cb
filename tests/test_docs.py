"""The docs keep up with the code: every command, warning and error code is documented."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from journeymap.checks import CHECKS
from journeymap.cli import COMMANDS, build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
CHECKS_DOC = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
SOURCE = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "journeymap").rglob("*.py"))


def documented_error_codes() -> list[str]:
    table = FORMAT.split("## Checks", 1)[1]
    return sorted(
        {
            code
            for row in table.splitlines()
            if row.startswith("| `")
            for code in re.findall(r"`([a-z0-9-]+)`", row.split("|")[1])
        }
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme_and_has_help(command: str) -> None:
    assert f"`journeymap {command}" in README
    subcommands = next(action for action in build_parser()._actions if action.dest == "command")
    parser = subcommands.choices[command]  # type: ignore[index]
    assert parser.description and parser.format_help()


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_warning_is_documented_with_its_reason(code: str) -> None:
    check = CHECKS[code]
    assert check.when and check.why, f"the docstring of {code} needs a 'when' line and a reason"
    assert f"| `{code}` | {check.when} | {check.why} |" in CHECKS_DOC, "regenerate the table in docs/checks.md"


def test_every_documented_error_code_is_raised_somewhere() -> None:
    codes = documented_error_codes()
    assert len(codes) >= 20
    for code in codes:
        assert f'"{code}"' in SOURCE, f"{code} is documented but never used"


def test_every_error_code_used_in_the_code_is_documented() -> None:
    location = r"(?:\([^()]*\)|\[[^\]]*\]|[a-z_]+)"
    used = set(re.findall(r"\.error\(\s*" + location + r'\s*,\s*"([a-z-]+)"', SOURCE))
    used |= set(re.findall(r'Level\.ERROR, "([a-z-]+)"', SOURCE))
    used |= set(re.findall(r'self\.problem\(\s*[a-z_]+\s*,\s*"([a-z-]+)"', SOURCE))
    assert used, "the patterns above no longer find the error codes"
    assert used <= set(documented_error_codes()), f"undocumented: {sorted(used - set(documented_error_codes()))}"
