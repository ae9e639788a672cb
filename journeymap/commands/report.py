"""Build a self-contained HTML report: DIR/index.html and one page ID.html per journey, written atomically.

Each page works offline from an e-mail and prints on A4 landscape. Files with
errors are left out, listed on the index and printed as `journeymap check`
prints them; the exit status is then 1. A folder that holds anything but a
previous report is refused (exit 2): the report replaces the whole folder.
Walked journeys get a walkthrough section and the index the licence register,
judged on --on (default today) with licences valid for --valid-for months, as
`journeymap licences` judges them. A journey too large to draw in full (or within
--dot-timeout / --dot-memory) gets its stage overview instead, with a note.
Pages print on A4 landscape, or A3 with --paper A3; --pdf writes each page's PDF
beside it (ID.pdf, index.pdf) with headless Chromium, before the folder is swapped in.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from journeymap.commands.options import (
    add_dot_budget,
    add_ignore,
    add_licence_options,
    add_paths,
    dot_budget,
    ignored_codes,
    positive_count,
    print_errors,
)
from journeymap.render import ROW_CHOICES
from journeymap.render.paper import PAPERS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write the report to")
    parser.add_argument(
        "--rows",
        choices=ROW_CHOICES,
        default="channel",
        help="rows of the journey-map grid: channels (default) or the departments that own the touchpoints",
    )
    parser.add_argument(
        "--jobs", type=positive_count, metavar="N", help="pages rendered at once (default: one per available core)"
    )
    parser.add_argument(
        "--paper",
        type=str.upper,  # a4 is A4
        choices=tuple(PAPERS),
        default="A4",
        help="the landscape sheet the pages print on (default A4)",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print every page to a PDF beside it (ID.pdf, index.pdf); needs Chromium",
    )
    add_licence_options(parser)
    add_dot_budget(parser)
    add_ignore(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.errors import DestinationError, UsageError
    from journeymap.output import refuse_folder
    from journeymap.pdf import ChromiumNotFound, find_chromium
    from journeymap.project import load_project
    from journeymap.render.text import plural
    from journeymap.report import INDEX, build_report

    refuse_folder(args.output, args.paths)  # before reading anything: `-o ""` must not wait for a long load
    if args.pdf:
        try:
            find_chromium()  # before reading or writing anything
        except ChromiumNotFound as error:
            raise UsageError(f"--pdf: {error}, or leave out --pdf") from None
    budget = dot_budget(args)
    project = load_project(args.paths, ignored_codes(args))
    on = args.on or datetime.date.today()
    try:
        report = build_report(
            project,
            args.output,
            on=on,
            valid_for_months=args.valid_for,
            require_presentation=args.require_presentation,
            rows=args.rows,
            jobs=args.jobs,
            budget=budget,
            inputs=args.paths,
            paper=args.paper,
            pdf=args.pdf,
        )
    except DestinationError as error:
        message = str(error)
        raise UsageError(message if message.startswith("-o ") else f"-o {message}") from None
    failed = print_errors(report.errors)
    for journey in report.overviews:
        print(f"note: {journey!r} is too large to draw in full; its page shows the stage overview", file=sys.stderr)
    index = f"{args.output.rstrip('/')}/{INDEX}"
    if report.journeys:
        pdfs = ", each with its PDF" if args.pdf else ""
        print(f"wrote {index} and {plural(len(report.journeys), 'journey page')}{pdfs}")
    else:
        print(f"wrote {index} (no journey page){' and its PDF' if args.pdf else ''}")
    if report.broken:
        print(
            f"{plural(len(report.broken), 'file')} with errors left out of the report (listed on the index)",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if failed else EXIT_OK
