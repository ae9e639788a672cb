"""Stage overview: a journey too large to draw in full as DOT text of its stages; a pure function, no I/O.

One node per stage (its title, how many touchpoints it holds and the effort customers
spend in it), one arrow per pair of stages customers move between, labelled with the
share of the customers leaving the first stage who go to the second, from the chain's
expected visits; an end node collects the customers who finish (or give up) in a stage.
Graphviz draws a few hundred such nodes in seconds where the full map of thousands of
touchpoints would take minutes. As in `journeymap.render.dot`, node names are generated
(s0, s1, ... by stage order) and every text goes through `dot_label`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from journeymap.graph import JourneyGraph
from journeymap.model import Outcome
from journeymap.render.dot import DEFAULT_OPTIONS, FONT, DiagramOptions, wrap
from journeymap.render.escaping import dot_label
from journeymap.render.palette import FRAME_COLOUR, LANE_FILLS, LINE_COLOUR, TEXT_COLOUR, WHITE
from journeymap.render.text import number, percent, plural
from journeymap.scoring import Scores

# `report` draws the overview instead of the full map beyond either size, without trying the full one:
# on a 2-core machine `dot` needs about 15 s for 200 touchpoints and grows faster than linearly.
OVERVIEW_TOUCHPOINTS = 250
OVERVIEW_STAGES = 60
TITLE_WIDTH = 24
END = "end"
SMALLEST_SHOWN_SHARE = 1e-9  # flows below this are rounding noise of the chain, not a way customers take


def too_large_to_draw(graph: JourneyGraph) -> bool:
    """Whether a journey is so large that its full map would not be drawn in reasonable time."""
    return len(graph.touchpoints) > OVERVIEW_TOUCHPOINTS or len(graph.journey.stages) > OVERVIEW_STAGES


@dataclass(frozen=True)
class StageSummary:
    """One node of the overview: a stage, how many touchpoints it holds, the effort customers spend in it."""

    id: str
    title: str
    touchpoints: int
    effort: float


@dataclass(frozen=True)
class StageFlow:
    """Customers moving from one stage to the next (`target` None: they end the journey in `source`).

    `customers` is the expected number of moves per customer starting the journey (loops can
    make it more than 1); `share` the part of all moves out of `source` that take this way.
    """

    source: str
    target: str | None
    customers: float
    share: float
    gives_up: bool = False


def stage_summaries(graph: JourneyGraph, scores: Scores) -> list[StageSummary]:
    counts: dict[str, int] = defaultdict(int)
    for point in graph.touchpoints:
        counts[point.stage] += 1
    return [
        StageSummary(stage.id, stage.display_title, counts[stage.id], scores.stage_effort.get(stage.id, 0.0))
        for stage in graph.journey.stages
    ]


def stage_flows(graph: JourneyGraph, scores: Scores) -> list[StageFlow]:
    """Flows between stages and out of the journey, in stage order, from the chain's expected visits."""
    points = graph.touchpoints
    moves: dict[tuple[str, str | None, bool], float] = defaultdict(float)
    for outgoing in graph.links:
        for link in outgoing:
            source, target = points[link.source].stage, points[link.target].stage
            if source != target:
                moves[(source, target, False)] += scores.visits.get(points[link.source].id, 0.0) * link.probability
    for point in points:
        if point.is_exit:
            moves[(point.stage, None, point.outcome is Outcome.ABANDON)] += scores.visits.get(point.id, 0.0)
    leaving: dict[str, float] = defaultdict(float)
    for (source, _, _), customers in moves.items():
        leaving[source] += customers
    order = {stage.id: position for position, stage in enumerate(graph.journey.stages)}
    flows = [
        StageFlow(source, target, customers, customers / leaving[source], gives_up)
        for (source, target, gives_up), customers in moves.items()
        if customers > SMALLEST_SHOWN_SHARE
    ]
    last = len(order)
    return sorted(
        flows, key=lambda flow: (order[flow.source], last if flow.target is None else order[flow.target], flow.gives_up)
    )


def _end_name(flow: StageFlow) -> str:
    return "gave_up" if flow.gives_up else END


def _name(stage_index: dict[str, int], flow: StageFlow) -> tuple[str, str]:
    target = _end_name(flow) if flow.target is None else f"s{stage_index[flow.target]}"
    return f"s{stage_index[flow.source]}", target


def _node_label(summary: StageSummary) -> str:
    rows = [
        f"<B>{dot_label(wrap(summary.title, TITLE_WIDTH))}</B>",
        f'<FONT POINT-SIZE="9">{dot_label(plural(summary.touchpoints, "touchpoint"))}</FONT>',
        f'<FONT POINT-SIZE="9">{dot_label("effort " + number(summary.effort))}</FONT>',
    ]
    return "<" + "<BR/>".join(rows) + ">"


