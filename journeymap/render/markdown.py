"""Markdown: text written by designers made safe for a pull-request comment or a Markdown table cell.

GitHub renders Markdown and some HTML in comments; a touchpoint's idea or title must read as
the text it is, never become a link (not even by autolinking a bare URL), a heading, an image,
a table column or a tag.
"""

from __future__ import annotations

import re

# The characters GitHub-flavoured Markdown reads as markup inside a line (emphasis, code, links,
# images, strike-through, table cells) and the HTML specials. Line-start markup (`#`, `-`, `1.`)
# needs no escape: an escaped text never starts a line of our output.
_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&])")


# What GitHub's autolinking (and linkify in other GFM renderers) turns into a link without any markup: a scheme's
# `://`, an e-mail's `@`, and the dot of a domain (`www.example.com`, even a bare `example.com`). Written as
# character references they show the same and link nothing: autolinking reads the text between references.
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9])(:(?=//)|@(?=[A-Za-z0-9])|\.(?=[A-Za-z]))")
_REFERENCES = {":": "&#58;", "@": "&#64;", ".": "&#46;"}


def escape(text: str) -> str:
    """One line of literal text: markup characters escaped, line breaks as spaces, HTML specials as entities,
    and bare URLs, domains and e-mail addresses kept from becoming links."""
    flat = " ".join(text.split())
    return _AUTOLINK.sub(lambda match: _REFERENCES[match.group()], _SPECIAL.sub(_escape_one, flat))


def _escape_one(match: re.Match[str]) -> str:
    character = match.group(1)
    entities = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;"}
    return entities.get(character, "\\" + character)


def table(rows: list[list[str]], right_aligned: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """A Markdown table whose first row is the header; cells must already be escaped."""
    header, *body = rows
    rule = ["---:" if k in right_aligned else "---" for k in range(len(header))]
    return ["| " + " | ".join(row) + " |" for row in [header, rule, *body]]
