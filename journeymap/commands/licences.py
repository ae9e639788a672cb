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
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeymap.commands.options import add_licence_options, add_paths

if TYPE_CHECKING:
    from journeymap.walkthroughs import Licence


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    add_licence_options(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format")


def run(args: argparse.Namespace) -> int:
    from journeymap.project import load_project
    from journeymap.walkthroughs import licence_register

    on = args.on or datetime.date.today()
    project = load_project(args.paths)
    errors = [finding for finding in project.findings if finding.is_error]
    for finding in errors:
        print(finding, file=sys.stderr)
    walkthroughs = [file.walkthrough for file in project.walkthroughs if file.walkthrough is not None]
    licences = licence_register(walkthroughs, on, args.valid_for)
    if args.format == "json":
        sys.stdout.write(json.dumps([licence.to_json() for licence in licences], indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(licence_table(licences, on))
    return 1 if errors else 0


def licence_table(licences: Sequence[Licence], on: datetime.date) -> str:
    """One line per licence under a header, then how many are valid, expiring and expired."""
    if not licences:
        return f"No licences: no valid walkthroughs found (on {on.isoformat()}).\n"
    rows = [("participant", "role", "journey", "date", "valid until", "status")]
    rows += [
        (
            licence.participant,
            licence.role or "—",
            licence.journey,
            licence.date.isoformat(),
            licence.valid_until.isoformat(),
            licence.status.value,
        )
        for licence in licences
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    counts = Counter(licence.status.value for licence in licences)
    total = len(licences)
    summary = ", ".join(f"{counts[status]} {status}" for status in ("valid", "expiring", "expired"))
    lines += ["", f"{total} licence{'s' if total != 1 else ''} on {on.isoformat()}: {summary}"]
    return "\n".join(lines) + "\n"