def overview_dot(graph: JourneyGraph, scores: Scores, options: DiagramOptions = DEFAULT_OPTIONS) -> str:
    """The stage overview as DOT text; deterministic, and linear in the number of stages and links."""
    summaries = stage_summaries(graph, scores)
    index = {summary.id: position for position, summary in enumerate(summaries)}
    title = dot_label(f"Stage overview: {graph.journey.title}")
    note = dot_label(
        f"{plural(len(graph.touchpoints), 'touchpoint')} in {plural(len(summaries), 'stage')}; "
        "arrows: share of the customers leaving a stage"
    )
    direction = options.direction or "LR"  # by size, as for the full map: stages read left to right
    lines = [
        "digraph overview {",
        f'  graph [rankdir="{direction}", label=<<B>{title}</B><BR/><FONT POINT-SIZE="10">{note}</FONT>>, '
        f'labelloc="t", labeljust="l", fontname="{FONT}", fontcolor="{TEXT_COLOUR}", nodesep="0.3", '
        f'ranksep="0.5", pad="0.3", bgcolor="{WHITE}"];',
        f'  node [shape="box", style="rounded,filled", fontname="{FONT}", fontsize=11, color="{FRAME_COLOUR}", '
        f'fontcolor="{TEXT_COLOUR}", margin="0.15,0.08"];',
        f'  edge [fontname="{FONT}", fontsize=9, color="{LINE_COLOUR}", fontcolor="{TEXT_COLOUR}", arrowsize=0.8];',
    ]
    for position, summary in enumerate(summaries):
        fill = LANE_FILLS[position % len(LANE_FILLS)]
        lines.append(f'  s{position} [label={_node_label(summary)}, fillcolor="{fill}"];')
    flows = stage_flows(graph, scores)
    ends = sorted({_end_name(flow) for flow in flows if flow.target is None})
    for end in ends:
        label = "GAVE UP" if end == "gave_up" else "END"
        lines.append(
            f'  {end} [label=<<B>{label}</B>>, shape="doublecircle", style="filled", fillcolor="{TEXT_COLOUR}", '
            f'fontcolor="{WHITE}", fontsize=8, width="0.5", margin="0.02"];'
        )
    for flow in flows:
        source, target = _name(index, flow)
        backwards = flow.target is not None and index[flow.target] < index[flow.source]
        style = ', style="dashed", constraint="false"' if backwards else ""
        lines.append(f"  {source} -> {target} [label=<{dot_label(percent(flow.share))}>{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _flow_text(titles: dict[str, str], flow: StageFlow) -> str:
    where = (
        "give up"
        if flow.target is None and flow.gives_up
        else "end the journey"
        if flow.target is None
        else f"go on to “{titles[flow.target]}”"
    )
    return f"{percent(flow.share)} of the customers leaving “{titles[flow.source]}” {where}"


def overview_titles(graph: JourneyGraph, scores: Scores) -> dict[str, str]:
    """Tooltips of the overview's shapes, by the DOT name Graphviz puts in their <title>."""
    summaries = stage_summaries(graph, scores)
    index = {summary.id: position for position, summary in enumerate(summaries)}
    names = {summary.id: summary.title for summary in summaries}
    titles = {
        f"s{position}": f"{summary.title}: {plural(summary.touchpoints, 'touchpoint')}, effort {number(summary.effort)}"
        for position, summary in enumerate(summaries)
    }
    titles[END] = "End of the journey"
    titles["gave_up"] = "The customer gives up"
    for flow in stage_flows(graph, scores):
        source, target = _name(index, flow)
        titles[f"{source}->{target}"] = _flow_text(names, flow)
    return titles


def overview_description(graph: JourneyGraph, scores: Scores) -> str:
    """What the overview shows, in sentences, for readers who cannot see it."""
    summaries = stage_summaries(graph, scores)
    names = {summary.id: summary.title for summary in summaries}
    sentences = [
        f"Stage overview of “{graph.journey.title}”: {plural(len(graph.touchpoints), 'touchpoint')} in "
        f"{plural(len(summaries), 'stage')}, too many to draw one by one.",
        f"Expected effort {number(scores.expected_effort)}.",
    ]
    flows = stage_flows(graph, scores)
    if flows:
        sentences.append("; ".join(_flow_text(names, flow) for flow in flows) + ".")
    return " ".join(sentences)
