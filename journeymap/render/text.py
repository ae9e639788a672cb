"""Text: how numbers read wherever journeymap shows them, so the terminal, the diagram and the report agree.

One rule per kind of number: a share of customers reads the same in the score
table, on a diagram's arrow, in its description for screen readers and on the
report page.
"""

from __future__ import annotations

import math

SMALLEST_ROUNDED_PERCENT = 0.05  # below this a share would round to 0%, though some customers go that way
LARGEST_IN_FULL = 1e9  # from here on a score is shown with its power of ten


def percent(share: float) -> str:
    """A share as a percentage: whole where that is exact enough (70%), else one decimal (30.6%).

    A share too small to show that way keeps its first two digits (0.04%), so a way some
    customers take never reads 0%.
    """
    value = _shown(share) * 100
    if 0 < value < SMALLEST_ROUNDED_PERCENT:
        return f"{value:.2g}%"
    if abs(value - round(value)) < SMALLEST_ROUNDED_PERCENT:
        return f"{round(value)}%"
    return f"{value:.1f}%"


def number(value: float, decimals: int = 2) -> str:
    """A score or a mean as the tables show it: 4.50 (or 4.5 with one decimal); from a billion on 2.00e+18.

    Loops that customers pass millions of times give such numbers; written out in full
    they would be too long to read and to compare.
    """
    if abs(_shown(value)) >= LARGEST_IN_FULL:
        return f"{value:.{decimals}e}"
    return f"{value:.{decimals}f}"


def _shown(value: float) -> float:
    """Only finite numbers are shown: the scores refuse to compute NaN or infinity, so one here is a bug."""
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a number journeymap shows; the scores should have refused it")
    return value


def plural(count: float, word: str, plural_word: str | None = None) -> str:
    """A count with its noun: "1 touchpoint", "3 touchpoints", "2 channel switches" (irregular plurals given)."""
    shown = str(count) if isinstance(count, int) else f"{count:g}"
    return f"{shown} {word if count == 1 else plural_word or word + 's'}"


def signed(value: float, decimals: int = 0) -> str:
    """A value with its sign, as people write a change: +1, 0, and negatives with a real minus sign (U+2212).

    A value that shows as zero at the given decimals has no sign, so there is never a negative zero.
    """
    shown = f"{abs(value):.{decimals}f}"
    if float(shown) == 0:
        return shown
    return f"+{shown}" if value > 0 else f"−{shown}"
