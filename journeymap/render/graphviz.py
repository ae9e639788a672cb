"""Graphviz: run the `dot` program on DOT text; the one place that needs Graphviz installed.

Building the DOT text is pure (`journeymap.render.dot`); this module only runs the
binary and turns a missing or failing `dot` into one clear `GraphvizError`.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping

from journeymap.graph import JourneyGraph
from journeymap.output import OutputError
from journeymap.render.dot import DEFAULT_OPTIONS, DiagramOptions, Part, can_split, journey_dot, swimlanes
from journeymap.render.paper import Page, readable, scale_to_fit
from journeymap.render.svg import accessible_svg, diagram_description, element_titles
from journeymap.scoring import Scores

OUTPUT_FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = "install Graphviz: apt-get install graphviz / brew install graphviz"
# Pictures for the wall: one and a half times screen resolution (2 pixels per point), sharp when printed.
PNG_DPI = 144


class GraphvizError(OutputError):
    """`dot` is missing or failed; the message says how to fix it."""


def run_dot(dot_text: str, output_format: str) -> bytes:
    """The picture `dot` draws from `dot_text` in `output_format` (svg, png or pdf; plain: the layout as text)."""
    if output_format not in (*OUTPUT_FORMATS, "plain"):
        raise ValueError(f"output format must be one of {', '.join(OUTPUT_FORMATS)}, not {output_format!r}")
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizError(f"Graphviz's `dot` program was not found on PATH; {INSTALL_HINT}")
    command = [executable, f"-T{output_format}"]
    if output_format == "png":
        command.append(f"-Gdpi={PNG_DPI}")
    try:
        finished = subprocess.run(command, input=dot_text.encode("utf-8"), capture_output=True, check=False)
    except OSError as error:
        raise GraphvizError(f"cannot run {executable}: {error.strerror}; {INSTALL_HINT}") from error
    if finished.returncode != 0:
        problem = finished.stderr.decode("utf-8", errors="replace").strip() or "no message"
        raise GraphvizError(f"Graphviz's `dot` failed (exit status {finished.returncode}): {problem}")
    return finished.stdout


def drawing_size(dot_text: str) -> tuple[float, float]:
    """Width and height in points of the picture `dot` draws from `dot_text` (at its natural size)."""
    first = run_dot(dot_text, "plain").decode("utf-8", errors="replace").split("\n", 1)[0].split()
    if len(first) < 4 or first[0] != "graph":
        raise GraphvizError("Graphviz's `dot` gave no picture size")
    return float(first[2]) * 72.0, float(first[3]) * 72.0


def render_svg(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    *,
    part: Part | None = None,
    fit: Mapping[str, str] | None = None,
) -> str:
    """The finished journey-map SVG: drawn by `dot`, with title, description and tooltips for every reader.

    `part` and `fit` as for `journey_dot`: one page of a map split over pages, scaled to the page.
    """
    lanes = swimlanes(graph, scores, options)
    drawn = run_dot(journey_dot(graph, scores, options, lanes=lanes, part=part, fit=fit), "svg").decode("utf-8")
    journey = graph.journey
    return accessible_svg(
        drawn,
        prefix=journey.id or "journey",
        title=f"Journey map: {journey.title}",
        description=diagram_description(graph, scores, options, lanes=lanes),
        titles=element_titles(graph, scores, options, lanes=lanes),
        touchpoints={f"t{i}": point.id for i, point in enumerate(graph.touchpoints)},
    )


def pages(graph: JourneyGraph, scores: Scores, options: DiagramOptions, sheet: Page) -> list[tuple[Part | None, float]]:
    """How a map goes on paper: one page when its text stays readable there, else parts at stage boundaries.

    Each entry is the part to draw (None: the whole map) and the scale it is printed at. Stages
    are added to a page while the page stays readable; a single stage that is not readable on its
    own still gets a page (the caller says so). Maps that cannot be split (`can_split`) get one page.
    """
    scale = scale_to_fit(*drawing_size(journey_dot(graph, scores, options)), sheet)
    stages = len(graph.journey.stages)
    if readable(scale) or not can_split(options) or stages == 1:
        return [(None, scale)]
    ranges: list[tuple[int, int, float]] = []
    first = 0
    while first < stages:
        last = first
        best = _part_scale(graph, scores, options, sheet, (first, last))
        while last + 1 < stages:
            wider = _part_scale(graph, scores, options, sheet, (first, last + 1))
            if not readable(wider):
                break
            last, best = last + 1, wider
        ranges.append((first, last, best))
        first = last + 1
    return [(Part(first, last, number, len(ranges)), scale) for number, (first, last, scale) in enumerate(ranges, 1)]


def _part_scale(
    graph: JourneyGraph, scores: Scores, options: DiagramOptions, sheet: Page, stages: tuple[int, int]
) -> float:
    part = Part(stages[0], stages[1], 1, 1)
    return scale_to_fit(*drawing_size(journey_dot(graph, scores, options, part=part)), sheet)
