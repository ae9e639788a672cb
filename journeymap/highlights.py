"""Highlights: the few numbers a manager reads first, computed from a journey's graph and scores.

The top hot spot and its share of the effort per customer; the channel switch that costs the most
(customers over it * its switch weight); where digital completion is lost (the analog touchpoint
customers first leave the digital path for, by share of customers). The effort per step, which
lets a long journey and a short one be compared, is a score (`Scores.effort_per_step`).

Every share of customers here is a probability that a customer does something at least once, solved
exactly from the chain as the visits are: expected visits count repeats, so on a loop they are not a
share of customers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from journeymap.chain import ChainError, expected_visits
from journeymap.codes import WarningCode
from journeymap.graph import JourneyGraph, Link
from journeymap.scoring import Scores, absorbing_visits

# A state outside every chain: a transition sent there ends the walk (see `chain.expected_visits`).
_LEFT = -1

# At most this many extra solves for the shares of customers reaching touchpoints on loops; beyond it
# (a very large journey full of loops) those touchpoints' visits are shown as times per customer.
REACH_SOLVES = 200


@dataclass(frozen=True)
class HotSpotHighlight:
    """The touchpoint where customers spend the most effort, and its share of the effort per customer."""

    touchpoint: str
    stage: str
    effort: float  # visits * effort
    share: float  # of the expected effort


@dataclass(frozen=True)
class SwitchHighlight:
    """The channel switch with the largest weighted cost: expected passes per customer * its weight."""

    source: str
    target: str
    source_channel: str
    target_channel: str
    digital_to_analog: bool
    weight: float
    passes: float  # expected times a customer takes it (repeats counted)
    cost: float  # passes * weight: its part of the expected switch score
    share_of_score: float  # cost / expected switch score
    customers: float | None  # the share of customers who take it at least once; None: not computable exactly


@dataclass(frozen=True)
class DigitalLoss:
    """Where digital completion is lost: the analog touchpoint most customers first leave the digital path for."""

    completion: float
    touchpoint: str | None  # None: no customer leaves the digital path
    share: float  # of customers whose first analog touchpoint this is


@dataclass(frozen=True)
class Highlights:
    hot_spot: HotSpotHighlight | None  # None: no touchpoint has effort
    switch: SwitchHighlight | None  # None: no customer switches channel (or every switch weighs 0)
    digital: DigitalLoss | None  # None: the entry is analog


def highlights(graph: JourneyGraph, scores: Scores) -> Highlights:
    """The highlights of a valid, scored journey."""
    return Highlights(
        hot_spot=_hot_spot(graph, scores),
        switch=_worst_switch(graph, scores),
        digital=_digital_loss(graph, scores),
    )


def _hot_spot(graph: JourneyGraph, scores: Scores) -> HotSpotHighlight | None:
    """The top hot spot that is not the service itself: the treatment or the repair is what customers came for."""
    spots = [spot for spot in scores.hot_spots if not graph.touchpoints[graph.index[spot.touchpoint]].is_service]
    if not spots or scores.expected_effort <= 0:
        return None
    top = spots[0]
    point = graph.touchpoints[graph.index[top.touchpoint]]
    return HotSpotHighlight(top.touchpoint, point.stage, top.score, top.score / scores.expected_effort)


def _worst_switch(graph: JourneyGraph, scores: Scores) -> SwitchHighlight | None:
    weights = graph.journey.scoring
    best: tuple[float, float, Link, int] | None = None  # cost, passes, link, its position among the source's links
    for i in sorted(graph.reachable):
        for position, link in enumerate(graph.links[i]):
            if not link.switch or not _a_problem(graph, link, position):
                continue
            weight = link.weight(weights)
            passes = scores.visits[graph.touchpoints[i].id] * link.probability
            cost = passes * weight
            if cost > 0 and (best is None or cost > best[0]):  # ties: the first in file order
                best = (cost, passes, link, position)
    if best is None:
        return None
    cost, passes, link, position = best
    points = graph.touchpoints
    return SwitchHighlight(
        source=points[link.source].id,
        target=points[link.target].id,
        source_channel=points[link.source].channel,
        target_channel=points[link.target].channel,
        digital_to_analog=link.digital_to_analog,
        weight=link.weight(weights),
        passes=passes,
        cost=cost,
        share_of_score=cost / scores.expected_switch_score if scores.expected_switch_score > 0 else 1.0,
        customers=passes if link.source not in graph.on_loop else _taking(graph, link.source, position),
    )


def _a_problem(graph: JourneyGraph, link: Link, position: int) -> bool:
    """A switch worth naming: not into or out of the service itself, and not a digital-to-analog switch whose
    `forced-analog` warning the file silences (the valuation visit is meant to be in person)."""
    points = graph.touchpoints
    if points[link.source].is_service or points[link.target].is_service:
        return False
    if not link.digital_to_analog:
        return True
    silenced = {*graph.journey.ignore, *points[link.source].ignore, *points[link.source].next[position].ignore}
    return WarningCode.FORCED_ANALOG not in silenced


def _transitions(graph: JourneyGraph) -> dict[int, list[tuple[int, float]]]:
    return {i: [(link.target, link.probability) for link in graph.links[i]] for i in sorted(graph.reachable)}


def _taking(graph: JourneyGraph, source: int, position: int) -> float | None:
    """The probability that a customer takes the `position`-th transition of `source` at least once.

    The transition is made to end the walk: the visits of `source` in that chain, times its
    probability, are the chance of taking it before anything else ends the walk.
    """
    transitions = _transitions(graph)
    _, probability = transitions[source][position]
    transitions[source][position] = (_LEFT, probability)
    try:
        visits = expected_visits(sorted(graph.reachable), graph.entry, transitions)
    except ChainError:
        return None
    return min(1.0, visits.get(source, 0.0) * probability)


def customers_reaching(graph: JourneyGraph, scores: Scores) -> dict[str, float]:
    """The share of customers who pass each reachable touchpoint at least once, where it is known exactly.

    A touchpoint on no loop is passed at most once, so that share is its visits. One on a loop is
    solved with its transitions ending the walk (at most REACH_SOLVES of them); touchpoints left
    out have no share here.
    """
    shares = {
        point.id: scores.visits[point.id]
        for i, point in enumerate(graph.touchpoints)
        if point.id in scores.visits and i not in graph.on_loop
    }
    looping = [i for i in sorted(graph.on_loop) if i in graph.reachable]
    if len(looping) > REACH_SOLVES:
        return shares
    for i in looping:
        transitions = _transitions(graph)
        transitions[i] = [(_LEFT, 1.0)]
        try:
            visits = expected_visits(sorted(graph.reachable), graph.entry, transitions)
        except ChainError:
            continue
        shares[graph.touchpoints[i].id] = min(1.0, visits.get(i, 0.0))
    return shares


def _digital_loss(graph: JourneyGraph, scores: Scores) -> DigitalLoss | None:
    if scores.digital_completion is None:
        return None
    digital = [i for i in sorted(graph.reachable) if graph.keeps_digital(i)]
    visits = absorbing_visits(graph, digital, digital_only=True)  # the walk ends at the first analog touchpoint
    first_analog: dict[int, float] = {}
    for i in digital:
        for link in graph.links[i]:
            if not graph.keeps_digital(link.target):
                first_analog[link.target] = first_analog.get(link.target, 0.0) + visits.get(i, 0.0) * link.probability
    if not first_analog or max(first_analog.values()) <= 0:
        return DigitalLoss(scores.digital_completion, None, 0.0)
    target = _largest(first_analog.items())
    return DigitalLoss(scores.digital_completion, graph.touchpoints[target].id, first_analog[target])


def _largest(items: Iterable[tuple[int, float]]) -> int:
    """The key with the largest value; on a tie the first touchpoint in the file."""
    return min(items, key=lambda item: (-item[1], item[0]))[0]
