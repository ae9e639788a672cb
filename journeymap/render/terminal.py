"""Terminal: a readable summary of one journey's scores, for a CX designer at the command line."""

from __future__ import annotations

from journeymap.durations import format_duration
from journeymap.graph import JourneyGraph
from journeymap.scoring import Scores

TOP_HOT_SPOTS = 5
WIDTH = 100  # paths are wrapped to lines of at most this many characters
ARROW = " → "


def _number(value: float) -> str:
    return f"{value:.2f}"


def _percent(share: float) -> str:
    """Whole percents, except for shares so small that they would show as 0%."""
    if 0 < share < 0.005:
        return f"{share * 100:.2g}%"
    return f"{share:.0%}"


def _plural(count: int | float, word: str, plural: str | None = None) -> str:
    return f"{count:g} {word if count == 1 else plural or word + 's'}"


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
    likely, worst = scores.most_likely_path, scores.worst_path
    if likely is None:
        lines.append("  Most likely path: none, no exit can be reached")
    else:
        switches = _plural(likely.switches, "channel switch", "channel switches")
        lines.append(
            f"  Most likely path: {_percent(likely.probability)} of customers, effort {likely.effort}, {switches}"
        )
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
        completion = f"{_percent(scores.digital_completion):>6}  of customers finish without an analog touchpoint"
    return [
        f"  Expected effort        {_number(scores.expected_effort):>6}  effort (1..7) × visits, summed over "
        "the touchpoints",
        f"  Expected switch score  {_number(scores.expected_switch_score):>6}  weighted channel switches per customer "
        f"(a switch counts {weights.switch:g}, digital → analog {weights.digital_to_analog:g})",
        f"  Digital completion     {completion}",
    ]


def _stages(scores: Scores, graph: JourneyGraph) -> list[str]:
    stages = graph.journey.stages
    width = max(len("Effort per stage") - 2, *(len(stage.display_title) for stage in stages))
    lines = [f"  {'Effort per stage':<{width + 2}}  effort  share"]
    for stage in stages:
        effort = scores.stage_effort[stage.id]
        share = effort / scores.expected_effort if scores.expected_effort else 0.0
        lines.append(f"    {stage.display_title:<{width}}  {_number(effort):>6}  {_percent(share):>5}")
    return lines


def _hot_spots(scores: Scores, graph: JourneyGraph) -> list[str]:
    titles = {point.id: point.title for point in graph.touchpoints}
    efforts = {point.id: point.effort for point in graph.touchpoints}
    shown = scores.hot_spots[:TOP_HOT_SPOTS]
    width = max(len(spot.touchpoint) for spot in shown)
    heading = f"  Hot spots: where customers spend the most effort (top {len(shown)} of {len(scores.hot_spots)})"
    lines = [heading, f"    {'score':>6}  {'visits':>6}  effort  {'touchpoint':<{width}}  title"]
    for spot in shown:
        start = f"    {_number(spot.score):>6}  {_number(scores.visits[spot.touchpoint]):>6}  "
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
    """Headline scores, effort per stage, the most likely and worst paths, the top hot spots, response times."""
    sections = [
        [f"{graph.journey.title}  ({scores.journey})"],
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
