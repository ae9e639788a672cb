"""Findings: located errors and warnings, the one currency every stage reports in."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Characters that would end or garble a line of output: C0 and C1 controls, DEL, and Unicode's line and
# paragraph separators. A file name may hold any of them; a printed finding stays on one line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`), so it prints as one line."""
    return _UNPRINTABLE.sub(lambda match: _NAMED.get(match.group(), _escape(ord(match.group()))), text)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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
        return one_line(f"{self.path}:{self.line}:{self.column}: {self.level.value}[{self.code}] {self.message}")


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.is_error]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.is_error]
