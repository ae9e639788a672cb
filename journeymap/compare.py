"""Compare: what changed between two versions of a journey (as-is and to-be, or a file before and after a change).

Pure: two analysed journeys in, one `Comparison` out, with the JSON shape of the
format's "Comparing two journeys". Scores are those of `score`; touchpoints are
matched by id (a renamed touchpoint is one removed and one added), compared key
by key over the touchpoint keys of the format; transitions are compared by their
probabilities after rule 1 (a share left out is the split of what remains).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from journeymap.graph import JourneyGraph
from journeymap.model import Channel, Stage, Touchpoint, journey_channels
from journeymap.results import Result
from journeymap.scoring import Scores, score

# Probabilities this close are the same: rule 1 divides, and the same shares written
# another way (0.5 or 50%, or left out) must not show as a change.
SAME_PROBABILITY = 1e-12

SCORE_KEYS = (
    "expected_effort",
    "expected_switch_score",
    "digital_completion",
    "most_likely_path_effort",
    "worst_path_effort",
)
TOUCHPOINT_KEYS = tuple(name for name in Touchpoint.model_fields if name != "id")
STAGE_KEYS = tuple(name for name in Stage.model_fields if name != "id")
CHANNEL_KEYS = tuple(name for name in Channel.model_fields if name != "id")


@dataclass(frozen=True)
class Delta:
    """One number on both sides; None where a side has none (then the change is None too)."""

    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    def to_dict(self) -> dict[str, float | None]:
        return {"before": self.before, "after": self.after, "change": self.change}


@dataclass(frozen=True)
class TouchpointChange:
    touchpoint: str
    fields: dict[str, tuple[Any, Any]]  # key -> (before, after), values as JSON (durations in seconds)


@dataclass(frozen=True)
class PartChange:
    """A stage or channel on both sides whose keys differ: key -> (before, after), values as JSON."""

    id: str
    fields: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class Parts:
    """Stages (or channels) added, removed and changed, by id."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[PartChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_dict(self, name: str) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [
                {name: change.id, "fields": {key: list(pair) for key, pair in change.fields.items()}}
                for change in self.changed
            ],
        }


@dataclass(frozen=True)
class TransitionChange:
    source: str
    target: str
    before: float
    after: float


@dataclass(frozen=True, repr=False)
class Comparison(Result):
    before: str
    after: str
    before_title: str
    after_title: str
    scores: dict[str, Delta]
    stage_effort: dict[str, Delta]
    stage_titles: dict[str, str]
    touchpoints_added: tuple[str, ...]
    touchpoints_removed: tuple[str, ...]
    touchpoints_changed: tuple[TouchpointChange, ...]
    transitions_added: tuple[tuple[str, str], ...]
    transitions_removed: tuple[tuple[str, str], ...]
    transitions_changed: tuple[TransitionChange, ...]
    stages: Parts = Parts()
    channels: Parts = Parts()  # the channels each journey knows: built-in ones and its own
    title_changed: bool = False

    @property
    def unchanged(self) -> bool:
        """Nothing differs: no score, title, stage, channel, touchpoint or transition."""
        return (
            not (self.stages or self.channels or self.title_changed)
            and all(not delta.change for delta in [*self.scores.values(), *self.stage_effort.values()])
            and all(delta.before is None or delta.after is not None for delta in self.stage_effort.values())
            and not (self.touchpoints_added or self.touchpoints_removed or self.touchpoints_changed)
            and not (self.transitions_added or self.transitions_removed or self.transitions_changed)
        )

    def to_dict(self) -> dict[str, Any]:
        """The keys of the format's "Comparing two journeys"; numbers unrounded."""
        return {
            "before": self.before,
            "after": self.after,
            "scores": {key: delta.to_dict() for key, delta in self.scores.items()},
            "stage_effort": {stage: delta.to_dict() for stage, delta in self.stage_effort.items()},
            "title": [self.before_title, self.after_title],
            "stages": self.stages.to_dict("stage"),
            "channels": self.channels.to_dict("channel"),
            "touchpoints": {
                "added": list(self.touchpoints_added),
                "removed": list(self.touchpoints_removed),
                "changed": [
                    {
                        "touchpoint": change.touchpoint,
                        "fields": {key: list(pair) for key, pair in change.fields.items()},
                    }
                    for change in self.touchpoints_changed
                ],
            },
            "transitions": {
                "added": [list(pair) for pair in self.transitions_added],
                "removed": [list(pair) for pair in self.transitions_removed],
                "changed": [
                    {"from": change.source, "to": change.target, "share": [change.before, change.after]}
                    for change in self.transitions_changed
                ],
            },
        }


