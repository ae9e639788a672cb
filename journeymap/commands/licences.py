"""The licence register: who holds a customer driving licence for which journey, and until when.

A licence runs from the participant's latest walkthrough of a journey for 12 months (or --valid-for);
it is `expiring` in its last 30 days and `expired` after. Files with errors are reported as
`journeymap check` reports them and the exit status is 1; the valid walkthroughs are still listed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from journeymap.commands.options import add_licence_options, add_paths, print_errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    add_licence_options(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.project import load_project
    from journeymap.render.terminal import licence_table
    from journeymap.walkthroughs import licence_register

    on = args.on or datetime.date.today()
    project = load_project(args.paths)
    failed = print_errors(project.findings)
    walkthroughs = [file.walkthrough for file in project.walkthroughs if file.walkthrough is not None]
    licences = licence_register(walkthroughs, on, args.valid_for)
    if args.format == "json":
        sys.stdout.write(json.dumps([licence.to_json() for licence in licences], indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(licence_table(licences, on))
    return EXIT_FINDINGS if failed else EXIT_OK
