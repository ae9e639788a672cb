"""Durations typed in words ("10 minutes", "1 hour 20", "1,5 uur"): written as the files write them, or refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.durations import UNITS, parse_duration, parse_spoken_duration
from journeymap.recorder import parse_duration_answer


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("10 minutes", "10m"),
        ("10 min", "10m"),
        ("10min", "10m"),
        ("1 hour 20", "80m"),
        ("1h20", "80m"),
        ("1 hour and 20 minutes", "80m"),
        ("90 sec", "90s"),
        ("1,5 uur", "1.5h"),
        ("1 uur en 20 minuten", "80m"),
        ("1.5 h", "1.5h"),
        ("15m", "15m"),
        ("2 days", "2d"),
        ("  3   Weeks ", "3w"),
    ],
)
def test_durations_as_people_type_them(typed: str, written: str) -> None:
    assert parse_spoken_duration(typed) == written
    assert parse_duration_answer(typed) == written


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15", "'15' has no unit: write it with one, e.g. 15 minutes or 15m"),
        ("soon", "'soon' is not a duration: write a number and a unit, e.g. 10 minutes"),
        ("10 minutes later", "'10 minutes later' is not a duration"),  # quoted as typed, spaces kept
        ("1 hour 20 10", "'1 hour 20 10' is not a duration"),
        ("9" * 30 + " weeks", "is longer than any journey can take"),
    ],
)
def test_what_is_not_a_duration_is_refused_as_typed(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_spoken_duration(typed)


WORDS = {"s": ["seconds", "sec"], "m": ["minutes", "min"], "h": ["hours", "uur"], "d": ["days", "dagen"]}


@given(
    st.lists(st.tuples(st.integers(1, 500), st.sampled_from(sorted(WORDS)), st.integers(0, 1)), min_size=1, max_size=3),
    st.sampled_from([" ", " and ", ", "]),
)
def test_parts_add_up_to_the_seconds_they_name(parts: list[tuple[int, str, int]], joiner: str) -> None:
    typed = joiner.join(f"{number} {WORDS[unit][word]}" for number, unit, word in parts)
    expected = sum(number * UNITS[unit] for number, unit, _ in parts)
    assert parse_duration(parse_spoken_duration(typed)) == pytest.approx(expected)
