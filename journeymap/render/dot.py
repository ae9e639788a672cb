"""DOT: an analysed journey as Graphviz DOT text, drawn as a journey map; a pure function, no I/O.

Safety: nodes, lanes and edges get generated names (t0, t1, ... by file position),
never user ids, and every piece of text goes through `escaping.dot_label` into an
HTML-like label, so nothing a user writes can become DOT syntax.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from journeymap.graph import JourneyGraph, Link
from journeymap.model import Outcome, TouchpointKind
from journeymap.render import DIRECTIONS, HIGHLIGHTS, LANES
from journeymap.render.escaping import dot_label
from journeymap.render.lanes import lane_groups
from journeymap.render.palette import (
    EFFORT_COLOURS,
    FRAME_COLOUR,
    LANE_FILLS,
    LINE_COLOUR,
    NO_EFFORT_COLOUR,
    SWITCH_COLOUR,
    TEXT_COLOUR,
    WARNING_COLOUR,
    WARNING_TEXT_COLOUR,
    WHITE,
    effort_colour,
    text_colour_on,
)
from journeymap.render.text import number, percent
from journeymap.scoring import Path, Scores


@dataclass(frozen=True)
class DiagramOptions:
    """How to draw: reading direction, what the swimlanes group by, which path to draw bold."""

    direction: str = "LR"
    lanes: str = "stage"
    highlight: str | None = None

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {self.direction!r}")
        if self.lanes not in LANES:
            raise ValueError(f"lanes must be one of {', '.join(LANES)}, not {self.lanes!r}")
        if self.highlight is not None and self.highlight not in HIGHLIGHTS:
            raise ValueError(f"highlight must be one of {', '.join(HIGHLIGHTS)}, not {self.highlight!r}")


DEFAULT_OPTIONS = DiagramOptions()

# Every colour comes from palette.py: a step has the same effort colour in the diagram as on its
# card in the HTML report.
FONT = "Helvetica"

TITLE_WIDTH = 28  # characters per line of a touchpoint title
EDGE_LABEL_WIDTH = 24
LANE_TITLE_WIDTH = 30
JOURNEY_TITLE_WIDTH = 80
NO_OWNER = "(no owner)"
EFFORT_LEGEND = "Effort (fill colour): 1 effortless … 7 very hard, ? missing"

KIND_MARKERS = {
    TouchpointKind.INVOICE: "INVOICE",
    TouchpointKind.PAYMENT: "PAYMENT",
    TouchpointKind.SURVEY: "SURVEY",
    TouchpointKind.CONTACT: "CONTACT",
}
# A shape per kind, on top of the text marker, so kinds stand out before anyone reads.
KIND_SHAPES = {
    TouchpointKind.STEP: "box",
    TouchpointKind.INVOICE: "note",
    TouchpointKind.PAYMENT: "box3d",
    TouchpointKind.SURVEY: "tab",
    TouchpointKind.CONTACT: "component",
}


def wrap(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters on word boundaries; the writer's newlines stay."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""])
    return "\n".join(lines)


def _attributes(values: Mapping[str, str | None]) -> str:
    """DOT attributes; values starting with '<' are our own HTML-like labels, the rest are quoted."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        parts.append(f"{name}={value}" if value.startswith("<") else f'{name}="{value}"')
    return f" [{', '.join(parts)}]" if parts else ""


def _font(text: str, *, size: int | None = None, colour: str | None = None, bold: bool = False) -> str:
    """Escaped text in a FONT (and B) element; `text` is plain text, user-written or ours."""
    content = dot_label(text)
    if bold:
        content = f"<B>{content}</B>"
    attributes = ""
    if size is not None:
        attributes += f' POINT-SIZE="{size}"'
    if colour is not None:
        attributes += f' COLOR="{colour}"'
    return f"<FONT{attributes}>{content}</FONT>" if attributes else content


@dataclass(frozen=True)
class Lane:
    """One swimlane: its title (a stage, channel or owner), a line under it, and its touchpoints by position."""

    title: str
    subtitle: str
    members: tuple[int, ...]


def swimlanes(graph: JourneyGraph, scores: Scores, options: DiagramOptions = DEFAULT_OPTIONS) -> list[Lane]:
    """Swimlanes in drawing order, as `lanes.lane_groups` orders them, with their titles and subtitles."""
    stages = {stage.id: stage for stage in graph.journey.stages}
    result = []
    for group in lane_groups(graph, options.lanes):
        stage = stages.get(group.key) if options.lanes == "stage" and group.key is not None else None
        if stage is not None:
            facts = [stage.phase.value] if stage.phase is not None else []
            facts.append(f"expected effort {number(scores.stage_effort.get(stage.id, 0.0))}")
            result.append(Lane(stage.display_title, " · ".join(facts), group.members))
        elif options.lanes == "channel" and group.key is not None:
            channel = graph.channels[group.key]
            result.append(Lane(channel.display_title, f"{channel.kind.value} channel", group.members))
        else:
            result.append(Lane(group.key if group.key is not None else NO_OWNER, "owner", group.members))
    return result


