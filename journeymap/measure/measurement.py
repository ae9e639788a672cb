"""A measurement from start to end: the evidence chosen (options over `evidence:`), the log aggregated on its
engine, the survey read, and the design held against both. The one function `measure` and the API call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journeymap.errors import JourneymapError
from journeymap.graph import JourneyGraph
from journeymap.measure.design import activity_map, compared, without_exits
from journeymap.measure.results import MeasuredTransition, Measurement, SurveyRow

if TYPE_CHECKING:
    from journeymap.project import JourneyFile

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
    """The options given, each one left out filled in from the journey's `evidence:` (paths relative to the journey)."""
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
    transitions: tuple[MeasuredTransition, ...] = ()
    if evidence.events is not None:
        from journeymap.measure.log import connect, open_log
        from journeymap.measure.query import aggregate

        con = connect(engine)
        columns = {"case": evidence.case, "activity": evidence.activity, "time": evidence.time}
        is_table = engine not in {"duckdb", "spark"} and not os.path.exists(evidence.events)
        log = open_log(con, evidence.events, columns, is_table=is_table)
        counts = without_exits(graph, aggregate(log.table, activity_map(journey)))
        transitions = compared(graph, counts)
    survey: tuple[SurveyRow, ...] = ()
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


COPY_HEADER = "# The design of "


def measure_file(
    file: JourneyFile,
    given: Evidence,
    *,
    min_cases: int = DEFAULT_MIN_CASES,
    engine: str = "duckdb",
    write: str | None = None,
) -> tuple[Measurement, str | None]:
    """Measure a loaded, valid journey file against `given` (filled in from its `evidence:`); with `write`, write the
    copy with the measured shares there (after everything else worked, so nothing is written on failure).
    """
    graph = file.graph
    assert graph is not None and file.document is not None
    evidence = evidence_of(graph, file.path, given)
    if evidence.events is None and evidence.survey is None:
        raise NothingToMeasureError(
            f"{file.path}: nothing to measure against: give --events and/or --survey, or name them under `evidence:`"
        )
    if write is not None:
        if evidence.events is None:
            raise NothingToMeasureError("--write writes the measured shares: it needs an event log (--events)")
        _writable(write, file.path)
    measured = measure(graph, evidence, min_cases=min_cases, engine=engine)
    if write is None:
        return measured, None
    from journeymap.measure.copy import measured_copy
    from journeymap.output import write_atomic

    text = measured_copy(file.document.data, graph, measured)
    write_atomic(write, text)
    return measured, text


class NothingToMeasureError(JourneymapError):
    """What was asked of `measure` cannot be done as asked: nothing to measure, a copy without a log."""


def _writable(path: str, journey_path: str) -> None:
    """The copy may replace an earlier copy, never the designed journey or any other file."""
    from journeymap.errors import DestinationError

    if os.path.exists(path) and os.path.samefile(path, journey_path):
        raise DestinationError(f"{path}: the designed journey itself; --write names a new file for the measured copy")
    if os.path.isdir(path):
        raise DestinationError(f"{path}: a folder; --write names a file, e.g. claims.measured.journey.yaml")
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as existing:
            if not existing.read(len(COPY_HEADER)) == COPY_HEADER:
                raise DestinationError(
                    f"{path}: already exists and is no copy written by `measure --write`; journeymap never "
                    "overwrites it: choose another name"
                )
