"""The stage overview: one node per stage, flows between stages from the chain, text that stays text (issue 11)."""

from __future__ import annotations

import math
import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from journeymap.graph import JourneyGraph
from journeymap.project import load_journey
from journeymap.render.dot import DiagramOptions
from journeymap.render.overview import overview_description, overview_dot, stage_flows, stage_summaries
from journeymap.render.pictures import render_overview_svg
from journeymap.scoring import Scores, score
from tests.conftest import EXAMPLE_JOURNEYS, ROOT
from tests.test_render import HOSTILE_JOURNEY

GOLDEN = ROOT / "tests" / "golden" / "overview"
UPDATE_GOLDEN = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"


def analysed(path: Path) -> tuple[JourneyGraph, Scores]:
    graph = load_journey(str(path)).graph
    assert graph is not None
    return graph, score(graph)


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_golden_overview_dot(example: Path) -> None:
    graph, scores = analysed(example)
    text = overview_dot(graph, scores)
    golden = GOLDEN / example.name.replace(".journey.yaml", ".dot")
    if UPDATE_GOLDEN:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with JOURNEYMAP_UPDATE_GOLDEN=1 to create it"
    assert text == golden.read_text(encoding="utf-8"), f"{golden} differs; regenerate on purpose only"


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_flows_out_of_every_stage_share_all_its_customers(example: Path) -> None:
    graph, scores = analysed(example)
    shares: dict[str, float] = defaultdict(float)
    for flow in stage_flows(graph, scores):
        assert flow.source != flow.target
        assert 0 < flow.share <= 1 and math.isfinite(flow.customers)
        shares[flow.source] += flow.share
    assert shares and all(math.isclose(total, 1.0, rel_tol=1e-12) for total in shares.values()), shares


def _graph(folder: Path, text: str) -> JourneyGraph:
    path = folder / "test.journey.yaml"
    path.write_text(text, encoding="utf-8")
    file = load_journey(str(path))
    assert file.graph is not None, file.findings
    return file.graph


def test_flows_are_the_chain_visits_summed_over_stages(tmp_path: Path) -> None:
    """Computed independently: 30% of customers leave `buy` for `help`, a third of those come back."""
    text = """\
title: Shop
goals: [Fewer calls]
stages: [buy, help, after]
touchpoints:
  - {id: order, title: Orders, stage: buy, channel: web, effort: 2,
     next: [{to: bill, share: 0.7}, {to: call, share: 0.3}]}
  - {id: call, title: Calls, stage: help, channel: phone, effort: 5,
     next: [{to: order, share: 0.5}, {to: bill, share: 0.5}]}
  - {id: bill, title: Invoice, stage: after, channel: email, kind: invoice, effort: 1}
"""
    graph = _graph(tmp_path, text)
    scores = score(graph)
    flows = {(flow.source, flow.target): flow for flow in stage_flows(graph, scores)}
    order = 1 / (1 - 0.3 * 0.5)  # visits of order: 1 + 0.15 + 0.15² + ...
    assert math.isclose(flows[("buy", "help")].customers, 0.3 * order)
    assert math.isclose(flows[("help", "buy")].customers, 0.3 * order * 0.5)
    assert math.isclose(flows[("buy", "after")].share, 0.7)
    assert math.isclose(flows[("help", "after")].share, 0.5)
    assert math.isclose(flows[("after", None)].customers, 1.0)
    assert [summary.touchpoints for summary in stage_summaries(graph, scores)] == [1, 1, 1]
    assert "dashed" in overview_dot(graph, scores).split("s1 -> s0", 1)[1].split("\n", 1)[0]


def test_hostile_text_stays_text_in_the_overview(tmp_path: Path) -> None:
    graph = _graph(tmp_path, HOSTILE_JOURNEY)
    text = overview_dot(graph, score(graph), DiagramOptions(direction="TB"))
    nodes = [line for line in text.splitlines() if line.startswith("  s") and "->" not in line]
    assert len(nodes) == len(graph.journey.stages)
    assert "evil" not in "".join(line for line in text.splitlines() if "[" not in line)
    finished = subprocess.run(["dot", "-Tcanon"], input=text, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    canonical = finished.stdout
    assert "evil" not in [line.split()[0] for line in canonical.splitlines() if line.strip()]
    assert "cluster_x" not in [line.split()[1] for line in canonical.splitlines() if line.startswith("\tsubgraph")]
    assert overview_description(graph, score(graph)).startswith("Stage overview of “Hostile")


@pytest.mark.dot
def test_the_overview_svg_has_a_title_description_and_tooltips() -> None:
    graph, scores = analysed(ROOT / "journeys" / "phone-purchase.journey.yaml")
    svg = render_overview_svg(graph, scores)
    assert 'role="img"' in svg
    assert "Stage overview: Buying a smartphone online" in svg
    assert "of the customers leaving “Comparing models” give up" in svg
    assert svg.count('class="node"') == len(graph.journey.stages) + 2  # and the end, and giving up
