"""Paper: page sizes, and how a journey map fits a page so its text stays readable when printed; pure.

A map fits a page when, scaled to the page's printable area, its smallest text is still at least
7 points. One that does not is split over pages at stage boundaries (see `commands/render.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_INCH = 72.0
PAPERS = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55)}
"""Portrait page sizes in points (ISO 216)."""
MARGIN = 28.35  # 10 mm on every side: what office printers can print up to
SMALLEST_TEXT = 8.0  # points: the markers on a touchpoint (INVOICE, EXIT) and in the legend
READABLE = 7.0  # points printed: the least a reader at arm's length reads without effort


@dataclass(frozen=True)
class Page:
    """A sheet of paper, in points, as it will be printed."""

    name: str
    width: float
    height: float

    @property
    def printable(self) -> tuple[float, float]:
        return self.width - 2 * MARGIN, self.height - 2 * MARGIN


def page(paper: str, *, landscape: bool = False) -> Page:
    """The page `paper` names (A4, A3), portrait unless `landscape`."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    width, height = PAPERS[paper]
    if landscape:
        width, height = height, width
    return Page(f"{paper} {'landscape' if landscape else 'portrait'}", width, height)


def scale_to_fit(width: float, height: float, sheet: Page) -> float:
    """The factor that makes a picture of `width` x `height` points fill the printable area, keeping proportions."""
    if width <= 0 or height <= 0:
        raise ValueError("a picture has a positive width and height")
    room_width, room_height = sheet.printable
    return min(room_width / width, room_height / height)


def smallest_printed_text(scale: float) -> float:
    """The size in points of the smallest text of a map printed at `scale`."""
    return SMALLEST_TEXT * scale


def readable(scale: float) -> bool:
    return smallest_printed_text(scale) >= READABLE


def fit_attributes(sheet: Page) -> dict[str, str]:
    """Graphviz graph attributes that scale the drawing (up or down) to fill the printable area of `sheet`.

    The picture keeps its proportions, so it fills the area's width or its height; the margin
    around it is the printer's. No padding is added, which would make it larger than the area.
    """
    room_width, room_height = sheet.printable
    return {
        "size": f"{room_width / POINTS_PER_INCH:.3f},{room_height / POINTS_PER_INCH:.3f}!",
        "pad": "0",
        "margin": "0",
    }
