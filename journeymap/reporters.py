"""Reporters: findings as text, JSON or GitHub Actions annotations, picked by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journeymap.findings import Finding, errors, warnings
from journeymap.render.text import plural


def summary(findings: Sequence[Finding], files: int) -> str:
    failed = len(errors(findings))
    counts = f"{plural(failed, 'error')}, {plural(len(findings) - failed, 'warning')}"
    return f"{plural(files, 'file')} checked: {counts}"


def text(findings: Sequence[Finding], files: int) -> str:
    return "".join(f"{finding}\n" for finding in findings) + summary(findings, files) + "\n"


def as_json(findings: Sequence[Finding], files: int) -> str:
    import json  # only when asked for: `check` prints text by default

    return (
        json.dumps(
            {
                "files": files,
                "errors": len(errors(findings)),
                "warnings": len(warnings(findings)),
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
