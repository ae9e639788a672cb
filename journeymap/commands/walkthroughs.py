"""Compare walkthroughs with their designed journeys: experienced effort, completion, channels and findings.

One comparison per journey that has walkthroughs. Files with errors are reported as
`journeymap check` reports them and the exit status is 1; the valid walkthroughs are still compared.
"""

from __future__ import annotations

import argparse
import sys

from journeymap.commands.options import add_paths, print_errors, write_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.project import load_project
    from journeymap.render.terminal import comparison_table
    from journeymap.walkthroughs import compare

    project = load_project(args.paths)
    failed = print_errors(project.findings)
    walkthroughs = [file.walkthrough for file in project.walkthroughs if file.walkthrough is not None]
    walked = {walkthrough.journey for walkthrough in walkthroughs}
    comparisons = [
        compare(file.graph, walkthroughs)
        for file in project.journeys
        if file.graph is not None and file.graph.journey.id in walked
    ]
    if args.format == "json":
        write_json([item.to_dict() for item in comparisons])
    elif comparisons:
        sys.stdout.write("\n".join(comparison_table(item) for item in comparisons))
    else:
        print(f"no valid walkthroughs of a journey in {', '.join(args.paths)}", file=sys.stderr)
    return EXIT_FINDINGS if failed else EXIT_OK
