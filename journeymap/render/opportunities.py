"""Opportunities as text: the ranked changes of one journey as a terminal table or a Markdown table.

Each row puts the team's own ideas for the touchpoint beside the gain the model gives the change.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.graph import JourneyGraph
from journeymap.render import markdown
from journeymap.render.terminal import NONE, columns
from journeymap.render.text import number, percent, signed
from journeymap.whatif import GAIN_TOLERANCE, Opportunity

HEADER = ["#", "touchpoint", "change", "effort gain", "switch gain", "digital completion", "ideas"]
RIGHT = {0, 3, 4, 5}


def effort_gain_text(opportunity: Opportunity) -> str:
    """The effort gain with its share of the journey's expected effort: 3.60 (11%)."""
    gains = opportunity.gains
    before = gains.expected_effort + gains.effort_gain
    share = f" ({percent(gains.effort_gain / before)})" if before > 0 and gains.effort_gain > 0 else ""
    return number(gains.effort_gain) + share


def completion_text(opportunity: Opportunity) -> str:
    """A digital-completion gain in percentage points: +12.0 points; a dash when the journey has none."""
    gain = opportunity.gains.digital_completion_gain
    if gain is None:
        return NONE
    return f"{signed(gain * 100, 1)} points"


def change_text(opportunity: Opportunity) -> str:
    change = opportunity.change
    return f"{change.kind.value} → {change.to}" if change.to else change.kind.value


def _cells(rank: int, opportunity: Opportunity) -> list[str]:
    return [
        str(rank),
        opportunity.change.touchpoint,
        change_text(opportunity),
        effort_gain_text(opportunity),
        number(opportunity.gains.switch_gain),
        completion_text(opportunity),
        "; ".join(opportunity.ideas) or NONE,
    ]


def _heading(graph: JourneyGraph, shown: int, total: int) -> str:
    counted = f"{total} opportunit{'y' if total == 1 else 'ies'}" + (f", top {shown}" if shown < total else "")
    return f"{graph.journey.title}  ({graph.journey.id}): {counted}"


def _success_note(opportunities: Sequence[Opportunity]) -> list[str]:
    better = [o for o in opportunities if o.gains.success_gain > GAIN_TOLERANCE]
    return [
        f"{o.change.touchpoint} ({change_text(o)}) also lets {signed(o.gains.success_gain * 100, 1)} points more "
        "customers end successfully"
        for o in better
    ]


def opportunity_table(graph: JourneyGraph, opportunities: Sequence[Opportunity], total: int) -> str:
    """The ranked changes under a heading; `total` is how many there are before `--top`."""
    lines = [_heading(graph, len(opportunities), total)]
    if not opportunities:
        lines.append("  No change to a single touchpoint lowers effort or switches, or keeps more customers digital.")
        return "\n".join(lines) + "\n"
    rows = [HEADER, *(_cells(rank, o) for rank, o in enumerate(opportunities, 1))]
    lines += ["  " + line for line in columns(rows, right_aligned=RIGHT)]
    notes = _success_note(opportunities)
    if notes:
        lines += ["", *("  " + note for note in notes)]
    lines += ["", "  Gains per customer, against the journey as it is; changes: " + _legend()]
    return "\n".join(lines) + "\n"


def _legend() -> str:
    return (
        "ease = effort 1, first-contact = nobody has to go back, stay-digital → X = nobody is sent to X, "
        "remove = customers skip the step"
    )


def opportunity_markdown(graph: JourneyGraph, opportunities: Sequence[Opportunity], total: int) -> str:
    """The ranked changes as a Markdown section, every text from the file escaped."""
    lines = [f"### {markdown.escape(_heading(graph, len(opportunities), total))}", ""]
    if not opportunities:
        lines.append("No change to a single touchpoint lowers effort or switches, or keeps more customers digital.")
        return "\n".join(lines) + "\n"
    rows = [HEADER]
    for rank, opportunity in enumerate(opportunities, 1):
        cells = _cells(rank, opportunity)
        cells[1] = f"`{opportunity.change.touchpoint}`"  # an id: letters, digits and '-' only
        cells[6] = "<br>".join(markdown.escape(idea) for idea in opportunity.ideas) or NONE
        rows.append(cells)
    lines += markdown.table(rows, RIGHT)
    notes = _success_note(opportunities)
    if notes:
        lines += ["", *(f"- {markdown.escape(note)}" for note in notes)]
    lines += ["", f"Gains per customer, against the journey as it is; changes: {markdown.escape(_legend())}"]
    return "\n".join(lines) + "\n"
