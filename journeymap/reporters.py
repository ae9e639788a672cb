"""Reporters: findings as text, JSON or GitHub Actions annotations, picked by name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from journeymap.findings import Finding, LeftOut, errors, warnings
from journeymap.render.text import plural


def summary(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = ()) -> str:
    """`2 files checked: 0 errors, 3 warnings; the scores leave out 10 of 27 touchpoints`: what changes the scores."""
    failed = len(errors(findings))
    counts = f"{plural(failed, 'error')}, {plural(len(findings) - failed, 'warning')}"
    return f"{plural(files, 'file')} checked: {counts}{_leaving_out(left_out, files)}"


def _leaving_out(left_out: Sequence[LeftOut], files: int) -> str:
    if not left_out:
        return ""
    if files == 1 and len(left_out) == 1:
        only = left_out[0]
        return f"; the scores leave out {only.touchpoints} of {plural(only.of, 'touchpoint')}"
    parts = [f"{gap.touchpoints} of {plural(gap.of, 'touchpoint')} of {gap.journey}" for gap in left_out]
    return "; the scores leave out " + ", ".join(parts)


class Reporter(Protocol):
    def __call__(self, findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = ()) -> str: ...


def text(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = ()) -> str:
    return "".join(f"{finding}\n" for finding in findings) + summary(findings, files, left_out) + "\n"


def as_json(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = ()) -> str:
    import json  # only when asked for: `check` prints text by default

    return (
        json.dumps(
            {
                "files": files,
                "errors": len(errors(findings)),
                "warnings": len(warnings(findings)),
                "left_out": [
                    {"journey": gap.journey, "touchpoints": gap.touchpoints, "of": gap.of} for gap in left_out
                ],
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


def github(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = ()) -> str:
    """GitHub Actions workflow commands, so findings show on the pull request's lines."""
    lines = [
        f"::{finding.level.value} file={_escape_property(finding.path)},line={finding.line},"
        f"col={finding.column},title={_escape_property(finding.code)}::{_escape_data(finding.message)}\n"
        for finding in findings
    ]
    return "".join(lines) + summary(findings, files, left_out) + "\n"


REPORTERS: dict[str, Reporter] = {"text": text, "json": as_json, "github": github}
