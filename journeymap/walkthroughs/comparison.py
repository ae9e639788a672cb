"""Comparison: a journey as designed next to the same journey as employees experienced it on their walks.

Employees walk a journey as a customer would and record what each step cost them. Comparing
those records with the design shows where the designed journey and the experienced one part ways.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.graph import JourneyGraph
from journeymap.model import Severity, Step, Walkthrough
from journeymap.results import FrozenDict, Result

UNRATED = "unrated"
SEVERITIES = (Severity.LOW.value, Severity.MEDIUM.value, Severity.HIGH.value, UNRATED)


@dataclass(frozen=True)
class Participant:
    """Who walked the journey, and when."""

    name: str
    role: str | None
    date: datetime.date


@dataclass(frozen=True)
class RecordedFinding:
    """Something that went wrong for one participant at one step."""

    text: str
    severity: Severity | None
    participant: str

    def to_dict(self) -> dict[str, Any]:
        severity = self.severity.value if self.severity is not None else None
        return {"text": self.text, "severity": severity, "participant": self.participant}


@dataclass(frozen=True)
class TouchpointComparison:
    """One designed touchpoint next to every record of it; effort delta > 0: harder than designed."""

    touchpoint: str
    title: str
    stage: str
    designed_channel: str
    designed_effort: int | None
    experienced_effort: float | None  # mean over the records that rate effort
    effort_delta: float | None
    walked: int  # records of this touchpoint; a loop walked twice counts twice
    completion_rate: float | None  # share of records completed; None when nobody walked it
    channels_used: FrozenDict[str, int]  # channel -> records, only channels other than the designed one
    findings: tuple[RecordedFinding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "touchpoint": self.touchpoint,
            "title": self.title,
            "stage": self.stage,
            "designed_channel": self.designed_channel,
            "designed_effort": self.designed_effort,
            "experienced_effort": self.experienced_effort,
            "effort_delta": self.effort_delta,
            "walked": self.walked,
            "completion_rate": self.completion_rate,
            "channels_used": dict(self.channels_used),
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True)
class UnplannedStep:
    """A step a participant took that the journey does not design, after the touchpoint named in `after`."""

    participant: str
    title: str
    channel: str | None
    effort: int | None
    completed: bool
    after: str | None  # the touchpoint walked just before, None at the start of the walk
    findings: tuple[RecordedFinding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "participant": self.participant,
            "title": self.title,
            "channel": self.channel,
            "effort": self.effort,
            "completed": self.completed,
            "after": self.after,
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True, repr=False)
class JourneyComparison(Result):
    """Every walkthrough of one journey held against its design; see `compare`."""

    journey: str
    title: str
    walkthroughs: int
    participants: tuple[Participant, ...]  # by date, then name
    touchpoints: tuple[TouchpointComparison, ...]  # in journey order, unwalked ones included
    unplanned_steps: tuple[UnplannedStep, ...]
    findings_by_severity: FrozenDict[str, int]  # low, medium, high, unrated

    def to_dict(self) -> dict[str, Any]:
        return {
            "journey": self.journey,
            "title": self.title,
            "walkthroughs": self.walkthroughs,
            "participants": [
                {"participant": person.name, "role": person.role, "date": person.date.isoformat()}
                for person in self.participants
            ],
            "touchpoints": [point.to_dict() for point in self.touchpoints],
            "unplanned_steps": [step.to_dict() for step in self.unplanned_steps],
            "findings_by_severity": dict(self.findings_by_severity),
        }


def compare(journey_graph: JourneyGraph, walkthroughs: Sequence[Walkthrough]) -> JourneyComparison:
    """The designed journey next to what its walkthroughs recorded; walkthroughs of other journeys are left out.

    The walkthroughs must have passed `check_against_journey`: a step naming a touchpoint the
    journey lacks is a programming error here (ValueError), not a user's mistake.
    """
    journey = journey_graph.journey
    walks = sorted(
        (walk for walk in walkthroughs if walk.journey == journey.id), key=lambda walk: (walk.date, walk.participant)
    )
    records: dict[str, list[tuple[Step, str]]] = {point.id: [] for point in journey.touchpoints}
    unplanned: list[UnplannedStep] = []
    severities: Counter[str] = Counter()
    for walk in walks:
        after: str | None = None
        for step in walk.steps:
            severities.update(finding.severity.value if finding.severity else UNRATED for finding in step.findings)
            if step.is_unplanned:
                unplanned.append(_unplanned(step, walk.participant, after))
                continue
            if step.touchpoint not in records:
                raise ValueError(f"{walk.participant}'s walkthrough names {step.touchpoint!r}, not in {journey.id!r}")
            records[step.touchpoint].append((step, walk.participant))
            after = step.touchpoint
    touchpoints = tuple(
        _touchpoint_comparison(journey_graph, i, records[journey.touchpoints[i].id])
        for i in journey_graph.in_journey_order
    )
    return JourneyComparison(
        journey=journey.id or "",
        title=journey.title,
        walkthroughs=len(walks),
        participants=tuple(Participant(walk.participant, walk.role, walk.date) for walk in walks),
        touchpoints=touchpoints,
        unplanned_steps=tuple(unplanned),
        findings_by_severity=FrozenDict({severity: severities[severity] for severity in SEVERITIES}),
    )


def _recorded_findings(step: Step, participant: str) -> tuple[RecordedFinding, ...]:
    return tuple(RecordedFinding(finding.text, finding.severity, participant) for finding in step.findings)


def _unplanned(step: Step, participant: str, after: str | None) -> UnplannedStep:
    return UnplannedStep(
        participant=participant,
        title=step.title or "",
        channel=step.channel,
        effort=step.effort,
        completed=step.completed,
        after=after,
        findings=_recorded_findings(step, participant),
    )


def _touchpoint_comparison(graph: JourneyGraph, index: int, records: list[tuple[Step, str]]) -> TouchpointComparison:
    point = graph.touchpoints[index]
    efforts = [step.effort for step, _ in records if step.effort is not None]
    experienced = statistics.fmean(efforts) if efforts else None
    delta = experienced - point.effort if experienced is not None and point.effort is not None else None
    used = Counter(step.channel for step, _ in records if step.channel is not None and step.channel != point.channel)
    return TouchpointComparison(
        touchpoint=point.id,
        title=point.title,
        stage=point.stage,
        designed_channel=point.channel,
        designed_effort=point.effort,
        experienced_effort=experienced,
        effort_delta=delta,
        walked=len(records),
        completion_rate=sum(step.completed for step, _ in records) / len(records) if records else None,
        channels_used=FrozenDict(sorted(used.items(), key=lambda item: (-item[1], item[0]))),
        findings=tuple(finding for step, who in records for finding in _recorded_findings(step, who)),
    )
