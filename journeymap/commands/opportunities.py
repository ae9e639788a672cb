"""Size every built-in change to a journey by its gains: effort, channel switches, digital completion.

Each change (`ease`, `first-contact`, `stay-digital`, `remove`) at each touchpoint is solved exactly
as a changed Markov chain and ranked by effort gain, then switch gain, then digital-completion gain;
changes that would trap customers or lose successful ones do not apply, and `remove` drops only what
may be dropped (a contact, or a touchpoint marked `removable: true`; never the service itself). Each
row shows the touchpoint's own `opportunities` ideas beside the gain. With --format json: a list of
objects (keys as in the format's "What-if and opportunities", each with `format_version` first);
`--change` lists only the kinds named. A file with errors is reported as `journeymap check` reports
it (exit 1).
"""

from __future__ import annotations

import argparse
import sys

from journeymap.commands.options import (
    add_ignore,
    change_kinds,
    ignored_codes,
    positive_count,
    print_errors,
    write_json,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a journey file")
    parser.add_argument("--top", type=positive_count, metavar="N", help="show only the N best changes (default: all)")
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table", help="output format")
    parser.add_argument(
        "--change",
        type=change_kinds,
        metavar="KIND,...",
        help="list only these kinds of change: ease, first-contact, stay-digital, remove (default: all)",
    )
    add_ignore(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.project import load_project
    from journeymap.render.opportunities import opportunity_markdown, opportunity_table
    from journeymap.whatif import ChangeKind, opportunities

    project = load_project([args.file], ignored_codes(args))
    failed = print_errors(project.findings)
    for file in project.journeys:
        if file.graph is None:
            continue
        kinds = None if args.change is None else {ChangeKind(name) for name in args.change}
        ranked = opportunities(file.graph, kinds=kinds)
        shown = ranked[: args.top] if args.top else ranked
        if args.format == "json":
            write_json([o.to_dict() for o in shown])
        elif args.format == "markdown":
            sys.stdout.write(opportunity_markdown(file.graph, shown, len(ranked)))
        else:
            sys.stdout.write(opportunity_table(file.graph, shown, len(ranked)))
    return EXIT_FINDINGS if failed else EXIT_OK
