"""SVG: make the SVG that Graphviz drew accessible and ready to inline; pure text to text.

Graphviz names every shape after its DOT name (t3, t0->t1, cluster_lane2) and
numbers ids from 1 in every file. Here the picture gets a title and a
description for screen readers, readable tooltips instead of DOT names, and ids
prefixed with the journey id, so several diagrams can share one HTML page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree

from journeymap.graph import JourneyGraph
from journeymap.model import Outcome
from journeymap.render.dot import DEFAULT_OPTIONS, DiagramOptions, Lane, swimlanes
from journeymap.render.escaping import xml_characters
from journeymap.render.text import number, percent, plural
from journeymap.scoring import Path, Scores

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
# Serialise SVG elements without a prefix (<svg>, not <ns0:svg>), as browsers and inlining expect.
ElementTree.register_namespace("", SVG_NAMESPACE)
ElementTree.register_namespace("xlink", XLINK_NAMESPACE)

_TITLE = f"{{{SVG_NAMESPACE}}}title"
_DESC = f"{{{SVG_NAMESPACE}}}desc"
_GROUP = f"{{{SVG_NAMESPACE}}}g"


def touchpoint_summary(graph: JourneyGraph, index: int) -> str:
    """Everything a reader may want on hovering over one touchpoint, as plain text lines."""
    point = graph.touchpoints[index]
    facts = [graph.channel_of(index).display_title]
    facts.append(f"effort {point.effort}" if point.effort is not None else "effort missing")
    if point.owner is not None:
        facts.append(f"owner: {point.owner}")
    if point.kind.value != "step":
        facts.append(point.kind.value)
    if point.is_exit:
        facts.append("the customer gives up here" if point.outcome is Outcome.ABANDON else "the journey ends here")
    lines = [point.title, " · ".join(facts)]
    if point.pain_points:
        lines.append("Pain points: " + "; ".join(point.pain_points))
    if point.opportunities:
        lines.append("Opportunities: " + "; ".join(point.opportunities))
    if point.thinking:
        lines.append(f"Thinking: {point.thinking}")
    lines.extend(f"Quote: “{quote}”" for quote in point.quotes)
    for action in point.backstage:
        lines.append(f"Backstage: {action.action}" + (f" ({action.owner})" if action.owner else ""))
    if point.image:
        lines.append(f"Picture: {point.image} (shown in the report)")
    return "\n".join(lines)


def _path_text(graph: JourneyGraph, path: Path) -> str:
    titles = {point.id: point.title for point in graph.touchpoints}
    return " → ".join(titles[name] for name in path.touchpoints)


def diagram_description(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    *,
    lanes: Sequence[Lane] | None = None,
) -> str:
    """What the picture shows, in sentences, for readers who cannot see it; `lanes` as `swimlanes` gives them."""
    journey = graph.journey
    points = graph.touchpoints
    titles = [lane.title for lane in (lanes if lanes is not None else swimlanes(graph, scores, options))]
    reading = {"LR": "left to right", "TB": "top to bottom"}.get(
        options.direction or "", "top to bottom, stage under stage, and left to right within a stage"
    )
    persona = f" for {journey.persona.name}" if journey.persona is not None else ""
    sentences = [
        f"Journey map of “{journey.title}”{persona}: {plural(len(points), 'touchpoint')} in "
        f"{plural(len(titles), options.lanes)} ({', '.join(titles)}), read from {reading}.",
        f"It starts at “{points[graph.entry].title}”.",
    ]
    exits = [
        f"“{point.title}”" + (" (the customer gives up)" if point.outcome is Outcome.ABANDON else "")
        for point in points
        if point.is_exit
    ]
    sentences.append(f"It ends at {'; '.join(exits)}.")
    completion = ""
    if scores.digital_completion is not None:
        completion = f", digital completion {percent(scores.digital_completion)}"
    sentences.append(
        f"Expected effort {number(scores.expected_effort)}, channel switch score {number(scores.expected_switch_score)}"
        f"{completion}."
    )
    if scores.journey_path is not None:
        path = scores.journey_path
        name = "Main path" if scores.main_path is not None else "Most likely path"
        sentences.append(
            f"{name} ({percent(path.probability)} of customers; {percent(scores.success_rate)} succeed): "
            f"{_path_text(graph, path)}."
        )
    if scores.worst_path is not None:
        sentences.append(
            f"Highest-effort path (effort {scores.worst_path.effort}): {_path_text(graph, scores.worst_path)}."
        )
    pushed = [
        f"“{points[link.source].title}” to “{points[link.target].title}”"
        for link in graph.all_links()
        if link.digital_to_analog
    ]
    if pushed:
        sentences.append(f"Customers are pushed from digital to analog channels from {'; from '.join(pushed)}.")
    if scores.unreachable:
        sentences.append(f"{plural(len(scores.unreachable), 'touchpoint')} cannot be reached from the start.")
    return " ".join(sentences)


def element_titles(
    graph: JourneyGraph,
    scores: Scores,
    options: DiagramOptions = DEFAULT_OPTIONS,
    *,
    lanes: Sequence[Lane] | None = None,
) -> dict[str, str]:
    """Readable tooltips for the shapes of the diagram, by the DOT name Graphviz puts in their <title>.

    `lanes` are the `swimlanes` of these options, when the caller has them already.
    """
    points = graph.touchpoints
    titles = {f"t{i}": touchpoint_summary(graph, i) for i in range(len(points))}
    titles["start"] = f"Start: the journey begins at “{points[graph.entry].title}”"
    titles["legend"] = "Legend"
    titles[f"start->t{graph.entry}"] = titles["start"]
    for position, lane in enumerate(lanes if lanes is not None else swimlanes(graph, scores, options)):
        titles[f"cluster_lane{position}"] = lane.title
    for outgoing in graph.links:
        for link in outgoing:
            facts = [link.label] if link.label else []
            facts.append(f"{percent(link.probability)} of customers")
            if not link.forward:
                facts.append("back to an earlier step")
            if link.digital_to_analog:
                facts.append("pushed from a digital to an analog channel")
            elif link.switch:
                facts.append("channel switch")
            source, target = points[link.source].title, points[link.target].title
            text = f"From “{source}” to “{target}”: {', '.join(facts)}"
            titles[f"t{link.source}->t{link.target}"] = text
            label = f"l{link.source}_{link.target}"  # an arrow within a rank, drawn through its label (dot.py)
            titles.update({label: text, f"t{link.source}->{label}": text, f"{label}->t{link.target}": text})
    return titles


def accessible_svg(
    svg: str,
    *,
    prefix: str,
    title: str,
    description: str,
    titles: Mapping[str, str],
    touchpoints: Mapping[str, str],
) -> str:
    """Graphviz's SVG with role="img", a <title> and <desc> for screen readers, readable tooltips and unique ids.

    `titles` maps DOT names to tooltips, `touchpoints` maps DOT node names to touchpoint ids (kept as
    data-touchpoint, so a report can point at a node). Shapes without a tooltip that draw nothing
    (the invisible marks that keep stages in order) are left out.
    """
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", prefix) or "journey"
    root = ElementTree.fromstring(svg.encode("utf-8"))
    for parent in root.iter():
        for child in list(parent):
            if child.tag == _GROUP and _draws_nothing(child) and _dot_name(child) not in titles:
                parent.remove(child)
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.get('id')}")
        if element.tag != _GROUP:
            continue
        name = _dot_name(element)
        heading = element.find(_TITLE)
        if name is None or heading is None:
            continue
        if element.get("class") == "graph":
            element.remove(heading)  # the picture's own <title> below says it better
        elif name in titles:
            heading.text = xml_characters(titles[name])
        if name in touchpoints:
            element.set("data-touchpoint", touchpoints[name])
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("aria-describedby", f"{prefix}-desc")
    heading = ElementTree.Element(_TITLE, {"id": f"{prefix}-title"})
    heading.text = xml_characters(title)
    summary = ElementTree.Element(_DESC, {"id": f"{prefix}-desc"})
    summary.text = xml_characters(description)
    root.insert(0, summary)
    root.insert(0, heading)
    return ElementTree.tostring(root, encoding="unicode") + "\n"


_PORTS = re.compile(r":[nsew]\b")


def _dot_name(group: ElementTree.Element) -> str | None:
    """The DOT name of a shape, without the ports an arrow leaves or enters by (`t2:e->t3:w` is `t2->t3`)."""
    heading = group.find(_TITLE)
    return _PORTS.sub("", heading.text) if heading is not None and heading.text is not None else None


def _draws_nothing(group: ElementTree.Element) -> bool:
    return group.get("class") in {"node", "edge"} and all(child.tag == _TITLE for child in group)