def headline_scores(scores: Scores) -> dict[str, float | None]:
    """The five numbers a comparison puts side by side."""
    likely, worst = scores.most_likely_path, scores.worst_path
    return {
        "expected_effort": scores.expected_effort,
        "expected_switch_score": scores.expected_switch_score,
        "digital_completion": scores.digital_completion,
        "most_likely_path_effort": float(likely.effort) if likely is not None else None,
        "worst_path_effort": float(worst.effort) if worst is not None else None,
    }


def compare(before: JourneyGraph, after: JourneyGraph) -> Comparison:
    """Everything that differs between `before` and `after`, with the scores of both."""
    return compare_scored(before, score(before), after, score(after))


def compare_scored(
    before: JourneyGraph, before_scores: Scores, after: JourneyGraph, after_scores: Scores
) -> Comparison:
    """As `compare`, for journeys already scored (the report has the scores at hand)."""
    old, new = headline_scores(before_scores), headline_scores(after_scores)
    stage_titles = {stage.id: stage.display_title for stage in [*after.journey.stages, *before.journey.stages]}
    stages = list(
        dict.fromkeys([*(stage.id for stage in before.journey.stages), *(s.id for s in after.journey.stages)])
    )
    old_points = {point.id: point for point in before.touchpoints}
    new_points = {point.id: point for point in after.touchpoints}
    old_links = dict(_links(before))
    new_links = dict(_links(after))
    return Comparison(
        before=before.journey.id or "",
        after=after.journey.id or "",
        before_title=before.journey.title,
        after_title=after.journey.title,
        scores={key: Delta(old[key], new[key]) for key in SCORE_KEYS},
        stage_effort={
            stage: Delta(before_scores.stage_effort.get(stage), after_scores.stage_effort.get(stage))
            for stage in stages
        },
        stage_titles=stage_titles,
        touchpoints_added=tuple(point for point in new_points if point not in old_points),
        touchpoints_removed=tuple(point for point in old_points if point not in new_points),
        touchpoints_changed=tuple(
            TouchpointChange(point, fields)
            for point in new_points
            if point in old_points and (fields := _field_changes(old_points[point], new_points[point]))
        ),
        transitions_added=tuple(pair for pair in new_links if pair not in old_links),
        transitions_removed=tuple(pair for pair in old_links if pair not in new_links),
        transitions_changed=tuple(
            TransitionChange(*pair, old_links[pair], probability)
            for pair, probability in new_links.items()
            if pair in old_links and not math.isclose(old_links[pair], probability, rel_tol=0, abs_tol=SAME_PROBABILITY)
        ),
        stages=_parts(
            {stage.id: stage for stage in before.journey.stages},
            {stage.id: stage for stage in after.journey.stages},
            STAGE_KEYS,
        ),
        channels=_parts(journey_channels(before.journey), journey_channels(after.journey), CHANNEL_KEYS),
        title_changed=before.journey.title != after.journey.title,
    )


def _parts(
    before: dict[str, Stage] | dict[str, Channel], after: dict[str, Stage] | dict[str, Channel], keys: tuple[str, ...]
) -> Parts:
    """Stages or channels matched by id, compared key by key (a key left out equals its default)."""
    changed = []
    for name in after:
        if name in before:
            old, new = before[name].model_dump(mode="json"), after[name].model_dump(mode="json")
            fields = {key: (old[key], new[key]) for key in keys if old[key] != new[key]}
            if fields:
                changed.append(PartChange(name, fields))
    return Parts(
        added=tuple(name for name in after if name not in before),
        removed=tuple(name for name in before if name not in after),
        changed=tuple(changed),
    )


