"""Lanes: touchpoints grouped by stage, channel or owner, computed once for the diagram's swimlanes and the grid's rows.

The groups are analysed data without titles or colours: the diagram (`render/dot.py`) and the
report's journey-map grid (`render/html/journey_page.py`) each say how a group is shown, but both
show the same groups, in the same order, with the same touchpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.graph import JourneyGraph


@dataclass(frozen=True)
class Group:
    """The touchpoints of one stage, channel or owner, by position in the file (file order)."""

    key: str | None  # a stage id, a channel id or an owner's name; None for the touchpoints nobody owns
    members: tuple[int, ...]


def lane_groups(graph: JourneyGraph, by: str) -> tuple[Group, ...]:
    """Groups in showing order: every stage in stage order (empty ones too); channels and owners in order
    of first use along the journey (stage order, then file order), the touchpoints nobody owns last.
    """
    if by == "stage":
        members: dict[str | None, list[int]] = {stage.id: [] for stage in graph.journey.stages}
        for i, point in enumerate(graph.touchpoints):
            members[point.stage].append(i)
        return tuple(Group(key, tuple(found)) for key, found in members.items())
    if by not in ("channel", "owner"):
        raise ValueError(f"lanes group by stage, channel or owner, not {by!r}")
    keys = [point.channel if by == "channel" else point.owner for point in graph.touchpoints]
    order: dict[str | None, list[int]] = {keys[i]: [] for i in graph.in_journey_order}
    for i, key in enumerate(keys):
        order[key].append(i)
    if None in order:
        order[None] = order.pop(None)  # touchpoints nobody owns go last
    return tuple(Group(key, tuple(found)) for key, found in order.items())
