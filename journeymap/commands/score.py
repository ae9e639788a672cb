"""Score journeys: expected effort, channel switches, digital completion, most likely and worst paths.

With --format json: one object when given one file, a list when given a folder or several paths (even of one
journey); keys as in the format's "Scores as JSON", with `format_version` first. Files with errors are
reported as `journeymap check` reports them, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys

from journeymap.commands.options import add_ignore, add_paths, ignored_codes, one_file, print_errors, write_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format")
    add_ignore(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.project import load_project
    from journeymap.render.terminal import score_table
    from journeymap.scoring import score

    project = load_project(args.paths, ignored_codes(args))
    failed = print_errors(project.findings)
    scored = [(file.graph, score(file.graph)) for file in project.journeys if file.graph is not None]
    if args.format == "json":
        objects = [scores.to_dict() for _, scores in scored]
        # The shape follows the arguments, not how many files they hold or how many were valid, so scripts can
        # rely on it; one file with errors prints nothing (its findings are on stderr).
        if not one_file(args.paths):
            write_json(objects)
        elif objects:
            write_json(objects[0])
    else:
        sys.stdout.write("\n".join(score_table(graph, scores) for graph, scores in scored))
    return EXIT_FINDINGS if failed else EXIT_OK
