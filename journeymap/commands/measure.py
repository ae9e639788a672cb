"""Measure a journey: hold the design against an event log (what customers did) and a survey (what they said).

Leads with what the data contradicts: designed shares outside the measured interval, undesigned moves,
drop-outs, efforts the survey contradicts, and the response-rate caution. Options override the journey's
`evidence:`. No case id, respondent, timestamp or row is ever printed; counts below --min-cases read
"fewer than K". --write FILE writes a copy of the journey with the measured shares (never over the design).
"""

from __future__ import annotations

import argparse
import json
import sys

from journeymap.commands.options import positive_count, print_errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file")
    parser.add_argument(
        "--events",
        metavar="PATH",
        help="event log: CSV, Parquet or JSON lines (file, folder, glob), or a table of the --engine URL",
    )
    parser.add_argument("--survey", metavar="PATH", help="survey export (CSV; Qualtrics and SurveyMonkey exports too)")
    parser.add_argument(
        "--case", metavar="COL", help="the log's case column (default case_id, or XES case:concept:name)"
    )
    parser.add_argument("--activity", metavar="COL", help="the log's activity column (default activity)")
    parser.add_argument("--time", metavar="COL", help="the log's timestamp column (default timestamp)")
    parser.add_argument(
        "--touchpoint-column",
        metavar="COL",
        default="touchpoint",
        help="the survey's column naming the touchpoint (default touchpoint)",
    )
    parser.add_argument("--invited", type=positive_count, metavar="N", help="customers invited to the survey")
    parser.add_argument(
        "--min-cases",
        type=positive_count,
        default=10,
        metavar="K",
        help="counts below K are shown as 'fewer than K' (default 10)",
    )
    parser.add_argument(
        "--engine",
        default="duckdb",
        metavar="duckdb|spark|URL",
        help="where the log is aggregated: embedded DuckDB (default), a Spark session, or an Ibis URL",
    )
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table", help="output format")
    parser.add_argument("--write", metavar="FILE", help="write a copy of the journey with the measured shares")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.measure.measurement import Evidence, measure_file
    from journeymap.project import load_journey

    file = load_journey(args.journey)
    if print_errors(file.findings) or file.graph is None:
        return EXIT_FINDINGS
    given = Evidence(
        args.events, args.survey, args.case, args.activity, args.time, args.invited, args.touchpoint_column
    )
    measured, copy = measure_file(file, given, min_cases=args.min_cases, engine=args.engine, write=args.write)
    data = measured.to_json()
    if copy is not None:
        print(f"journeymap measure: wrote {args.write}", file=sys.stderr)
    for note in measured.notes:
        print(f"journeymap measure: {note}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=2, allow_nan=False, ensure_ascii=False) + "\n")
    else:
        from journeymap.render.measured import measured_markdown, measured_table

        sys.stdout.write(measured_markdown(data) if args.format == "markdown" else measured_table(data))
    return EXIT_OK
