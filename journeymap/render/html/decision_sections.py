"""The journey page's decision sections: "Opportunities" (the best changes, sized) and "As-is vs to-be".

Pure functions from analysed data (ranked opportunities, a comparison, both journeys' paths) to
what the templates lay out; every chart is drawn and escaped in `render.decision_charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from journeymap.compare import Comparison
from journeymap.graph import JourneyGraph
from journeymap.render.charts import CurvePoint
from journeymap.render.comparison import SCORE_TITLES, headline
from journeymap.render.decision_charts import Bar, as_is_to_be_curve, opportunity_bars
from journeymap.render.html.environment import trusted_svg
from journeymap.render.opportunities import completion_text, effort_gain_text
from journeymap.render.text import number, percent, signed
from journeymap.scoring import Scores
from journeymap.whatif import ChangeKind, Opportunity

OPPORTUNITIES_SHOWN = 10
FIX_FIRST = 3  # the opportunities the first screen of a journey page leads with


def worth_fixing_first(graph: JourneyGraph, ranked: Sequence[Opportunity]) -> list[Opportunity]:
    """The ranked changes a manager can act on first: not making it easier to give up (`ease` at an abandon exit:
    its effort is the symptom, as `high-effort` says), which the full ranking still lists."""
    points = graph.touchpoints
    return [
        opportunity
        for opportunity in ranked
        if not (
            opportunity.change.kind is ChangeKind.EASE
            and (point := points[graph.index[opportunity.change.touchpoint]]).is_exit
            and not point.succeeds
        )
    ]


@dataclass(frozen=True)
class OpportunityRow:
    rank: int
    touchpoint: str  # the touchpoint's title
    change: str  # what the change means, in words
    effort_gain: str
    switch_gain: str
    completion_gain: str
    ideas: tuple[str, ...]


@dataclass(frozen=True)
class OpportunitySection:
    rows: tuple[OpportunityRow, ...]
    total: int  # applicable changes before the top ten
    chart: Markup


@dataclass(frozen=True)
class VersusRow:
    label: str
    before: str
    after: str
    change: str
    better: bool | None  # None: no change, or nothing to compare


@dataclass(frozen=True)
class VersusSection:
    baseline_title: str
    baseline_href: str
    headline: str
    rows: tuple[VersusRow, ...]
    chart: Markup | None


def opportunity_section(
    graph: JourneyGraph, ranked: Sequence[Opportunity], shown: int = OPPORTUNITIES_SHOWN
) -> OpportunitySection | None:
    """The best `shown` changes with their gains and the team's ideas; None when no change gains anything."""
    if not ranked:
        return None
    rows = tuple(
        OpportunityRow(
            rank=rank,
            touchpoint=opportunity.title,
            change=opportunity.change.description
            if opportunity.change.to is None
            else opportunity.change.description.replace(
                opportunity.change.to, graph.touchpoints[graph.index[opportunity.change.to]].title
            ),
            effort_gain=effort_gain_text(opportunity),
            switch_gain=number(opportunity.gains.switch_gain),
            completion_gain=completion_text(opportunity),
            ideas=opportunity.ideas,
        )
        for rank, opportunity in enumerate(ranked[:shown], 1)
    )
    bars = [
        Bar(
            f"{row.rank}. {row.touchpoint}: {opportunity.change.kind.value}",
            opportunity.gains.effort_gain,
            row.effort_gain,
        )
        for row, opportunity in zip(rows, ranked, strict=False)
    ]
    return OpportunitySection(rows, len(ranked), trusted_svg(opportunity_bars(bars)))


def _better(key: str, change: float | None) -> bool | None:
    if change is None or abs(change) < 5e-3:
        return None
    return change > 0 if key == "digital_completion" else change < 0


def _shown(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    if key == "digital_completion":
        return percent(value)
    return f"{value:g}" if key.endswith("path_effort") else number(value)


def _change(key: str, change: float | None) -> str:
    if change is None:
        return "—"
    if key == "digital_completion":
        return f"{signed(change * 100, 1)} points"
    return signed(change) if key.endswith("path_effort") else signed(change, 2)


def versus_section(
    comparison: Comparison,
    *,
    baseline: JourneyGraph,
    baseline_scores: Scores,
    graph: JourneyGraph,
    scores: Scores,
    baseline_href: str,
) -> VersusSection:
    """Both score sets side by side with their changes, and both most likely paths in one chart."""
    rows = [
        VersusRow(
            SCORE_TITLES[key],
            _shown(key, delta.before),
            _shown(key, delta.after),
            _change(key, delta.change),
            _better(key, delta.change),
        )
        for key, delta in comparison.scores.items()
    ]
    # The to-be is often shorter: effort per step tells whether its steps got easier too.
    before, after = baseline_scores.effort_per_step, scores.effort_per_step
    per_step = after - before if before is not None and after is not None else None
    rows.append(
        VersusRow(
            "Effort per step",
            _shown("step", before),
            _shown("step", after),
            _change("step", per_step),
            _better("step", per_step),
        )
    )
    rows += [
        VersusRow(
            f"Stage effort: {comparison.stage_titles[stage]}",
            _shown("stage", delta.before),
            _shown("stage", delta.after),
            _change("stage", delta.change),
            _better("stage", delta.change),
        )
        for stage, delta in comparison.stage_effort.items()
    ]
    chart = None
    if baseline_scores.journey_path is not None and scores.journey_path is not None:
        chart = trusted_svg(
            as_is_to_be_curve(
                _curve(baseline, baseline_scores.journey_path.touchpoints),
                _curve(graph, scores.journey_path.touchpoints),
            )
        )
    summary = headline(comparison)
    return VersusSection(
        baseline_title=baseline.journey.title,
        baseline_href=baseline_href,
        headline=(summary[:1].upper() + summary[1:]) if summary else "The scores are the same",
        rows=tuple(rows),
        chart=chart,
    )


def _curve(graph: JourneyGraph, path: Sequence[str]) -> list[CurvePoint]:
    points = {point.id: point for point in graph.touchpoints}
    return [CurvePoint(points[i].title, points[i].effort, points[i].emotion) for i in path]
