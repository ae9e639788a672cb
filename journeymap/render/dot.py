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
from journeymap.render.layout import LabelSize, Layout, choose_layout
from journeymap.render.palette import (
    EFFORT_COLOURS,
    FRAME_COLOUR,
    LANE_FILLS,
    LINE_COLOUR,
    MEASURED_COLOUR,
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
    """How to draw: reading direction (None: chosen by size), what the swimlanes group by, which path is bold."""

    direction: str | None = None
    lanes: str = "stage"
    highlight: str | None = None
    measured: tuple[tuple[int, int, str, bool], ...] = ()
    """Measured shares to show beside the designed ones: (source, target, text, off) per transition."""

    def __post_init__(self) -> None:
        if self.direction is not None and self.direction not in DIRECTIONS:
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
JOURNEY_TITLE_WIDTH = 50
NO_OWNER = "(no owner)"
EFFORT_LEGEND = "Effort (fill colour): 1 effortless … 7 very hard, ? missing"

KIND_MARKERS = {
    TouchpointKind.INVOICE: "INVOICE",
    TouchpointKind.PAYMENT: "PAYMENT",
    TouchpointKind.SURVEY: "SURVEY",
    TouchpointKind.CONTACT: "CONTACT",
    TouchpointKind.SERVICE: "SERVICE",
}
# A shape per kind, on top of the text marker, so kinds stand out before anyone reads.
KIND_SHAPES = {
    TouchpointKind.STEP: "box",
    TouchpointKind.INVOICE: "note",
    TouchpointKind.PAYMENT: "box3d",
    TouchpointKind.SURVEY: "tab",
    TouchpointKind.CONTACT: "component",
    TouchpointKind.SERVICE: "box",
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
            facts = [stage.phase] if stage.phase is not None else []
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


def _node_label(
    graph: JourneyGraph, i: int, options: DiagramOptions, stage_title: str, *, unreachable: bool, title_width: int
) -> str:
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
    rows.append(f"<TR><TD>{_font(wrap(point.title, title_width), bold=True)}</TD></TR>")
    rows.extend(f"<TR><TD>{_font(wrap(line, title_width + 6), size=9)}</TD></TR>" for line in details)
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
    return f"<{table}>"


def _node(
    graph: JourneyGraph,
    i: int,
    options: DiagramOptions,
    stage_title: str,
    *,
    on_path: bool,
    title_width: int = TITLE_WIDTH,
) -> str:
    point = graph.touchpoints[i]
    fill = effort_colour(point.effort)
    unreachable = i not in graph.reachable
    style = ["rounded", "filled"] if point.kind in (TouchpointKind.STEP, TouchpointKind.SERVICE) else ["filled"]
    if unreachable:
        style.append("dotted")
    elif point.outcome is Outcome.ABANDON:
        style.append("dashed")
    values: dict[str, str | None] = {
        "label": _node_label(graph, i, options, stage_title, unreachable=unreachable, title_width=title_width),
        "shape": KIND_SHAPES[point.kind],
        "style": ",".join(style),
        "fillcolor": fill,
        "fontcolor": text_colour_on(fill),
        "color": WARNING_COLOUR if point.outcome is Outcome.ABANDON else TEXT_COLOUR,
        "peripheries": "2" if point.is_exit else None,
        "penwidth": "3" if on_path else None,
    }
    return f"t{i}{_attributes(values)};"


def _edge_label(
    link: Link,
    show_share: bool,
    *,
    short: bool = False,
    padded: bool = False,
    measured: tuple[str, bool] | None = None,
) -> str | None:
    """The text on an arrow; `short` (an arrow between neighbours in a row, with little room) leaves out
    the DIGITAL → ANALOG tag: the thick orange-red line says it, the legend explains it, the tooltip names it.
    `padded` keeps the text clear of the arrow it stands beside (`dot` starts it right at the line)."""
    rows = []
    if link.label:
        rows.append(_font(wrap(link.label, ROW_LABEL_WIDTH if short else EDGE_LABEL_WIDTH)))
    if show_share or measured is not None:
        rows.append(_font(percent(link.probability), bold=True))
    if measured is not None:
        text, off = measured
        rows.append(_font(f"{'OFF ' if off else ''}measured {text}", colour=MEASURED_COLOUR, bold=off))
    if link.digital_to_analog and not short:
        rows.append(_font("DIGITAL → ANALOG", size=8, colour=WARNING_TEXT_COLOUR, bold=True))
    if not rows:
        return None
    if padded:
        cell = f'<TD ALIGN="LEFT" BALIGN="LEFT">{"<BR/>".join(rows)}</TD>'
        return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{LABEL_GAP}"><TR>{cell}</TR></TABLE>>'
    return "<" + "<BR/>".join(rows) + ">"


LABEL_GAP = 4  # points of room round the text of a label beside an arrow
ROW_LABEL_WIDTH = 11  # characters per line of a label drawn between two touchpoints of a row
LETTER_WIDTH = 4.8  # points: about the width of a letter of 9-point Helvetica
LABEL_NODE_ROOM = 24.0  # points beside a label node's text: its margins and the gap to the next node


def _edge(
    link: Link,
    show_share: bool,
    bold: bool,
    *,
    weight: int = 1,
    ranked: bool = True,
    flat: bool = False,
    label_node: bool = False,
    ranked_on: bool = True,
    first_under: bool = False,
    second_under: bool = False,
    measured: tuple[str, bool] | None = None,
) -> str:
    """One transition; `ranked` edges decide the ranks, otherwise the layout's rows already did.

    With `label_node` (an arrow within one rank whose label is a node of its own, see `_label_nodes`),
    the arrow is drawn in two pieces, to the label and on from it; `ranked_on` says whether the second
    piece joins neighbours in a lane's row (it then keeps them in order); `first_under` and `second_under`
    send a piece that passes other touchpoints under the row instead of over it (`_under`).
    """
    colour = WARNING_COLOUR if link.digital_to_analog else SWITCH_COLOUR if link.switch else None
    width = 3.0 if link.digital_to_analog else 2.0 if link.switch else 1.2
    if bold:
        width += 2.0
    style = []
    if not link.forward:
        style.append("dashed")
    if bold:
        style.append("bold")
    label = None if label_node else _edge_label(link, show_share, short=flat, padded=not flat, measured=measured)
    values: dict[str, str | None] = {
        "xlabel" if flat else "label": label,
        # `dot` draws an arrow within a rank from one lane to the next twice, as two different
        # curves; from the east side to the west side both curves are the same line.
        "tailport": "e" if flat and not ranked and link.forward else None,
        "headport": "w" if flat and not ranked and link.forward else None,
        "color": colour,
        "penwidth": f"{width:.1f}",
        "style": ",".join(style) or None,
        "arrowsize": "0.6" if bold else None,  # arrowheads grow with the line width
        # Loops go back in the journey: drawn, but not allowed to pull the map out of time order.
        "constraint": "false" if not link.forward or not ranked else None,
        "weight": str(weight) if weight != 1 else None,
    }
    if not label_node:
        return f"t{link.source} -> t{link.target}{_attributes(values)};"
    node = _label_name(link)
    first = {**values, "dir": "none", "arrowsize": None, "constraint": None, "tailport": None, "headport": None}
    if first_under:
        first.update(tailport="s", headport="s")
    second = {**values, "constraint": None if ranked_on else "false"}
    if ranked_on:
        second.update(tailport=None, headport=None)
    elif second_under:
        second.update(tailport="s", headport="s")
    return f"t{link.source} -> {node}{_attributes(first)}; {node} -> t{link.target}{_attributes(second)};"


def _label_places(layout: Layout | None, labelled: Mapping[int, Sequence[tuple[Link, str]]]) -> dict[int, list[str]]:
    """Where the label nodes go in their rank: by the touchpoint each follows, the label nodes after it.

    A label stands right before its arrow's target when the target is to the right (in the same row, or
    in a lane further right: then at the end of the source's row), so the arrow ends in a short straight
    piece with its head; otherwise right after the source.
    """
    if layout is None:
        return {}
    row_of = {i: row for lane in layout.stages for row in lane.rows for i in row}
    stage_of = {i: lane.stage for lane in layout.stages for row in lane.rows for i in row}
    after: dict[int, list[str]] = {}
    for source, found in labelled.items():
        for link, _ in found:
            row, target = row_of[source], link.target
            place = source
            if target in row and row.index(target) > row.index(source):
                place = row[row.index(target) - 1]
            elif target not in row and stage_of[target] > stage_of[source]:
                place = row[-1]
            after.setdefault(place, []).append(_label_name(link))
    return after


def _label_name(link: Link) -> str:
    return f"l{link.source}_{link.target}"


def _label_nodes(
    graph: JourneyGraph,
    layout: Layout | None,
    shown: set[int],
    measured: Mapping[tuple[int, int], tuple[str, bool]] | None = None,
) -> dict[int, list[tuple[Link, str]]]:
    """Labels of arrows within one rank of the rows layout, by the arrow's source: each is drawn as a small
    node of its own in the rank (`_label_places` says where), so no label can sit on a box or another label.

    (`dot` places the labels of such arrows, as `xlabel`, after the layout, over whatever is there.)
    """
    if layout is None:
        return {}
    rank_of = _rank_of(layout)
    labelled: dict[int, list[tuple[Link, str]]] = {}
    for outgoing in graph.links:
        show_share = _shares_differ(outgoing)
        for link in outgoing:
            if link.source == link.target or link.source not in shown or link.target not in shown:
                continue
            if rank_of.get(link.source, -1) != rank_of.get(link.target, -2):
                continue
            label = _edge_label(link, show_share, short=True, measured=(measured or {}).get((link.source, link.target)))
            if label is None or not link.label:
                continue  # a share alone is small: it stays beside its arrow (see `_edge`)
            labelled.setdefault(link.source, []).append((link, label))
    return labelled


def _shares_differ(links: Iterable[Link]) -> bool:
    probabilities = [link.probability for link in links]
    return len(probabilities) > 1 and max(probabilities) - min(probabilities) > 1e-9


def _left_aligned(rows: Iterable[str]) -> str:
    """An HTML-like label of left-aligned rows (each already escaped text)."""
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>>'


def _lane_label(lane: Lane) -> str:
    return _left_aligned([_font(wrap(lane.title, LANE_TITLE_WIDTH), size=12, bold=True), _font(lane.subtitle, size=9)])


def _title_label(graph: JourneyGraph, scores: Scores, options: DiagramOptions, part: Part | None = None) -> str:
    """The title at the top: journey title, its scores, the bold path and the compact legend under them.

    A part of a map split over pages says which part it is and which stages it holds.
    """
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
    if part is not None:
        stages = graph.journey.stages
        held = stages[part.first].display_title
        if part.last > part.first:
            held += f" to {stages[part.last].display_title}"
        rows.append(
            _font(
                f"page {part.number} of {part.count}: {held}; arrows to other pages end at their page",
                size=10,
                bold=True,
            )
        )
    path = _chosen_path(scores, options)
    if options.highlight is not None:
        name = _path_name(options.highlight)
        if path is None:
            reason = "no exit can be reached without going back" if options.highlight == "worst" else "no exit"
            rows.append(_font(f"no {name}: {reason}", size=10))
        else:
            share = f", {percent(path.probability)} of customers" if options.highlight != "worst" else ""
            rows.append(_font(f"bold: {name} (effort {path.effort}{share})", size=10, bold=True))
    unreachable = len(graph.reachable) < len(graph.touchpoints)
    if part is None or part.number == 1:  # the legend once, on the first page of a map split over pages
        service = any(point.is_service for point in graph.touchpoints)
        rows.append(legend(options, unreachable=unreachable, service=service))
    return _left_aligned(rows)


def _chosen_path(scores: Scores, options: DiagramOptions) -> Path | None:
    if options.highlight == "main":
        return scores.journey_path
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


LEGEND_MARKERS_PER_ROW = 3
LEGEND_LINES_PER_ROW = 3


def legend(options: DiagramOptions, *, unreachable: bool = False, service: bool = False) -> str:
    """The legend, compact enough for the top of the map: effort colours, line styles and markers.

    A table for the title's label (not a label of its own): three short rows under the title.
    """
    lines = [
        (_legend_sample(1, LINE_COLOUR), "next step"),
        (_legend_sample(1, LINE_COLOUR, dashed=True), "back to an earlier step (loop)"),
        (_legend_sample(2, SWITCH_COLOUR), "channel switch"),
        (_legend_sample(3, WARNING_COLOUR), "DIGITAL → ANALOG: pushed off digital"),
    ]
    if options.highlight is not None:
        lines.append((_legend_sample(4, LINE_COLOUR), f"bold: the {_path_name(options.highlight)}"))
    markers = [
        ("70%", "share of customers"),
        ("START", "the journey begins"),
        ("EXIT", "double border: ends here"),
        ("ABANDONS", "dashed: the customer gives up"),
        ("INVOICE", "folded corner"),
        ("PAYMENT", "3-D box"),
        ("SURVEY", "tab on top"),
        ("CONTACT", "side clips: customer contacts you"),
    ]
    if service:
        markers.append(("SERVICE", "the service itself: what the customer came for"))
    if unreachable:
        markers.append(("UNREACHABLE", "dotted: no customer gets here"))
    effort = (
        f'<TD ALIGN="LEFT">{_font("Effort", size=9, bold=True)}</TD>'
        f'<TD ALIGN="LEFT">{_effort_scale()}</TD>'
        f'<TD ALIGN="LEFT">{_font("fill colour: 1 effortless … 7 very hard, ? missing", size=9)}</TD>'
    )
    style_rows = [
        "<TR>"
        + "".join(
            f'{sample}<TD ALIGN="LEFT">{_font(meaning, size=9)}</TD>'
            for sample, meaning in lines[start : start + LEGEND_LINES_PER_ROW]
        )
        + "</TR>"
        for start in range(0, len(lines), LEGEND_LINES_PER_ROW)
    ]
    marker_rows = []
    for start in range(0, len(markers), LEGEND_MARKERS_PER_ROW):
        cells = "".join(
            f'<TD ALIGN="LEFT">{_font(marker, size=8, bold=True)}</TD><TD ALIGN="LEFT">{_font(meaning, size=9)}</TD>'
            for marker, meaning in markers[start : start + LEGEND_MARKERS_PER_ROW]
        )
        marker_rows.append(f"<TR>{cells}</TR>")
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
    parts = [
        f"{table}<TR>{effort}</TR></TABLE>",
        f"{table}{''.join(style_rows)}</TABLE>",
        f"{table}{''.join(marker_rows)}</TABLE>",
    ]
    rows = "".join(f'<TR><TD ALIGN="LEFT">{part}</TD></TR>' for part in parts)
    return (
        f'<TABLE BORDER="1" COLOR="{FRAME_COLOUR}" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2" '
        f'BGCOLOR="{WHITE}">{rows}</TABLE>'
    )


def _path_name(highlight: str) -> str:
    return {"main": "main path", "most-likely": "most likely path"}.get(highlight, "highest-effort path")


# Edge weights: the more customers take a transition, the harder `dot` pulls it straight, and the
# most likely path hardest of all.
SHARE_WEIGHT = 9
PATH_WEIGHT = 20


def reading_direction(graph: JourneyGraph, options: DiagramOptions) -> str:
    """The rankdir `dot` draws with: the one asked for, else top to bottom.

    Stage lanes are then laid out by size (`diagram_layout`); channel and owner lanes are columns side by
    side with time running down, so the picture is as wide as the journey has lanes, whatever its length.
    """
    return options.direction if options.direction is not None else "TB"


def diagram_layout(
    graph: JourneyGraph, scores: Scores, options: DiagramOptions, stages: Sequence[int] | None = None
) -> Layout | None:
    """The rows layout by size for stage lanes without an explicit direction; None for the classic layout."""
    if options.direction is not None or options.lanes != "stage":
        return None
    # The rows follow the most likely single path, the bold path (the main path) is drawn straightest by the
    # edge weights: rows built around a long main path (52 of 60 touchpoints in tests/layout_journeys.py) were
    # laid out at 4.8 px text where the short most likely path gave readable rows. Worth revisiting with the layout.
    return choose_layout(graph, scores.most_likely_path, stages, _label_widths(graph))


def _label_widths(graph: JourneyGraph) -> dict[tuple[int, int], LabelSize]:
    """About how wide, in points, the label of each labelled arrow is: drawn in a row (`_label_nodes`), and
    drawn beside an arrow between rows."""
    widths = {}
    for outgoing in graph.links:
        show_share = _shares_differ(outgoing)
        for link in outgoing:
            in_row = wrap(link.label, ROW_LABEL_WIDTH).split("\n") if link.label else []
            beside = wrap(link.label, EDGE_LABEL_WIDTH).split("\n") if link.label else []
            if show_share:
                in_row += ["100%"] if in_row else []  # a share alone stays beside its arrow (`_label_nodes`)
                beside.append("100%")
            if link.digital_to_analog:
                beside.append("DIGITAL → ANALOG")
            if beside:
                widths[(link.source, link.target)] = LabelSize(
                    max(map(len, in_row), default=0) * LETTER_WIDTH + LABEL_NODE_ROOM if in_row else 0.0,
                    max(map(len, beside)) * LETTER_WIDTH + 2 * LABEL_GAP,
                )
    return widths


def can_split(options: DiagramOptions) -> bool:
    """Whether a map drawn with these options can be split over pages at stage boundaries."""
    return options.direction is None and options.lanes == "stage"


@dataclass(frozen=True)
class Part:
    """Consecutive stages (positions in `stages:`) drawn on one page of a map split over pages."""

    first: int
    last: int
    number: int
    count: int
    ranges: tuple[tuple[int, int], ...] = ()
    """The (first, last) stages of every part in order, so an arrow to another page can name it."""

    @property
    def stages(self) -> range:
        return range(self.first, self.last + 1)

    def page_of(self, stage: int) -> int | None:
        """The number of the part (page) that draws `stage`, when the parts are known."""
        return next((number for number, (first, last) in enumerate(self.ranges, 1) if first <= stage <= last), None)


def journey_dot(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    *,
    lanes: Sequence[Lane] | None = None,
    part: Part | None = None,
    fit: Mapping[str, str] | None = None,
) -> str:
    """The journey map as DOT text: title and legend, lanes, touchpoints, transitions, start marker; deterministic.

    `lanes` are the `swimlanes` of these options, when the caller has them already. With `part`
    (only where `can_split`), only that part's stages are drawn, with the arrows between them.
    `fit` are graph attributes from `journeymap.render.paper` that scale the drawing to a page.
    """
    points = graph.touchpoints
    stage_titles = {stage.id: stage.display_title for stage in graph.journey.stages}
    bold = _highlighted(graph, _chosen_path(scores, options))
    on_path = {i for pair in bold for i in pair}
    if part is not None and not can_split(options):
        raise ValueError("only a map by size with stage lanes can be split into parts")
    layout = diagram_layout(graph, scores, options, part.stages if part is not None else None)
    stage_number = {stage.id: k for k, stage in enumerate(graph.journey.stages)}
    shown = {i for i, point in enumerate(points) if part is None or stage_number[point.stage] in part.stages}
    measured = {(source, target): (text, off) for source, target, text, off in options.measured}
    labelled = _label_nodes(graph, layout, shown, measured)
    after = _label_places(layout, labelled)
    lines = [
        "digraph journey {",
        "  graph"
        + _attributes(
            {
                "rankdir": reading_direction(graph, options),
                "newrank": "true",
                "label": _title_label(graph, scores, options, part),
                "labelloc": "t",
                "labeljust": "l",
                "fontname": FONT,
                "fontcolor": TEXT_COLOUR,
                "nodesep": "0.35",
                "ranksep": "0.4" if layout is not None else "0.45",
                "pad": "0.3",
                "bgcolor": WHITE,
            }
        )
        + ";",
        *([f"  graph{_attributes(dict(fit))};"] if fit else []),
        f'  node [fontname="{FONT}", fontsize=10, margin="0.1,0.05", color="{TEXT_COLOUR}"];',
        f'  edge [fontname="{FONT}", fontsize=9, color="{LINE_COLOUR}", fontcolor="{TEXT_COLOUR}", arrowsize=0.8];',
    ]
    width = layout.sizes.title_width if layout is not None else TITLE_WIDTH
    all_lanes = list(lanes if lanes is not None else swimlanes(graph, scores, options))
    swimlanes_aligned = layout is None and options.lanes != "stage"
    for position, lane in enumerate(all_lanes):
        if part is not None and position not in part.stages:
            continue
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
            f"    {_node(graph, i, options, stage_titles[points[i].stage], on_path=i in on_path, title_width=width)}"
            for i in lane.members
        )
        lines.extend(
            f"    {_label_name(link)}{_attributes({'label': label, **LABEL_NODE})};"
            for i in lane.members
            for link, label in labelled.get(i, ())
        )
        if layout is not None:
            lines.extend(_spacers(layout, position))
            if graph.entry in shown and graph.entry in lane.members:
                # in the entry's lane, under its title: its arrow cannot cross the lane's header
                lines.append(f"    start{_attributes(START)};")
        if swimlanes_aligned:
            lines.extend(f"    {anchor}{position}{_attributes(HIDDEN_POINT)};" for anchor in ("head", "foot"))
        lines.append("  }")
    linked = {(f"t{link.source}", f"t{link.target}") for link in graph.all_links()}
    for found in labelled.values():
        for link, _ in found:
            linked |= {(f"t{link.source}", _label_name(link)), (_label_name(link), f"t{link.target}")}
    if graph.entry in shown and layout is None:
        lines.append(f"  start{_attributes(START)};")
    if layout is not None:
        lines.extend(_rows(layout, linked, f"t{graph.entry}" if graph.entry in shown else None, after))
    else:
        lines.extend(_time_order(graph, options))
        lines.append(f"  start -> t{graph.entry} [weight={PATH_WEIGHT}];")
    if swimlanes_aligned:
        lines.extend(_aligned_lanes(graph, all_lanes))
    lines.extend(_transitions(graph, scores, layout, shown, bold, after=after, measured=measured))
    if part is not None:
        lines.extend(_stubs(graph, part, shown))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _transitions(
    graph: JourneyGraph,
    scores: Scores,
    layout: Layout | None,
    shown: set[int],
    bold: set[tuple[int, int]],
    *,
    after: Mapping[int, Sequence[str]],
    measured: Mapping[tuple[int, int], tuple[str, bool]] | None = None,
) -> list[str]:
    """The arrows between the touchpoints drawn, weighted so the main path is drawn straightest.

    `after` names the label nodes (`_label_nodes`) that follow each touchpoint in its rank.
    """
    likely = _highlighted(graph, scores.journey_path)
    neighbours = _row_pairs(layout, after) if layout is not None else set()
    rank_of = _rank_of(layout) if layout is not None else {}
    ranks = _rank_names(layout, after) if layout is not None else []
    sides = _label_sides(graph, rank_of, shown)
    band_of = (
        {
            i: k
            for k, band in enumerate(layout.bands)
            for stage in band
            for row in layout.stages[stage].rows
            for i in row
        }
        if layout is not None
        else {}
    )
    lines = []
    for outgoing in graph.links:
        show_share = _shares_differ(outgoing)
        for link in outgoing:
            if link.source not in shown or link.target not in shown:
                continue
            pair = (link.source, link.target)
            weight = 1 + round(SHARE_WEIGHT * link.probability) + (PATH_WEIGHT if pair in likely else 0)
            if band_of.get(link.source) != band_of.get(link.target):
                weight = 1  # from the end of one band to the start of the next: must not pull the bands apart
            ranked = layout is None or (f"t{link.source}", f"t{link.target}") in neighbours
            # `dot` makes room for a label on an arrow within one rank by adding a rank, which breaks
            # the rows: such labels are nodes of their own in the rank (`_label_nodes`).
            flat = rank_of.get(link.source, -1) == rank_of.get(link.target, -2)
            node = _label_name(link)
            pieces = any(node in names for names in after.values())
            edge = _edge(
                link,
                show_share,
                pair in bold,
                weight=weight,
                ranked=ranked,
                flat=flat,
                label_node=pieces,
                ranked_on=(node, f"t{link.target}") in neighbours,
                first_under=pieces and _under(ranks, sides, f"t{link.source}", node),
                second_under=pieces and _under(ranks, sides, node, f"t{link.target}"),
                measured=(measured or {}).get(pair),
            )
            lines.append(f"  {edge}")
    return lines


def _stubs(graph: JourneyGraph, part: Part, shown: set[int]) -> list[str]:
    """Where an arrow leaves this page or arrives from another: a labelled stub that names the touchpoint
    and its page ("→ Receives the offer letter, p. 4"), drawn as a small box at the end of the arrow."""
    stage_number = {stage.id: k for k, stage in enumerate(graph.journey.stages)}
    points = graph.touchpoints
    lines = []
    for link in graph.all_links():
        leaves = link.source in shown and link.target not in shown
        arrives = link.target in shown and link.source not in shown
        if not (leaves or arrives):
            continue
        other = points[link.target if leaves else link.source]
        page = part.page_of(stage_number[other.stage])
        where = f", p. {page}" if page is not None else ""
        text = f"→ {other.title}{where}" if leaves else f"from {other.title}{where} →"
        name = f"stub{link.source}_{link.target}"
        stub = {"label": f"<{_font(wrap(text, EDGE_LABEL_WIDTH), size=9)}>", **STUB}
        lines.append(f"  {name}{_attributes(stub)};")
        arrow = {
            "color": LINE_COLOUR,
            "style": "dashed" if not link.forward else None,
            "constraint": "false" if not link.forward else None,
        }
        lines.append(
            f"  t{link.source} -> {name}{_attributes(arrow)};"
            if leaves
            else f"  {name} -> t{link.target}{_attributes(arrow)};"
        )
    return lines


def _row_names(layout: Layout, stage: int, row: int, after: Mapping[int, Sequence[str]] | None = None) -> list[str]:
    """The DOT names of one row of a stage lane; a hidden spacer where the stage has fewer rows than its band.

    `after` names the label nodes that follow a touchpoint in its row (`_label_nodes`).
    """
    lane = layout.stages[stage]
    if row >= len(lane.rows):
        return [f"spacer{stage}_{row}"]
    after = after or {}
    return [name for i in lane.rows[row] for name in (f"t{i}", *after.get(i, ()))] or [f"empty{stage}"]


def _spacers(layout: Layout, stage: int) -> list[str]:
    """Hidden nodes that give a stage lane as many rows as the tallest lane of its band."""
    band = next(band for band in layout.bands if stage in band)
    height = max(len(layout.stages[other].rows) for other in band)
    return [
        f"    spacer{stage}_{row} [shape=point, style=invis, width=0, height=0, label=<>];"
        for row in range(len(layout.stages[stage].rows), height)
    ]


def _rank_of(layout: Layout) -> dict[int, int]:
    """Touchpoint position -> number of its rank, top to bottom."""
    ranks: dict[int, int] = {}
    rank = 0
    for band in layout.bands:
        for row in range(max(len(layout.stages[stage].rows) for stage in band)):
            for stage in band:
                rows = layout.stages[stage].rows
                ranks.update((i, rank) for i in (rows[row] if row < len(rows) else ()))
            rank += 1
    return ranks


def _rank_names(layout: Layout, after: Mapping[int, Sequence[str]]) -> list[list[str]]:
    """The names in every rank, left to right, in all lanes of a band."""
    return [
        [name for stage in band for name in _row_names(layout, stage, row, after)]
        for band in layout.bands
        for row in range(max(len(layout.stages[stage].rows) for stage in band))
    ]


def _label_sides(graph: JourneyGraph, rank_of: Mapping[int, int], shown: set[int]) -> dict[str, tuple[int, int]]:
    """Per touchpoint name, how many labelled arrows between ranks leave or enter it over its top and under it."""
    sides: dict[str, tuple[int, int]] = {}

    def add(i: int, above: int, below: int) -> None:
        old = sides.get(f"t{i}", (0, 0))
        sides[f"t{i}"] = (old[0] + above, old[1] + below)

    shares = {i for i, outgoing in enumerate(graph.links) if _shares_differ(outgoing)}
    for link in graph.all_links():
        if link.source not in shown or link.target not in shown or link.source not in rank_of:
            continue
        if not (link.label or link.source in shares) or rank_of[link.source] == rank_of.get(link.target, -1):
            continue
        down = rank_of[link.source] < rank_of[link.target]
        add(link.source, 0 if down else 1, 1 if down else 0)
        add(link.target, 1 if down else 0, 0 if down else 1)
    return sides


def _under(ranks: Sequence[Sequence[str]], sides: Mapping[str, tuple[int, int]], tail: str, head: str) -> bool:
    """Whether an arrow within a rank that passes other names goes under the row rather than over it: under
    when more labelled arrows meet the touchpoints it passes over their tops than under them. Neighbours: no."""
    rank = next((names for names in ranks if tail in names and head in names), None)
    if rank is None:
        return False
    first, last = sorted((rank.index(tail), rank.index(head)))
    if last - first <= 1:
        return False
    passed = [sides.get(name, (0, 0)) for name in rank[first : last + 1]]
    return sum(above for above, _ in passed) > sum(below for _, below in passed)


def _row_pairs(layout: Layout, after: Mapping[int, Sequence[str]] | None = None) -> set[tuple[str, str]]:
    """Pairs whose transition may decide ranks and order: neighbours in a lane's row, first of a rank and the next.

    Neighbours in different lanes are not among them: `dot` draws such an arrow twice.
    """
    pairs: set[tuple[str, str]] = set()
    for band in layout.bands:
        ranks = [
            [name for stage in band for name in _row_names(layout, stage, row, after)]
            for row in range(max(len(layout.stages[stage].rows) for stage in band))
        ]
        pairs.update(itertools.pairwise(names[0] for names in ranks))
        for stage in band:
            for row in range(len(layout.stages[stage].rows)):
                pairs.update(itertools.pairwise(_row_names(layout, stage, row, after)))
    return pairs


def _rows(
    layout: Layout, linked: set[tuple[str, str]], entry: str | None, after: Mapping[int, Sequence[str]]
) -> list[str]:
    """The layout's ranks in DOT, and the start marker's arrow to the entry.

    Each rank is held together with `rank=same`; the first touchpoint of each rank sits under the
    first of the rank before, so stage lanes align left. `dot` does not keep lanes side by side in
    the order of hidden edges between them, but it keeps the order of a node's arrows when the node
    says `ordering=out`: a hidden anchor above each band (the START marker above the first) points at
    the first touchpoint of each of the band's lanes, in stage order.
    Neighbours already joined by a transition (`linked`) need no hidden edge: `dot` fails on both.
    """
    lines = []
    firsts: list[str] = []
    for position, band in enumerate(layout.bands):
        heads = [_row_names(layout, stage, 0)[0] for stage in band]
        anchor = "start" if position == 0 and heads[0] == entry else f"band{position}"
        if anchor != "start":
            lines.append(f"  {anchor} [shape=point, style=invis, width=0, height=0, label=<>, ordering=out];")
        else:
            lines.append("  start [ordering=out];")
            lines.append(f"  start -> {entry} [weight={PATH_WEIGHT}];")
        lines.extend(
            f"  {anchor} -> {head} [style=invis{f', weight={PATH_WEIGHT}' if k == 0 else ''}];"
            for k, head in enumerate(heads)
            if anchor != "start" or head != entry
        )
        if firsts:
            lines.append(f"  {firsts[-1]} -> {anchor} [style=invis, weight={PATH_WEIGHT}];")
        for row in range(max(len(layout.stages[stage].rows) for stage in band)):
            names = [name for stage in band for name in _row_names(layout, stage, row, after)]
            lines.append(f"  {{rank=same; {'; '.join(names)};}}")
            lines.extend(f"  {a} -> {b} [style=invis];" for a, b in itertools.pairwise(names) if (a, b) not in linked)
            if row > 0 and (firsts[-1], names[0]) not in linked:
                lines.append(f"  {firsts[-1]} -> {names[0]} [style=invis, weight={PATH_WEIGHT}];")
            firsts.append(names[0])
    if entry is not None and not any(line.startswith("  start -> ") for line in lines):
        lines.append(f"  start -> {entry} [weight={PATH_WEIGHT}];")
    return lines


HIDDEN_POINT = {"shape": "point", "style": "invis", "width": "0", "height": "0", "label": "<>"}
START = {
    "label": f"<{_font('START', size=8, bold=True)}>",
    "shape": "circle",
    "style": "filled",
    "fillcolor": TEXT_COLOUR,
    "fontcolor": WHITE,
    "width": "0.5",
    "fixedsize": "true",
}
LABEL_NODE = {"shape": "none", "fontsize": "9", "margin": "0.03,0.02", "height": "0", "width": "0"}
"""A label drawn as a node on its arrow: only its text, with a little room round it."""
STUB = {"shape": "box", "style": "rounded,dashed", "color": FRAME_COLOUR, "fontsize": "9", "margin": "0.08,0.04"}
"""The end of an arrow to or from another page of a map split over pages."""


def _aligned_lanes(graph: JourneyGraph, lanes: Sequence[Lane]) -> list[str]:
    """Channel or owner lanes as real swimlanes: side by side in their order, each as long as the journey.

    Every lane holds a hidden head above its touchpoints and a hidden foot below them; the heads
    share one rank (in lane order) and so do the feet, so every lane starts and ends level with the
    others. Only the lane's first touchpoints hang from its head and only its last ones lead to its
    foot (first and last in journey order, among the links inside the lane): each such link is a
    column of hidden points in `dot`, and one per touchpoint would make every lane as wide as many.
    """
    order = {i: k for k, i in enumerate(graph.in_journey_order)}
    lane_of = {i: p for p, lane in enumerate(lanes) for i in lane.members}
    led_to: set[int] = set()  # reached by a link inside its lane from a touchpoint earlier in journey order
    leads_on: set[int] = set()  # has a link inside its lane to a touchpoint later in journey order
    for link in graph.all_links():
        source, target = link.source, link.target
        if source in lane_of and lane_of.get(target) == lane_of[source] and order[source] < order[target]:
            led_to.add(target)
            leads_on.add(source)
    count = len(lanes)
    lines = [
        "  {rank=same; " + " ".join(f"head{p};" for p in range(count)) + "}",
        "  {rank=same; " + " ".join(f"foot{p};" for p in range(count)) + "}",
    ]
    lines.extend(f"  head{p} -> head{p + 1} [style=invis];" for p in range(count - 1))
    lines.extend(f"  foot{p} -> foot{p + 1} [style=invis];" for p in range(count - 1))
    for p, lane in enumerate(lanes):
        if not lane.members:
            lines += [f"  head{p} -> empty{p} [style=invis];", f"  empty{p} -> foot{p} [style=invis];"]
        lines.extend(f"  head{p} -> t{i} [style=invis];" for i in lane.members if i not in led_to)
        lines.extend(f"  t{i} -> foot{p} [style=invis];" for i in lane.members if i not in leads_on)
    return lines


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
