"""Properties of the scores on random small journeys, checked against independent computations.

Acyclic journeys: every score that is an expectation equals the probability-weighted sum over all
entry-to-exit paths, enumerated by brute force here. Journeys with loops: the visits equal an exact
rational solve of the same chain (tests/exact_chain.py). Both are built from the shares directly,
not from journeymap's graph.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.project import load_journey
from journeymap.scoring import Scores, score
from tests.exact_chain import exact_visits

# Deterministic in CI: the same examples every run.
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, derandomize=True)

CHANNELS = {"web": True, "app": True, "email": True, "portal": True, "phone": False, "store": False, "kiosk": False}
CUSTOM_CHANNELS = [{"id": "portal", "kind": "digital"}, {"id": "kiosk", "kind": "analog"}]


@dataclass(frozen=True)
class Point:
    stage: int
    channel: str
    effort: int | None
    next: tuple[tuple[int, float | None], ...]  # (target, share or None), in listed order
    service: bool = False  # kind: service, the service itself
    abandon: bool = False  # an exit where the customer gives up (outcome: abandon)

    @property
    def succeeds(self) -> bool:
        return not self.next and not self.abandon


@dataclass(frozen=True)
class RandomJourney:
    points: tuple[Point, ...]
    stages: int
    switch: float
    digital_to_analog: float

    def probabilities(self, i: int) -> list[tuple[int, float]]:
        """The spec's rule 1: a share is the probability; transitions without one split what is left."""
        given = [share for _, share in self.points[i].next if share is not None]
        unshared = len(self.points[i].next) - len(given)
        rest = (1 - sum(given)) / unshared if unshared else 0.0
        return [(target, rest if share is None else share) for target, share in self.points[i].next]

    def weight(self, source: int, target: int) -> float:
        """A switch into or out of the service itself weighs as a plain switch, never as digital to analog."""
        a, b = self.points[source].channel, self.points[target].channel
        if a == b:
            return 0.0
        service = self.points[source].service or self.points[target].service
        return self.digital_to_analog if CHANNELS[a] and not CHANNELS[b] and not service else self.switch

    def keeps_digital(self, i: int) -> bool:
        """Digital completion asks for no analog touchpoint that is not the service itself."""
        return CHANNELS[self.points[i].channel] or self.points[i].service

    def effort(self, i: int) -> int:
        return self.points[i].effort or 0

    def yaml(self) -> str:
        data = {
            "title": "Random journey",
            "stages": [f"stage-{s}" for s in range(self.stages)],
            "channels": CUSTOM_CHANNELS,
            "scoring": {"switch": self.switch, "digital_to_analog": self.digital_to_analog},
            "touchpoints": [
                {
                    "id": f"t{i}",
                    "title": f"Touchpoint {i}",
                    "stage": f"stage-{point.stage}",
                    "channel": point.channel,
                    **({"effort": point.effort} if point.effort is not None else {}),
                    **({"kind": "service"} if point.service else {}),
                    **({"outcome": "abandon"} if point.abandon else {}),
                    **(
                        {"next": [{"to": f"t{j}", **({"share": s} if s is not None else {})} for j, s in point.next]}
                        if point.next
                        else {}
                    ),
                }
                for i, point in enumerate(self.points)
            ],
        }
        return yaml.safe_dump(data, sort_keys=False)


@st.composite
def shares_for(draw: st.DrawFn, targets: list[int]) -> tuple[tuple[int, float | None], ...]:
    """Valid shares: proportional to small weights, some of them left out to split the rest."""
    weights = draw(st.lists(st.integers(1, 9), min_size=len(targets), max_size=len(targets)))
    given = draw(st.lists(st.booleans(), min_size=len(targets), max_size=len(targets)))
    total = sum(weights)
    return tuple((t, w / total if g else None) for t, w, g in zip(targets, weights, given, strict=True))


