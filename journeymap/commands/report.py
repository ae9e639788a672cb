"""Build a self-contained HTML report: DIR/index.html and one page ID.html per journey, written atomically.

Each page works offline from an e-mail and prints on A4 landscape. Files with
errors are left out, listed on the index and printed as `journeymap check`
prints them; the exit status is then 1. A folder that holds anything but a
previous report is refused (exit 2): the report replaces the whole folder.
Walked journeys get a walkthrough section and the index the licence register,
judged on --on (default today) with licences valid for --valid-for months, as
`journeymap licences` judges them.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from journeymap.commands.options import add_ignore, add_paths, ignored_codes


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers: give 1 or more")
    return jobs


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20") from None


MOST_MONTHS = 1200  # a century; beyond it the end of a licence soon passes the last date Python knows (9999)


def _months(text: str) -> int:
    try:
        months = int(text)
    except ValueError:
        months = 0
    if not 1 <= months <= MOST_MONTHS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a licence is valid for at least 1 month; give a whole number of months up to {MOST_MONTHS}"
        )
    return months


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write the report to")
    parser.add_argument(
        "--rows",
        choices=["channel", "owner"],
        default="channel",
        help="rows of the journey-map grid: channels (default) or the departments that own the touchpoints",
    )
    parser.add_argument(
        "--jobs", type=_jobs, metavar="N", help="pages rendered at once (default: one per available core)"
    )
    parser.add_argument(
        "--on",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day to judge the customer driving licences on (default: today)",
    )
    parser.add_argument(
        "--valid-for",
        type=_months,
        default=12,
        metavar="MONTHS",
        help="months a customer driving licence is valid (default: 12)",
    )
    add_ignore(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.project import load_project
    from journeymap.report import INDEX, build_report

    project = load_project(args.paths, ignored_codes(args))
    on = args.on or datetime.date.today()
    report = build_report(project, args.output, on=on, valid_for_months=args.valid_for, rows=args.rows, jobs=args.jobs)
    for finding in report.errors:
        print(finding, file=sys.stderr)
    pages = len(report.journeys)
    print(f"wrote {args.output.rstrip('/')}/{INDEX} and {pages} journey page{'s' if pages != 1 else ''}")
    if report.broken:
        files = len(report.broken)
        print(
            f"{files} file{'s' if files != 1 else ''} with errors left out of the report (listed on the index)",
            file=sys.stderr,
        )
    return 1 if report.errors else 0
