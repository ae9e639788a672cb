"""Lanes are computed once: the diagram's swimlanes and the report grid's rows hold the same touchpoints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE_JOURNEYS

from journeymap.graph import JourneyGraph
from journeymap.project import load_journey
from journeymap.render.dot import DiagramOptions, swimlanes
from journeymap.render.html import journey_grid
from journeymap.render.lanes import lane_groups
from journeymap.scoring import score

OWNERS = """\
journeymap: 1
title: Owners
stages: [ask, buy]
channels:
  - {id: web, kind: digital}
  - {id: shop, kind: analog}
touchpoints:
  - {id: visit, title: Visits the shop, stage: ask, channel: shop, next: [pay]}
  - {id: pay, title: Pays, stage: buy, channel: web, owner: Finance, next: [browse]}
  - {id: browse, title: Browses, stage: ask, channel: web, owner: Sales, next: [done]}
  - {id: done, title: Done, stage: buy, channel: web}
"""


def graph_of(path: Path) -> JourneyGraph:
    file = load_journey(str(path))
    assert file.graph is not None
    return file.graph


@pytest.mark.parametrize("path", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
@pytest.mark.parametrize("by", ["channel", "owner"])
def test_diagram_lanes_and_grid_rows_group_the_same_touchpoints(path: Path, by: str) -> None:
    graph = graph_of(path)
    scores = score(graph)
    lanes = {
        lane.title.removeprefix("(no owner)"): {graph.touchpoints[i].id for i in lane.members}
        for lane in swimlanes(graph, scores, DiagramOptions(lanes=by))
    }
    rows = {
        row.title.removeprefix("No owner named"): {card.id for cell in row.cells for card in cell}
        for row in journey_grid(graph, scores, rows=by).rows
    }
    assert lanes == rows


def test_groups_follow_the_journey_and_put_nobody_last(write: Callable[..., Path]) -> None:
    graph = graph_of(write(OWNERS, "owners.journey.yaml"))
    # 'browse' (stage ask) comes before 'pay' (stage buy) along the journey although it is later in the file.
    assert [group.key for group in lane_groups(graph, "owner")] == ["Sales", "Finance", None]
    assert [group.key for group in lane_groups(graph, "channel")] == ["shop", "web"]
    assert [(group.key, group.members) for group in lane_groups(graph, "stage")] == [("ask", (0, 2)), ("buy", (1, 3))]
    grid = journey_grid(graph, score(graph), rows="channel")
    assert [row.title for row in grid.rows] == ["web", "shop"]  # the grid shows digital channels first
    with pytest.raises(ValueError, match="stage, channel or owner"):
        lane_groups(graph, "persona")
