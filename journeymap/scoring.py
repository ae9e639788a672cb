"""Scoring: the journey as an absorbing Markov chain, per "Scores (normative)" of the format.

Loops are normal in journeys (asking again, calling back), so visits are the
exact solution of the chain's linear system, never a sum over enumerated paths.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any
from weakref import WeakKeyDictionary

from journeymap.chain import ChainError, Trouble, expected_visits
from journeymap.codes import ErrorCode
from journeymap.errors import JourneymapError
from journeymap.findings import ModelPath, Problem
from journeymap.graph import JourneyGraph, Link
from journeymap.model import Touchpoint
from journeymap.results import FrozenDict, Result, plain
from journeymap.targets import Judgement, journey_targets, judge

# Two path probabilities closer than this (relative) are a tie, so float noise
# from multiplying in another order cannot decide between equally likely paths.
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Path:
    touchpoints: tuple[str, ...]
    effort: int
    switches: int
    probability: float


@dataclass(frozen=True)
class Abandon:
    """An exit where customers give up (`outcome: abandon`), and the probability of ending there."""

    touchpoint: str
    probability: float


@dataclass(frozen=True)
class HotSpot:
    touchpoint: str
    score: float


@dataclass(frozen=True)
class ResponseGap:
    """Seconds a touchpoint's response takes beyond what customers expect on its channel."""

    touchpoint: str
    channel: str
    response_time: float
    expected: float

    @property
    def gap(self) -> float:
        return self.response_time - self.expected


@dataclass(frozen=True)
class ChainTransition:
    source: str
    target: str
    probability: float
    forward: bool
    switch: bool
    digital_to_analog: bool


@dataclass(frozen=True, repr=False)
class Scores(Result):
    """Every score of one journey; renderers read this and compute nothing themselves.

    Plain values only (mappings are read-only dicts, `FrozenDict`), so `dataclasses.asdict` works; `to_dict()` is the
    JSON of `score --format json`, `to_json()` its text.
    """

    journey: str
    visits: FrozenDict[str, float]
    expected_effort: float
    stage_effort: FrozenDict[str, float]
    expected_switch_score: float
    digital_completion: float | None
    rated_steps: float  # expected number of touchpoints with an effort a customer passes (repeats counted)
    effort_per_step: float | None  # expected effort / rated steps; None: no touchpoint with effort is reached
    most_likely_path: Path | None
    main_path: Path | None  # the most likely path among those that end at a success exit: "the journey"
    success_rate: float  # the probability of ending at an exit whose outcome is success
    abandon: tuple[Abandon, ...]  # abandon exits reached, most likely first
    worst_path: Path | None
    hot_spots: tuple[HotSpot, ...]
    response_gaps: tuple[ResponseGap, ...]
    transitions: tuple[ChainTransition, ...]
    unreachable: tuple[str, ...]
    missing_effort: tuple[str, ...]
    incomplete_because: tuple[str, ...]  # why the map is incomplete, as sentences; empty when it is complete
    targets: FrozenDict[str, float]  # the judged scores' targets: the journey's own, else the defaults
    judgement: FrozenDict[str, Judgement]  # per judged score with a target and a value: on, near or off target

    @property
    def journey_path(self) -> Path | None:
        """The path readers meet as "the journey": the main path, else (no success exit) the most likely path."""
        return self.main_path if self.main_path is not None else self.most_likely_path

    @property
    def complete(self) -> bool:
        """Every touchpoint reached, every reached one rated, and a success exit within reach."""
        return not self.incomplete_because

    def to_dict(self) -> dict[str, Any]:
        """The keys of "Scores as JSON" in the format, plus a few more; numbers unrounded. A field without a
        key of its own below follows under its name, as plain JSON values."""
        written = {
            "journey": self.journey,
            "expected_effort": self.expected_effort,
            "stage_effort": dict(self.stage_effort),
            "expected_switch_score": self.expected_switch_score,
            "digital_completion": self.digital_completion,
            "rated_steps": self.rated_steps,
            "effort_per_step": self.effort_per_step,
            "complete": self.complete,
            "incomplete_because": list(self.incomplete_because),
            "most_likely_path": _path_json(self.most_likely_path, switches=True),
            "main_path": _path_json(self.main_path, switches=True),
            "success_rate": self.success_rate,
            "abandon": [{"touchpoint": exit.touchpoint, "probability": exit.probability} for exit in self.abandon],
            "worst_path": _path_json(self.worst_path, switches=False),
            "visits": dict(self.visits),
            "hot_spots": [{"touchpoint": spot.touchpoint, "score": spot.score} for spot in self.hot_spots],
            "response_gaps": [
                {
                    "touchpoint": gap.touchpoint,
                    "channel": gap.channel,
                    "response_time": gap.response_time,
                    "expected": gap.expected,
                    "gap": gap.gap,
                }
                for gap in self.response_gaps
            ],
            "backward_transitions": [[t.source, t.target] for t in self.transitions if not t.forward],
            "unreachable": list(self.unreachable),
            "missing_effort": list(self.missing_effort),
            "targets": dict(self.targets),
            "judgement": {key: value.value for key, value in self.judgement.items()},
        }
        shown = {*written, "transitions"}  # the transitions show as backward_transitions
        return written | {
            field.name: plain(getattr(self, field.name)) for field in fields(self) if field.name not in shown
        }


