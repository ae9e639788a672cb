"""Terminal: readable text tables for a CX designer at the command line: scores, walkthroughs, licences."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from journeymap.durations import format_duration
from journeymap.graph import JourneyGraph
from journeymap.render.text import number, percent, plural, signed
from journeymap.scoring import Scores
from journeymap.targets import target_text

if TYPE_CHECKING:
    from journeymap.walkthroughs import JourneyComparison, Licence, LicenceRules, RecordedFinding

TOP_HOT_SPOTS = 5
WIDTH = 100  # paths are wrapped to lines of at most this many characters
ARROW = " → "
NONE = "—"  # a cell with nothing to show


def columns(rows: Sequence[Sequence[str]], right_aligned: Collection[int] = ()) -> list[str]:
    """Rows of cells as lines of aligned columns two spaces apart; columns named by position in `right_aligned`.

    Every column is as wide as its widest cell; trailing spaces are left off.
    """
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if column in right_aligned else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _wrap_path(touchpoints: tuple[str, ...], indent: str) -> list[str]:
    """The path's touchpoint ids joined by arrows, broken after an arrow so no id is split."""
    lines, line = [], indent
    for k, name in enumerate(touchpoints):
        piece = name + (ARROW.rstrip() if k < len(touchpoints) - 1 else "")
        if line.strip() and len(line) + 1 + len(piece) > WIDTH:
            lines.append(line)
            line = indent
        line += (" " if line.strip() else "") + piece
    return [*lines, line]


def _paths(scores: Scores) -> list[str]:
    lines = []
    main, likely, worst = scores.main_path, scores.most_likely_path, scores.worst_path
    if main is None:
        lines.append("  Main path: none, no customer can reach a successful exit")
    else:
        switches = plural(main.switches, "channel switch", "channel switches")
        lines.append(
            f"  Main path: {percent(main.probability)} of customers go this way, effort {main.effort}, {switches}"
        )
        lines += _wrap_path(main.touchpoints, "    ")
    if scores.abandon:
        top = scores.abandon[0]
        giving_up = percent(math.fsum(exit.probability for exit in scores.abandon))
        lines.append(
            f"  Customers who give up: {giving_up}, most of them at {top.touchpoint} ({percent(top.probability)})"
        )
    if likely is not None and likely != main:
        share = percent(likely.probability)
        lines += ["", f"  Most likely single path: {share} of customers, ending at {likely.touchpoints[-1]}"]
        lines += _wrap_path(likely.touchpoints, "    ")
    lines.append("")
    if worst is None:
        lines.append("  Worst path: none, no exit can be reached without going back")
    else:
        lines.append(f"  Worst path: effort {worst.effort}, the hardest way through without going back")
        lines += _wrap_path(worst.touchpoints, "    ")
    return lines


def _headline(scores: Scores, graph: JourneyGraph) -> list[str]:
    weights = graph.journey.scoring
    entry = graph.touchpoints[graph.entry]
    if scores.digital_completion is None:
        completion = f"{'—':>6}  does not apply: the journey starts on an analog channel ({entry.channel})"
    else:
        completion = f"{percent(scores.digital_completion):>6}  of customers finish without an analog touchpoint"
    if scores.effort_per_step is None:
        per_step = f"{'—':>6}  no touchpoint a customer reaches has an effort"
    else:
        per_step = (
            f"{number(scores.effort_per_step):>6}  the average step's effort (1..7), over the "
            f"{number(scores.rated_steps, 1)} rated steps a customer takes"
        )
    success = f"{percent(scores.success_rate):>6}  of customers end at a successful exit"
    return [
        f"  Expected effort        {number(scores.expected_effort):>6}  effort (1..7) × visits, summed over "
        "the touchpoints" + _judged(scores, "expected_effort"),
        f"  Effort per step        {per_step}" + _judged(scores, "effort_per_step"),
        f"  Success rate           {success}" + _judged(scores, "success_rate"),
        f"  Expected switch score  {number(scores.expected_switch_score):>6}  weighted channel switches per customer "
        f"(a switch counts {weights.switch:g}, digital → analog {weights.digital_to_analog:g})",
        f"  Digital completion     {completion}" + _judged(scores, "digital_completion"),
    ]


def _judged(scores: Scores, key: str) -> str:
    """` — off target (target ≥ 95%)`: the judgement in words, never a colour alone; "" for a score not judged."""
    judgement = scores.judgement.get(key)
    if judgement is None:
        return ""
    return f" — {judgement.words} ({target_text(key, scores.targets[key])})"


def _incomplete(scores: Scores) -> list[str]:
    lines = ["  INCOMPLETE MAP: the scores below describe only part of the journey"]
    lines += [f"    - {reason}" for reason in scores.incomplete_because]
    return lines


def _stages(scores: Scores, graph: JourneyGraph) -> list[str]:
    stages = graph.journey.stages
    width = max(len("Effort per stage") - 2, *(len(stage.display_title) for stage in stages))
    lines = [f"  {'Effort per stage':<{width + 2}}  effort  share"]
    for stage in stages:
        effort = scores.stage_effort[stage.id]
        share = effort / scores.expected_effort if scores.expected_effort else 0.0
        lines.append(f"    {stage.display_title:<{width}}  {number(effort):>6}  {percent(share):>5}")
    return lines


