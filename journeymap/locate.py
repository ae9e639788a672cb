"""Locate: the one place a problem found on the model gets its level and its `file:line:column`.

Rules and checks say where a problem lies by model path (`("touchpoints", 3, "next", 1)`); here
that path is looked up in the loaded document, which remembers where each value was written.
A path deeper than the file (a default, a short form like `next: [pay]`) points at the deepest
part that is written; a path the file does not write at all points at the problem's fallback.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from journeymap.findings import LINE_OF_SEE, Finding, ModelPath, Problem
from journeymap.loader import Document


def locate(document: Document, problem: Problem) -> Finding:
    """The finding of `problem` in `document`, printed as `path:line:col: level[code] message`."""
    path = problem.path
    if problem.fallback is not None and not written(document.data, path):
        path = problem.fallback
    line, column = document.position(path, key=problem.key)
    message = problem.message
    if problem.see is not None:
        message = message.replace(LINE_OF_SEE, str(document.position(problem.see)[0]))
    return Finding(document.path, line, column, problem.level, str(problem.code), message)


def locate_all(document: Document, problems: Iterable[Problem]) -> list[Finding]:
    return [locate(document, problem) for problem in problems]


def written(data: Any, path: ModelPath) -> bool:
    """Whether the file itself writes the value at `path` (not a default filled in by the model)."""
    for part in path:
        inside_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        inside_mapping = isinstance(data, dict) and isinstance(part, str) and part in data
        if not (inside_list or inside_mapping):
            return False
        data = data[part]
    return True
