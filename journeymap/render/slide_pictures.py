"""Slide pictures: the journey map as PNG pictures for slides, split at stage boundaries, and its legend alone.

On a slide the map goes without its title and legend (the slide has a title, and the legend gets a
slide of its own), so a part shows as many stages as stay readable: stages are added to a picture
while its smallest text would still show at 7 points at the slide's picture size, as on paper.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from journeymap.graph import JourneyGraph
from journeymap.render.deck import CONTENT_WIDTH, DIAGRAM_HEIGHT, MAP_DPI, DiagramPart
from journeymap.render.dot import FONT, DiagramOptions, Part, can_split, journey_dot, legend
from journeymap.render.graphviz import DEFAULT_BUDGET, BudgetExceeded, DotBudget, run_dot
from journeymap.render.overview import overview_dot, too_large_to_draw
from journeymap.render.paper import MARGIN, Page, readable, scale_to_fit
from journeymap.render.pictures import drawing_size
from journeymap.scoring import Scores

DPI = str(MAP_DPI)
UNTITLED = {"label": ""}  # the map without its title and legend (they follow `journey_dot`'s own graph attributes)
SLIDE = Page("slide", CONTENT_WIDTH + 2 * MARGIN, DIAGRAM_HEIGHT + 2 * MARGIN)  # the printable area is the picture's
OPTIONS = DiagramOptions(highlight="most-likely")


def _scale(graph: JourneyGraph, scores: Scores, part: Part | None, budget: DotBudget) -> float:
    dot_text = journey_dot(graph, scores, OPTIONS, part=part, fit=UNTITLED)
    return scale_to_fit(*drawing_size(dot_text, budget), SLIDE)


def slide_parts(graph: JourneyGraph, scores: Scores, budget: DotBudget = DEFAULT_BUDGET) -> list[Part | None]:
    """The parts the map goes on slides in: [None] when it reads whole on one, else consecutive stages."""
    stages = len(graph.journey.stages)
    if readable(_scale(graph, scores, None, budget)) or not can_split(OPTIONS) or stages == 1:
        return [None]
    ranges: list[tuple[int, int]] = []
    first = 0
    while first < stages:
        last = first
        while last + 1 < stages and readable(_scale(graph, scores, Part(first, last + 1, 1, 1), budget)):
            last += 1
        ranges.append((first, last))
        first = last + 1
    return [Part(first, last, number, len(ranges)) for number, (first, last) in enumerate(ranges, 1)]


def legend_png(budget: DotBudget = DEFAULT_BUDGET) -> bytes:
    """The map's legend alone, as a picture."""
    dot_text = (
        f'digraph legend {{\n  graph [pad="0.2", bgcolor="#FFFFFF", dpi={DPI}];\n'
        f'  node [fontname="{FONT}", fontsize=10];\n'
        f"  legend [shape=plain, label=<{legend(OPTIONS, unreachable=True)}>];\n}}\n"
    )
    return run_dot(dot_text, "png", budget)


def slide_pictures(graph: JourneyGraph, scores: Scores, budget: DotBudget = DEFAULT_BUDGET) -> list[DiagramPart]:
    """The map as PNG pictures for the slides: whole when it reads on one, else split at stage boundaries; the
    stage overview when the map is too large to draw; none when not even that can be drawn in the budget.
    """
    titles = [stage.display_title for stage in graph.journey.stages]
    try:
        if not too_large_to_draw(graph):
            parts = slide_parts(graph, scores, budget)
            texts = [journey_dot(graph, scores, OPTIONS, part=part, fit={**UNTITLED, "dpi": DPI}) for part in parts]
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # one `dot` per core
                drawn = list(pool.map(lambda text: run_dot(text, "png", budget), texts))
            return [
                DiagramPart(png, tuple(titles if part is None else [titles[k] for k in part.stages]), k, len(parts))
                for k, (part, png) in enumerate(zip(parts, drawn, strict=True), 1)
            ]
    except BudgetExceeded:
        pass
    try:
        return [DiagramPart(run_dot(overview_dot(graph, scores, OPTIONS), "png", budget), tuple(titles), 1, 1)]
    except BudgetExceeded:
        return []
