"""Mermaid: an analysed journey as Mermaid text (a `flowchart` map, or a `journey` of one path); pure, no I/O.

Mermaid is what GitHub, GitLab and most wikis draw from a fenced ```mermaid block, so a
journey can be pasted into a pull request or a wiki page.

Safety: node and subgraph names are generated (`t_` + the touchpoint id with `-` as `_`,
`lane0`, `lane1`, ...; `start_marker`), so no name is ever a Mermaid keyword such as `end`.
Every piece of text the user wrote goes through `escaping.mermaid_text`: letters, digits,
spaces and a few harmless punctuation marks stay, every other character becomes a Mermaid
entity code (`#35;` for `#`, `#58;` for `:`), which Mermaid shows as the character itself.
So no title can end a label, start a comment (`%%`), add an edge, a click handler or
markup, and no line we write holds a user's `:`, `;`, quote or bracket. The front matter's
title, which Mermaid shows without decoding entities, is a YAML string of `\\u` escapes
(`escaping.yaml_text`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from journeymap.graph import JourneyGraph, Link
from journeymap.model import Outcome
from journeymap.render.dot import (
    DEFAULT_OPTIONS,
    EDGE_LABEL_WIDTH,
    KIND_MARKERS,
    TITLE_WIDTH,
    DiagramOptions,
    swimlanes,
    wrap,
)
from journeymap.render.escaping import PLAIN_PUNCTUATION, mermaid_text, xml_characters, yaml_text
from journeymap.render.palette import (
    EFFORT_COLOURS,
    NO_EFFORT_COLOUR,
    SWITCH_COLOUR,
    TEXT_COLOUR,
    WARNING_COLOUR,
    WHITE,
    text_colour_on,
)
from journeymap.render.text import percent
from journeymap.scoring import Path, Scores

LINE_BREAK = "<br/>"  # the only markup we write into labels; user text never holds a `<`
START = "start_marker"
# Words Mermaid's journey lexer takes as keywords wherever a token starts, in any case.
JOURNEY_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")
NEUTRAL_SCORE = 3.0  # a journey step with neither emotion nor effort: neither happy nor unhappy
LINE_WIDTHS = {"plain": 1.5, "switch": 2.5, "digital_to_analog": 3.5}
BOLD_EXTRA = 2.0


def _lines(text: str, width: int) -> str:
    """Text wrapped to `width` (the writer's own newlines kept), escaped, with Mermaid line breaks."""
    return LINE_BREAK.join(mermaid_text(line) for line in wrap(text, width).split("\n"))


def one_line(text: str) -> str:
    """Text for a place that holds one line (a title, a journey task): runs of whitespace as one space.

    Control characters first become U+FFFD, so one Python counts as whitespace (U+001C..U+001F)
    shows, as everywhere else, instead of vanishing.
    """
    return " ".join(xml_characters(text).split())


def node_name(touchpoint_id: str) -> str:
    """The Mermaid name of a touchpoint: `t_` and its id, `-` written `_` (ids have no `_`, so names stay unique)."""
    return "t_" + touchpoint_id.replace("-", "_")


def _front_matter(title: str) -> list[str]:
    """Mermaid's title block, a YAML mapping with the journey's title on one line."""
    return ["---", f"title: {yaml_text(one_line(title))}", "---"]


def _class_definitions() -> list[str]:
    """One class per effort in the diagram's palette, so a step has the same colour as in `render`."""
    fills = [(f"effort{effort}", colour) for effort, colour in EFFORT_COLOURS.items()]
    fills.append(("effortMissing", NO_EFFORT_COLOUR))
    lines = [
        f"  classDef {name} fill:{colour},stroke:{TEXT_COLOUR},color:{text_colour_on(colour)}" for name, colour in fills
    ]
    lines.append(f"  classDef abandons stroke:{WARNING_COLOUR},stroke-width:2px,stroke-dasharray:6 3")
    lines.append("  classDef unreachable stroke-dasharray:2 2,opacity:0.6")
    lines.append("  classDef onPath stroke-width:4px")
    lines.append(f"  classDef startMarker fill:{TEXT_COLOUR},stroke:{TEXT_COLOUR},color:{WHITE}")
    return lines


def _node(graph: JourneyGraph, i: int, options: DiagramOptions, stage_titles: dict[str, str]) -> str:
    point = graph.touchpoints[i]
    markers = [KIND_MARKERS[point.kind]] if point.kind in KIND_MARKERS else []
    if point.is_exit:
        markers.append("ABANDONS" if point.outcome is Outcome.ABANDON else "EXIT")
    if i not in graph.reachable:
        markers.append("UNREACHABLE")
    effort = f"effort {point.effort}" if point.effort is not None else "effort missing"
    rows = [mermaid_text(" · ".join(markers))] if markers else []
    rows.append(_lines(point.title, TITLE_WIDTH))
    rows.append(mermaid_text(f"{graph.channel_of(i).display_title} · {effort}"))
    if options.lanes != "stage":
        rows.append(_lines(f"stage: {stage_titles[point.stage]}", TITLE_WIDTH + 6))
    if point.owner is not None:
        rows.append(_lines(f"owner: {point.owner}", TITLE_WIDTH + 6))
    label = LINE_BREAK.join(rows)
    # Exits are stadiums (rounded ends), every other step a box.
    opening, closing = ("([", "])") if point.is_exit else ("[", "]")
    return f'{node_name(point.id)}{opening}"{label}"{closing}'


def _shares_differ(links: Sequence[Link]) -> bool:
    """Shares are written on the arrows only where the ways on from a touchpoint differ, as in `render`."""
    probabilities = [link.probability for link in links]
    return len(probabilities) > 1 and max(probabilities) - min(probabilities) > 1e-9


def _edge(graph: JourneyGraph, link: Link, show_share: bool) -> str:
    rows = []
    if link.label:
        rows.append(_lines(link.label, EDGE_LABEL_WIDTH))
    if show_share:
        rows.append(mermaid_text(percent(link.probability)))
    if link.digital_to_analog:
        rows.append(mermaid_text("DIGITAL → ANALOG"))
    # Loops (back to an earlier step) are dotted; channel switches are thick.
    arrow = "-.->" if not link.forward else "==>" if link.switch else "-->"
    label = f'|"{LINE_BREAK.join(rows)}"|' if rows else ""
    source, target = (node_name(graph.touchpoints[end].id) for end in (link.source, link.target))
    return f"  {source} {arrow}{label} {target}"


def _edge_style(link: Link, bold: bool) -> str:
    kind = "digital_to_analog" if link.digital_to_analog else "switch" if link.switch else "plain"
    colour = {"digital_to_analog": WARNING_COLOUR, "switch": SWITCH_COLOUR}.get(kind, TEXT_COLOUR)
    width = LINE_WIDTHS[kind] + (BOLD_EXTRA if bold else 0.0)
    return f"stroke:{colour},stroke-width:{width:g}px"


def _chosen_path(scores: Scores, options: DiagramOptions) -> Path | None:
    if options.highlight == "worst":
        return scores.worst_path
    if options.highlight == "most-likely":
        return scores.most_likely_path
    if options.highlight == "main":
        return scores.journey_path
    return None


def _on_path(path: Path | None) -> tuple[set[str], set[tuple[str, str]]]:
    if path is None:
        return set(), set()
    return set(path.touchpoints), set(itertools.pairwise(path.touchpoints))


LONG_JOURNEY = 12  # touchpoints; a longer journey's flowchart runs top to bottom


def flowchart_direction(graph: JourneyGraph, options: DiagramOptions) -> str:
    """The direction of the flowchart: the one asked for, else LR, or TB for more than LONG_JOURNEY touchpoints."""
    if options.direction is not None:
        return options.direction
    return "TB" if len(graph.touchpoints) > LONG_JOURNEY else "LR"


def mermaid_flowchart(graph: JourneyGraph, scores: Scores, options: DiagramOptions = DEFAULT_OPTIONS) -> str:
    """The journey map as a Mermaid flowchart: a subgraph per lane, shares on arrows, loops dotted, effort as colour.

    Lanes and highlighted path follow the same options as the Graphviz diagram; without a direction,
    time runs left to right, and top to bottom in a journey of more than `LONG_JOURNEY` touchpoints
    (left to right it would be far wider than a screen). A lane's title is one line: Mermaid draws a
    second line of a subgraph title behind the lane's first nodes.
    """
    points = graph.touchpoints
    stage_titles = {stage.id: stage.display_title for stage in graph.journey.stages}
    bold_points, bold_links = _on_path(_chosen_path(scores, options))
    lines = [*_front_matter(graph.journey.title), f"flowchart {flowchart_direction(graph, options)}"]
    lines += _class_definitions()
    lines.append(f'  {START}(("START"))')
    for position, lane in enumerate(swimlanes(graph, scores, options)):
        title = f"{mermaid_text(one_line(lane.title))} · {mermaid_text(lane.subtitle)}"
        lines.append(f'  subgraph lane{position}["{title}"]')
        lines.extend(f"    {_node(graph, i, options, stage_titles)}" for i in lane.members)
        lines.append("  end")
    lines.append(f"  {START} --> {node_name(points[graph.entry].id)}")
    styles: dict[str, list[int]] = {}  # link style -> numbers of the links drawn with it (the start arrow is 0)
    number = 0
    for outgoing in graph.links:
        show_share = _shares_differ(outgoing)
        for link in outgoing:
            number += 1
            lines.append(_edge(graph, link, show_share))
            bold = (points[link.source].id, points[link.target].id) in bold_links
            styles.setdefault(_edge_style(link, bold), []).append(number)
    for i, point in enumerate(points):
        effort = f"effort{point.effort}" if point.effort is not None else "effortMissing"
        lines.append(f"  class {node_name(point.id)} {effort}")
        if point.outcome is Outcome.ABANDON:
            lines.append(f"  class {node_name(point.id)} abandons")
        if i not in graph.reachable:
            lines.append(f"  class {node_name(point.id)} unreachable")
        if point.id in bold_points:
            lines.append(f"  class {node_name(point.id)} onPath")
    lines.append(f"  class {START} startMarker")
    for style, positions in styles.items():
        lines.append(f"  linkStyle {','.join(map(str, positions))} {style}")
    return "\n".join(lines) + "\n"


def journey_score(effort: int | None, emotion: int | None) -> float:
    """A Mermaid journey score, 1 (unhappy) .. 5 (happy): emotion + 3, else effort 1..7 mapped linearly onto 5..1."""
    if emotion is not None:
        return float(emotion + 3)
    if effort is not None:
        return 5 - (effort - 1) * 4 / 6
    return NEUTRAL_SCORE


def _score_text(score: float) -> str:
    """One decimal at most (4.3), whole scores without one (4)."""
    return f"{round(score, 1):g}"


def _sections(graph: JourneyGraph, path: Path) -> Iterable[tuple[str, list[int]]]:
    """The path's steps in runs of the same stage; a stage the path comes back to starts a new section."""
    positions = [graph.index[touchpoint] for touchpoint in path.touchpoints]
    for stage, run in itertools.groupby(positions, key=lambda i: graph.touchpoints[i].stage):
        yield stage, list(run)


def _task_name(title: str) -> str:
    """A journey task: one line, escaped, and never read as a keyword (Mermaid's journey lexer is not line-anchored)."""
    text = mermaid_text(one_line(title))
    if text.lower().startswith(JOURNEY_KEYWORDS):
        text = f"#{ord(text[0])};{text[1:]}"
    return text


def mermaid_journey(graph: JourneyGraph, scores: Scores, options: DiagramOptions = DEFAULT_OPTIONS) -> str:
    """The main path (the highest-effort one with `highlight="worst"`, the most likely single path with
    `highlight="most-likely"`) as a Mermaid journey diagram, labelled with the share of customers who go that
    way and the success rate.

    Sections are stages, tasks are touchpoints with their score, actors are their channels.
    """
    worst = options.highlight == "worst"
    likely = options.highlight == "most-likely"
    path = scores.worst_path if worst else scores.most_likely_path if likely else scores.journey_path
    journey = graph.journey
    main = scores.main_path is not None and not likely
    name = "highest-effort path" if worst else "main path" if main else "most likely path"
    if path is None:
        heading = f"{journey.title}: no {name}, no exit can be reached without going back"
    else:
        share = "" if worst else f", {percent(path.probability)} of customers go this way"
        success = "" if worst else f"; {percent(scores.success_rate)} succeed"
        heading = f"{journey.title}: {name} (effort {path.effort}{share}{success})"
    lines = ["journey", f"  title {mermaid_text(one_line(heading))}"]
    if path is None:
        return "\n".join(lines) + "\n"
    stage_titles = {stage.id: stage.display_title for stage in journey.stages}
    for stage, members in _sections(graph, path):
        lines.append(f"  section {mermaid_text(one_line(stage_titles[stage]))}")
        for i in members:
            point = graph.touchpoints[i]
            task = _task_name(point.title)
            actor = mermaid_text(one_line(graph.channel_of(i).display_title), keep=PLAIN_PUNCTUATION - {","})
            lines.append(f"    {task}: {_score_text(journey_score(point.effort, point.emotion))}: {actor}")
    return "\n".join(lines) + "\n"
