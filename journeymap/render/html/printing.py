"""Printing: the page a report is printed on (A4 or A3, landscape) and what each printed page carries on top.

The stylesheet `print.css` holds the print layout; this module gives the per-page rules
`base.html.j2` writes beside it: the paper size, the printable area (for fitting the diagram
and charts to one page) and the page header with the page's title, a CSS string made safe by
`escaping.css_string`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from journeymap.render.escaping import css_string
from journeymap.render.paper import PAPERS, POINTS_PER_INCH

DEFAULT_PAPER = "A4"
MILLIMETRES_PER_INCH = 25.4
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 14, 10, 10  # mm; the page header stands in the top margin


@dataclass(frozen=True)
class Printing:
    """A landscape sheet of `paper` and the area inside its margins, in millimetres."""

    paper: str
    width: int
    height: int

    @property
    def printable_width(self) -> int:
        return self.width - 2 * MARGIN_SIDE

    @property
    def printable_height(self) -> int:
        return self.height - MARGIN_TOP - MARGIN_BOTTOM


def printing(paper: str = DEFAULT_PAPER) -> Printing:
    """The landscape sheet `paper` names (A4, A3)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    short, long = (round(points / POINTS_PER_INCH * MILLIMETRES_PER_INCH) for points in PAPERS[paper])
    return Printing(paper, long, short)


COLOPHON = "Made with journeymap {version}. Effort runs from 1 (effortless) to 7 (very hard), emotion from −2 to +2."


def page_rules(title: str, paper: str = DEFAULT_PAPER, version: str | None = None) -> Markup:
    """The `@page` rules of one page: its size and margins, a header with `title` and "page N of M", and,
    given the `version` that made it, the page's colophon as a footer on every printed page.
    """
    sheet = printing(paper)
    footer = f"  @bottom-left {{ content: {css_string(COLOPHON.format(version=version))}; }}\n" if version else ""
    return Markup(
        f"@page {{ size: {sheet.paper} landscape; margin: {MARGIN_TOP}mm {MARGIN_SIDE}mm {MARGIN_BOTTOM}mm;\n"
        f"  @top-left {{ content: {css_string(title)}; }}\n"
        '  @top-right { content: "page " counter(page) " of " counter(pages); }\n'
        f"{footer}"
        "}\n"
        f":root {{ --print-width: {sheet.printable_width}mm; --print-height: {sheet.printable_height}mm; }}\n"
    )
