"""Results of a measurement: what the engine counted (aggregates only) and the design held against it.

Pure data. Privacy lives in `to_json`: every output (table, Markdown, HTML, JSON) is made from it, so a
count below `min_cases` is never shown anywhere, and no case id, timestamp or raw row is ever held here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LogCounts:
    """What one aggregation of an event log returns: counts and percentiles, never a row."""

    events: int
    cases: int
    first: datetime.date | None
    last: datetime.date | None
    unmapped: tuple[tuple[str, int], ...]  # (activity, events), most events first, ties by name
    entry: dict[str, int]  # touchpoint -> cases that start there
    cases_at: dict[str, int]  # touchpoint -> cases that visit it
    visits: dict[str, int]
    drop_outs: dict[str, int]
    moves: dict[tuple[str, str], int]  # (from, to) -> moves
    move_cases: dict[tuple[str, str], int]  # (from, to) -> cases that made the move at least once
    durations: dict[tuple[str, str], tuple[float | None, float | None]]  # median and 90th percentile, seconds


@dataclass(frozen=True)
class MeasuredTransition:
    source: str
    target: str
    designed: bool
    designed_share: float | None
    moves: int
    cases: int
    share: float | None
    low: float | None
    high: float | None
    off: bool
    measurable: bool = True  # False for a designed loop to the same touchpoint: a log shows it as one visit


@dataclass(frozen=True)
class SurveyRow:
    touchpoint: str
    score: str  # ces | csat | nps
    responses: int
    mean: float
    low: float | None
    high: float | None
    effort: float | None
    designed_effort: float | None
    off: bool
    invited: int | None = None

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.invited if self.invited else None


CAUTION_BELOW = 0.3
"""Below a 30 % response rate the caution is shown: the very pleased and the very displeased answer most."""


@dataclass(frozen=True)
class Measurement:
    journey: str
    min_cases: int
    touchpoint_order: tuple[str, ...]
    counts: LogCounts | None
    transitions: tuple[MeasuredTransition, ...] = ()
    survey: tuple[SurveyRow, ...] = ()
    invited: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def _count(self, value: int) -> int | None:
        return value if value >= self.min_cases else None

    def to_json(self) -> dict[str, Any]:
        """The measurement as the format's "Measurement as JSON" says, counts below `min_cases` withheld."""
        k = self.min_cases
        shown: dict[str, Any] = {"journey": self.journey, "min_cases": k}
        counts = self.counts
        if counts is not None:
            shown |= _hidden({"cases": counts.cases, "events": counts.events}, k)
            shown["period"] = {
                "from": counts.first.isoformat() if counts.first else None,
                "to": counts.last.isoformat() if counts.last else None,
            }
            shown["unmapped"] = [_hidden({"activity": name, "events": n}, k, "events") for name, n in counts.unmapped]
            entry = sorted(counts.entry.items(), key=lambda item: (-item[1], item[0]))
            shown["entry"] = [_hidden({"touchpoint": point, "cases": n}, k, "cases") for point, n in entry]
            shown["touchpoints"] = [
                _hidden(
                    {
                        "touchpoint": point,
                        "cases": counts.cases_at.get(point, 0),
                        "visits": counts.visits.get(point, 0),
                        "drop_outs": counts.drop_outs.get(point, 0),
                    },
                    k,
                    "cases",
                    "visits",
                    "drop_outs",
                )
                for point in self.touchpoint_order
            ]
            shown["transitions"] = [
                _transition(move, k) for move in self.transitions if move.designed or move.cases >= k
            ]
            shown["durations"] = [
                {"from": a, "to": b, "moves": counts.moves[(a, b)], "median_s": median, "p90_s": p90}
                for (a, b), (median, p90) in _in_order(counts.durations, self.touchpoint_order)
                if counts.moves.get((a, b), 0) >= k and counts.move_cases.get((a, b), 0) >= k
            ]
        if self.survey:
            shown["survey"] = [_survey(row, k) for row in self.survey]
        return shown


