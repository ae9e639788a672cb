"""Path walk: one walkthrough held against a path of its journey: which of the path's touchpoints were walked,
skipped or missed, which walked touchpoints lie off the path, and the steps the journey does not design.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.graph import JourneyGraph
from journeymap.model import Walkthrough


class PathStatus(enum.StrEnum):
    WALKED = "walked"
    SKIPPED = "skipped"  # recorded as jumped over (`skipped:` of a later step)
    MISSED = "not walked"  # neither walked nor recorded as skipped


@dataclass(frozen=True)
class PathPoint:
    """One touchpoint of the path and how the walk met it; efforts are None where not rated."""

    touchpoint: str
    title: str
    stage: str
    status: PathStatus
    designed_effort: int | None
    experienced_effort: float | None  # the mean over the walk's records of it (a loop walked twice counts twice)


@dataclass(frozen=True)
class PathWalk:
    """`path`: the path's touchpoints in order; `off_path`: touchpoints walked that the path does not pass, in
    the order walked; `unplanned`: the titles of steps the journey does not design, in the order walked.
    """

    path: tuple[PathPoint, ...]
    off_path: tuple[PathPoint, ...]
    unplanned: tuple[str, ...]

    def count(self, status: PathStatus) -> int:
        return sum(point.status is status for point in self.path)


def walk_against_path(graph: JourneyGraph, walk: Walkthrough, path: Sequence[str]) -> PathWalk:
    """How `walk` (checked against this journey) went along `path` (touchpoint ids in order)."""
    by_id = {point.id: point for point in graph.touchpoints}
    efforts: dict[str, list[int]] = {}
    walked: list[str] = []
    skipped: set[str] = set()
    for step in walk.steps:
        skipped.update(step.skipped)
        if step.touchpoint is None:
            continue
        walked.append(step.touchpoint)
        if step.effort is not None:
            efforts.setdefault(step.touchpoint, []).append(step.effort)

    def point(touchpoint: str, status: PathStatus) -> PathPoint:
        designed = by_id[touchpoint]
        rated = efforts.get(touchpoint)
        experienced = sum(rated) / len(rated) if rated else None
        return PathPoint(touchpoint, designed.title, designed.stage, status, designed.effort, experienced)

    on_path = list(dict.fromkeys(path))
    shown = [
        point(
            touchpoint,
            PathStatus.WALKED
            if touchpoint in walked
            else PathStatus.SKIPPED
            if touchpoint in skipped
            else PathStatus.MISSED,
        )
        for touchpoint in on_path
    ]
    off = [point(touchpoint, PathStatus.WALKED) for touchpoint in dict.fromkeys(walked) if touchpoint not in on_path]
    unplanned = tuple(step.title or "" for step in walk.steps if step.is_unplanned)
    return PathWalk(tuple(shown), tuple(off), unplanned)