def _path_json(path: Path | None, *, switches: bool) -> dict[str, Any] | None:
    if path is None:
        return None
    result: dict[str, Any] = {"touchpoints": list(path.touchpoints), "effort": path.effort}
    if switches:
        result["switches"] = path.switches
        result["probability"] = path.probability
    return result


def effort_of(point: Touchpoint) -> int:
    """A touchpoint without effort counts 0 (and is reported as missing)."""
    return point.effort if point.effort is not None else 0


class Unsolvable(JourneymapError):
    """The scores of a valid journey cannot be computed right: `location` is the place in the file to change.

    `load_project` and `journeymap.load` turn it into the error `unsolvable` of the file; code
    that scores a journey it changed itself (a what-if) catches it.
    """

    def __init__(self, location: ModelPath, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


@dataclass(frozen=True)
class Solved:
    """The scores that come from solving the chain, each checked to be right (finite, from a guarded solve).

    What `score` adds (paths, hot spots, gaps) needs no solve; a what-if change is judged by these alone.
    """

    visits: dict[int, float]
    efforts: dict[int, float]  # v(t) * effort(t): hot-spot scores
    stage_effort: dict[str, float]
    expected_effort: float
    expected_switch_score: float
    digital_completion: float | None
    success_rate: float


# Per graph: `check` solves every journey to find those whose scores cannot be computed, and
# `score`, `render` and `report` then print that solve instead of solving again.
_SOLVED: WeakKeyDictionary[JourneyGraph, Solved] = WeakKeyDictionary()
_SCORED: WeakKeyDictionary[JourneyGraph, Scores] = WeakKeyDictionary()


def score(graph: JourneyGraph) -> Scores:
    """All scores of a valid journey graph; raises Unsolvable rather than return a number that is not right."""
    scores = _SCORED.get(graph)
    if scores is None:
        scores = _SCORED[graph] = _score(graph)
    return scores


def unsolvable(graph: JourneyGraph) -> Problem | None:
    """The error of a valid journey whose scores cannot be computed right, or None when they can."""
    try:
        solved(graph)
    except Unsolvable as problem:
        return Problem(ErrorCode.UNSOLVABLE, tuple(problem.location), problem.message)
    return None


def solved(graph: JourneyGraph) -> Solved:
    """The chain's solve of a valid journey graph (kept per graph); raises Unsolvable as `score` does."""
    numbers = _SOLVED.get(graph)
    if numbers is None:
        numbers = _SOLVED[graph] = _solve(graph)
    return numbers


def _solve(graph: JourneyGraph) -> Solved:
    points = graph.touchpoints
    reachable = sorted(graph.reachable)
    visits = absorbing_visits(graph, reachable)
    _check_exits(graph, reachable, visits)
    efforts = {i: visits[i] * effort_of(points[i]) for i in reachable}
    for i, value in efforts.items():
        if not math.isfinite(value):
            raise _too_many(graph, i, visits[i])
    stage_effort = {stage.id: 0.0 for stage in graph.journey.stages}
    in_stage: dict[str, list[int]] = {}
    for i in reachable:
        in_stage.setdefault(points[i].stage, []).append(i)
    for stage, members in in_stage.items():
        stage_effort[stage] = _total(graph, visits, [(efforts[i], i) for i in members])
    return Solved(
        visits=visits,
        efforts=efforts,
        stage_effort=stage_effort,
        expected_effort=_total(graph, visits, [(efforts[i], i) for i in reachable]),
        expected_switch_score=switch_score(graph, reachable, visits),
        digital_completion=digital_completion(graph, reachable),
        success_rate=_sum([visits[i] for i in reachable if points[i].succeeds]),
    )


def success_rate(graph: JourneyGraph, numbers: Solved) -> float:
    """The probability of ending at an exit whose outcome is success: the sum of those exits' visits."""
    return numbers.success_rate


def _score(graph: JourneyGraph) -> Scores:
    numbers = solved(graph)
    points = graph.touchpoints
    reachable = sorted(graph.reachable)
    visits, efforts = numbers.visits, numbers.efforts
    spots = hot_spot_order([(efforts[i], i) for i in reachable if efforts[i] > 0])
    # Touchpoints without effort count 0 in the expected effort and are left out of the steps too,
    # so the effort per step is the average effort of the steps customers take, between 1 and 7.
    rated_steps = math.fsum(visits[i] for i in reachable if points[i].effort is not None)
    effort_per_step = numbers.expected_effort / rated_steps if rated_steps > 0 else None
    successes = [i for i in reachable if points[i].succeeds]
    main = most_likely_path(graph, successes)
    unreachable = tuple(point.id for i, point in enumerate(points) if i not in graph.reachable)
    missing_effort = tuple(points[i].id for i in reachable if points[i].effort is None)
    goals = journey_targets(graph.journey, digital_entry=numbers.digital_completion is not None)
    values = {
        "effort_per_step": effort_per_step,
        "success_rate": numbers.success_rate,
        "digital_completion": numbers.digital_completion,
        "expected_effort": numbers.expected_effort,
    }
    return Scores(
        journey=graph.journey.id or "",
        visits=FrozenDict({points[i].id: visits[i] for i in reachable}),
        expected_effort=numbers.expected_effort,
        stage_effort=FrozenDict(numbers.stage_effort),
        expected_switch_score=numbers.expected_switch_score,
        digital_completion=numbers.digital_completion,
        rated_steps=rated_steps,
        effort_per_step=effort_per_step,
        most_likely_path=most_likely_path(graph),
        main_path=main,
        success_rate=numbers.success_rate,
        abandon=tuple(
            Abandon(points[i].id, visits[i])
            for i in sorted(
                (i for i in reachable if points[i].is_exit and not points[i].succeeds), key=lambda i: (-visits[i], i)
            )
        ),
        worst_path=worst_path(graph),
        hot_spots=tuple(HotSpot(points[i].id, value) for value, i in spots),
        response_gaps=tuple(response_gaps(graph, reachable)),
        transitions=tuple(_transition(graph, link) for i in reachable for link in graph.links[i]),
        unreachable=unreachable,
        missing_effort=missing_effort,
        incomplete_because=incompleteness(len(points), unreachable, missing_effort, has_success=main is not None),
        targets=FrozenDict(goals),
        judgement=FrozenDict(judge(goals, values)),
    )


def incompleteness(
    touchpoints: int, unreachable: tuple[str, ...], missing_effort: tuple[str, ...], *, has_success: bool
) -> tuple[str, ...]:
    """Why a map is incomplete, as sentences a manager reads first; empty when it is complete."""
    reasons = []
    if unreachable:
        reasons.append(
            f"{len(unreachable)} of {touchpoints} touchpoints cannot be reached, so the scores leave them out: "
            + _some(unreachable)
        )
    if missing_effort:
        have = "touchpoint has" if len(missing_effort) == 1 else "touchpoints have"
        reasons.append(
            f"{len(missing_effort)} reachable {have} no effort, so the scores count it as 0: " + _some(missing_effort)
        )
    if not has_success:
        reasons.append("no customer can reach a successful exit: every way through ends where customers give up")
    return tuple(reasons)


def _some(ids: tuple[str, ...], shown: int = 5) -> str:
    named = ", ".join(ids[:shown])
    return named + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def hot_spot_order(spots: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """(score, touchpoint) highest score first; scores within a relative TIE_TOLERANCE are equal and keep file order.

    Two touchpoints whose exact scores are equal (0.9 · 3 twice) may come out of the
    solve a rounding apart; the tolerance is relative, so scores of any size rank.
    """
    by_score = sorted(spots, key=lambda spot: (-spot[0], spot[1]))
    ordered: list[tuple[float, int]] = []
    tied: list[tuple[float, int]] = []
    for spot in by_score:
        if tied and tied[-1][0] - spot[0] > TIE_TOLERANCE * tied[-1][0]:
            ordered += sorted(tied, key=lambda tie: tie[1])
            tied = []
        tied.append(spot)
    return ordered + sorted(tied, key=lambda tie: tie[1])


# Customers who start at the entry end at an exit: the exits' visits add up to 1 within this.
EXIT_TOLERANCE = 1e-9


def _check_exits(graph: JourneyGraph, reachable: list[int], visits: dict[int, float]) -> None:
    """The guard on every solve: exits' visits (the probabilities of ending there) add up to 1."""
    ending = _sum([visits[i] for i in reachable if graph.touchpoints[i].is_exit])
    if not abs(ending - 1) <= EXIT_TOLERANCE:
        entry = graph.touchpoints[graph.entry].id
        message = (
            f"customers who start at {entry!r} would end at an exit with a probability of {ending:.12g} "
            "instead of 1: the shares are too extreme to compute; check the smallest shares and the tightest loops"
        )
        raise Unsolvable(("touchpoints", graph.entry, "id"), message)


# The largest weight of the defaults (digital to analog): only a larger one can be the cause of an overflow.
DEFAULT_WEIGHTS = 3.0


def switch_score(graph: JourneyGraph, reachable: list[int], visits: dict[int, float]) -> float:
    """Σ v(a) · p(a→b) · weight(a→b) over the switching transitions, summed per weight so an overflow has a cause."""
    plain: list[tuple[float, int]] = []
    pushed: list[tuple[float, int]] = []
    for i in reachable:
        for link in graph.links[i]:
            if link.digital_to_analog:
                pushed.append((visits[i] * link.probability, i))
            elif link.switch:
                plain.append((visits[i] * link.probability, i))
    weights = graph.journey.scoring
    parts = [
        ("digital_to_analog", weights.digital_to_analog, _total(graph, visits, pushed)),
        ("switch", weights.switch, _total(graph, visits, plain)),
    ]
    total = _sum([weight * switches for _, weight, switches in parts])
    if math.isfinite(total):
        return total
    key, weight, _ = max(parts, key=lambda part: part[1] * part[2])
    if weight <= DEFAULT_WEIGHTS:
        # Ordinary weights: the visits are what is too large, not the weight.
        busiest = max((i for _, i in plain + pushed), key=lambda i: (visits[i], -i))
        raise _too_many(graph, busiest, visits[busiest])
    message = (
        f"with a {key} weight of {weight:g} the expected switch score goes beyond {_LARGEST}, "
        "the largest number that can be computed: use a smaller weight"
    )
    raise Unsolvable(("scoring", key), message)


def _sum(values: list[float]) -> float:
    """The correctly rounded sum, infinite where it goes beyond the largest float."""
    try:
        return math.fsum(values)
    except OverflowError:
        return math.inf


def _total(graph: JourneyGraph, visits: dict[int, float], terms: list[tuple[float, int]]) -> float:
    """The sum of (value, touchpoint) terms; beyond the largest float it is the error of the most visited one."""
    total = _sum([value for value, _ in terms])
    if math.isfinite(total):
        return total
    busiest = max((i for _, i in terms), key=lambda i: (visits[i], -i))
    raise _too_many(graph, busiest, visits[busiest])


def _too_many(graph: JourneyGraph, index: int, visits: float) -> Unsolvable:
    name = graph.touchpoints[index].id
    message = (
        f"the loops at {name!r} are so tight that customers would pass it about {visits:.2g} times, too often "
        f"for its scores to stay below {_LARGEST}: check the shares of the transitions that lead back to it"
    )
    return Unsolvable(("touchpoints", index, "id"), message)


def _transition(graph: JourneyGraph, link: Link) -> ChainTransition:
    points = graph.touchpoints
    return ChainTransition(
        source=points[link.source].id,
        target=points[link.target].id,
        probability=link.probability,
        forward=link.forward,
        switch=link.switch,
        digital_to_analog=link.digital_to_analog,
    )


def absorbing_visits(graph: JourneyGraph, states: list[int], *, digital_only: bool = False) -> dict[int, float]:
    """Expected visits of each state for a customer starting at the entry, exact to a few roundings.

    Transitions leaving `states` end the walk, and exits (no transitions) end it by
    definition. Raises Unsolvable, located at the touchpoint where the numbers leave
    the range of floats, rather than return a visit that is not right.
    """
    transitions = {state: [(link.target, link.probability) for link in graph.links[state]] for state in states}
    try:
        return expected_visits(states, graph.entry, transitions)
    except ChainError as error:
        raise _unsolvable(graph, error, digital_only=digital_only) from None


def _unsolvable(graph: JourneyGraph, error: ChainError, *, digital_only: bool) -> Unsolvable:
    name = graph.touchpoints[error.state].id
    if error.trouble is Trouble.TOO_RARE:
        way = "without passing an analog touchpoint " if digital_only else ""
        message = (
            f"so few customers reach {name!r} {way}(fewer than one in {_LARGEST}) that its "
            "scores cannot be computed: check the shares of the transitions that lead to it"
        )
    elif error.trouble is Trouble.TIGHT_LOOP:
        message = (
            f"the loops at {name!r} are so tight that customers who reach it would pass it more than "
            f"{_LARGEST} times: check the shares of the transitions that lead back to it"
        )
    else:
        message = (
            f"the loops on the way to {name!r} are so tight that customers would pass it more than "
            f"{_LARGEST} times: check the shares of the transitions that lead back"
        )
    return Unsolvable(("touchpoints", error.state, "id"), message)


# How the messages name the range of floats: beyond it a number cannot be printed right.
_LARGEST = "1e308"


def digital_completion(graph: JourneyGraph, reachable: list[int]) -> float | None:
    """Probability of reaching an exit without passing an analog touchpoint that is not the service itself.

    None for an analog entry. Being treated in person (`kind: service`) is no failure of the digital channels.
    """
    if not graph.is_digital(graph.entry):
        return None
    digital = [i for i in reachable if graph.keeps_digital(i)]
    visits = absorbing_visits(graph, digital, digital_only=True)
    return _sum([visits[i] for i in digital if graph.touchpoints[i].is_exit])


def most_likely_path(graph: JourneyGraph, exits: Iterable[int] | None = None) -> Path | None:
    """The entry-to-exit path with the highest probability; on a tie the earlier listed transition wins.

    With `exits`, only paths that end at one of them count (the main path: success exits only).
    """
    # Cost = -log(probability), found backwards from every exit at once (Dijkstra). Each
    # touchpoint keeps the link its best way on starts with; a link only ever points at a
    # touchpoint settled before, so following them from the entry always ends at an exit.
    ends = [i for i, point in enumerate(graph.touchpoints) if point.is_exit] if exits is None else exits
    cost: dict[int, float] = dict.fromkeys(ends, 0.0)
    chosen: dict[int, tuple[int, Link]] = {}  # touchpoint -> (listed position, first link of its best way on)
    incoming: dict[int, list[tuple[int, Link]]] = {}
    for outgoing in graph.links:
        for position, link in enumerate(outgoing):
            incoming.setdefault(link.target, []).append((position, link))
    queue = [(0.0, i) for i in cost]
    done: set[int] = set()
    # The tie on costs: p' ≥ p · (1 - tolerance) exactly when cost' - cost ≤ -ln(1 - tolerance).
    cost_tie = -math.log1p(-TIE_TOLERANCE)
    while queue:
        current, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        for position, link in incoming.get(node, ()):
            source = link.source
            if source in done:
                continue
            candidate = current - math.log(link.probability)
            if source not in chosen:
                cost[source] = candidate
                chosen[source] = (position, link)
                heapq.heappush(queue, (candidate, source))
                continue
            best = cost[source]
            tie = abs(candidate - best) <= cost_tie
            if (candidate < best and not tie) or (tie and position < chosen[source][0]):
                cost[source] = min(candidate, best)
                chosen[source] = (position, link)
                heapq.heappush(queue, (cost[source], source))
    if graph.entry not in cost:
        return None
    path, links = [graph.entry], []
    while path[-1] in chosen:
        step = chosen[path[-1]][1]
        path.append(step.target)
        links.append(step)
    return _path(graph, path, links)


def worst_path(graph: JourneyGraph) -> Path | None:
    """The entry-to-exit path over forward transitions with the highest effort sum."""
    best: dict[int, tuple[int, Link | None]] = {}
    for i in reversed(graph.in_journey_order):
        point = graph.touchpoints[i]
        if point.is_exit:
            best[i] = (effort_of(point), None)
            continue
        for link in graph.links[i]:
            if link.forward and link.target in best:
                total = effort_of(point) + best[link.target][0]
                if i not in best or total > best[i][0]:
                    best[i] = (total, link)
    if graph.entry not in best:
        return None
    path, links = [graph.entry], []
    while (step := best[path[-1]][1]) is not None:
        path.append(step.target)
        links.append(step)
    return _path(graph, path, links)


def _path(graph: JourneyGraph, path: list[int], links: Iterable[Link]) -> Path:
    links = list(links)
    return Path(
        touchpoints=tuple(graph.touchpoints[i].id for i in path),
        effort=sum(effort_of(graph.touchpoints[i]) for i in path),
        switches=sum(1 for link in links if link.switch),
        probability=math.prod((link.probability for link in links), start=1.0),
    )


def response_gap(graph: JourneyGraph, index: int) -> ResponseGap | None:
    """How a touchpoint's response time compares with what customers expect on its channel, if both are known."""
    point = graph.touchpoints[index]
    expected = graph.channel_of(index).expected_response
    if point.response_time is None or expected is None:
        return None
    return ResponseGap(point.id, point.channel, point.response_time, expected)


def response_gaps(graph: JourneyGraph, reachable: list[int]) -> Iterable[ResponseGap]:
    for i in reachable:
        gap = response_gap(graph, i)
        if gap is not None:
            yield gap
