"""Printed map: the pages of a journey map on paper as one HTML document, for Chromium to print as one PDF; pure.

Every page is a real sheet (A4 or A3, portrait or landscape) with the journey's title and "page N
of M" at its top; each part of a map split at stage boundaries (see `pictures.pages`) gets a page
of its own, all drawn at one scale, the largest at which every part fits its page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from journeymap.render.escaping import css_string, html_text
from journeymap.render.paper import MARGIN, SMALLEST_TEXT, Page

HEADER = 28.0  # points at the top of a page for its title and number, above the map
HEADER_FONT = "font: 9pt Helvetica, Arial, sans-serif; color: #444;"
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def svg_size(svg: str) -> tuple[float, float]:
    """The natural width and height in points of an SVG drawn by `dot`."""
    match = _SIZE.search(svg)
    if match is None:
        raise ValueError("an SVG drawn by dot gives its width and height in points")
    return float(match.group(1)), float(match.group(2))


def map_room(sheet: Page) -> Page:
    """The sheet less its header: a page whose printable area is the room the map has under the header
    (2 points to spare, so that no rounding starts a page)."""
    return Page(sheet.name, sheet.width, sheet.height - HEADER - 2)


def common_scale(sizes: Sequence[tuple[float, float]], sheet: Page) -> float:
    """The one scale at which each picture (width, height in points) fits the page under its header."""
    width, height = map_room(sheet).printable
    return min(min(width / w, height / h) for w, h in sizes)


def smallest_text(scale: float) -> float:
    """The size in points of the map's smallest text printed at `scale`."""
    return SMALLEST_TEXT * scale


def printed_map(title: str, svgs: Sequence[str], sheet: Page, scale: float) -> str:
    """The HTML document: one page per SVG (already made accessible and free of scripts), each at `scale`."""
    orientation = "landscape" if sheet.width > sheet.height else "portrait"
    paper = sheet.name.split()[0]
    pages = []
    for svg in svgs:
        width, height = svg_size(svg)
        inline = re.sub(r"\A.*?(?=<svg[\s>])", "", svg, count=1, flags=re.DOTALL)
        sized = inline.replace("<svg", f'<svg style="width: {width * scale:.2f}pt; height: {height * scale:.2f}pt"', 1)
        pages.append(f'<section class="sheet">{sized}</section>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{html_text(title)}</title>
<style>
@page {{
  size: {paper} {orientation};
  margin: {MARGIN + HEADER:.2f}pt {MARGIN:.2f}pt {MARGIN:.2f}pt;
  @top-left {{ content: {css_string(title)}; {HEADER_FONT} }}
  @top-right {{ content: "page " counter(page) " of " counter(pages); {HEADER_FONT} }}
}}
html, body {{ margin: 0; padding: 0; background: #fff; }}
.sheet {{ break-after: page; display: flex; justify-content: center; }}
.sheet:last-child {{ break-after: auto; }}
.sheet svg {{ display: block; }}
</style>
</head>
<body>
{"".join(pages)}
</body>
</html>
"""
