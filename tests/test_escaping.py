"""The one escaping module: every markup we write stays well-formed and shows user text literally."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.render.charts import CurvePoint, EffortPair, effort_comparison_chart, effort_emotion_curve
from journeymap.render.escaping import REPLACEMENT, dot_label, html_text, xml_characters, xml_text
from journeymap.render.html.environment import environment

CONTROL_TITLE = "Signs\x01 the <offer> & \x1b[31m \ufffe\ud800 done"


def test_a_title_with_a_control_character_keeps_the_effort_curve_well_formed_xml() -> None:
    svg = effort_emotion_curve([CurvePoint(CONTROL_TITLE, 3, 1), CurvePoint("Pays", 2, None)])
    root = ElementTree.fromstring(svg)  # raises on malformed XML
    texts = "".join(root.itertext())
    assert "\x01" not in svg and "\x1b" not in svg
    assert f"Signs{REPLACEMENT} the <offer> &" in texts


def test_a_title_with_a_control_character_keeps_the_comparison_chart_well_formed_xml() -> None:
    svg = effort_comparison_chart([EffortPair(CONTROL_TITLE, 3, 4.5, 1.5, 2)], title=f"Chart {CONTROL_TITLE}")
    root = ElementTree.fromstring(svg)
    assert "\x01" not in svg
    assert f"Chart Signs{REPLACEMENT} the <offer> &" in "".join(root.itertext())


def test_pages_drop_control_characters_but_keep_trusted_svg() -> None:
    template = environment().from_string("<p>{{ text }}</p>{{ svg }}")
    from journeymap.render.html.environment import trusted_svg

    page = template.render(text=CONTROL_TITLE, svg=trusted_svg("<svg><title>a&amp;b</title></svg>"))
    assert "\x01" not in page and "\ud800" not in page
    assert "Signs\ufffd the &lt;offer&gt; &amp;" in page
    assert "<svg><title>a&amp;b</title></svg>" in page


@given(st.text())
def test_xml_text_is_always_well_formed_and_shows_the_text(text: str) -> None:
    element = ElementTree.fromstring(f'<t a="{xml_text(text)}">{xml_text(text)}</t>')
    expected = xml_characters(text).replace("\r\n", "\n").replace("\r", "\n")
    assert (element.text or "") == expected
    # XML reads a line break (\r\n, \r or \n) as \n first, then as a space inside an attribute.
    assert element.get("a") == expected.replace("\n", " ").replace("\t", " ")


@given(st.text())
def test_dot_labels_add_no_markup_and_keep_backslashes_literal(text: str) -> None:
    label = dot_label(text)
    element = ElementTree.fromstring(f"<l>{label}</l>")
    assert all(child.tag == "BR" for child in element)
    assert "\\N" not in label.replace("\\\\", "")
    assert html_text(text) == xml_characters(text)


def test_xml_characters_keeps_exactly_what_xml_char_allows() -> None:
    # XML 1.0's Char production, https://www.w3.org/TR/xml/#charsets, checked on every code point.
    def allowed(point: int) -> bool:
        return point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD or point >= 0x10000

    every = "".join(map(chr, range(0x110000)))
    expected = "".join(chr(point) if allowed(point) else "\ufffd" for point in range(0x110000))
    assert xml_characters(every) == expected


# --- markdown, as a GFM renderer with linkify shows it ------------------------------------------------------------

MARKDOWN_TEXTS = [
    "See https://example.com/path?x=1 for details",
    "www.example.org has it",
    "mail anna@example.com now",
    "example.com, e.g. the shop",
    "[a link](https://evil.example) and ![img](x.png) and <b>tag</b> | pipe * star _under_ `code`",
    "ftp://files.example.net and http://127.0.0.1:8000/",
    "3.5h at 12.5% of phone-purchase.journey.yaml",
]


@pytest.mark.parametrize("text", MARKDOWN_TEXTS)
def test_markdown_escape_renders_as_the_text_without_links(text: str) -> None:
    """markdown-it-py with linkify (as GitHub autolinks): the escaped text renders as one paragraph of exactly the
    text, with no link, image, emphasis, code or tag in it."""
    import html

    from markdown_it import MarkdownIt

    from journeymap.render import markdown

    renderer = MarkdownIt("gfm-like", {"linkify": True}).enable("linkify")
    rendered = renderer.render(markdown.escape(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    inner = rendered[3:-5]
    assert "<" not in inner.replace("&lt;", ""), rendered  # no element at all: no <a>, <img>, <em>, <code>
    assert html.unescape(inner) == text


@given(st.text(alphabet=st.sampled_from("ab.:/@ w1-"), max_size=30))
def test_markdown_escape_never_links(text: str) -> None:
    from markdown_it import MarkdownIt

    from journeymap.render import markdown

    rendered = MarkdownIt("gfm-like", {"linkify": True}).enable("linkify").render(markdown.escape(text))
    assert "<a " not in rendered
