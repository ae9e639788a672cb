"""Draw a journey as a journey map with Graphviz: stages as swimlanes, effort as colour, switches and loops marked.

Without -o the picture is written next to the journey file as ID.svg (ID.png, ... with --format);
the format follows the output's extension unless --format says otherwise. A journey file with
errors is reported as `journeymap check` reports it, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from journeymap.commands.options import print_errors
from journeymap.errors import UsageError
from journeymap.render import DIRECTIONS, HIGHLIGHTS, LANES

FORMATS = ("svg", "png", "pdf", "dot")
EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
STANDARD_OUTPUT = "-"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="FILE", help="a journey file (*.journey.yaml)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="file to write (- for standard output); default: ID.svg next to FILE",
    )
    parser.add_argument("--format", choices=FORMATS, help="picture format; default: from OUT's extension, else svg")
    parser.add_argument(
        "--direction",
        choices=DIRECTIONS,
        help="time runs left to right (LR) or top to bottom (TB) in one lane per stage; "
        "default: chosen by the journey's size, stages as rows that fit a page",
    )
    parser.add_argument(
        "--lanes",
        choices=LANES,
        default="stage",
        help="swimlanes per stage (default), per channel or per owning department",
    )
    parser.add_argument("--highlight", choices=HIGHLIGHTS, help="draw the most likely or the highest-effort path bold")


def output_format(output: str | None, chosen: str | None) -> str:
    """The format asked for, or the one the output's extension names; svg when neither says."""
    if chosen is not None:
        return chosen
    if output is None or output == STANDARD_OUTPUT:
        return "svg"
    extension = os.path.splitext(output)[1].lower()
    if extension not in EXTENSIONS:
        known = ", ".join(EXTENSIONS)
        shown = f"extension {extension!r}" if extension else "no extension"
        raise UsageError(f"{output}: {shown} does not name a picture format; end it in {known} or give --format")
    return EXTENSIONS[extension]


def refuse_overwriting_journeys(output: str, source: str) -> None:
    """A diagram must never replace the journey it was drawn from, or any other YAML file."""
    if os.path.splitext(output)[1].lower() in {".yaml", ".yml"}:
        raise UsageError(f"{output}: refusing to write a diagram over a YAML file; choose an output like map.svg")
    if os.path.exists(output) and os.path.exists(source) and os.path.samefile(output, source):
        raise UsageError(f"{output}: that is the journey file itself; choose another output")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.output import write_atomic
    from journeymap.project import is_walkthrough, load_journey
    from journeymap.render.dot import DiagramOptions, journey_dot
    from journeymap.render.graphviz import render_svg, run_dot
    from journeymap.scoring import score

    chosen = output_format(args.output, args.format)
    if args.output is not None and args.output != STANDARD_OUTPUT:
        refuse_overwriting_journeys(args.output, args.path)
    if os.path.isdir(args.path):
        raise UsageError(f"{args.path}: a folder; render draws one journey file at a time")
    if not os.path.exists(args.path):
        raise UsageError(f"{args.path}: no such file")
    file = load_journey(args.path)
    if is_walkthrough(args.path, file.document):
        raise UsageError(f"{args.path}: a walkthrough, not a journey; render draws *.journey.yaml files")
    if file.graph is None:
        print_errors(file.findings)
        return EXIT_FINDINGS
    output = args.output
    if output is None:
        output = os.path.join(os.path.dirname(args.path), f"{file.graph.journey.id}.{chosen}")
        refuse_overwriting_journeys(output, args.path)
    options = DiagramOptions(direction=args.direction, lanes=args.lanes, highlight=args.highlight)
    scores = score(file.graph)
    picture: str | bytes
    if chosen == "dot":
        picture = journey_dot(file.graph, scores, options)
    elif chosen == "svg":
        picture = render_svg(file.graph, scores, options)
    else:
        picture = run_dot(journey_dot(file.graph, scores, options), chosen)
    if output == STANDARD_OUTPUT:
        if isinstance(picture, str):
            sys.stdout.write(picture)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(picture)
        return EXIT_OK
    write_atomic(output, picture)
    print(f"wrote {output}")
    return EXIT_OK
