"""Reporters: findings as text, JSON or GitHub Actions annotations, picked by name."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

from journeymap.findings import Finding, LeftOut, errors, warnings
from journeymap.render.text import plural

JSON_FORMAT_VERSION = 1
"""`format_version`, the first key of every JSON object the commands print; raised only when a key changes
meaning or goes away (new keys do not raise it)."""


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
    def __call__(
        self, findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = (), root: str | None = None
    ) -> str: ...


def text(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = (), root: str | None = None) -> str:
    return "".join(f"{finding}\n" for finding in findings) + summary(findings, files, left_out) + "\n"


def as_json(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = (), root: str | None = None) -> str:
    import json  # only when asked for: `check` prints text by default

    return (
        json.dumps(
            {
                "format_version": JSON_FORMAT_VERSION,
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


def repository_path(path: str, root: str | None) -> str:
    """`path` as GitHub names a file of the pull request: relative to the repository `root`, normalised,
    with `/` (no `./`, no `..`). A file outside `root` (or without one) keeps its normalised path.
    """
    if root is None:
        return os.path.normpath(path).replace(os.sep, "/")
    absolute, top = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([absolute, top]) != top:
        return os.path.normpath(path).replace(os.sep, "/")
    return os.path.relpath(absolute, top).replace(os.sep, "/")


def github(findings: Sequence[Finding], files: int, left_out: Sequence[LeftOut] = (), root: str | None = None) -> str:
    """GitHub Actions workflow commands, so findings show on the pull request's lines.

    Paths are relative to `root`, the repository's top folder, as GitHub needs them to attach an annotation.
    """
    lines = [
        f"::{finding.level.value} file={_escape_property(repository_path(finding.path, root))},line={finding.line},"
        f"col={finding.column},title={_escape_property(finding.code)}::{_escape_data(finding.message)}\n"
        for finding in findings
    ]
    return "".join(lines) + summary(findings, files, left_out) + "\n"


REPORTERS: dict[str, Reporter] = {"text": text, "json": as_json, "github": github}