@st.composite
def journeys(draw: st.DrawFn, *, loops: bool) -> RandomJourney:
    size = draw(st.integers(2, 8 if not loops else 7))
    stages = draw(st.integers(1, 3))
    # Stages never go back along the file, so with targets later in the file every transition is forward.
    stage_of = sorted(draw(st.lists(st.integers(0, stages - 1), min_size=size, max_size=size)))
    points = []
    for i in range(size):
        exit_here = i == size - 1 or (i > 0 and draw(st.booleans()) and draw(st.booleans()))
        targets: list[int] = []
        if not exit_here:
            if loops:
                # i -> i+1 keeps an exit reachable from everywhere; the others may go anywhere, itself included.
                extra = draw(st.lists(st.integers(0, size - 1), max_size=3, unique=True))
                targets = draw(st.permutations(sorted({i + 1, *extra})))
            else:
                later = st.integers(i + 1, size - 1)
                targets = draw(st.lists(later, min_size=1, max_size=3, unique=True))
        points.append(
            Point(
                stage=stage_of[i],
                channel=draw(st.sampled_from(sorted(CHANNELS))),
                effort=draw(st.none() | st.integers(1, 7)),
                next=draw(shares_for(targets)) if targets else (),
                service=draw(st.integers(0, 4)) == 0,
                abandon=not targets and draw(st.integers(0, 2)) == 0,
            )
        )
    return RandomJourney(
        points=tuple(points),
        stages=stages,
        switch=draw(st.sampled_from([0.0, 1.0, 2.5])),
        digital_to_analog=draw(st.sampled_from([0.0, 3.0, 4.0])),
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("random-journeys")


def scores_of(folder: Path, journey: RandomJourney) -> Scores:
    path = folder / "random.journey.yaml"
    path.write_text(journey.yaml(), encoding="utf-8")
    journey_file = load_journey(str(path))
    assert journey_file.graph is not None, [str(f) for f in journey_file.findings if f.is_error]
    return score(journey_file.graph)


def all_paths(journey: RandomJourney, *, simple: bool = False) -> list[tuple[list[int], float]]:
    """Every entry-to-exit path with its probability, in listed-transition order (the tie order); with
    `simple`, only those that visit no touchpoint twice (a journey with loops has infinitely many others)."""
    found: list[tuple[list[int], float]] = []

    def walk(path: list[int], probability: float) -> None:
        here = path[-1]
        if not journey.points[here].next:
            found.append((path, probability))
        for target, p in journey.probabilities(here):
            if not simple or target not in path:
                walk([*path, target], probability * p)

    walk([0], 1.0)
    return found


@PROPERTY_SETTINGS
@given(journey=journeys(loops=False))
def test_acyclic_scores_are_sums_over_enumerated_paths(folder: Path, journey: RandomJourney) -> None:
    scores = scores_of(folder, journey)
    paths = all_paths(journey)
    names = [f"t{i}" for i in range(len(journey.points))]

    effort = math.fsum(p * sum(journey.effort(i) for i in path) for path, p in paths)
    switches = math.fsum(p * sum(journey.weight(a, b) for a, b in itertools.pairwise(path)) for path, p in paths)
    assert scores.expected_effort == pytest.approx(effort, abs=1e-9)
    assert scores.expected_switch_score == pytest.approx(switches, abs=1e-9)
    # Effort per step: all customers' effort over all the rated steps they take.
    rated = math.fsum(p * sum(journey.points[i].effort is not None for i in path) for path, p in paths)
    assert scores.rated_steps == pytest.approx(rated, abs=1e-9)
    if rated > 0:
        assert scores.effort_per_step == pytest.approx(effort / rated, rel=1e-9)
        assert scores.effort_per_step is not None and 1 - 1e-9 <= scores.effort_per_step <= 7 + 1e-9
    else:
        assert scores.effort_per_step is None

    # In an acyclic journey a touchpoint is passed at most once: its visits are the probability of passing it.
    visits = {names[t]: math.fsum(p for path, p in paths if t in path) for t in {t for path, _ in paths for t in path}}
    assert scores.visits == pytest.approx(visits, abs=1e-9)
    exits = [name for name, point in zip(names, journey.points, strict=True) if not point.next]
    assert math.fsum(scores.visits.get(name, 0.0) for name in exits) == pytest.approx(1.0)

    for stage in range(journey.stages):
        in_stage = math.fsum(
            p * sum(journey.effort(i) for i in path if journey.points[i].stage == stage) for path, p in paths
        )
        assert scores.stage_effort[f"stage-{stage}"] == pytest.approx(in_stage, abs=1e-9)

    if CHANNELS[journey.points[0].channel]:
        digital = math.fsum(p for path, p in paths if all(journey.keeps_digital(i) for i in path))
        assert scores.digital_completion == pytest.approx(digital, abs=1e-9)
    else:
        assert scores.digital_completion is None

    # Paths: every transition here is forward, so the worst path is the highest effort sum over all paths.
    # Ties go to the earlier listed transition, which is the first path in enumeration order.
    highest = max(sum(journey.effort(i) for i in path) for path, _ in paths)
    worst = next(path for path, _ in paths if sum(journey.effort(i) for i in path) == highest)
    assert scores.worst_path is not None
    assert (scores.worst_path.touchpoints, scores.worst_path.effort) == (tuple(names[i] for i in worst), highest)
    likeliest = max(p for _, p in paths)
    likely = next(path for path, p in paths if p >= likeliest * (1 - 1e-7))
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == tuple(names[i] for i in likely)
    assert scores.most_likely_path.probability == pytest.approx(likeliest)
    assert scores.unreachable == tuple(name for name in names if name not in visits)


@PROPERTY_SETTINGS
@given(journey=journeys(loops=False))
def test_acyclic_main_path_and_success_rate_are_over_enumerated_paths(folder: Path, journey: RandomJourney) -> None:
    scores = scores_of(folder, journey)
    paths = all_paths(journey)
    names = [f"t{i}" for i in range(len(journey.points))]
    # The success rate: the probability of the paths that end at a success exit. The main path: the most
    # likely of them (ties: the earlier listed transition, the first in enumeration order); none without one.
    succeeding = [(path, p) for path, p in paths if journey.points[path[-1]].succeeds]
    assert scores.success_rate == pytest.approx(math.fsum(p for _, p in succeeding), abs=1e-9)
    if succeeding:
        best = max(p for _, p in succeeding)
        main = next(path for path, p in succeeding if p >= best * (1 - 1e-7))
        assert scores.main_path is not None
        assert scores.main_path.touchpoints == tuple(names[i] for i in main)
        assert scores.main_path.probability == pytest.approx(best)
    else:
        assert scores.main_path is None
        assert any("successful exit" in reason for reason in scores.incomplete_because)
    abandon = {names[path[-1]]: 0.0 for path, _ in paths if not journey.points[path[-1]].succeeds}
    for path, p in paths:
        if names[path[-1]] in abandon:
            abandon[names[path[-1]]] += p
    assert {exit.touchpoint: exit.probability for exit in scores.abandon} == pytest.approx(abandon, abs=1e-9)
    assert [exit.probability for exit in scores.abandon] == sorted(
        (exit.probability for exit in scores.abandon), reverse=True
    )


def reachable(journey: RandomJourney) -> set[int]:
    seen, waiting = {0}, [0]
    while waiting:
        for target, _ in journey.points[waiting.pop()].next:
            if target not in seen:
                seen.add(target)
                waiting.append(target)
    return seen


def exact_chain_visits(journey: RandomJourney, keep: list[bool]) -> dict[int, float]:
    """Expected visits from an exact rational solve of v = e_entry + Qᵀ v; leaving a kept touchpoint ends the walk."""
    chances = {i: [(target, Fraction(p)) for target, p in journey.probabilities(i)] for i in range(len(journey.points))}
    states = [i for i in sorted(reachable(journey)) if keep[i]]
    exact = exact_visits(chances, states, 0)
    return {i: float(exact.get(i, 0)) for i in range(len(journey.points))}


@PROPERTY_SETTINGS
@given(journey=journeys(loops=True))
def test_visits_with_loops_match_an_exact_solve(folder: Path, journey: RandomJourney) -> None:
    scores = scores_of(folder, journey)
    size = len(journey.points)
    visits = exact_chain_visits(journey, [True] * size)
    reached = {f"t{i}": float(visits[i]) for i in reachable(journey)}
    assert scores.visits == pytest.approx(reached, rel=1e-9, abs=1e-12)
    exits = [i for i, point in enumerate(journey.points) if not point.next]
    assert math.fsum(visits[i] for i in exits) == pytest.approx(1.0)

    effort = math.fsum(visits[i] * journey.effort(i) for i in range(size))
    switches = math.fsum(
        visits[i] * p * journey.weight(i, target) for i in range(size) for target, p in journey.probabilities(i)
    )
    assert scores.expected_effort == pytest.approx(effort, rel=1e-9, abs=1e-12)
    assert scores.expected_switch_score == pytest.approx(switches, rel=1e-9, abs=1e-12)

    if CHANNELS[journey.points[0].channel]:
        # Customers who reach an analog touchpoint (not the service itself) leave the digital chain there.
        digital = [journey.keeps_digital(i) for i in range(size)]
        only_digital = exact_chain_visits(journey, digital)
        completion = math.fsum(only_digital[i] for i in exits if digital[i])
        assert scores.digital_completion == pytest.approx(completion, rel=1e-9, abs=1e-12)
    else:
        assert scores.digital_completion is None

    # The success rate is the visits of the success exits in the exact solve.
    success = math.fsum(visits[i] for i in exits if journey.points[i].succeeds)
    assert scores.success_rate == pytest.approx(success, rel=1e-9, abs=1e-12)
    # The main path: the most likely of the entry-to-success paths; loops only lower a path's probability,
    # so the most likely one is among the paths that visit no touchpoint twice.
    simple = [(path, p) for path, p in all_paths(journey, simple=True) if journey.points[path[-1]].succeeds]
    if simple:
        best = max(p for _, p in simple)
        assert scores.main_path is not None
        assert scores.main_path.probability == pytest.approx(best, rel=1e-9)
        assert [int(name[1:]) for name in scores.main_path.touchpoints] in [
            path for path, p in simple if p >= best * (1 - 1e-7)
        ]
    else:
        assert scores.main_path is None
