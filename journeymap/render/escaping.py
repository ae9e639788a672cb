"""Escaping: the one place user text is made safe for markup (DOT labels, SVG/XML, HTML pages).

Every renderer that writes markup takes its escaping from here, so a character that breaks one
format is handled the same way in all of them: characters XML cannot carry (control characters,
lone surrogates, U+FFFE/U+FFFF) become U+FFFD, the replacement mark, instead of making a document
malformed; markup characters become entities, so no text can add elements, attributes or nodes.
"""

from __future__ import annotations

import html
import re

# Characters XML 1.0 cannot carry, and so neither SVG nor Graphviz's HTML-like labels.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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
