"""Escaping: the one place user text is made safe for markup (DOT labels, SVG/XML, HTML pages, Mermaid).

Every renderer that writes markup takes its escaping from here, so a character that breaks one
format is handled the same way in all of them: characters XML cannot carry (control characters,
lone surrogates, U+FFFE/U+FFFF) become U+FFFD, the replacement mark, instead of making a document
malformed; markup characters become entities, so no text can add elements, attributes or nodes.
"""

from __future__ import annotations

import html
import re

# Characters XML 1.0 cannot carry, and so neither SVG nor Graphviz's HTML-like labels: the
# complement of XML's Char production, written out (compiling the complement costs 6 ms a start).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_characters(text: str) -> str:
    """Text with every character XML cannot carry replaced by U+FFFD (shown as a replacement mark)."""
    return _NOT_XML.sub(REPLACEMENT, text)


def xml_text(text: str) -> str:
    """User text as XML/SVG character data or a quoted attribute value: shows literally, adds no markup."""
    return html.escape(xml_characters(text), quote=True)


def html_text(text: str) -> str:
    """Text for an HTML page before Jinja2 autoescapes it: only the characters no page should carry go."""
    return xml_characters(text)


def dot_label(text: str) -> str:
    """User text as the content of a Graphviz HTML-like label: shows literally, adds no markup, nodes or attributes.

    Graphviz first decodes the XML (so & < > " ' become entities), then still replaces
    escapes such as \\N (the node's name) and \\G inside the text; doubling every
    backslash keeps them literal. Newlines become line breaks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = xml_characters(text)
    text = html.escape(text.replace("\\", "\\\\"), quote=True)
    return text.replace("\n", "<BR/>")


# Punctuation that means nothing to Mermaid inside a quoted label, a journey task or a title.
PLAIN_PUNCTUATION = frozenset(" .,'!?-/+*=@_·→…")
# Mermaid hides entities behind these while it draws (`ﬂ°°` for `&#`, `ﬂ°` for `&`, `¶ß` for `;`).
_MERMAID_PLACEHOLDERS = re.compile("ﬂ|¶(?=ß)")


def mermaid_text(text: str, *, keep: frozenset[str] = PLAIN_PUNCTUATION) -> str:
    """User text as Mermaid shows it literally: every character but letters, digits and `keep` as `#NNN;`.

    Newlines and control characters are escaped too (control characters, which SVG
    cannot hold, first become U+FFFD), so the text always stays on its own line.
    Mermaid hides entities behind `ﬂ°°`, `ﬂ°` and `¶ß` while it draws, and turns those
    back into `&#`, `&` and `;` in the finished SVG, even where the user wrote them: the
    ligature `ﬂ` is written as the two letters `fl`, and a word joiner (U+2060, invisible)
    goes between `¶` and `ß`, so no text can become an entity.
    """
    return "".join(
        character if character.isalnum() or character in keep else f"#{ord(character)};"
        for character in _drawable(text)
    )


def _drawable(text: str) -> str:
    """Text without characters no SVG can hold, and without Mermaid's entity placeholders (see `mermaid_text`)."""
    return _MERMAID_PLACEHOLDERS.sub(lambda match: "fl" if match.group() == "ﬂ" else "¶\u2060", xml_characters(text))


# Mermaid runs the front matter's title through an HTML sanitiser and shows what it serialises: `<script>...`
# would vanish and `&` would read `&amp;`. These three are written as their full-width look-alikes there.
_SANITISED_IN_TITLES = str.maketrans({"<": "\uff1c", ">": "\uff1e", "&": "\uff06"})


def yaml_text(text: str) -> str:
    """Text as a YAML double-quoted string for Mermaid's front matter, every special character a `\\u` escape.

    Mermaid shows the front matter's title without decoding `#35;` entities, but it looks
    for `%%{...}%%` directives anywhere: so `%`, braces, quotes and the rest never appear
    in the line itself. `<`, `>` and `&`, which Mermaid's sanitiser would eat or spell out,
    become their full-width look-alikes (U+FF1C, U+FF1E, U+FF06).
    """
    text = _drawable(text).translate(_SANITISED_IN_TITLES)
    escaped = "".join(
        character
        if character.isalnum() or character in PLAIN_PUNCTUATION
        else f"\\u{ord(character):04X}"
        if ord(character) <= 0xFFFF
        else f"\\U{ord(character):08X}"
        for character in text
    )
    return f'"{escaped}"'


# Characters a CSS string may hold as they are; every other one is written as a hex escape.
_CSS_PLAIN = frozenset(" .,:!?-_()/+=@·→…")


def css_string(text: str) -> str:
    """User text as a double-quoted CSS string (e.g. `content:` of a page header) that shows it literally.

    Letters, digits, spaces and plain punctuation stay; every other character (quotes,
    backslashes, newlines, `<`, `>`, `&`, braces, semicolons) becomes a six-digit CSS escape
    `\\00003c`, which no following character can extend. Control characters and the rest XML
    cannot carry first become U+FFFD. So the string can neither end early nor close the
    `<style>` element it stands in, and holds nothing an HTML parser reads as markup.
    """
    escaped = "".join(
        character if character.isalnum() or character in _CSS_PLAIN else f"\\{ord(character):06x}"
        for character in xml_characters(text)
    )
    return f'"{escaped}"'
