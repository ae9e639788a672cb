"""Fit: how much room text takes on a slide (Arial's widths, greedy word wrap), so every box is sized for its text.

Slides are drawn in Arial (Liberation Sans where Arial is missing, with the same widths). No font
file is read: the widths of Arial's characters are in a table here, with a margin for what the
table does not know, so a box sized from them holds its text in PowerPoint and in LibreOffice.
"""

from __future__ import annotations

from collections.abc import Sequence

# Advance widths of Arial (Helvetica's metrics) in thousandths of the font size, for printable ASCII.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space !"#$%&'()*+,-./
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0-9 : ; < = > ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ A-O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P-Z [ \ ] ^ _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` a-o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p-z { | } ~
)  # fmt: skip
_OTHER_WIDTH = 700  # letters with accents are as wide as their base letter; this covers the wider rest
_WIDE = {"…": 1000, "→": 1000, "—": 1000, "–": 556, "−": 584, "·": 278, "’": 222, "‘": 222, "“": 333, "”": 333}
SAFETY = 1.08  # kerning, hinting and the renderer's rounding: a line is taken this much wider than the table says
BOLD = 1.1  # Arial Bold is up to a tenth wider than Arial
LINE_SPACING = 1.2  # a line's height, in font sizes (PowerPoint's and LibreOffice's single spacing)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in points of `text` on one line at `size` points."""
    total = 0
    for character in text:
        code = ord(character)
        if 32 <= code < 127:
            total += _ASCII_WIDTHS[code - 32]
        else:
            total += _WIDE.get(character, _OTHER_WIDTH)
    return total / 1000 * size * SAFETY * (BOLD if bold else 1.0)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` points, between words, and inside a word only when it
    is wider than a line by itself (as PowerPoint and LibreOffice break it). Line breaks in `text` are kept.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for written in paragraph.split():
            word = written
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while len(word) > 1 and text_width(word, size, bold=bold) > width:
                cut = 1
                while cut < len(word) and text_width(word[: cut + 1], size, bold=bold) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def lines_needed(text: str, width: float, size: float, *, bold: bool = False) -> int:
    return len(wrap(text, width, size, bold=bold))


def text_height(lines: int, size: float) -> float:
    """The height in points of `lines` lines at `size` points."""
    return lines * size * LINE_SPACING


def fitting_size(
    paragraphs: Sequence[str],
    width: float,
    height: float,
    sizes: Sequence[float],
    *,
    bold: bool = False,
    gap: float = 0.0,
) -> float | None:
    """The first (largest) of `sizes` at which `paragraphs` fit a `width` x `height` box, None if none does.

    `gap` is the space after each paragraph, in font sizes.
    """
    for size in sizes:
        needed = sum(text_height(lines_needed(text, width, size, bold=bold), size) + gap * size for text in paragraphs)
        if needed <= height:
            return size
    return None


def shortened(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """`text` on one line of `width` points: whole if it fits, else cut at a word and ended with "…"."""
    if text_width(text, size, bold=bold) <= width:
        return text
    words = text.split()
    while words:
        candidate = " ".join(words) + "…"
        if text_width(candidate, size, bold=bold) <= width:
            return candidate
        words.pop()
    kept = ""
    for character in text:
        if text_width(kept + character + "…", size, bold=bold) > width:
            break
        kept += character
    return kept + "…"
