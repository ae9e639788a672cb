"""Finished pictures: journey maps and stage overviews drawn by `dot`, made accessible, and laid out on paper.

The DOT text comes from `journeymap.render.dot` and `journeymap.render.overview`; `dot` is run
by `journeymap.render.graphviz`; the SVG gets its title, description and tooltips from
`journeymap.render.svg`. This module puts the three together.
"""

from __future__ import annotations

from collections.abc import Mapping

from journeymap.graph import JourneyGraph
from journeymap.render.dot import DEFAULT_OPTIONS, DiagramOptions, Part, can_split, journey_dot, swimlanes
from journeymap.render.graphviz import (
    DEFAULT_BUDGET,
    BudgetExceeded,
    DotBudget,
    GraphvizError,
    run_dot,
    run_dot_agreed,
)
from journeymap.render.overview import overview_description, overview_dot, overview_titles
from journeymap.render.paper import Page, readable, scale_to_fit
from journeymap.render.svg import accessible_svg, diagram_description, element_titles
from journeymap.scoring import Scores


def too_large_message(journey: str, error: BudgetExceeded, *, overview: bool) -> str:
    """What to say when a diagram did not fit its budget, and what to do about it."""
    budget = error.budget
    within = f"within {budget.time_text}" if error.limit == "time" else f"within {budget.memory_text} of memory"
    option = "--dot-timeout" if error.limit == "time" else "--dot-memory"
    if overview:
        return (
            f"even the stage overview of {journey!r} is too large to draw {within}: "
            f"raise {option}, or split the journey into smaller ones"
        )
    return (
        f"the diagram of {journey!r} is too large to draw {within}: "
        f"draw the stage overview with --overview, or raise {option}"
    )


def drawing_size(dot_text: str, budget: DotBudget = DEFAULT_BUDGET) -> tuple[float, float]:
    """Width and height in points of the picture `dot` draws from `dot_text` (at its natural size)."""
    first = run_dot(dot_text, "plain", budget).decode("utf-8", errors="replace").split("\n", 1)[0].split()
    if len(first) < 4 or first[0] != "graph":
        raise GraphvizError("Graphviz's `dot` gave no picture size")
    return float(first[2]) * 72.0, float(first[3]) * 72.0


def render_svg(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    budget: DotBudget = DEFAULT_BUDGET,
    *,
    part: Part | None = None,
    fit: Mapping[str, str] | None = None,
    agreed: bool = False,
) -> str:
    """The finished journey-map SVG: drawn by `dot`, with title, description and tooltips for every reader.

    `part` and `fit` as for `journey_dot`: one page of a map split over pages, scaled to the page.
    `agreed`: drawn until `dot` has drawn the same picture twice (`run_dot_agreed`), for reports.
    """
    lanes = swimlanes(graph, scores, options)
    dot_text = journey_dot(graph, scores, options, lanes=lanes, part=part, fit=fit)
    drawn = (run_dot_agreed if agreed else run_dot)(dot_text, "svg", budget).decode("utf-8")
    journey = graph.journey
    return accessible_svg(
        drawn,
        prefix=journey.id or "journey",
        title=f"Journey map: {journey.title}",
        description=diagram_description(graph, scores, options, lanes=lanes),
        titles=element_titles(graph, scores, options, lanes=lanes),
        touchpoints={f"t{i}": point.id for i, point in enumerate(graph.touchpoints)},
    )


def render_overview_svg(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    budget: DotBudget = DEFAULT_BUDGET,
    *,
    agreed: bool = False,
) -> str:
    """The finished stage-overview SVG (one node per stage), for journeys too large to draw in full."""
    drawn = (run_dot_agreed if agreed else run_dot)(overview_dot(graph, scores, options), "svg", budget).decode("utf-8")
    journey = graph.journey
    return accessible_svg(
        drawn,
        prefix=f"{journey.id or 'journey'}-overview",
        title=f"Stage overview: {journey.title}",
        description=overview_description(graph, scores),
        titles=overview_titles(graph, scores),
        touchpoints={},
    )


def pages(
    graph: JourneyGraph, scores: Scores, options: DiagramOptions, sheet: Page, budget: DotBudget = DEFAULT_BUDGET
) -> list[tuple[Part | None, float]]:
    """How a map goes on paper: one page when its text stays readable there, else parts at stage boundaries.

    Each entry is the part to draw (None: the whole map) and the scale it is printed at. Stages
    are added to a page while the page stays readable; a single stage that is not readable on its
    own still gets a page (the caller says so). Maps that cannot be split (`can_split`) get one page.
    """
    scale = scale_to_fit(*drawing_size(journey_dot(graph, scores, options), budget), sheet)
    stages = len(graph.journey.stages)
    if readable(scale) or not can_split(options) or stages == 1:
        return [(None, scale)]
    ranges: list[tuple[int, int, float]] = []
    first = 0
    while first < stages:
        last = first
        best = _part_scale(graph, scores, options, sheet, (first, last), budget=budget)
        while last + 1 < stages:
            wider = _part_scale(graph, scores, options, sheet, (first, last + 1), budget=budget)
            if not readable(wider):
                break
            last, best = last + 1, wider
        ranges.append((first, last, best))
        first = last + 1
    spans = tuple((first, last) for first, last, _ in ranges)
    return [
        (Part(first, last, number, len(ranges), spans), scale) for number, (first, last, scale) in enumerate(ranges, 1)
    ]


def _part_scale(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions,
    sheet: Page,
    stages: tuple[int, int],
    *,
    budget: DotBudget,
) -> float:
    part = Part(stages[0], stages[1], 1, 1)
    return scale_to_fit(*drawing_size(journey_dot(graph, scores, options, part=part), budget), sheet)
