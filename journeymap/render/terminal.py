"""Terminal: a readable summary of one journey's scores."""

from __future__ import annotations

from journeymap.graph import JourneyGraph
from journeymap.scoring import Path, Scores

TOP_HOT_SPOTS = 5


def _number(value: float) -> str:
    return f"{value:.2f}"


def _path_line(path: Path | None, *, with_switches: bool) -> str:
    if path is None:
        return "none (no exit can be reached this way)"
    extra = f", {path.switches} switch{'es' if path.switches != 1 else ''}" if with_switches else ""
    return f"{' → '.join(path.touchpoints)}  (effort {path.effort}{extra})"


def score_table(graph: JourneyGraph, scores: Scores) -> str:
    """Headline scores, effort per stage, the most likely and worst paths, the top hot spots."""
    journey = graph.journey
    completion = "—  (entry is not digital)"
    if scores.digital_completion is not None:
        completion = f"{scores.digital_completion:.0%}"
    lines = [
        f"{journey.title}  [{scores.journey}]",
        "",
        f"  expected effort        {_number(scores.expected_effort)}",
        f"  expected switch score  {_number(scores.expected_switch_score)}",
        f"  digital completion     {completion}",
        "",
        "  effort per stage",
    ]
    width = max(len(stage.display_title) for stage in journey.stages)
    for stage in journey.stages:
        lines.append(f"    {stage.display_title:<{width}}  {_number(scores.stage_effort[stage.id])}")
    lines += [
        "",
        f"  most likely path  {_path_line(scores.most_likely_path, with_switches=True)}",
        f"  worst path        {_path_line(scores.worst_path, with_switches=False)}",
    ]
    if scores.hot_spots:
        lines += ["", "  hot spots (visits × effort)"]
        for spot in scores.hot_spots[:TOP_HOT_SPOTS]:
            lines.append(f"    {_number(spot.score):>6}  {spot.touchpoint}")
    for label, names in (("unreachable", scores.unreachable), ("missing effort", scores.missing_effort)):
        if names:
            lines.append(f"\n  {label}: {', '.join(names)}")
    return "\n".join(lines) + "\n"
