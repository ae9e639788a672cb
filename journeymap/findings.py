"""Findings: located errors and warnings, the one currency every stage reports in."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place in one file, printed as `path:line:col: level[code] message`.

    Field order is sort order: findings sort by file, then position, then code.
    Lines and columns are 1-based, as editors count them.
    """

    path: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level.value}[{self.code}] {self.message}"


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.is_error]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.is_error]
