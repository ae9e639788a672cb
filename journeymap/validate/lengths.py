"""Lengths: a text no page can hold is an error (`too-long`): a title over 500 characters, any other over 10 000.

Checked on the located raw data before the model is built, so a 2 MB title is one located
error at once instead of a 31 MB page and a report that takes seconds per journey.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from journeymap.codes import ErrorCode
from journeymap.findings import Finding
from journeymap.loader import Document

MAX_TITLE = 500
MAX_TEXT = 10_000


def too_long(document: Document) -> list[Finding]:
    """Every text in `document` longer than its limit, located at the text."""
    return [
        document.error(location, ErrorCode.TOO_LONG, _message(location, size))
        for location, size in _long_texts(document.data, ())
    ]


def _long_texts(value: Any, location: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], int]]:
    if isinstance(value, str):
        limit = MAX_TITLE if location and location[-1] == "title" else MAX_TEXT
        if len(value) > limit:
            yield location, len(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _long_texts(item, (*location, str(key)))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _long_texts(item, (*location, number))


def _message(location: tuple[str | int, ...], size: int) -> str:
    if location and location[-1] == "title":
        return (
            f"the title is {size} characters long, and a title may have at most {MAX_TITLE}: "
            "shorten it to what a map's box can show"
        )
    return (
        f"this text is {size} characters long, and a text may have at most {MAX_TEXT}: "
        "shorten it, or keep the long text elsewhere and sum it up here"
    )