def _highlighted(graph: JourneyGraph, path: Path | None) -> set[tuple[int, int]]:
    """The (source, target) pairs of a scored path, by file position."""
    if path is None:
        return set()
    index = {point.id: i for i, point in enumerate(graph.touchpoints)}
    steps = [index[name] for name in path.touchpoints]
    return set(itertools.pairwise(steps))


def _node_label(graph: JourneyGraph, i: int, options: DiagramOptions, stage_title: str, unreachable: bool) -> str:
    point = graph.touchpoints[i]
    markers = []
    if point.kind in KIND_MARKERS:
        markers.append(KIND_MARKERS[point.kind])
    if point.is_exit:
        markers.append("ABANDONS" if point.outcome is Outcome.ABANDON else "EXIT")
    if unreachable:
        markers.append("UNREACHABLE")
    effort = f"effort {point.effort}" if point.effort is not None else "effort missing"
    details = [f"{graph.channel_of(i).display_title} · {effort}"]
    if options.lanes != "stage":
        details.append(f"stage: {stage_title}")
    if point.owner is not None:
        details.append(f"owner: {point.owner}")
    rows = []
    if markers:
        badge = _font(" · ".join(markers), size=8, colour=TEXT_COLOUR, bold=True)
        rows.append(f'<TR><TD BGCOLOR="{WHITE}" BORDER="1" COLOR="{TEXT_COLOUR}" CELLPADDING="1">{badge}</TD></TR>')
    rows.append(f"<TR><TD>{_font(wrap(point.title, TITLE_WIDTH), bold=True)}</TD></TR>")
    rows.extend(f"<TR><TD>{_font(wrap(line, TITLE_WIDTH + 6), size=9)}</TD></TR>" for line in details)
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
    return f"<{table}>"


def _node(graph: JourneyGraph, i: int, options: DiagramOptions, stage_title: str, *, on_path: bool) -> str:
    point = graph.touchpoints[i]
    fill = effort_colour(point.effort)
    unreachable = i not in graph.reachable
    style = ["rounded", "filled"] if point.kind is TouchpointKind.STEP else ["filled"]
    if unreachable:
        style.append("dotted")
    elif point.outcome is Outcome.ABANDON:
        style.append("dashed")
    values: dict[str, str | None] = {
        "label": _node_label(graph, i, options, stage_title, unreachable),
        "shape": KIND_SHAPES[point.kind],
        "style": ",".join(style),
        "fillcolor": fill,
        "fontcolor": text_colour_on(fill),
        "color": WARNING_COLOUR if point.outcome is Outcome.ABANDON else TEXT_COLOUR,
        "peripheries": "2" if point.is_exit else None,
        "penwidth": "3" if on_path else None,
    }
    return f"t{i}{_attributes(values)};"


def _edge_label(link: Link, show_share: bool) -> str | None:
    rows = []
    if link.label:
        rows.append(_font(wrap(link.label, EDGE_LABEL_WIDTH)))
    if show_share:
        rows.append(_font(percent(link.probability), bold=True))
    if link.digital_to_analog:
        rows.append(_font("DIGITAL → ANALOG", size=8, colour=WARNING_TEXT_COLOUR, bold=True))
    if not rows:
        return None
    return "<" + "<BR/>".join(rows) + ">"


def _edge(link: Link, show_share: bool, bold: bool) -> str:
    colour = WARNING_COLOUR if link.digital_to_analog else SWITCH_COLOUR if link.switch else None
    width = 3.0 if link.digital_to_analog else 2.0 if link.switch else 1.2
    if bold:
        width += 2.0
    style = []
    if not link.forward:
        style.append("dashed")
    if bold:
        style.append("bold")
    values: dict[str, str | None] = {
        "label": _edge_label(link, show_share),
        "color": colour,
        "penwidth": f"{width:.1f}",
        "style": ",".join(style) or None,
        "arrowsize": "0.6" if bold else None,  # arrowheads grow with the line width
        # Loops go back in the journey: drawn, but not allowed to pull the map out of time order.
        "constraint": "false" if not link.forward else None,
    }
    return f"t{link.source} -> t{link.target}{_attributes(values)};"


def _shares_differ(links: Iterable[Link]) -> bool:
    probabilities = [link.probability for link in links]
    return len(probabilities) > 1 and max(probabilities) - min(probabilities) > 1e-9


