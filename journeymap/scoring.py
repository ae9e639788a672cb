"""Scoring: the journey as an absorbing Markov chain, per "Scores (normative)" of the format.

Loops are normal in journeys (asking again, calling back), so visits are the
exact solution of the chain's linear system, never a sum over enumerated paths.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from journeymap.graph import JourneyGraph, Link
from journeymap.model import Touchpoint

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


@dataclass(frozen=True)
class Scores:
    """Every score of one journey; renderers read this and compute nothing themselves."""

    journey: str
    visits: Mapping[str, float]
    expected_effort: float
    stage_effort: Mapping[str, float]
    expected_switch_score: float
    digital_completion: float | None
    most_likely_path: Path | None
    worst_path: Path | None
    hot_spots: tuple[HotSpot, ...]
    response_gaps: tuple[ResponseGap, ...]
    transitions: tuple[ChainTransition, ...]
    unreachable: tuple[str, ...]
    missing_effort: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The keys of "Scores as JSON" in the format, plus a few more; numbers unrounded."""
        return {
            "journey": self.journey,
            "expected_effort": self.expected_effort,
            "stage_effort": dict(self.stage_effort),
            "expected_switch_score": self.expected_switch_score,
            "digital_completion": self.digital_completion,
            "most_likely_path": _path_json(self.most_likely_path, switches=True),
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


def score(graph: JourneyGraph) -> Scores:
    """All scores of a valid journey graph."""
    points = graph.touchpoints
    reachable = sorted(graph.reachable)
    visits = absorbing_visits(graph, reachable)
    weights = graph.journey.scoring
    stage_effort = {stage.id: 0.0 for stage in graph.journey.stages}
    for i in reachable:
        stage_effort[points[i].stage] += visits[i] * effort_of(points[i])
    switch_score = 0.0
    for i in reachable:
        for link in graph.links[i]:
            weight = weights.digital_to_analog if link.digital_to_analog else weights.switch if link.switch else 0.0
            switch_score += visits[i] * link.probability * weight
    spots = [(visits[i] * effort_of(points[i]), i) for i in reachable if points[i].effort]
    # Rounded, so float noise from the solver cannot reorder equal scores: ties keep file order.
    spots.sort(key=lambda spot: (-round(spot[0], 9), spot[1]))
    return Scores(
        journey=graph.journey.id or "",
        visits=MappingProxyType({points[i].id: visits[i] for i in reachable}),
        expected_effort=sum(visits[i] * effort_of(points[i]) for i in reachable),
        stage_effort=MappingProxyType(stage_effort),
        expected_switch_score=switch_score,
        digital_completion=digital_completion(graph, reachable),
        most_likely_path=most_likely_path(graph),
        worst_path=worst_path(graph),
        hot_spots=tuple(HotSpot(points[i].id, value) for value, i in spots if value > 0),
        response_gaps=tuple(response_gaps(graph, reachable)),
        transitions=tuple(_transition(graph, link) for i in reachable for link in graph.links[i]),
        unreachable=tuple(point.id for i, point in enumerate(points) if i not in graph.reachable),
        missing_effort=tuple(points[i].id for i in reachable if points[i].effort is None),
    )


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


# Up to this many states plain Python solves the chain in a millisecond and spares
# loading numpy and SciPy (0.3 s of start-up, more than all the rest of
# `journeymap render`); beyond it SciPy's sparse LU keeps 10 000 touchpoints fast.
SMALL_LIMIT = 150


def absorbing_visits(graph: JourneyGraph, states: list[int]) -> dict[int, float]:
    """Expected visits of each state for a customer starting at the entry.

    Solves (I - P^T) v = e_entry over `states`; transitions leaving `states` are
    absorbed, and exits (no transitions) absorb by definition.
    """
    position = {state: k for k, state in enumerate(states)}
    system: list[dict[int, float]] = [{k: 1.0} for k in range(len(states))]
    for state in states:
        column = position[state]
        for link in graph.links[state]:
            row = position.get(link.target)
            if row is not None:
                system[row][column] = system[row].get(column, 0.0) - link.probability
    start = [0.0] * len(states)
    start[position[graph.entry]] = 1.0
    solve = _solve_small if len(states) <= SMALL_LIMIT else _solve_sparse
    solution = solve(system, start)
    return {state: solution[k] for k, state in enumerate(states)}


def _solve_small(system: list[dict[int, float]], right: list[float]) -> list[float]:
    """Gaussian elimination on sparse rows, in place.

    I - P^T of a chain that always ends is diagonally dominant by columns, so
    elimination without pivoting is stable and no pivot is zero.
    """
    size = len(system)
    for k in range(size):
        pivot_row, pivot = system[k], system[k][k]
        for i in range(k + 1, size):
            factor = system[i].pop(k, 0.0)
            if factor:
                ratio = factor / pivot
                row = system[i]
                for j, value in pivot_row.items():
                    if j > k:
                        row[j] = row.get(j, 0.0) - ratio * value
                right[i] -= ratio * right[k]
    solution = [0.0] * size
    for k in reversed(range(size)):
        known = sum(value * solution[j] for j, value in system[k].items() if j > k)
        solution[k] = (right[k] - known) / system[k][k]
    return solution


def _solve_sparse(system: list[dict[int, float]], right: list[float]) -> list[float]:
    import numpy as np
    from scipy.sparse import csc_matrix
    from scipy.sparse.linalg import spsolve

    rows = [i for i, row in enumerate(system) for _ in row]
    columns = [j for row in system for j in row]
    values = [value for row in system for value in row.values()]
    matrix = csc_matrix((values, (rows, columns)), shape=(len(system), len(system)))
    return [float(value) for value in np.atleast_1d(spsolve(matrix, np.array(right)))]


def digital_completion(graph: JourneyGraph, reachable: list[int]) -> float | None:
    """Probability of reaching an exit without passing an analog touchpoint; None for an analog entry."""
    if not graph.is_digital(graph.entry):
        return None
    digital = [i for i in reachable if graph.is_digital(i)]
    visits = absorbing_visits(graph, digital)
    return sum(visits[i] for i in digital if graph.touchpoints[i].is_exit)


def most_likely_path(graph: JourneyGraph) -> Path | None:
    """The entry-to-exit path with the highest probability; on a tie the earlier listed transition wins."""
    # Cost = -log(probability), found backwards from every exit at once (Dijkstra). Each
    # touchpoint keeps the link its best way on starts with; a link only ever points at a
    # touchpoint settled before, so following them from the entry always ends at an exit.
    cost: dict[int, float] = {i: 0.0 for i, point in enumerate(graph.touchpoints) if point.is_exit}
    chosen: dict[int, tuple[int, Link]] = {}  # touchpoint -> (listed position, first link of its best way on)
    incoming: dict[int, list[tuple[int, Link]]] = {}
    for outgoing in graph.links:
        for position, link in enumerate(outgoing):
            incoming.setdefault(link.target, []).append((position, link))
    queue = [(0.0, i) for i in cost]
    done: set[int] = set()
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
            tie = abs(candidate - best) <= TIE_TOLERANCE * max(1.0, best)
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
        probability=math.prod(link.probability for link in links),
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