def _hot_spots(scores: Scores, graph: JourneyGraph) -> list[str]:
    titles = {point.id: point.title for point in graph.touchpoints}
    efforts = {point.id: point.effort for point in graph.touchpoints}
    shown = scores.hot_spots[:TOP_HOT_SPOTS]
    width = max(len(spot.touchpoint) for spot in shown)
    heading = f"  Hot spots: where customers spend the most effort (top {len(shown)} of {len(scores.hot_spots)})"
    lines = [heading, f"    {'score':>6}  {'visits':>6}  effort  {'touchpoint':<{width}}  title"]
    for spot in shown:
        start = f"    {number(spot.score):>6}  {number(scores.visits[spot.touchpoint]):>6}  "
        start += f"{efforts[spot.touchpoint]:>6}  {spot.touchpoint:<{width}}  "
        lines.append(start + titles[spot.touchpoint])
    return lines


def _response_times(scores: Scores, graph: JourneyGraph) -> list[str]:
    lines = ["  Response times against what customers expect on the channel"]
    for gap in scores.response_gaps:
        if gap.gap > 0:
            verdict = f"{format_duration(gap.gap)} too slow"
        elif gap.gap < 0:
            verdict = f"{format_duration(-gap.gap)} faster"
        else:
            verdict = "just in time"
        channel = graph.channels[gap.channel].display_title
        lines.append(
            f"    {gap.touchpoint} ({channel}): answers in {format_duration(gap.response_time)}, "
            f"customers expect {format_duration(gap.expected)}: {verdict}"
        )
    return lines


def score_table(graph: JourneyGraph, scores: Scores) -> str:
    """Whether the map is complete (first), headline scores with their judgement, effort per stage, the main,
    most likely and worst paths, the top hot spots, response times."""
    sections = [[f"{graph.journey.title}  ({scores.journey})"]]
    if not scores.complete:
        sections.append(_incomplete(scores))
    sections += [
        _headline(scores, graph),
        _stages(scores, graph),
        _paths(scores),
    ]
    if scores.hot_spots:
        sections.append(_hot_spots(scores, graph))
    if scores.response_gaps:
        sections.append(_response_times(scores, graph))
    notes = []
    if scores.unreachable:
        notes.append(f"  Unreachable, left out of the scores: {', '.join(scores.unreachable)}")
    if scores.missing_effort:
        notes.append(f"  Without effort, counted as 0: {', '.join(scores.missing_effort)}")
    if notes:
        sections.append(notes)
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


# --- walkthroughs ---------------------------------------------------------------------------------------------------


def _finding_line(finding: RecordedFinding) -> str:
    severity = finding.severity.value if finding.severity is not None else "-"
    return f"      {severity:<6}  {finding.text}  ({finding.participant})"


def comparison_table(comparison: JourneyComparison) -> str:
    """Designed versus experienced per touchpoint, then unplanned steps and every finding, for a terminal."""
    people = ", ".join(
        f"{person.name}{f' ({person.role})' if person.role else ''} {person.date.isoformat()}"
        for person in comparison.participants
    )
    lines = [
        f"{comparison.title}  [{comparison.journey}]",
        f"  {plural(comparison.walkthroughs, 'walkthrough')}: {people}",
        "",
    ]
    rows = [("touchpoint", "designed", "experienced", "delta", "walked", "completed", "other channels", "findings")]
    for point in comparison.touchpoints:
        rows.append(
            (
                point.touchpoint,
                str(point.designed_effort) if point.designed_effort is not None else NONE,
                number(point.experienced_effort) if point.experienced_effort is not None else NONE,
                signed(point.effort_delta, 2) if point.effort_delta is not None else NONE,
                str(point.walked),
                percent(point.completion_rate) if point.completion_rate is not None else NONE,
                ", ".join(f"{channel} {used}" for channel, used in point.channels_used.items()),
                str(len(point.findings)),
            )
        )
    lines += ["  " + line for line in columns(rows, right_aligned={1, 2, 3, 4, 5, 7})]
    if comparison.unplanned_steps:
        lines += ["", "  unplanned steps"]
        for step in comparison.unplanned_steps:
            where = f"after {step.after}" if step.after else "at the start"
            details = [step.channel or "no channel", f"effort {step.effort if step.effort is not None else NONE}"]
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


# --- licences -------------------------------------------------------------------------------------------------------


def licence_table(licences: Sequence[Licence], rules: LicenceRules) -> str:
    """One line per participant and journey under a header, then how many licences have each status."""
    from journeymap.walkthroughs import LicenceStatus

    on = rules.on.isoformat()
    if not licences:
        return f"No licences: no valid walkthroughs found (on {on}).\n"
    rows = [("participant", "role", "journey", "walked", "covered", "presented", "valid until", "status")]
    rows += [
        (
            licence.participant,
            licence.role or NONE,
            licence.journey,
            licence.date.isoformat(),
            licence.coverage.summary
            + (f", {plural(licence.coverage.skipped, 'step')} skipped" if licence.coverage.skipped else ""),
            licence.presented.isoformat() if licence.presented is not None else "not yet",
            licence.valid_until.isoformat() if licence.valid_until is not None else NONE,
            licence.status.value,
        )
        for licence in licences
    ]
    counts = Counter(licence.status.value for licence in licences)
    summary = ", ".join(f"{counts[status]} {status}" for status in LicenceStatus)
    rule = "complete walks"
    if rules.require_presentation:
        rule += " whose findings were presented"
    lines = [
        *columns(rows),
        "",
        f"{plural(len(licences), 'licence')} on {on}: {summary}",
        f"(only {rule} grant a licence, for {plural(rules.valid_for_months, 'month')})",
    ]
    return "\n".join(lines) + "\n"
