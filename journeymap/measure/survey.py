"""Surveys: a CSV export (also Qualtrics' three header rows and SurveyMonkey's two) read into CES, CSAT and NPS
per touchpoint, with 95 % intervals, response rates and the designed effort held against the measured one.

Only the statistics leave this module; no respondent's row is ever written out. A value outside its scale is
an error naming its line and column.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass

from journeymap.errors import InputNotFoundError, JourneymapError
from journeymap.measure.results import SurveyRow
from journeymap.measure.stats import mean_interval, net_promoter
from journeymap.model import Journey

SCALES = {"ces": (1, 7), "csat": (1, 5), "nps": (0, 10)}
LARGEST_SURVEY = 200 * 1024 * 1024
"""A survey export is read whole; one over 200 MB is refused (convert it, or measure a sample)."""
COMPRESSED = {b"\x1f\x8b": "gzip", b"PK\x03\x04": "zip", b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"(\xb5/\xfd": "zstd"}


class SurveyError(JourneymapError):
    """A survey export that cannot be read: not CSV, not UTF-8, compressed, too large, a value off its scale."""


@dataclass(frozen=True)
class Responses:
    """The scores per touchpoint and score name, in the order read, and what the file could not place."""

    scores: dict[tuple[str, str], list[float]]
    invited: dict[str, int]
    unknown: dict[str, int]  # touchpoint values that name no touchpoint -> responses


def read_survey(path: str, journey: Journey, touchpoint_column: str = "touchpoint") -> Responses:
    """The responses of the survey export at `path`, placed at the journey's touchpoints (ids or `events` names)."""
    text = _text(path)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise SurveyError(f"{path}: the survey is empty")
    header = [cell.strip().lower() for cell in rows[0]]
    skip = _extra_header_rows(rows)
    if touchpoint_column.lower() not in header:
        raise SurveyError(
            f"{path}:1: no column {touchpoint_column!r} naming the touchpoint; name yours with --touchpoint-column COL"
        )
    where = header.index(touchpoint_column.lower())
    score_columns = {name: header.index(name) for name in SCALES if name in header}
    if not score_columns:
        raise SurveyError(f"{path}:1: no score column: name one ces (1..7), csat (1..5) or nps (0..10)")
    invited_column = header.index("invited") if "invited" in header else None
    places = {point.id: point.id for point in journey.touchpoints}
    for point in journey.touchpoints:
        for name in point.events:
            places.setdefault(name, point.id)
    scores: dict[tuple[str, str], list[float]] = {}
    invited: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for number, row in enumerate(rows[1 + skip :], start=2 + skip):
        if not any(cell.strip() for cell in row):
            continue
        name = row[where].strip() if where < len(row) else ""
        place = places.get(name)
        if place is None:
            unknown[name] = unknown.get(name, 0) + 1
            continue
        for score, column in score_columns.items():
            cell = row[column].strip() if column < len(row) else ""
            if cell:
                scores.setdefault((place, score), []).append(_value(cell, score, path, number, column))
        if invited_column is not None and invited_column < len(row) and row[invited_column].strip():
            invited[place] = _count(row[invited_column].strip(), path, number, invited_column)
    return Responses(scores, invited, unknown)


def _text(path: str) -> str:
    if not os.path.isfile(path):
        raise InputNotFoundError(f"{path}: no such file")
    size = os.path.getsize(path)
    if size > LARGEST_SURVEY:
        raise SurveyError(f"{path}: {size // (1024 * 1024)} MB is too large for a survey export (at most 200 MB)")
    with open(path, "rb") as file:
        data = file.read()
    for magic, kind in COMPRESSED.items():
        if data.startswith(magic):
            raise SurveyError(f"{path}: the file is {kind}-compressed; unpack it and give the CSV inside")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SurveyError(f"{path}:{line}: the file is not UTF-8; export or save it as UTF-8 CSV") from None


def _extra_header_rows(rows: list[list[str]]) -> int:
    """Header rows under the column names: Qualtrics writes two (question texts, ImportIds), SurveyMonkey one."""
    if len(rows) > 2 and any(cell.strip().startswith('{"ImportId"') for cell in rows[2]):
        return 2
    if len(rows) > 1 and any(cell.strip() in {"Response", "Open-Ended Response"} for cell in rows[1]):
        return 1
    return 0


def _value(cell: str, score: str, path: str, line: int, column: int) -> float:
    low, high = SCALES[score]
    try:
        value = float(cell.replace(",", "."))
    except ValueError:
        value = float("nan")
    if math.isnan(value) or not low <= value <= high or value != int(value):
        raise SurveyError(
            f"{path}:{line}:{column + 1}: {score} must be a whole number from {low} to {high}; export the numeric "
            "values of the answers, not their texts"
        )
    return value


def _count(cell: str, path: str, line: int, column: int) -> int:
    try:
        count = int(cell)
    except ValueError:
        count = 0
    if count < 1:
        raise SurveyError(f"{path}:{line}:{column + 1}: invited must be a whole number of at least 1")
    return count


def survey_rows(responses: Responses, journey: Journey, invited: int | None = None) -> tuple[SurveyRow, ...]:
    """The statistics of every touchpoint and score with at least one response, in file order, then ces, csat, nps."""
    found = []
    for point in journey.touchpoints:
        for score in SCALES:
            values = responses.scores.get((point.id, score))
            if not values:
                continue
            asked = responses.invited.get(point.id, invited)
            found.append(_row(point.id, score, values, point.effort, asked))
    return tuple(found)


def _row(point: str, score: str, values: list[float], designed: int | None, invited: int | None) -> SurveyRow:
    if score == "nps":
        mean, low, high = net_promoter(values)
        return SurveyRow(point, score, len(values), mean, low, high, None, None, False, invited)
    mean, low_or_none, high_or_none = mean_interval(values)
    if score != "ces":
        return SurveyRow(point, score, len(values), mean, low_or_none, high_or_none, None, None, False, invited)
    off = (
        designed is not None
        and low_or_none is not None
        and high_or_none is not None
        and not 8 - high_or_none <= designed <= 8 - low_or_none
    )
    return SurveyRow(point, score, len(values), mean, low_or_none, high_or_none, 8 - mean, designed, off, invited)
