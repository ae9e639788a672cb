"""Durations: `90m`, `1.5h`, `2d` in the files, seconds everywhere else, and the words people type ("1 hour 20")."""

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


# Words people type for each unit (English and Dutch), for answers typed into the recorder and the studio.
_SPOKEN_UNITS = {
    "s": ("s", "sec", "secs", "second", "seconds", "sec.", "seconde", "seconden"),
    "m": ("m", "min", "mins", "min.", "minute", "minutes", "minuut", "minuten"),
    "h": ("h", "hr", "hrs", "hour", "hours", "u", "uur", "uren"),
    "d": ("d", "day", "days", "dag", "dagen"),
    "w": ("w", "wk", "wks", "week", "weeks", "weken"),
}
_UNIT_OF_WORD = {word: unit for unit, words in _SPOKEN_UNITS.items() for word in words}
LONGEST_ANSWER = 10 * 365 * UNITS["d"]  # a typed answer longer than ten years is a typing slip
_NEXT_SMALLER = {"w": "d", "d": "h", "h": "m", "m": "s"}
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z.]+)?")


def parse_spoken_duration(text: str) -> str:
    """A duration as people type it, as the files write it: '10 minutes'->'10m', '1 hour 20'->'80m', '1,5 uur'->'1.5h'.

    Several parts add up, in the smallest unit named; a bare number after a unit counts in the next
    smaller unit ('1 hour 20' is 80 minutes). Raises ValueError, quoting the text as typed, with
    what to type instead.
    """
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    words = text.strip().lower()
    parts: list[tuple[float, str]] = []
    named = False  # whether the last part named its unit
    position = 0
    while position < len(words):
        gap = re.match(r"[\s,&+]*(?:(?:and|en)\s+)?", words[position:])
        position += gap.end() if gap else 0
        if position >= len(words):
            break
        match = _PART.match(words, position)
        if match is None:
            raise ValueError(_not_a_duration(shown))
        number, word = float(match.group(1).replace(",", ".")), match.group(2)
        if word is None:
            if not parts:
                raise ValueError(
                    f"{shown!r} has no unit: write it with one, e.g. {match.group(1)} minutes or {match.group(1)}m"
                )
            previous = parts[-1][1]
            if not named or previous not in _NEXT_SMALLER:
                raise ValueError(_not_a_duration(shown))
            unit = _NEXT_SMALLER[previous]
        elif word in _UNIT_OF_WORD:
            unit = _UNIT_OF_WORD[word]
        else:
            raise ValueError(_not_a_duration(shown))
        parts.append((number, unit))
        named = word is not None
        position = match.end()
    if not parts:
        raise ValueError(_not_a_duration(shown))
    if len(parts) == 1:
        number, unit = parts[0]
    else:
        unit = min((unit for _, unit in parts), key=lambda unit: UNITS[unit])
        number = sum(amount * UNITS[part_unit] for amount, part_unit in parts) / UNITS[unit]
    if number * UNITS[unit] > LONGEST_ANSWER:
        raise ValueError(f"{shown!r} is longer than any journey can take: write a realistic duration")
    return f"{number:.6f}".rstrip("0").rstrip(".") + unit


def _not_a_duration(shown: str) -> str:
    return f"{shown!r} is not a duration: write a number and a unit, e.g. 10 minutes, 1 hour 20 or 90 sec"


_UNIT_WORDS = (("w", "week"), ("d", "day"), ("h", "hour"), ("m", "minute"), ("s", "second"))


def duration_in_words(seconds: float) -> str:
    """A duration as a person says it: 4800 -> '1 hour 20 minutes', 90 -> '1 minute 30 seconds'."""
    if seconds != int(seconds) or seconds <= 0:
        return format_duration(seconds)
    left = int(seconds)
    parts = []
    for unit, word in _UNIT_WORDS:
        amount, left = divmod(left, UNITS[unit])
        if amount:
            parts.append(f"{amount} {word}{'' if amount == 1 else 's'}")
    return " ".join(parts)
