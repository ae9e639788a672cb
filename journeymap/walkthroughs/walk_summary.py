"""Walk summary: what one walk recorded, in plain words: its steps, its hardest moments, its findings, its licence.

The recorder's end screen shows it to the participant who just walked. Completeness is the licence
register's own rule (`walk_coverage` against the journey's `JourneyPath`), so the screen and the
register never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.graph import JourneyGraph
from journeymap.model import Severity, Walkthrough
from journeymap.walkthroughs.comparison import UNRATED
from journeymap.walkthroughs.licences import Coverage, JourneyPath, walk_coverage

HARD_EFFORT = 5  # an experienced effort from here up is a hard moment (1 effortless .. 7 very hard)
HARDEST_SHOWN = 3
SEVERITY_ORDER = (Severity.HIGH.value, Severity.MEDIUM.value, Severity.LOW.value, UNRATED)


@dataclass(frozen=True)
class HardMoment:
    """A step that was hard (effort HARD_EFFORT or more) or could not be finished."""

    number: int  # the step's place in the walk, from 1
    title: str
    effort: int | None
    designed_effort: int | None  # None for an unplanned step or a touchpoint without one
    completed: bool


@dataclass(frozen=True)
class WalkSummary:
    """One walk summed up for the participant; `licence` says where the licence stands."""

    steps: int
    unplanned: int
    skipped: int
    hardest: tuple[HardMoment, ...]
    findings: tuple[tuple[str, int], ...]  # (severity or 'unrated', count), most severe first, only those found
    coverage: Coverage
    missing_stages: tuple[str, ...]  # titles of the stages still to walk, in path order
    presented: bool

    @property
    def complete(self) -> bool:
        return self.coverage.complete

    @property
    def licence(self) -> str:
        """Where the licence stands after this walk, in plain words."""
        if not self.coverage.required:
            return "Where your licence stands cannot be said yet: the journey itself has errors to fix first."
        if self.coverage.complete:
            if self.presented:
                return "Complete and presented: this walk gives you your licence."
            return "Complete: present your findings to get your licence."
        still = ", ".join(self.missing_stages)
        return f"{self.coverage.summary} covered: walk {still} too to complete it."


def summarise_walk(graph: JourneyGraph, walk: Walkthrough, path: JourneyPath) -> WalkSummary:
    """The summary of `walk` of `graph`'s journey; `path` is what a complete walk covers (`journey_path`)."""
    points = {point.id: point for point in graph.touchpoints}
    moments = []
    for number, step in enumerate(walk.steps, start=1):
        if not ((step.effort is not None and step.effort >= HARD_EFFORT) or not step.completed):
            continue
        point = points.get(step.touchpoint or "")
        title = point.title if point is not None else step.title or ""
        designed = point.effort if point is not None else None
        moments.append(HardMoment(number, title, step.effort, designed, step.completed))
    moments.sort(key=lambda moment: (moment.completed, -(moment.effort or 0), moment.number))
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for step in walk.steps:
        for finding in step.findings:
            counts[finding.severity.value if finding.severity is not None else UNRATED] += 1
    coverage = walk_coverage(walk, path.stages, path.stage_of)
    titles = {stage.id: stage.display_title for stage in graph.journey.stages}
    missing = tuple(titles.get(stage, stage) for stage in coverage.required if stage not in coverage.covered)
    return WalkSummary(
        steps=len(walk.steps),
        unplanned=sum(1 for step in walk.steps if step.is_unplanned),
        skipped=coverage.skipped,
        hardest=tuple(moments[:HARDEST_SHOWN]),
        findings=tuple((severity, count) for severity, count in counts.items() if count),
        coverage=coverage,
        missing_stages=missing,
        presented=walk.presented is not None,
    )
