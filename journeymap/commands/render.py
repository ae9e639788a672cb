"""Draw a journey as a journey map with Graphviz: stages as swimlanes, effort as colour, switches and loops marked.

Without -o the picture is written next to the journey file as ID.svg (ID.png, ... with --format;
ID.mmd for a Mermaid flowchart, ID.journey.mmd for a Mermaid journey of the most likely path);
the format follows the output's extension unless --format says otherwise. A journey file with
errors is reported as `journeymap check` reports it, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from journeymap.commands.options import add_dot_budget, dot_budget, print_errors
from journeymap.errors import UsageError
from journeymap.render import DIRECTIONS, HIGHLIGHTS, LANES
from journeymap.render.paper import PAPERS

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from journeymap.graph import JourneyGraph
    from journeymap.render.dot import DiagramOptions, Part
    from journeymap.render.graphviz import DotBudget
    from journeymap.render.paper import Page
    from journeymap.scoring import Scores

FORMATS = ("svg", "png", "pdf", "dot", "mermaid", "mermaid-journey")
EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid"}
# Default file names end in the format's name, except where that is not a file extension.
DEFAULT_SUFFIXES = {"mermaid": "mmd", "mermaid-journey": "journey.mmd"}
STANDARD_OUTPUT = "-"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="FILE", help="a journey file (*.journey.yaml)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="file to write (- for standard output); default: ID.svg next to FILE",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="picture format (mermaid: a flowchart, mermaid-journey: the most likely path as a Mermaid journey); "
        "default: from OUT's extension, else svg",
    )
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
    parser.add_argument(
        "--highlight",
        choices=HIGHLIGHTS,
        help="draw the most likely or the highest-effort path bold (mermaid-journey: the path it shows)",
    )
    parser.add_argument(
        "--overview",
        action="store_true",
        help="draw one box per stage (touchpoint count, effort, shares between stages): for very large journeys",
    )
    parser.add_argument(
        "--paper",
        type=str.upper,  # a4 is A4
        choices=tuple(PAPERS),
        help="fit the picture to an A4 or A3 page; when its text would print smaller than 7 pt, "
        "split it at stage boundaries: a PDF gets one page per part (one file, printed with Chromium), "
        "other formats OUT-1, OUT-2, ...",
    )
    parser.add_argument("--landscape", action="store_true", help="with --paper: the page lies on its long side")
    add_dot_budget(parser)


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
    """A diagram must never replace the journey it was drawn from, or any other YAML file, even through a link."""
    from journeymap.output import refuse_yaml

    refuse_yaml(output, "a diagram")
    if os.path.exists(output) and os.path.exists(source) and os.path.samefile(output, source):
        raise UsageError(f"{output}: that is the journey file itself; choose another output")


def run(args: argparse.Namespace) -> int:
    from journeymap.render.graphviz import discard_early, start_early

    chosen = output_format(args.output, args.format)
    if args.landscape and args.paper is None:
        raise UsageError("--landscape turns the page of --paper; give --paper A4 or --paper A3 too")
    if args.paper is not None and (chosen.startswith("mermaid") or args.overview):
        raise UsageError("--paper fits a Graphviz picture to a page; it does not go with Mermaid or --overview")
    if args.output is not None and args.output != STANDARD_OUTPUT:
        refuse_overwriting_journeys(args.output, args.path)
    if os.path.isdir(args.path):
        raise UsageError(f"{args.path}: a folder; render draws one journey file at a time")
    if not os.path.exists(args.path):
        raise UsageError(f"{args.path}: no such file")
    budget = dot_budget(args)
    if args.paper is None:  # one picture: `dot` starts while the journey loads (DOT and Mermaid need none)
        start_early(chosen, budget)
    try:
        return _render(args, chosen, budget)
    finally:
        discard_early()  # unused when the journey had errors or was too large to draw


def _render(args: argparse.Namespace, chosen: str, budget: DotBudget) -> int:
    """Load, score and draw the journey (the checks on the command line are done)."""
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.codes import ErrorCode
    from journeymap.findings import Finding, Level
    from journeymap.output import write_atomic
    from journeymap.project import is_walkthrough, load_journey
    from journeymap.render.dot import DiagramOptions
    from journeymap.render.graphviz import BudgetExceeded
    from journeymap.render.pictures import too_large_message
    from journeymap.scoring import score

    file = load_journey(args.path)
    if is_walkthrough(args.path, file.document):
        raise UsageError(f"{args.path}: a walkthrough, not a journey; render draws *.journey.yaml files")
    if file.graph is None:
        print_errors(file.findings)
        return EXIT_FINDINGS
    output = args.output
    if output is None:
        suffix = DEFAULT_SUFFIXES.get(chosen, chosen)
        output = os.path.join(os.path.dirname(args.path), f"{file.graph.journey.id}.{suffix}")
        refuse_overwriting_journeys(output, args.path)
    options = DiagramOptions(direction=args.direction, lanes=args.lanes, highlight=args.highlight)
    scores = score(file.graph)
    picture: str | bytes
    try:
        if args.paper is not None:
            return _on_paper(args, file.graph, scores, options, chosen=chosen, output=output, budget=budget)
        picture = _picture(file.graph, scores, options, chosen, budget, overview=args.overview)
    except BudgetExceeded as error:
        message = too_large_message(file.graph.journey.id or args.path, error, overview=args.overview)
        finding = (
            file.document.error(["touchpoints"], ErrorCode.DIAGRAM_TOO_LARGE, message, key=True)
            if file.document is not None
            else Finding(args.path, 1, 1, Level.ERROR, ErrorCode.DIAGRAM_TOO_LARGE, message)
        )
        print_errors([finding])
        return EXIT_FINDINGS
    if output == STANDARD_OUTPUT:
        _to_standard_output(picture)
        return EXIT_OK
    write_atomic(output, picture)
    print(f"wrote {output}")
    return EXIT_OK


def _picture(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions,
    chosen: str,
    budget: DotBudget,
    *,
    overview: bool,
    part: Part | None = None,
    fit: Mapping[str, str] | None = None,
) -> str | bytes:
    """The picture in the chosen format; `part` and `fit` (with --paper) as for `journey_dot`."""
    from journeymap.render.dot import journey_dot
    from journeymap.render.graphviz import run_dot
    from journeymap.render.overview import overview_dot
    from journeymap.render.pictures import render_overview_svg, render_svg

    if chosen in ("mermaid", "mermaid-journey"):
        from journeymap.render.mermaid import mermaid_flowchart, mermaid_journey

        return (mermaid_flowchart if chosen == "mermaid" else mermaid_journey)(graph, scores, options)
    if chosen == "svg":  # drawn with its titles and tooltips; the DOT text is built there
        if overview:
            return render_overview_svg(graph, scores, options, budget)
        return render_svg(graph, scores, options, budget, part=part, fit=fit)
    if overview:
        dot_text = overview_dot(graph, scores, options)
    else:
        dot_text = journey_dot(graph, scores, options, part=part, fit=fit)
    if chosen == "dot":
        return dot_text
    return run_dot(dot_text, chosen, budget)


def _to_standard_output(picture: str | bytes) -> None:
    if isinstance(picture, str):
        sys.stdout.write(picture)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(picture)


def _printed(
    args: argparse.Namespace,
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions,
    plan: Sequence[tuple[Part | None, float]],
    *,
    sheet: Page,
    output: str,
    budget: DotBudget,
) -> int:
    """The map on real sheets of one PDF: a page per part, all at one scale, printed by headless Chromium."""
    import tempfile
    from pathlib import Path

    from journeymap.cli import EXIT_OK
    from journeymap.output import write_atomic
    from journeymap.pdf import ChromiumNotFound, find_chromium, print_pdf
    from journeymap.render.paper import READABLE
    from journeymap.render.pictures import render_svg
    from journeymap.render.printed_map import common_scale, printed_map, smallest_text, svg_size

    if output == STANDARD_OUTPUT:
        raise UsageError("--paper with a PDF prints it with Chromium into a file; give -o FILE.pdf")
    try:
        chromium = find_chromium()
    except ChromiumNotFound as error:
        raise UsageError(f"{error}, or write the pages as SVG (-o FILE.svg)") from None
    svgs = [render_svg(graph, scores, options, budget, part=part) for part, _ in plan]
    scale = common_scale([svg_size(svg) for svg in svgs], sheet)
    document = printed_map(graph.journey.title, svgs, sheet, scale)
    with tempfile.TemporaryDirectory(prefix="journeymap-paper-") as folder:
        html, pdf = Path(folder) / "map.html", Path(folder) / "map.pdf"
        html.write_text(document, encoding="utf-8")
        print_pdf(chromium, html, pdf)
        write_atomic(output, pdf.read_bytes())
    count = len(plan)
    print(f"wrote {output} ({count} {sheet.name} page{'s' if count != 1 else ''})")
    if smallest_text(scale) < READABLE:
        why = "one stage alone is too big for the page" if count > 1 else "this map cannot be split"
        print(
            f"note: {output}: its smallest text prints at {smallest_text(scale):.1f} pt, under {READABLE:g} pt "
            f"({why}); try --paper A3, --landscape or the default layout",
            file=sys.stderr,
        )
    return EXIT_OK


def _on_paper(
    args: argparse.Namespace,
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions,
    *,
    chosen: str,
    output: str,
    budget: DotBudget,
) -> int:
    """The map fitted to the page, or split over pages at stage boundaries: OUT-1.EXT, OUT-2.EXT, ..."""
    from journeymap.cli import EXIT_OK
    from journeymap.output import write_atomic
    from journeymap.render.paper import READABLE, fit_attributes, page, readable, smallest_printed_text
    from journeymap.render.pictures import pages

    sheet = page(args.paper, landscape=args.landscape)
    if chosen == "pdf":  # one PDF of real sheets: planned for the room under each page's header
        from journeymap.render.printed_map import map_room

        plan = pages(graph, scores, options, map_room(sheet), budget)
        return _printed(args, graph, scores, options, plan, sheet=sheet, output=output, budget=budget)
    plan = pages(graph, scores, options, sheet, budget)
    if len(plan) > 1 and output == STANDARD_OUTPUT:
        raise UsageError(
            f"the map does not fit one {sheet.name} page readably and is split over {len(plan)} pages; "
            "give -o FILE so they can be written as FILE-1, FILE-2, ..."
        )
    fit = fit_attributes(sheet)
    root, extension = os.path.splitext(output)
    for part, scale in plan:
        target = output if part is None else f"{root}-{part.number}{extension}"
        if part is not None:
            refuse_overwriting_journeys(target, args.path)
        picture = _picture(graph, scores, options, chosen, budget, overview=False, part=part, fit=fit)
        if output == STANDARD_OUTPUT:
            _to_standard_output(picture)
        else:
            write_atomic(target, picture)
            print(f"wrote {target} ({sheet.name})")
        if not readable(scale):
            why = "one stage alone is too big for the page" if part is not None else "this map cannot be split"
            print(
                f"note: {target}: its smallest text prints at {smallest_printed_text(scale):.1f} pt, "
                f"under {READABLE:g} pt ({why}); try --paper A3, --landscape or the default layout",
                file=sys.stderr,
            )
    return EXIT_OK