def _in_order(
    durations: dict[tuple[str, str], tuple[float | None, float | None]], order: tuple[str, ...]
) -> list[tuple[tuple[str, str], tuple[float | None, float | None]]]:
    position = {point: i for i, point in enumerate(order)}
    return sorted(durations.items(), key=lambda item: (position.get(item[0][0], 0), position.get(item[0][1], 0)))


def _hidden(values: dict[str, Any], k: int, *keys: str) -> dict[str, Any]:
    """`values` with each count of `keys` (all ints when none named) below k as null, and `fewer_than: k` then."""
    names = keys or tuple(key for key, value in values.items() if isinstance(value, int))
    hidden = [key for key in names if values[key] is not None and 0 < values[key] < k]
    if not hidden:
        return values
    return {**{key: (None if key in hidden else value) for key, value in values.items()}, "fewer_than": k}


def _transition(move: MeasuredTransition, k: int) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "from": move.source,
        "to": move.target,
        "designed": move.designed,
        "designed_share": move.designed_share,
        "moves": move.moves,
        "share": move.share,
        "low": move.low,
        "high": move.high,
        "off": move.off,
        "measurable": move.measurable,
    }
    if 0 < move.moves < k:
        shown |= {"moves": None, "share": None, "low": None, "high": None, "off": False, "fewer_than": k}
    return shown


def _survey(row: SurveyRow, k: int) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "touchpoint": row.touchpoint,
        "score": row.score,
        "responses": row.responses,
        "mean": row.mean,
        "low": row.low,
        "high": row.high,
        "effort": row.effort,
        "designed_effort": row.designed_effort,
        "off": row.off,
        "invited": row.invited,
        "response_rate": row.response_rate,
        "caution": row.response_rate is not None and row.response_rate < CAUTION_BELOW,
    }
    if row.responses < k:
        shown |= {"responses": None, "mean": None, "low": None, "high": None, "effort": None, "off": False}
        shown |= {"response_rate": None, "fewer_than": k}
    return shown


@dataclass(frozen=True)
class Headlines:
    """What a reader of a measurement needs first, picked from its JSON (so withheld counts stay withheld)."""

    off: list[dict[str, Any]]  # designed transitions whose designed share lies outside the interval, largest gap first
    differences: list[dict[str, Any]]  # designed transitions with a measured share, largest gap first
    undesigned: list[dict[str, Any]]  # observed moves the design does not have, most moves first
    never_taken: list[dict[str, Any]]  # designed transitions nobody took, though customers came to their source
    drop_outs: list[dict[str, Any]]  # touchpoints where cases ended without reaching an exit, most first
    effort_off: list[dict[str, Any]]  # survey CES rows whose measured effort contradicts the designed effort
    cautions: list[dict[str, Any]]  # survey rows with a response rate below 30 %


def _gap(row: dict[str, Any]) -> float:
    return abs(float(row["share"]) - float(row["designed_share"]))


def headlines(data: dict[str, Any]) -> Headlines:
    """The headlines of `Measurement.to_json()`: its rows sorted by what matters, nothing recomputed."""
    transitions = data.get("transitions", [])
    designed = [row for row in transitions if row["designed"] and row["share"] is not None]
    differences = sorted(designed, key=lambda row: -_gap(row))
    undesigned = sorted(
        (row for row in transitions if not row["designed"] and row["moves"] is not None), key=lambda row: -row["moves"]
    )
    never = [row for row in transitions if row["designed"] and row["moves"] == 0 and row["measurable"]]
    never = [row for row in never if row["share"] is not None]
    # a withheld count (null) is more than 0 and fewer than min_cases: listed after the counted ones
    drops = [row for row in data.get("touchpoints", []) if row["drop_outs"] is None or row["drop_outs"] > 0]
    drops = sorted(drops, key=lambda row: -(row["drop_outs"] or 0))
    survey = data.get("survey", [])
    return Headlines(
        off=[row for row in differences if row["off"]],
        differences=differences,
        undesigned=undesigned,
        never_taken=never,
        drop_outs=drops,
        effort_off=[row for row in survey if row["off"]],
        cautions=[row for row in survey if row["caution"]],
    )
