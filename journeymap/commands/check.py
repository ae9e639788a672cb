"""Check journeys and walkthroughs; print every finding as `path:line:col: level[code] message`.

Exit status: 0 without errors, 1 with errors (or warnings under --strict), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys

from journeymap.commands.options import add_ignore, add_paths, ignored_codes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=["text", "json", "github"], default="text", help="output format")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    add_ignore(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.findings import errors
    from journeymap.project import load_project
    from journeymap.reporters import REPORTERS

    project = load_project(args.paths, ignored_codes(args))
    findings = project.findings
    sys.stdout.write(REPORTERS[args.format](findings, project.files, project.left_out))
    failing = findings if args.strict else errors(findings)
    return 1 if failing else 0
