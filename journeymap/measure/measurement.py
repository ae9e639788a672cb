"""A measurement from start to end: the evidence chosen (options over `evidence:`), the log aggregated on its
engine, the survey read, and the design held against both. The one function `measure` and the API call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from journeymap.graph import JourneyGraph
from journeymap.measure.design import activity_map, compared, without_exits
from journeymap.measure.results import Measurement

DEFAULT_MIN_CASES = 10


@dataclass(frozen=True)
class Evidence:
    """What to measure against; paths as given (the command line's) or relative to the journey (`evidence:`)."""

    events: str | None = None
    survey: str | None = None
    case: str | None = None
    activity: str | None = None
    time: str | None = None
    invited: int | None = None
    touchpoint_column: str = "touchpoint"


def evidence_of(graph: JourneyGraph, journey_path: str, given: Evidence) -> Evidence:
    """The options given, each one left out filled in from the journey's `evidence:` (its paths made relative to here)."""
    named = graph.journey.evidence
    if named is None:
        return given
    folder = os.path.dirname(journey_path)

    def beside(path: str | None) -> str | None:
        return None if path is None else os.path.join(folder, path) if "://" not in path else path

    return Evidence(
        events=given.events or beside(named.events),
        survey=given.survey or beside(named.survey),
        case=given.case or named.case,
        activity=given.activity or named.activity,
        time=given.time or named.time,
        invited=given.invited or named.invited,
        touchpoint_column=given.touchpoint_column,
    )


def measure(
    graph: JourneyGraph, evidence: Evidence, *, min_cases: int = DEFAULT_MIN_CASES, engine: str = "duckdb"
) -> Measurement:
    """The journey held against its event log and survey. Raises LogError, SurveyError or MissingExtraError."""
    journey = graph.journey
    order = tuple(point.id for point in journey.touchpoints)
    counts = None
    transitions = ()
    if evidence.events is not None:
        from journeymap.measure.log import connect, open_log
        from journeymap.measure.query import aggregate

        con = connect(engine)
        columns = {"case": evidence.case, "activity": evidence.activity, "time": evidence.time}
        is_table = engine != "duckdb" and engine != "spark" and not os.path.exists(evidence.events)
        log = open_log(con, evidence.events, columns, is_table=is_table)
        counts = without_exits(graph, aggregate(log.table, activity_map(journey)))
        transitions = compared(graph, counts)
    survey = ()
    notes: tuple[str, ...] = ()
    if evidence.survey is not None:
        from journeymap.measure.survey import read_survey, survey_rows

        responses = read_survey(evidence.survey, journey, evidence.touchpoint_column)
        survey = survey_rows(responses, journey, evidence.invited)
        if responses.unknown:
            names = sorted(responses.unknown.items(), key=lambda item: (-item[1], item[0]))
            notes = (
                "survey responses at no touchpoint of the journey (left out): "
                + ", ".join(f"{name!r}" if name else "(empty)" for name, _ in names[:10]),
            )
    assert journey.id is not None
    return Measurement(journey.id, min_cases, order, counts, transitions, survey, evidence.invited, notes)
