"""Syntax hints: the common YAML mistakes explained, at the line the writer must change, with a one-line fix.

libyaml reports where it got stuck, which is often a line after the mistake and always in
parser words ("did not find expected '-' indicator"). For the mistakes people make while editing
by hand — a key or list item indented wrongly, `effort:2` without a space, a quote or bracket left
open, a colon inside unquoted text — `explain` names the mistake and the fix, and keeps libyaml's
wording as a detail at the end. Anything else is left to the loader's general message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
_NO_SPACE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/].*)$")
_ITEM_LINE = re.compile(r"^(?P<indent> *)- ")
_QUOTES = {'"': "double", "'": "single"}


@dataclass(frozen=True)
class Hint:
    """Where to fix a syntax error (1-based, as editors count) and what to write."""

    line: int
    column: int
    message: str


def explain(error: Any, text: str) -> Hint | None:
    """The hint for a libyaml `MarkedYAMLError` on `text`, or None when it is not a common mistake."""
    problem_mark, context_mark = error.problem_mark, error.context_mark
    if problem_mark is None:
        return None
    lines = re.split(r"\r\n|\r|\n", text)
    detail = f"(YAML said: {error.problem}{f', {error.context}' if error.context else ''})"
    for finder in (_missing_space, _open_quote, _text_after_quote, _open_bracket, _colon_in_text, _indentation):
        found = finder(lines, problem_mark, context_mark, error)
        if found is not None:
            line, column, message = found
            return Hint(line, column, f"{message} {detail}")
    return None


Found = tuple[int, int, str] | None


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _missing_space(lines: list[str], problem: Any, context: Any, error: Any) -> Found:
    """`effort:2` is one text, not a key and a value: libyaml stumbles on the line after it."""
    candidates = [context.line] if context is not None else []
    candidates += [problem.line, problem.line - 1]
    for index in candidates:
        match = _NO_SPACE.match(_line(lines, index))
        if match is not None and not match["value"].startswith(("//", "\\")):
            written = f"{match['key']}:{match['value'].strip()}"
            fixed = f"{match['key']}: {match['value'].strip()}"
            column = _line(lines, index).index(match["key"]) + 1
            return index + 1, column, f"`{written}` needs a space after the colon: write `{fixed}`"
    return None


def _open_quote(lines: list[str], problem: Any, context: Any, error: Any) -> Found:
    """A quote opened and never closed: libyaml reads on to the end of the file."""
    if context is None or error.context != "while scanning a quoted scalar":
        return None
    quote = _line(lines, context.line)[context.column : context.column + 1]
    kind = _QUOTES.get(quote, "a")
    message = f"the {kind} quote {quote} opened here is never closed: end the text with {quote} on this line"
    return context.line + 1, context.column + 1, message


def _text_after_quote(lines: list[str], problem: Any, context: Any, error: Any) -> Found:
    """`title: 'it's'`: the quote ends at the apostrophe and the rest is left over."""
    text = _line(lines, problem.line)
    before = text[: problem.column].rstrip()
    match = _KEY_LINE.match(text)
    if match is None or not before.endswith(("'", '"')) or problem.column >= len(text):
        return None
    value = match["rest"].strip()
    if not value.startswith(before[-1]):
        return None
    if before[-1] == "'":
        fix = f"write a ' inside '...' twice ({value[:1]}{value[1:-1].replace(chr(39), chr(39) * 2)}{value[-1:]})"
    else:
        fix = 'write a " inside "..." as \\" or quote the text with \'...\''
    return problem.line + 1, problem.column + 1, f"text goes on after the closing quote: {fix}"


def _open_bracket(lines: list[str], problem: Any, context: Any, error: Any) -> Found:
    """`stages: [buy` without `]`: libyaml notices on a later line."""
    if context is None or error.context not in ("while parsing a flow sequence", "while parsing a flow mapping"):
        return None
    if problem.line == context.line:
        return None
    opened = "[" if "sequence" in error.context else "{"
    closing = "]" if opened == "[" else "}"
    message = f"the {opened} opened here is not closed: end it with {closing} (or write one `- item` per line)"
    return context.line + 1, context.column + 1, message


def _colon_in_text(lines: list[str], problem: Any, context: Any, error: Any) -> Found:
    """`title: Note: call back`: a colon and a space inside unquoted text start a mapping."""
    if error.problem != "mapping values are not allowed in this context":
        return None
    text = _line(lines, problem.line)
    match = _KEY_LINE.match(text)
    if match is None or ": " not in match["rest"] + " ":
        return None
    value = match["rest"].strip()
    if value.startswith(("'", '"', "[", "{")) or text.index(match["key"]) + len(match["key"]) >= problem.column:
        return None
    quoted = "'" + value.replace("'", "''") + "'"
    message = (
        f"a colon and a space inside unquoted text start a new key: put the text in quotes: `{match['key']}: {quoted}`"
    )
    return problem.line + 1, problem.column + 1, message


def _indentation(lines: list[str], problem: Any, context: Any, error: Any) -> Found:
    """A key or list item indented unlike its neighbours: keys of one mapping, items of one list line up."""
    index = problem.line
    text = _line(lines, index)
    if not text.strip():
        index, text = _previous(lines, index)
    if index < 0:
        return None
    previous_index, previous = _previous(lines, index)
    if previous_index < 0:
        return None
    item, above_item = _ITEM_LINE.match(text), _ITEM_LINE.match(previous)
    if item is not None:
        sibling_index, sibling = _previous_item(lines, index)
        if sibling_index < 0:
            return None
        have, want = len(item["indent"]), len(_ITEM_LINE.match(sibling)["indent"])  # type: ignore[index]
        if have == want:
            return None
        message = (
            f"this list item is indented {_spaces(have)}, the item on line {sibling_index + 1} {_spaces(want)}: "
            f"items of one list line up; indent the `-` by {_spaces(want)}"
        )
        return index + 1, 1, message
    key = _KEY_LINE.match(text)
    above = _KEY_LINE.match(previous)
    if key is None or above is None:
        return None
    have = len(key["indent"])
    want = len(above["indent"]) + (len(above["dash"]) if above["dash"] else 0)
    if (
        have == want
        or (above["rest"].strip() == "" and have > want)
        or (above_item is not None and have < len(above["indent"]))
    ):
        return None
    message = (
        f"`{key['key']}:` is indented {_spaces(have)}, `{above['key']}:` on the line above {_spaces(want)}: "
        f"keys of one mapping line up; indent it by {_spaces(want)}"
    )
    return index + 1, have + 1, message


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _previous(lines: list[str], index: int) -> tuple[int, str]:
    for before in range(index - 1, -1, -1):
        if lines[before].strip() and not lines[before].lstrip().startswith("#"):
            return before, lines[before]
    return -1, ""


def _previous_item(lines: list[str], index: int) -> tuple[int, str]:
    for before in range(index - 1, -1, -1):
        if _ITEM_LINE.match(lines[before]):
            return before, lines[before]
        if lines[before].strip() and not lines[before].startswith(" "):
            break
    return -1, ""
