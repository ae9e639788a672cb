"""Slides: a PowerPoint deck of a journey (for meetings) or of a walkthrough (the participant's licence presentation).

A journey's deck: its summary, effort per stage, its path, the map stage band by stage band, the top
opportunities, and as-is vs to-be when it names a `baseline:`. A walkthrough's deck: who walked it
and where the licence stands, the walk against the journey's path, designed vs experienced effort
as a chart, findings by severity, unplanned steps and skips, and the photos of the walked steps.
A walkthrough finds its journey as `journeymap check` does (beside it, up to the git root). Without
-o the deck is written beside the file, its .yaml replaced by .pptx. Needs the `slides` extra (python-pptx).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
from typing import TYPE_CHECKING

from journeymap.commands.options import add_dot_budget, dot_budget, print_errors
from journeymap.errors import UsageError

if TYPE_CHECKING:
    from journeymap.model import Walkthrough
    from journeymap.project import JourneyFile
    from journeymap.render.deck import Deck
    from journeymap.render.graphviz import DotBudget
    from journeymap.scoring import Path, Scores

MISSING_EXTRA = "slides need python-pptx, which is not installed: pip install 'journeymap[slides]'"
SUFFIX = ".pptx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="JOURNEY|WALKTHROUGH", help="a *.journey.yaml or *.walkthrough.yaml file")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE.pptx",
        help="the deck to write; default: beside the file, .yaml replaced by .pptx",
    )
    add_dot_budget(parser)


def default_output(path: str) -> str:
    """NAME.pptx beside `path`, its `.yaml` replaced: `phone.journey.yaml` gives `phone.journey.pptx`, so a
    journey's deck and its walkthroughs' decks never take each other's place.
    """
    root, extension = os.path.splitext(path)
    return (root if extension.lower() in (".yaml", ".yml") else path) + SUFFIX


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.output import refuse_yaml, write_atomic
    from journeymap.project import load_project

    if importlib.util.find_spec("pptx") is None:
        raise UsageError(MISSING_EXTRA)
    if os.path.isdir(args.path):
        raise UsageError(f"{args.path}: a folder; slides makes one deck of one journey or walkthrough file")
    if not os.path.exists(args.path):
        raise UsageError(f"{args.path}: no such file")
    output = args.output if args.output is not None else default_output(args.path)
    if not output.lower().endswith(SUFFIX):
        raise UsageError(f"{output}: a deck is a PowerPoint file; end its name in {SUFFIX}")
    refuse_yaml(output, "slides")
    if os.path.exists(output) and os.path.samefile(output, args.path):
        raise UsageError(f"{output}: that is the file itself; choose another output")
    budget = dot_budget(args)
    project = load_project([args.path])
    failed = print_errors([finding for finding in project.findings if finding.path == args.path])
    if project.walkthroughs:  # one file was named: it is a walkthrough or a journey
        walk = project.walkthroughs[0].walkthrough
        if walk is None:
            return EXIT_FINDINGS
        deck = _walkthrough_deck(args.path, walk)
    else:
        files = [file for file in project.journeys if file.path == args.path]
        if not files or files[0].graph is None or failed:
            return EXIT_FINDINGS
        deck = _journey_deck(files[0], budget)
    if deck is None:
        return EXIT_FINDINGS
    from journeymap.render.slides import deck_pptx

    write_atomic(output, deck_pptx(deck))
    print(f"wrote {output} ({len(deck.slides)} slides)")
    return EXIT_OK


def _journey_path(scores: Scores) -> Path | None:
    """The path the decks show as "the journey" and judge a walk's completeness by: the main path (the most likely
    way that ends in success), as the report and the licence register use it."""
    return scores.journey_path


def _journey_file(beside: str, journey_id: str | None) -> JourneyFile | None:
    """The journey with this id beside `beside` (its folder and those above it up to the git root), as `check`
    finds a walkthrough's journey; its findings are printed when it has errors.
    """
    from journeymap.project import neighbouring_journey_files

    if journey_id is None:
        return None
    for file in neighbouring_journey_files([beside]):
        declared = file.journey.id if file.journey is not None else None
        if declared is None and file.document is not None and isinstance(file.document.data, dict):
            declared = file.document.data.get("id")
        if declared == journey_id:
            if file.graph is None:
                print_errors(file.findings)
            return file
    return None


def _walkthrough_deck(path: str, walk: Walkthrough) -> Deck | None:
    from journeymap.render.deck import walkthrough_deck
    from journeymap.scoring import score
    from journeymap.walkthroughs import journey_path, walk_coverage
    from journeymap.walkthroughs.path_walk import walk_against_path

    file = _journey_file(path, walk.journey)
    if file is None or file.graph is None:
        return None  # a walkthrough of a journey that is missing or has errors is an error of the check above
    graph = file.graph
    scores = score(graph)
    path_ids = _path_ids(scores)
    designed = journey_path(graph, path_ids)
    return walkthrough_deck(
        graph,
        walk,
        walk_against_path(graph, walk, path_ids),
        walk_coverage(walk, designed.stages, designed.stage_of),
        {touchpoint: (image.media_type, image.data) for touchpoint, image in file.images.items()},
    )


def _path_ids(scores: Scores) -> tuple[str, ...]:
    path = _journey_path(scores)
    return path.touchpoints if path is not None else ()


def _journey_deck(file: JourneyFile, budget: DotBudget) -> Deck:
    from journeymap.compare import compare_scored
    from journeymap.render.deck import journey_deck
    from journeymap.render.html import worth_fixing_first
    from journeymap.render.slide_pictures import legend_png, slide_pictures
    from journeymap.scoring import score
    from journeymap.whatif import opportunities

    graph = file.graph
    assert graph is not None
    scores = score(graph)
    versus = None
    if graph.journey.baseline:
        baseline = _journey_file(file.path, graph.journey.baseline)
        if baseline is not None and baseline.graph is not None and baseline.graph.journey.id != graph.journey.id:
            versus = compare_scored(baseline.graph, score(baseline.graph), graph, scores)
    return journey_deck(
        graph,
        scores,
        _journey_path(scores),
        slide_pictures(graph, scores, budget),
        opportunities=worth_fixing_first(graph, opportunities(graph)),
        versus=versus,
        legend=legend_png(budget),
    )