def _left_aligned(rows: Iterable[str]) -> str:
    """An HTML-like label of left-aligned rows (each already escaped text)."""
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>>'


def _lane_label(lane: Lane) -> str:
    return _left_aligned([_font(wrap(lane.title, LANE_TITLE_WIDTH), size=12, bold=True), _font(lane.subtitle, size=9)])


def _title_label(graph: JourneyGraph, scores: Scores, options: DiagramOptions) -> str:
    journey = graph.journey
    facts = []
    if journey.persona is not None:
        facts.append(f"persona: {journey.persona.name}")
    facts.append(f"expected effort {number(scores.expected_effort)}")
    facts.append(f"switch score {number(scores.expected_switch_score)}")
    if scores.digital_completion is not None:
        facts.append(f"digital completion {percent(scores.digital_completion)}")
    rows = [
        _font(wrap(journey.title, JOURNEY_TITLE_WIDTH), size=18, bold=True),
        _font(" · ".join(facts), size=10),
    ]
    path = _chosen_path(scores, options)
    if options.highlight is not None:
        name = _path_name(options.highlight)
        if path is None:
            reason = "no exit can be reached without going back" if options.highlight == "worst" else "no exit"
            rows.append(_font(f"no {name}: {reason}", size=10))
        else:
            share = f", {percent(path.probability)} of customers" if options.highlight == "most-likely" else ""
            rows.append(_font(f"bold: {name} (effort {path.effort}{share})", size=10, bold=True))
    return _left_aligned(rows)


def _chosen_path(scores: Scores, options: DiagramOptions) -> Path | None:
    if options.highlight == "most-likely":
        return scores.most_likely_path
    if options.highlight == "worst":
        return scores.worst_path
    return None


def _legend_sample(width: int, colour: str, *, dashed: bool = False) -> str:
    """A table cell holding a short line drawn like an edge of the diagram (cells of colour, gaps for dashes)."""
    pieces = 5 if dashed else 1
    cells = []
    for piece in range(pieces):
        if piece:
            cells.append('<TD WIDTH="4" HEIGHT="1" FIXEDSIZE="TRUE"></TD>')
        cells.append(
            f'<TD BGCOLOR="{colour}" WIDTH="{36 // pieces - 3 * (pieces > 1)}" HEIGHT="{width}" FIXEDSIZE="TRUE"></TD>'
        )
    line = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{"".join(cells)}</TR></TABLE>'
    return f"<TD>{line}</TD>"


def _effort_scale() -> str:
    """A row of effort colours with their numbers, as a table of its own so the cells keep equal widths."""
    cells = "".join(
        f'<TD BGCOLOR="{colour}" WIDTH="20">{_font(str(effort), colour=text_colour_on(colour), bold=True)}</TD>'
        for effort, colour in EFFORT_COLOURS.items()
    )
    cells += f'<TD BGCOLOR="{NO_EFFORT_COLOUR}" WIDTH="20">{_font("?", bold=True)}</TD>'
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2"><TR>{cells}</TR></TABLE>'


def legend(options: DiagramOptions, *, unreachable: bool = False) -> str:
    """The legend node's HTML-like label: effort colours, line styles and markers."""
    lines = [
        (_legend_sample(1, LINE_COLOUR), "next step, forward in the journey"),
        (_legend_sample(1, LINE_COLOUR, dashed=True), "back to an earlier step (loop)"),
        (_legend_sample(2, SWITCH_COLOUR), "channel switch"),
        (_legend_sample(3, WARNING_COLOUR), "DIGITAL → ANALOG: pushed off the digital path"),
    ]
    if options.highlight is not None:
        lines.append((_legend_sample(4, LINE_COLOUR), f"bold: the {_path_name(options.highlight)}"))
    markers = [
        ("70%", "share of customers taking a transition (where shares differ)"),
        ("START", "where the journey begins"),
        ("EXIT", "double border: the journey ends here"),
        ("ABANDONS", "dashed double border: the customer gives up"),
        ("INVOICE", "folded corner"),
        ("PAYMENT", "3-D box"),
        ("SURVEY", "tab on top"),
        ("CONTACT", "side clips: the customer contacts the company"),
    ]
    if unreachable:
        markers.append(("UNREACHABLE", "dotted border: no customer gets here from the start"))
    rows = [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT">{_font("Legend", size=12, bold=True)}</TD></TR>',
        f'<TR><TD COLSPAN="2" ALIGN="LEFT">{_font(EFFORT_LEGEND, size=9)}</TD></TR>',
        f'<TR><TD COLSPAN="2" ALIGN="LEFT">{_effort_scale()}</TD></TR>',
    ]
    for sample, meaning in lines:
        rows.append(f'<TR>{sample}<TD ALIGN="LEFT">{_font(meaning, size=9)}</TD></TR>')
    for marker, meaning in markers:
        rows.append(
            f'<TR><TD ALIGN="LEFT">{_font(marker, size=8, bold=True)}</TD>'
            f'<TD ALIGN="LEFT">{_font(meaning, size=9)}</TD></TR>'
        )
    table = (
        f'<TABLE BORDER="1" COLOR="{FRAME_COLOUR}" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2" BGCOLOR="{WHITE}">'
        + "".join(rows)
        + "</TABLE>"
    )
    return f"<{table}>"