def match_files(
    before: dict[str, str], after: dict[str, str], renamed: dict[str, str]
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Two versions of a set of journey files, each `path -> journey id`: (pairs, added, removed).

    A file is paired with the file at the same path, else with the path git saw it renamed to
    (`renamed`: old path -> new path), else with the one file on the other side that has its id;
    what is left on the old side was removed, on the new side added. Pairs in the new side's order.
    """
    pairs: dict[str, str] = {}  # new path -> old path
    for path in after:
        if path in before:
            pairs[path] = path
    for old, new in renamed.items():
        if old in before and new in after and new not in pairs and old not in pairs.values():
            pairs[new] = old
    taken = set(pairs.values())
    left = {path: name for path, name in before.items() if path not in taken}
    for path, name in after.items():
        if path in pairs:
            continue
        same = [old for old, old_name in left.items() if old_name == name]
        if len(same) == 1:
            pairs[path] = same[0]
            del left[same[0]]
    return (
        [(pairs[path], path) for path in after if path in pairs],
        [path for path in after if path not in pairs],
        [path for path in before if path not in set(pairs.values())],
    )


def _links(graph: JourneyGraph) -> Iterator[tuple[tuple[str, str], float]]:
    points = graph.touchpoints
    for link in graph.all_links():
        yield (points[link.source].id, points[link.target].id), link.probability


def _field_changes(before: Touchpoint, after: Touchpoint) -> dict[str, tuple[Any, Any]]:
    """Key by key in the format's order; a key left out equals its default (`kind: step`, no pain points)."""
    old = before.model_dump(mode="json", exclude_none=False)
    new = after.model_dump(mode="json", exclude_none=False)
    # A transition as written: only the keys it sets (`{to: bill}`, not every default of the long form).
    old["next"] = [transition.model_dump(mode="json", exclude_defaults=True) for transition in before.next]
    new["next"] = [transition.model_dump(mode="json", exclude_defaults=True) for transition in after.next]
    return {key: (old[key], new[key]) for key in TOUCHPOINT_KEYS if old[key] != new[key]}


@dataclass(frozen=True, repr=False)
class FileChange(Result):
    """What happened to one journey file between two revisions: `added`, `removed`, `renamed` (maybe changed too),
    `changed` or `unchanged`. `comparison` when both sides are there; `scores` the headline scores of the one
    side an added or removed journey has (after for added, before for removed).
    """

    status: str
    before_path: str | None  # as the output names it: REV:path, or the file's path
    after_path: str | None
    journey: str
    title: str
    comparison: Comparison | None = None
    scores: dict[str, float | None] | None = None

    @property
    def unchanged(self) -> bool:
        return self.status == "unchanged"

    def to_dict(self) -> dict[str, Any]:
        """`status`, `before_path`, `after_path`; the comparison's keys when there are two sides, else the
        ids (null on the missing side) and `scores` as {before, after, change} with null on the missing side."""
        head = {"status": self.status, "before_path": self.before_path, "after_path": self.after_path}
        if self.comparison is not None:
            return {**head, **self.comparison.to_dict()}
        added = self.status == "added"
        scores = self.scores or {}
        return {
            **head,
            "before": None if added else self.journey,
            "after": self.journey if added else None,
            "scores": {
                key: Delta(None, value).to_dict() if added else Delta(value, None).to_dict()
                for key, value in scores.items()
            },
        }


def file_change(
    before_path: str | None,
    after_path: str | None,
    before: JourneyGraph | None,
    after: JourneyGraph | None,
    *,
    renamed: bool = False,
) -> FileChange:
    """The change of one file: both graphs (a pair), or only one (added or removed)."""
    if before is not None and after is not None:
        comparison = compare(before, after)
        status = "renamed" if renamed else "unchanged" if comparison.unchanged else "changed"
        return FileChange(status, before_path, after_path, after.journey.id or "", after.journey.title, comparison)
    present = after if after is not None else before
    assert present is not None, "a file change needs a side"
    return FileChange(
        "added" if after is not None else "removed",
        before_path,
        after_path,
        present.journey.id or "",
        present.journey.title,
        scores=headline_scores(score(present)),
    )
