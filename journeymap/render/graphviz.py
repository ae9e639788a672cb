"""Graphviz: run the `dot` program on DOT text; the one place that needs Graphviz installed.

Building the DOT text is pure (`journeymap.render.dot`); this module only runs the
binary and turns a missing or failing `dot` into one clear `GraphvizError`.
"""

from __future__ import annotations

import shutil
import subprocess

from journeymap.graph import JourneyGraph
from journeymap.output import OutputError
from journeymap.render.dot import DEFAULT_OPTIONS, DiagramOptions, journey_dot, swimlanes
from journeymap.render.svg import accessible_svg, diagram_description, element_titles
from journeymap.scoring import Scores

OUTPUT_FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = "install Graphviz: apt-get install graphviz / brew install graphviz"
# Pictures for the wall: one and a half times screen resolution (2 pixels per point), sharp when printed.
PNG_DPI = 144


class GraphvizError(OutputError):
    """`dot` is missing or failed; the message says how to fix it."""


def run_dot(dot_text: str, output_format: str) -> bytes:
    """The picture `dot` draws from `dot_text` in `output_format` (svg, png or pdf)."""
    if output_format not in OUTPUT_FORMATS:
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


def render_svg(graph: JourneyGraph, scores: Scores, options: DiagramOptions = DEFAULT_OPTIONS) -> str:
    """The finished journey-map SVG: drawn by `dot`, with title, description and tooltips for every reader."""
    lanes = swimlanes(graph, scores, options)
    drawn = run_dot(journey_dot(graph, scores, options, lanes=lanes), "svg").decode("utf-8")
    journey = graph.journey
    return accessible_svg(
        drawn,
        prefix=journey.id or "journey",
        title=f"Journey map: {journey.title}",
        description=diagram_description(graph, scores, options, lanes=lanes),
        titles=element_titles(graph, scores, options, lanes=lanes),
        touchpoints={f"t{i}": point.id for i, point in enumerate(graph.touchpoints)},
    )
