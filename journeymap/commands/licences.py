"""The licence register: who holds a customer driving licence for which journey, and until when.

Only a complete walk grants a licence: one that names a touchpoint of every stage the journey's most
likely path passes through. The licence runs from the participant's latest complete walk for 12 months
(or --valid-for); it is `expiring` in its last 30 days and `expired` after; `incomplete` when the latest
walk is incomplete and no complete walk holds. With --require-presentation only a walk whose findings
were presented (`presented:`) grants a licence. Files with errors are reported as
`journeymap check` reports them and the exit status is 1; the valid walkthroughs are still listed.
"""

from __future__ import annotations

import argparse
import sys

from journeymap.commands.options import add_licence_options, add_paths, licence_rules, print_errors, write_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    add_licence_options(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.project import load_project
    from journeymap.render.terminal import licence_table
    from journeymap.report import walks_of

    rules = licence_rules(args)
    project = load_project(args.paths)
    failed = print_errors(project.findings)
    licences = walks_of(project, rules).licences
    if args.format == "json":
        write_json([licence.to_dict() for licence in licences])
    else:
        sys.stdout.write(licence_table(licences, rules))
    return EXIT_FINDINGS if failed else EXIT_OK