def _path_name(highlight: str) -> str:
    return "most likely path" if highlight == "most-likely" else "highest-effort path"


def journey_dot(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    *,
    lanes: Sequence[Lane] | None = None,
) -> str:
    """The journey map as DOT text: lanes, touchpoints, transitions, start marker and legend; deterministic.

    `lanes` are the `swimlanes` of these options, when the caller has them already.
    """
    points = graph.touchpoints
    stage_titles = {stage.id: stage.display_title for stage in graph.journey.stages}
    bold = _highlighted(graph, _chosen_path(scores, options))
    on_path = {i for pair in bold for i in pair}
    lines = [
        "digraph journey {",
        "  graph"
        + _attributes(
            {
                "rankdir": options.direction,
                "newrank": "true",
                "label": _title_label(graph, scores, options),
                "labelloc": "t",
                "labeljust": "l",
                "fontname": FONT,
                "fontcolor": TEXT_COLOUR,
                "nodesep": "0.3",
                "ranksep": "0.45",
                "pad": "0.3",
                "bgcolor": WHITE,
            }
        )
        + ";",
        f'  node [fontname="{FONT}", fontsize=10, margin="0.1,0.05", color="{TEXT_COLOUR}"];',
        f'  edge [fontname="{FONT}", fontsize=9, color="{LINE_COLOUR}", fontcolor="{TEXT_COLOUR}", arrowsize=0.8];',
    ]
    for position, lane in enumerate(lanes if lanes is not None else swimlanes(graph, scores, options)):
        lines.append(f"  subgraph cluster_lane{position} {{")
        lane_attributes = {
            "label": _lane_label(lane),
            "style": "rounded,filled",
            "fillcolor": LANE_FILLS[position % len(LANE_FILLS)],
            "color": FRAME_COLOUR,
            "labeljust": "l",
            "margin": "12",
        }
        lines.append("    graph" + _attributes(lane_attributes) + ";")
        if not lane.members:
            empty = {"label": f"<{_font('(no touchpoints)', size=9)}>", "shape": "plain"}
            lines.append(f"    empty{position}{_attributes(empty)};")
        lines.extend(
            f"    {_node(graph, i, options, stage_titles[points[i].stage], on_path=i in on_path)}" for i in lane.members
        )
        lines.append("  }")
    lines.extend(_time_order(graph, options))
    start = {
        "label": f"<{_font('START', size=8, bold=True)}>",
        "shape": "circle",
        "style": "filled",
        "fillcolor": TEXT_COLOUR,
        "fontcolor": WHITE,
        "width": "0.5",
        "fixedsize": "true",
    }
    lines.append(f"  start{_attributes(start)};")
    lines.append(f"  start -> t{graph.entry};")
    for outgoing in graph.links:
        show_share = _shares_differ(outgoing)
        for link in outgoing:
            lines.append(f"  {_edge(link, show_share, (link.source, link.target) in bold)}")
    unreachable = len(graph.reachable) < len(graph.touchpoints)
    lines.append(f"  legend{_attributes({'label': legend(options, unreachable=unreachable), 'shape': 'plain'})};")
    lines.append(f"  order{len(graph.journey.stages)} -> legend [style=invis, weight=0];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _time_order(graph: JourneyGraph, options: DiagramOptions) -> list[str]:
    """Invisible marks between stages, so every stage is drawn after the one before, whatever the links say.

    Mark `order{k}` sits after every touchpoint of stage k-1 and before every touchpoint of stage k.
    """
    stages = graph.journey.stages
    by_stage = {group.key: group.members for group in lane_groups(graph, "stage")}
    lines = [f"  order{k} [shape=point, style=invis, width=0, height=0, label=<>];" for k in range(1, len(stages) + 1)]
    for k, stage in enumerate(stages):
        members = [f"t{i}" for i in by_stage[stage.id]]
        if not members and options.lanes == "stage":
            members = [f"empty{k}"]
        if k > 0:
            lines.extend(f"  order{k} -> {member} [style=invis, weight=0];" for member in members)
        lines.extend(f"  {member} -> order{k + 1} [style=invis, weight=0];" for member in members)
        if not members and k > 0:
            lines.append(f"  order{k} -> order{k + 1} [style=invis, weight=0];")
    return lines
