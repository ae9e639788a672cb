"""Reporters: findings as text, JSON or GitHub Actions annotations, picked by name."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from journeymap.findings import Finding


def summary(findings: Sequence[Finding], files: int) -> str:
    errors = sum(1 for finding in findings if finding.is_error)
    warnings = len(findings) - errors
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    return f"{checked}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def text(findings: Sequence[Finding], files: int) -> str:
    return "".join(f"{finding}\n" for finding in findings) + summary(findings, files) + "\n"


def as_json(findings: Sequence[Finding], files: int) -> str:
    return (
        json.dumps(
            {
                "files": files,
                "errors": sum(1 for finding in findings if finding.is_error),
                "warnings": sum(1 for finding in findings if not finding.is_error),
                "findings": [
                    {
                        "path": finding.path,
                        "line": finding.line,
                        "column": finding.column,
                        "level": finding.level.value,
                        "code": finding.code,
                        "message": finding.message,
                    }
                    for finding in findings
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], files: int) -> str:
    """GitHub Actions workflow commands, so findings show on the pull request's lines."""
    lines = [
        f"::{finding.level.value} file={_escape_property(finding.path)},line={finding.line},"
        f"col={finding.column},title={_escape_property(finding.code)}::{_escape_data(finding.message)}\n"
        for finding in findings
    ]
    return "".join(lines) + summary(findings, files) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Finding], int], str]] = {"text": text, "json": as_json, "github": github}
