"""Compare walkthroughs with their designed journeys: experienced effort, completion, channels and findings.

One comparison per journey that has walkthroughs. Files with errors are reported as
`journeymap check` reports them and the exit status is 1; the valid walkthroughs are still compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from journeymap.commands.options import add_paths

if TYPE_CHECKING:
    from journeymap.walkthroughs import JourneyComparison, RecordedFinding


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format")


def run(args: argparse.Namespace) -> int:
    from journeymap.project import load_project
    from journeymap.walkthroughs import compare

    project = load_project(args.paths)
    errors = [finding for finding in project.findings if finding.is_error]
    for finding in errors:
        print(finding, file=sys.stderr)
    walkthroughs = [file.walkthrough for file in project.walkthroughs if file.walkthrough is not None]
    walked = {walkthrough.journey for walkthrough in walkthroughs}
    comparisons = [
        compare(file.graph, walkthroughs)
        for file in project.journeys
        if file.graph is not None and file.graph.journey.id in walked
    ]
    if args.format == "json":
        sys.stdout.write(json.dumps([item.to_json() for item in comparisons], indent=2, ensure_ascii=False) + "\n")
    elif comparisons:
        sys.stdout.write("\n".join(comparison_table(item) for item in comparisons))
    else:
        print(f"no valid walkthroughs of a journey in {', '.join(args.paths)}", file=sys.stderr)
    return 1 if errors else 0


def _number(value: float | None, sign: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.2f}" if sign else f"{value:.2f}"


def _finding_line(finding: RecordedFinding) -> str:
    severity = finding.severity.value if finding.severity is not None else "-"
    return f"      {severity:<6}  {finding.text}  ({finding.participant})"


def comparison_table(comparison: JourneyComparison) -> str:
    """Designed versus experienced per touchpoint, then unplanned steps and every finding, for a terminal."""
    count = comparison.walkthroughs
    people = ", ".join(
        f"{person.name}{f' ({person.role})' if person.role else ''} {person.date.isoformat()}"
        for person in comparison.participants
    )
    lines = [
        f"{comparison.title}  [{comparison.journey}]",
        f"  {count} walkthrough{'s' if count != 1 else ''}: {people}",
        "",
    ]
    rows = [("touchpoint", "designed", "experienced", "delta", "walked", "completed", "other channels", "findings")]
    for point in comparison.touchpoints:
        completion = f"{point.completion_rate:.0%}" if point.completion_rate is not None else "—"
        channels = ", ".join(f"{channel} {used}" for channel, used in point.channels_used.items())
        designed = str(point.designed_effort) if point.designed_effort is not None else "—"
        rows.append(
            (
                point.touchpoint,
                designed,
                _number(point.experienced_effort),
                _number(point.effort_delta, sign=True),
                str(point.walked),
                completion,
                channels,
                str(len(point.findings)),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:6], widths[1:6], strict=True)]
        cells += [row[6].ljust(widths[6]), row[7].rjust(widths[7])]
        lines.append("  " + "  ".join(cells).rstrip())
    if comparison.unplanned_steps:
        lines += ["", "  unplanned steps"]
        for step in comparison.unplanned_steps:
            where = f"after {step.after}" if step.after else "at the start"
            details = [step.channel or "no channel", f"effort {step.effort if step.effort is not None else '—'}"]
            if not step.completed:
                details.append("not completed")
            lines.append(f"    {step.participant}, {where}: {step.title}  ({', '.join(details)})")
    counts = comparison.findings_by_severity
    severity = ", ".join(f"{counts[name]} {name}" for name in ("high", "medium", "low", "unrated"))
    lines += ["", f"  findings: {severity}"]
    for point in comparison.touchpoints:
        if point.findings:
            lines.append(f"    {point.touchpoint}")
            lines.extend(_finding_line(finding) for finding in point.findings)
    for step in comparison.unplanned_steps:
        if step.findings:
            lines.append(f"    unplanned: {step.title}")
            lines.extend(_finding_line(finding) for finding in step.findings)
    return "\n".join(lines) + "\n"
