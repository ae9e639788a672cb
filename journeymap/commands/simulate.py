"""Simulate an event log: N customers drawn through the journey's chain (each transition with its probability,
each step taking its `duration`, else one minute), written as Parquet or CSV with the columns case_id, activity,
timestamp. For demos, tests and load; the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import sys

from journeymap.commands.options import iso_date, positive_count, print_errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file")
    parser.add_argument("--customers", type=positive_count, required=True, metavar="N", help="customers to draw")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    parser.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD", help="first day (default 2026-01-01)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.parquet or FILE.csv")


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.measure.simulate import simulate_to
    from journeymap.project import load_journey

    file = load_journey(args.journey)
    if print_errors(file.findings) or file.graph is None:
        return EXIT_FINDINGS
    events = simulate_to(file.graph, args.customers, args.output, seed=args.seed, start=args.start)
    print(
        f"journeymap simulate: wrote {events:,} events of {args.customers:,} customers to {args.output}",
        file=sys.stderr,
    )
    return EXIT_OK
