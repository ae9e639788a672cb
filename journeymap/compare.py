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
from journeymap.model import Touchpoint
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

    def to_json(self) -> dict[str, float | None]:
        return {"before": self.before, "after": self.after, "change": self.change}


@dataclass(frozen=True)
class TouchpointChange:
    touchpoint: str
    fields: dict[str, tuple[Any, Any]]  # key -> (before, after), values as JSON (durations in seconds)


@dataclass(frozen=True)
class TransitionChange:
    source: str
    target: str
    before: float
    after: float


@dataclass(frozen=True)
class Comparison:
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

    @property
    def unchanged(self) -> bool:
        """Nothing differs: no score, no touchpoint, no transition."""
        return (
            all(not delta.change for delta in [*self.scores.values(), *self.stage_effort.values()])
            and all(delta.before is None or delta.after is not None for delta in self.stage_effort.values())
            and not (self.touchpoints_added or self.touchpoints_removed or self.touchpoints_changed)
            and not (self.transitions_added or self.transitions_removed or self.transitions_changed)
        )

    def to_json(self) -> dict[str, Any]:
        """The keys of the format's "Comparing two journeys"; numbers unrounded."""
        return {
            "before": self.before,
            "after": self.after,
            "scores": {key: delta.to_json() for key, delta in self.scores.items()},
            "stage_effort": {stage: delta.to_json() for stage, delta in self.stage_effort.items()},
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
