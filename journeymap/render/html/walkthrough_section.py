"""The walkthrough section of a journey page: customer-driving-licence walks held against the design."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from journeymap.graph import JourneyGraph
from journeymap.model import Walkthrough
from journeymap.render.charts import EffortPair, change_text, effort_change, effort_comparison_chart
from journeymap.render.html.environment import trusted_svg
from journeymap.render.text import number, percent, plural
from journeymap.walkthroughs import (
    UNRATED,
    JourneyComparison,
    JourneyPath,
    Licence,
    LicenceRules,
    LicenceStatus,
    RecordedFinding,
    TouchpointComparison,
    walk_coverage,
)

SEVERITY_ORDER = ("high", "medium", "low", UNRATED)  # how findings of walkthroughs are counted and listed
SUPERSEDED = "superseded"  # a walk whose participant walked the journey again later: the later walk holds the licence
NOT_YET = "not yet"  # a walk dated after the day the licences are judged on


@dataclass(frozen=True)
class WalkerRow:
    """One walkthrough: who walked the journey, when, and where their licence stands."""

    participant: str
    role: str | None
    date: str
    valid_until: str | None  # None for a walk that holds no licence
    status: str  # valid, expiring, expired, incomplete, superseded or not yet
    coverage: str  # "5 of 8 stages"
    skipped: int  # touchpoints jumped over
    presented: str | None  # None: not (yet) presented


@dataclass(frozen=True)
class ComparisonRow:
    """One touchpoint, designed next to experienced; texts as shown, "—" where there is nothing to show."""

    title: str
    stage: str
    designed: str
    experienced: str
    difference: str | None  # "▲ +1.0 harder", "= as designed"
    change: str | None  # harder, easier, as designed
    walked: int
    completion: str | None  # "50%"; None when nobody walked it
    all_completed: bool
    other_channels: tuple[str, ...]  # "Messaging, 1 of 2"
    findings: int


@dataclass(frozen=True)
class UnplannedRow:
    participant: str
    title: str
    channel: str
    effort: str
    after: str  # the title of the touchpoint walked just before, or "at the start"
    completed: bool


@dataclass(frozen=True)
class WalkFindingRow:
    """A finding recorded on a walk, with where it was met and who met it."""

    severity: str  # high, medium, low, unrated
    text: str
    where: str  # a touchpoint's title, or an unplanned step's title
    unplanned: bool
    participant: str


@dataclass(frozen=True)
class WalkthroughSection:
    """The customer-driving-licence walks of one journey, held against its design."""

    walkthroughs: int
    summary: str  # "2 walkthroughs"
    on: str  # the day the licences are judged on
    walkers: tuple[WalkerRow, ...]
    chart: Markup | None  # None when every step walked was unplanned
    touchpoints: tuple[ComparisonRow, ...]
    unplanned_steps: tuple[UnplannedRow, ...]
    severity_counts: tuple[tuple[str, int], ...]  # in SEVERITY_ORDER
    findings: tuple[WalkFindingRow, ...]  # high first


def walkthrough_section(
    graph: JourneyGraph,
    comparison: JourneyComparison,
    *,
    walkthroughs: Sequence[Walkthrough],
    licences: Sequence[Licence],
    path: JourneyPath,
    rules: LicenceRules,
) -> WalkthroughSection:
    """The walkthrough section of a journey page, from `compare` and the licence register judged by `rules`.

    `path` is what a complete walk of this journey covers (`journey_path`).
    """
    on = rules.on
    points = {point.id: point for point in graph.touchpoints}
    stages = {stage.id: stage.display_title for stage in graph.journey.stages}
    walked = [point for point in comparison.touchpoints if point.walked]
    pairs = [
        EffortPair(point.title, point.designed_effort, point.experienced_effort, point.effort_delta, point.walked)
        for point in walked
    ]
    chart = effort_comparison_chart(pairs, prefix=f"{comparison.journey}-effort-comparison") if pairs else None
    return WalkthroughSection(
        walkthroughs=comparison.walkthroughs,
        summary=plural(comparison.walkthroughs, "walkthrough"),
        on=on.isoformat(),
        walkers=walker_rows(comparison.journey, walkthroughs, licences, path, rules),
        chart=trusted_svg(chart) if chart is not None else None,
        touchpoints=tuple(_comparison_row(graph, point, stages) for point in comparison.touchpoints),
        unplanned_steps=tuple(
            UnplannedRow(
                participant=step.participant,
                title=step.title,
                channel=_channel_title(graph, step.channel) if step.channel else "—",
                effort=str(step.effort) if step.effort is not None else "—",
                after=f"after “{points[step.after].title}”" if step.after else "at the start",
                completed=step.completed,
            )
            for step in comparison.unplanned_steps
        ),
        severity_counts=tuple((name, comparison.findings_by_severity.get(name, 0)) for name in SEVERITY_ORDER),
        findings=walk_findings(comparison),
    )


def walker_rows(
    journey: str,
    walkthroughs: Sequence[Walkthrough],
    licences: Sequence[Licence],
    path: JourneyPath,
    rules: LicenceRules,
) -> tuple[WalkerRow, ...]:
    """Every walk of `journey` in date order, each with how much it covered and where its licence stands.

    The register names each licence after the walk that grants it (or, with no licence holding, the
    latest walk): a walk found there has the register's status; one dated after the judging day had
    not happened yet; an incomplete walk is `incomplete`; any other was superseded by a later walk.
    """
    current = {(licence.participant, licence.date): licence for licence in licences if licence.journey == journey}
    walks = sorted(
        (walk for walk in walkthroughs if walk.journey == journey), key=lambda walk: (walk.date, walk.participant)
    )
    rows = []
    for walk in walks:
        coverage = walk_coverage(walk, path.stages, path.stage_of)
        licence = current.get((walk.participant, walk.date))
        if walk.date > rules.on:
            status = NOT_YET
        elif licence is not None:
            status = licence.status.value
        elif not coverage.complete:
            status = LicenceStatus.INCOMPLETE.value
        else:
            status = SUPERSEDED
        holds = licence is not None and status != LicenceStatus.INCOMPLETE.value
        valid_until = licence.valid_until if holds and licence is not None else None
        presented = rules.presented(walk)
        rows.append(
            WalkerRow(
                participant=walk.participant,
                role=walk.role,
                date=walk.date.isoformat(),
                valid_until=valid_until.isoformat() if valid_until is not None else None,
                status=status,
                coverage=coverage.summary,
                skipped=coverage.skipped,
                presented=presented.isoformat() if presented is not None else None,
            )
        )
    return tuple(rows)


def _channel_title(graph: JourneyGraph, channel: str) -> str:
    known = graph.channels.get(channel)
    return known.display_title if known is not None else channel


def _comparison_row(graph: JourneyGraph, point: TouchpointComparison, stages: dict[str, str]) -> ComparisonRow:
    change = effort_change(point.effort_delta)
    return ComparisonRow(
        title=point.title,
        stage=stages.get(point.stage, point.stage),
        designed=str(point.designed_effort) if point.designed_effort is not None else "—",
        experienced=number(point.experienced_effort, 1) if point.experienced_effort is not None else "—",
        difference=change_text(point.effort_delta) if change is not None else None,
        change=change,
        walked=point.walked,
        completion=percent(point.completion_rate) if point.completion_rate is not None else None,
        all_completed=point.completion_rate == 1,
        other_channels=tuple(
            f"{_channel_title(graph, channel)}, {used} of {point.walked}"
            for channel, used in point.channels_used.items()
        ),
        findings=len(point.findings),
    )


def walk_findings(comparison: JourneyComparison) -> tuple[WalkFindingRow, ...]:
    """Every finding of the walks, high severity first; within one severity in journey order, unplanned steps last."""
    rows = [
        _walk_finding(finding, point.title, unplanned=False)
        for point in comparison.touchpoints
        for finding in point.findings
    ]
    rows += [
        _walk_finding(finding, step.title, unplanned=True)
        for step in comparison.unplanned_steps
        for finding in step.findings
    ]
    return tuple(sorted(rows, key=lambda row: SEVERITY_ORDER.index(row.severity)))


def _walk_finding(finding: RecordedFinding, where: str, *, unplanned: bool) -> WalkFindingRow:
    severity = finding.severity.value if finding.severity is not None else UNRATED
    return WalkFindingRow(severity, finding.text, where, unplanned, finding.participant)
