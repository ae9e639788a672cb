"""The design held against the log: each designed transition with its measured share, interval and count,
the undesigned moves, and the mapping of activities to touchpoints that the measurement uses.
"""

from __future__ import annotations

import dataclasses

from journeymap.graph import JourneyGraph
from journeymap.measure.results import LogCounts, MeasuredTransition
from journeymap.measure.stats import wilson
from journeymap.model import Journey


def activity_map(journey: Journey) -> dict[str, str]:
    """Activity -> touchpoint id: each touchpoint's id and the names its `events:` list (validated to be unique)."""
    mapping = {point.id: point.id for point in journey.touchpoints}
    for point in journey.touchpoints:
        for name in point.events:
            mapping.setdefault(name, point.id)
    return mapping


def without_exits(graph: JourneyGraph, counts: LogCounts) -> LogCounts:
    """The counts with drop-outs only where they are: a case that ends at an exit finished, it did not drop out."""
    exits = {point.id for point in graph.touchpoints if point.is_exit}
    drop_outs = {point: n for point, n in counts.drop_outs.items() if point not in exits}
    return dataclasses.replace(counts, drop_outs=drop_outs)


def compared(graph: JourneyGraph, counts: LogCounts) -> tuple[MeasuredTransition, ...]:
    """Every designed transition (file order) and, after each touchpoint's, its undesigned moves (most first)."""
    found: list[MeasuredTransition] = []
    order = {point.id: i for i, point in enumerate(graph.touchpoints)}
    for i, point in enumerate(graph.touchpoints):
        visits = counts.visits.get(point.id, 0)
        designed = set()
        # A loop back to the touchpoint itself cannot show in a log: consecutive events of one touchpoint are
        # one visit. Its other shares are then held against the customers who leave: p / (1 - p(self)).
        stay = sum(link.probability for link in graph.links[i] if link.target == i)
        for link in graph.links[i]:
            target = graph.touchpoints[link.target].id
            designed.add(target)
            if link.target == i:
                found.append(MeasuredTransition(point.id, target, True, None, 0, 0, None, None, None, False, False))
            else:
                share = link.probability / (1 - stay) if stay < 1 else link.probability
                found.append(_measured(point.id, target, share, counts, visits))
        extra = [
            (target, n) for (source, target), n in counts.moves.items() if source == point.id and target not in designed
        ]
        for target, _ in sorted(extra, key=lambda item: (-item[1], order.get(item[0], len(order)))):
            found.append(_measured(point.id, target, None, counts, visits))
    return tuple(found)


def _measured(source: str, target: str, share: float | None, counts: LogCounts, visits: int) -> MeasuredTransition:
    moves = counts.moves.get((source, target), 0)
    cases = counts.move_cases.get((source, target), 0)
    if not visits:
        return MeasuredTransition(source, target, share is not None, share, moves, cases, None, None, None, False)
    low, high = wilson(moves, visits)
    off = share is not None and not low <= share <= high
    return MeasuredTransition(source, target, share is not None, share, moves, cases, moves / visits, low, high, off)
