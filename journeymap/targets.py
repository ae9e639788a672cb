"""Targets: the team's goals for the scores, and the judgement on, near or off target ("Targets and judgement").

A score is on target when it meets the target (at most for effort, at least for the rest), near when it
misses by at most 10 % of the target (the edge included), else off. Comparisons are exact decimals: the
target as written (95%, 3) and the score rounded to 9 decimals, as opportunities are ranked, so the float
noise of a solve (0.8999999999999999 for 90%) cannot move a score across its target or the edge of "near".
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal

from journeymap.model import Journey
from journeymap.render.text import percent

# Effort 3 is CES 5 ("agree"): the usual line for an easy experience.
DEFAULT_TARGETS: dict[str, float] = {"effort_per_step": 3.0, "success_rate": 0.95, "digital_completion": 0.80}
# Lower is better for these; higher for every other judged score.
AT_MOST = frozenset({"effort_per_step", "expected_effort"})
# The judged scores, in the order readers meet them.
JUDGED = ("effort_per_step", "success_rate", "digital_completion", "expected_effort")
NEAR = Decimal("0.1")  # a miss of at most this part of the target is near
SCORE_DECIMALS = 9  # a score is judged rounded to this many decimals


class Judgement(enum.StrEnum):
    ON = "on"
    NEAR = "near"
    OFF = "off"

    @property
    def words(self) -> str:
        """How the report says it, beside its colour (never colour alone)."""
        return {"on": "on target", "near": "near target", "off": "off target"}[self.value]


def journey_targets(journey: Journey, *, digital_entry: bool) -> dict[str, float]:
    """The journey's targets: its own `targets:`, each key it leaves out filled by its default.

    The digital-completion default applies only on a digital entry (elsewhere there is no such score).
    """
    own = journey.targets.model_dump(exclude_none=True) if journey.targets is not None else {}
    found: dict[str, float] = {}
    for key in JUDGED:
        if key in own:
            found[key] = float(own[key])
        elif key in DEFAULT_TARGETS and (key != "digital_completion" or digital_entry):
            found[key] = DEFAULT_TARGETS[key]
    return found


def judgement_of(key: str, value: float, target: float) -> Judgement:
    """On, near or off: `value` of score `key` against `target`, compared exactly."""
    exact, goal = Decimal(repr(round(value, SCORE_DECIMALS))), Decimal(repr(target))
    miss = exact - goal if key in AT_MOST else goal - exact
    if miss <= 0:
        return Judgement.ON
    if miss <= NEAR * abs(goal):
        return Judgement.NEAR
    return Judgement.OFF


def judge(targets: Mapping[str, float], values: Mapping[str, float | None]) -> dict[str, Judgement]:
    """The judgement of every score that has a target and a value (a score without a value gets none)."""
    found: dict[str, Judgement] = {}
    for key in JUDGED:
        value = values.get(key)
        if key in targets and value is not None:
            found[key] = judgement_of(key, value, targets[key])
    return found


def target_text(key: str, target: float) -> str:
    """How a target reads beside its score: `target ≤ 3`, `target ≥ 95%`."""
    shown = f"{target:g}" if key in AT_MOST else percent(target)
    return f"target {'≤' if key in AT_MOST else '≥'} {shown}"
