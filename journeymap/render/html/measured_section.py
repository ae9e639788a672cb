"""The report's "Designed vs measured" section: the measured shares on the diagram's arrows, the largest
differences, undesigned moves, drop-outs, survey effort against the designed effort, and the caution.

Made from `Measurement.to_json()`, so counts below --min-cases are withheld here as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from journeymap.graph import JourneyGraph
from journeymap.measure.results import headlines
from journeymap.render.html.environment import inline_svg, trusted_svg
from journeymap.render.measured import caution_text, count, interval, share
from journeymap.render.text import number

LARGEST_DIFFERENCES = 10


@dataclass(frozen=True)
class MeasuredRow:
    move: str
    designed: str
    measured: str
    interval: str
    moves: str
    off: bool


@dataclass(frozen=True)
class SurveyEffortRow:
    touchpoint: str
    score: str
    responses: str
    mean: str
    interval: str
    effort: str
    designed_effort: str
    off: bool


@dataclass(frozen=True)
class MeasuredSection:
    summary: str  # cases, events, period, or why there is no section
    diagram: Markup | None
    differences: tuple[MeasuredRow, ...]
    undesigned: tuple[MeasuredRow, ...]
    drop_outs: tuple[tuple[str, str], ...]  # touchpoint title, count
    survey: tuple[SurveyEffortRow, ...]
    cautions: tuple[str, ...]
    off_count: int
    problem: str | None = None  # the measurement could not be made: the message, and nothing else is shown


def diagram_notes(graph: JourneyGraph, data: dict[str, Any]) -> tuple[tuple[int, int, str, bool], ...]:
    """(source, target, measured text, off) for every designed transition measured: for `DiagramOptions.measured`."""
    index = graph.index
    notes = []
    for row in data.get("transitions", []):
        if row["designed"] and row["measurable"]:
            text = share(row["share"]) if row["share"] is not None else count(row, "moves")
            notes.append((index[row["from"]], index[row["to"]], text, bool(row["off"])))
    return tuple(notes)


def _title(graph: JourneyGraph, point: str) -> str:
    return graph.touchpoints[graph.index[point]].title if point in graph.index else point


def _row(graph: JourneyGraph, row: dict[str, Any]) -> MeasuredRow:
    return MeasuredRow(
        move=f"{_title(graph, row['from'])} → {_title(graph, row['to'])}",
        designed=share(row["designed_share"]),
        measured=share(row["share"]) if row["moves"] is not None else count(row, "moves"),
        interval=interval(row),
        moves=count(row, "moves"),
        off=bool(row["off"]),
    )


def measured_section(graph: JourneyGraph, data: dict[str, Any], svg: str | None) -> MeasuredSection:
    """The section for a journey measured as `data` (`Measurement.to_json()`), `svg` its diagram with both shares."""
    found = headlines(data)
    if "cases" in data:
        period = data["period"]
        summary = f"{count(data, 'cases')} cases, {count(data, 'events')} events, {period['from']} to {period['to']}"
    else:
        summary = "Survey only: no event log is named."
    survey = tuple(
        SurveyEffortRow(
            touchpoint=_title(graph, row["touchpoint"]),
            score=row["score"].upper(),
            responses=count(row, "responses"),
            mean="—" if row["mean"] is None else number(row["mean"], 1 if row["score"] == "nps" else 2),
            interval="—" if row["low"] is None else f"{number(row['low'], 1)}–{number(row['high'], 1)}",
            effort="—" if row["effort"] is None else number(row["effort"], 2),
            designed_effort="—" if row["designed_effort"] is None else str(row["designed_effort"]),
            off=bool(row["off"]),
        )
        for row in data.get("survey", [])
    )
    return MeasuredSection(
        summary=summary,
        diagram=trusted_svg(inline_svg(svg)) if svg is not None else None,
        differences=tuple(_row(graph, row) for row in found.differences[:LARGEST_DIFFERENCES]),
        undesigned=tuple(_row(graph, row) for row in found.undesigned),
        drop_outs=tuple((_title(graph, row["touchpoint"]), count(row, "drop_outs")) for row in found.drop_outs),
        survey=survey,
        cautions=tuple(caution_text(row | {"touchpoint": _title(graph, row["touchpoint"])}) for row in found.cautions),
        off_count=len(found.off),
    )


def unmeasured_section(problem: str) -> MeasuredSection:
    """The section when the evidence could not be measured: says why, so the rest of the page still builds."""
    return MeasuredSection("", None, (), (), (), (), (), 0, problem)
