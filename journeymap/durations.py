"""Durations: `90m`, `1.5h`, `2d` in the files, seconds everywhere else."""

from __future__ import annotations

import math
import re
from typing import Any

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


def parse_duration(value: Any) -> float:
    """Seconds in a duration text; raises ValueError with the fix for anything else."""
    if isinstance(value, int | float):
        raise ValueError(f"{value} has no unit: write e.g. {value}m or {value}h (units s, m, h, d, w)")
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a duration: write a number with a unit s, m, h, d or w, e.g. 15m or 1.5h")
    seconds = float(match.group(1)) * UNITS[match.group(2)]
    if not math.isfinite(seconds):
        shown = value if len(value) <= 20 else value[:17] + "..."
        raise ValueError(f"{shown!r} is longer than any journey can take: write a realistic duration")
    return seconds


def format_duration(seconds: float) -> str:
    """The largest unit that shows the duration in a short number: 5400 -> '1.5h'."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    for unit in ("w", "d", "h", "m"):
        amount = seconds / UNITS[unit]
        if amount >= 1 and round(amount, 1) == round(amount, 6):
            return f"{sign}{amount:g}{unit}"
    for unit in ("d", "h", "m"):
        if seconds >= UNITS[unit]:
            return f"{sign}{seconds / UNITS[unit]:.1f}{unit}"
    return f"{sign}{seconds:g}s"
