"""Findings: located errors and warnings, the one currency every stage reports in."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from journeymap.codes import Code, ErrorCode

LINE_OF_SEE = "\x00line\x00"
"""Stands in a problem's message for the line of its `see` place; `journeymap.locate` fills it in."""

ModelPath = tuple[str | int, ...]
"""Where in the model a problem lies, as keys and 0-based list positions: ("touchpoints", 3, "next", 1)."""

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


@dataclass(frozen=True)
class Problem:
    """A finding before it has a place in a file: its code, the model path it concerns, and the message.

    Rules and checks work on the model and yield problems; `journeymap.locate` is the one place that
    gives them their level (from the code) and their `file:line:column` (from the path).
    """

    code: Code
    path: ModelPath
    message: str
    key: bool = False  # point at the key (`effort:`) rather than its value
    fallback: ModelPath | None = None  # where to point when the file does not write `path` at all
    see: ModelPath | None = None  # another place the message refers to, by its line (LINE_OF_SEE in the message)

    @property
    def level(self) -> Level:
        return Level.ERROR if isinstance(self.code, ErrorCode) else Level.WARNING


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.is_error]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.is_error]


@dataclass(frozen=True)
class LeftOut:
    """Touchpoints of one journey that the scores leave out (no customer reaches them), for `check`'s summary."""

    journey: str
    touchpoints: int
    of: int
