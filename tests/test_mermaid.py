"""Mermaid output: golden files, every line parsed by rules written from Mermaid's grammar, hostile text, and mmdc.

Golden files: tests/golden/NAME.mmd (flowchart) and NAME.journey.mmd (journey) of each example.
Regenerate on purpose only, and review the diff:

    JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/test_mermaid.py
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_JOURNEYS, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import journeymap
from journeymap.graph import JourneyGraph
from journeymap.render.dot import DiagramOptions
from journeymap.render.escaping import mermaid_text, xml_characters
from journeymap.render.mermaid import journey_score, mermaid_flowchart, mermaid_journey, node_name
from journeymap.render.text import percent
from journeymap.scoring import Scores

GOLDEN = ROOT / "tests" / "golden"
UPDATE_GOLDEN = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"
Cli = Callable[..., object]

# --- rules from Mermaid's grammar -----------------------------------------------------------------------------------
# Words Mermaid's flowchart grammar reserves (a node called `end` closes the subgraph, `click` adds a handler...).
RESERVED = {
    "end", "graph", "flowchart", "flowchart-elk", "subgraph", "click", "call", "href", "style", "linkstyle",
    "classdef", "class", "direction", "default", "interpolate", "accTitle", "accDescr", "TB", "TD", "BT", "LR", "RL",
}  # fmt: skip
NODE_ID = r"(?:t_[a-z0-9][a-z0-9_]*|start_marker)"
ENTITY = r"#\d+;"
# Inside a quoted label Mermaid gives meaning to: the closing quote, `#...;` entities, markup (`<`, `>`, `&`),
# backticks (markdown strings), and after decoding to `%%`, `:`, `;`, brackets and pipes; none may be there raw.
LABEL_CHARACTER = r"[^\"#:;%`<>&\[\]{}()|\\\n\r]"
LABEL = rf'"(?:{LABEL_CHARACTER}|{ENTITY}|<br/>)*"'
STYLE = r"[a-z-]+:[#A-Za-z0-9. ]+"
STYLES = rf"{STYLE}(?:,{STYLE})*"
ARROW = r"(?:-->|==>|-\.->)"
FLOWCHART_LINES = {
    "header": re.compile(r"flowchart (LR|TB)"),
    "classDef": re.compile(rf"  classDef ([A-Za-z][A-Za-z0-9]*) {STYLES}"),
    "start": re.compile(r'  start_marker\(\("START"\)\)'),
    "subgraph": re.compile(rf"  subgraph (lane\d+)\[{LABEL}\]"),
    "end": re.compile(r"  end"),
    "node": re.compile(rf"    ({NODE_ID})(?:\[{LABEL}\]|\(\[{LABEL}\]\))"),
    "edge": re.compile(rf"  ({NODE_ID}) {ARROW}(?:\|{LABEL}\|)? ({NODE_ID})"),
    "class": re.compile(rf"  class ({NODE_ID}) ([A-Za-z][A-Za-z0-9]*)"),
    "linkStyle": re.compile(rf"  linkStyle (\d+(?:,\d+)*) {STYLES}"),
}
# The front matter is YAML, its title shown as plain text: a double-quoted string with `\u` escapes and no raw
# character Mermaid looks for anywhere (`%%{` starts a directive) or YAML gives meaning to in a quoted string.
FRONT_MATTER_TITLE = re.compile(
    r'title: "(?:[^"\\%{}#:;<>`&\[\]|\n\r\u0085\u2028\u2029]|\\u[0-9A-F]{4}|\\U[0-9A-F]{8})*"'
)
# Journey diagrams: `title TEXT`, `section TEXT`, `TASK: SCORE: ACTOR, ACTOR`; text holds no raw `#`, `:`, `;`.
TEXT = rf"(?:[^#:;\n\r%`<>&]|{ENTITY})+"
JOURNEY_LINES = {
    "header": re.compile(r"journey"),
    "title": re.compile(rf"  title ({TEXT})"),
    "section": re.compile(rf"  section ({TEXT})"),
    "task": re.compile(rf"    ({TEXT}): ([0-9]+(?:\.[0-9])?): ((?:[^#:;,\n]|{ENTITY})+(?:, (?:[^#:;,\n]|{ENTITY})+)*)"),
}
JOURNEY_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")


def decode(label: str) -> str:
    """What Mermaid shows for a label we wrote: entities decoded, line breaks as newlines."""
    text = label.strip('"').replace("<br/>", "\n")
    return re.sub(r"#(\d+);", lambda match: chr(int(match.group(1))), text)


def shown_as(text: str) -> str:
    """Text as a reader sees it: the ligature ﬂ is the letters fl, a word joiner is invisible."""
    return text.replace("ﬂ", "fl").replace("\u2060", "")


def as_title(text: str) -> str:
    """The front matter's title as Mermaid draws it: `<`, `>`, `&` as full-width look-alikes."""
    return text.replace("<", "\uff1c").replace(">", "\uff1e").replace("&", "\uff06")


def words(text: str) -> str:
    return " ".join(shown_as(text).split())


@dataclass
class Flowchart:
    """A flowchart as our rules read it; parsing fails on any line the grammar rules do not allow."""

    direction: str = ""
    title: str = ""
    nodes: dict[str, str] = field(default_factory=dict)  # name -> decoded label
    lanes: dict[str, list[str]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # source, arrow, decoded label, target
    classes: dict[str, list[str]] = field(default_factory=dict)
    defined_classes: set[str] = field(default_factory=set)
    link_styles: dict[int, str] = field(default_factory=dict)


def parse_flowchart(text: str) -> Flowchart:
    assert text.endswith("\n") and "\r" not in text
    lines = text.splitlines()
    assert lines[0] == "---" and lines[2] == "---", "front matter first"
    assert FRONT_MATTER_TITLE.fullmatch(lines[1]), lines[1]
    chart = Flowchart(title=yaml.safe_load(lines[1])["title"])
    lane: str | None = None
    for number, line in enumerate(lines[3:], 4):
        kind, match = next(
            ((kind, rule.fullmatch(line)) for kind, rule in FLOWCHART_LINES.items() if rule.fullmatch(line)),
            (None, None),
        )
        assert kind is not None and match is not None, f"line {number} fits no rule: {line!r}"
        if kind == "header":
            assert number == 4
            chart.direction = match.group(1)
        elif kind == "classDef":
            chart.defined_classes.add(match.group(1))
        elif kind == "start":
            chart.nodes["start_marker"] = "START"
        elif kind == "subgraph":
            assert lane is None, "subgraphs are not nested"
            lane = match.group(1)
            assert lane not in chart.lanes
            chart.lanes[lane] = []
        elif kind == "end":
            assert lane is not None, "`end` closes an open subgraph"
            lane = None
        elif kind == "node":
            assert lane is not None, "touchpoints sit in a lane"
            name = match.group(1)
            assert name not in chart.nodes, f"{name} defined twice"
            chart.nodes[name] = decode(line[line.index('"') : line.rindex('"') + 1])
            chart.lanes[lane].append(name)
        elif kind == "edge":
            source, target = match.group(1), match.group(2)
            arrow = re.search(ARROW, line.removeprefix(f"  {source} "))
            assert arrow is not None
            label = re.search(rf"\|({LABEL})\|", line)
            chart.edges.append((source, arrow.group(), decode(label.group(1)) if label else "", target))
        elif kind == "class":
            chart.classes.setdefault(match.group(1), []).append(match.group(2))
        else:
            for position in match.group(1).split(","):
                assert int(position) not in chart.link_styles, "one style per link"
                chart.link_styles[int(position)] = line
    assert lane is None, "every subgraph is closed"
    for name in chart.nodes:
        assert name.lower() not in {word.lower() for word in RESERVED} and not name.startswith(("end", "o", "x"))
    for source, _, _, target in chart.edges:
        assert source in chart.nodes and target in chart.nodes, "edges join defined nodes"
    for name, classes in chart.classes.items():
        assert name in chart.nodes and set(classes) <= chart.defined_classes
    assert set(chart.link_styles) <= set(range(len(chart.edges)))
    return chart


@dataclass
class JourneyDiagram:
    title: str = ""
    sections: list[tuple[str, list[tuple[str, float, list[str]]]]] = field(default_factory=list)


def parse_journey(text: str) -> JourneyDiagram:
    assert text.endswith("\n") and "\r" not in text
    diagram = JourneyDiagram()
    for number, line in enumerate(text.splitlines(), 1):
        kind, match = next(
            ((kind, rule.fullmatch(line)) for kind, rule in JOURNEY_LINES.items() if rule.fullmatch(line)), (None, None)
        )
        assert kind is not None and match is not None, f"line {number} fits no rule: {line!r}"
        if kind == "header":
            assert number == 1
        elif kind == "title":
            assert number == 2
            diagram.title = decode(match.group(1))
        elif kind == "section":
            diagram.sections.append((decode(match.group(1)), []))
        else:
            assert diagram.sections, "tasks sit in a section"
            task = match.group(1)
            assert not task.lower().startswith(JOURNEY_KEYWORDS), f"line {number}: the task reads as a keyword"
            score = float(match.group(2))
            assert 1 <= score <= 5
            actors = [decode(actor) for actor in match.group(3).split(", ")]
            diagram.sections[-1][1].append((decode(task), score, actors))
    return diagram


def analysed(source: Path | str) -> tuple[JourneyGraph, Scores]:
    result = journeymap.load(source) if isinstance(source, Path) else journeymap.loads(source)
    assert result.ok and result.graph is not None and result.scores is not None, result.findings
    return result.graph, result.scores


def compare_with_golden(text: str, golden: Path) -> None:
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with JOURNEYMAP_UPDATE_GOLDEN=1 to create it"
    assert text == golden.read_text(encoding="utf-8"), f"{golden} differs; regenerate on purpose only"


def example_id(path: Path) -> str:
    return path.name.removesuffix(".journey.yaml")


# --- golden files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=example_id)
def test_golden_flowchart_of_the_examples(example: Path) -> None:
    compare_with_golden(mermaid_flowchart(*analysed(example)), GOLDEN / f"{example_id(example)}.mmd")


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=example_id)
def test_golden_journey_of_the_examples(example: Path) -> None:
    compare_with_golden(mermaid_journey(*analysed(example)), GOLDEN / f"{example_id(example)}.journey.mmd")


def test_every_golden_mermaid_file_belongs_to_an_example() -> None:
    expected = {
        GOLDEN / f"{example_id(path)}{suffix}" for path in EXAMPLE_JOURNEYS for suffix in (".mmd", ".journey.mmd")
    }
    assert set(GOLDEN.glob("*.mmd")) == expected


# --- what the flowchart says -------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=example_id)
@pytest.mark.parametrize(
    "options",
    [
        DiagramOptions(),
        DiagramOptions(direction="TB", lanes="channel", highlight="worst"),
        DiagramOptions(lanes="owner", highlight="most-likely"),
    ],
    ids=["default", "tb-channel-worst", "owner-most-likely"],
)
def test_flowchart_follows_the_grammar_and_shows_the_journey(example: Path, options: DiagramOptions) -> None:
    graph, scores = analysed(example)
    text = mermaid_flowchart(graph, scores, options)
    chart = parse_flowchart(text)
    journey = graph.journey
    long_journey = len(graph.touchpoints) > 12  # drawn top to bottom unless a direction is asked for
    assert chart.direction == (options.direction or ("TB" if long_journey else "LR"))
    assert chart.title == words(journey.title)
    subgraphs = [line for line in text.splitlines() if line.startswith("  subgraph ")]
    assert subgraphs and all("<br/>" not in line for line in subgraphs), "a lane title is one line"
    points = graph.touchpoints
    assert set(chart.nodes) == {"start_marker"} | {node_name(point.id) for point in points}
    for point in points:
        label = chart.nodes[node_name(point.id)]
        assert words(point.title) in words(label)
        assert f"effort {point.effort}" in label if point.effort is not None else "effort missing" in label
    # every touchpoint in exactly one lane; with stage lanes, the lane of its stage, in stage order
    members = [name for lane in chart.lanes.values() for name in lane]
    assert sorted(members) == sorted(node_name(point.id) for point in points)
    if options.lanes == "stage":
        assert len(chart.lanes) == len(journey.stages)
        for lane, stage in zip(chart.lanes.values(), journey.stages, strict=True):
            assert list(lane) == [node_name(p.id) for p in points if p.stage == stage.id]
    # an edge per transition, in order, after the start arrow; arrows say loop / switch / plain
    assert chart.edges[0][0] == "start_marker" and chart.edges[0][3] == node_name(points[graph.entry].id)
    links = graph.all_links()
    assert len(chart.edges) == len(links) + 1
    for (source, arrow, label, target), link in zip(chart.edges[1:], links, strict=True):
        assert (source, target) == (node_name(points[link.source].id), node_name(points[link.target].id))
        assert arrow == ("-.->" if not link.forward else "==>" if link.switch else "-->")
        assert ("DIGITAL → ANALOG" in label) == link.digital_to_analog
        if link.label:
            assert words(link.label) in words(label)
        shares = [other.probability for other in graph.links[link.source]]
        if max(shares) - min(shares) > 1e-9:
            assert re.search(r"\d%", label), label
    # effort colours, from the same palette as the Graphviz diagram
    for point in points:
        assert (
            f"effort{point.effort}"
            if point.effort is not None
            else "effortMissing" in chart.classes[node_name(point.id)]
        )
    # colours and widths on switches
    for position, link in enumerate(links, 1):
        style = chart.link_styles[position]
        colour = "#D55E00" if link.digital_to_analog else "#0072B2" if link.switch else "#222222"
        assert f"stroke:{colour}" in style
    if options.highlight is not None:
        path = scores.worst_path if options.highlight == "worst" else scores.most_likely_path
        assert path is not None
        bold = {name for name, classes in chart.classes.items() if "onPath" in classes}
        assert bold == {node_name(touchpoint) for touchpoint in path.touchpoints}
    else:
        assert not any("onPath" in classes for classes in chart.classes.values())


def test_node_names_are_injective_and_never_reserved() -> None:
    ids = ["end", "end-1", "e-nd", "click", "style", "o", "x", "subgraph", "a-b", "a-b-c", "default", "graph", "9"]
    names = [node_name(touchpoint) for touchpoint in ids]
    assert len(set(names)) == len(ids)
    assert all(re.fullmatch(NODE_ID, name) for name in names)
    assert not {name.lower() for name in names} & {word.lower() for word in RESERVED}


# --- escaping -------------------------------------------------------------------------------------------------------

HOSTILE = [
    "end",
    'Sees "] --> t_x[pwned"] here',
    "A --> B; C -.-> D",
    "%% a comment %%{init: {'theme': 'dark'}}%%",
    "click t_a callback",
    'click t_a href "javascript:alert(1)"',
    "<script>alert('x')</script> & <b>bold</b> &amp;",
    "line one\nline two\r\nthree\ttabbed",
    "# hash: colon; semi",
    "#35; an entity already",
    "`markdown` **bold** | pipe | {brace} (paren) [bracket]",
    "style t_a fill:#f00;",
    "classDef evil fill:#f00; class t_a evil",
    "subgraph x\nend",
    "ﬂ°°35¶ß placeholders",
    "journey title section accTitle: x",
    "Ümlaut café 日本語 emoji 🎉",
    "\x01control\u0085next-line",
    "trailing backslash \\",
]


def hostile_journey(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted string
    return f"""\
title: {quoted}
persona: {{name: {quoted}}}
stages:
  - id: end
    title: {quoted}
  - id: click
    title: {quoted}
channels:
  - id: style
    title: {quoted}
    kind: digital
  - id: subgraph
    title: {quoted}
    kind: analog
touchpoints:
  - id: end
    title: {quoted}
    stage: end
    channel: style
    owner: {quoted}
    effort: 2
    next:
      - {{to: o, label: {quoted}, share: 0.7}}
      - {{to: x, share: 0.3, label: {quoted}}}
  - id: o
    title: {quoted}
    stage: click
    channel: subgraph
    emotion: -2
    next: [{{to: end, label: {quoted}, share: 0.5}}, {{to: x, share: 0.5}}]
  - id: x
    title: {quoted}
    stage: click
    channel: style
    outcome: abandon
"""


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_text_stays_text_in_the_flowchart(text: str) -> None:
    graph, scores = analysed(hostile_journey(text))
    for options in (DiagramOptions(), DiagramOptions(lanes="channel", highlight="most-likely")):
        output = mermaid_flowchart(graph, scores, options)
        chart = parse_flowchart(output)
        shown = words(text.replace("\x01", "\ufffd"))
        assert words(chart.title) == as_title(shown)
        assert set(chart.nodes) == {"start_marker", "t_end", "t_o", "t_x"}
        for name in ("t_end", "t_o", "t_x"):
            assert shown in words(chart.nodes[name])
        assert len(chart.edges) == 5
        for lane in chart.lanes.values():
            assert lane  # no hostile title emptied or split a lane
        labelled = [label for _, _, label, _ in chart.edges if label]
        # wrapped on arrows, so compared without the spaces and line breaks
        assert len(labelled) == 3 and all(
            "".join(shown.split()) in "".join(shown_as(label).split()) for label in labelled
        )
        assert "<script" not in output and "%%" not in output and "`" not in output


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_text_stays_text_in_the_journey(text: str) -> None:
    graph, scores = analysed(hostile_journey(text))
    diagram = parse_journey(mermaid_journey(graph, scores))
    shown = words(text.replace("\x01", "\ufffd"))
    assert words(diagram.title).startswith(f"{shown}: most likely path")
    assert [words(section) for section, _ in diagram.sections] == [shown, shown]
    tasks = [task for _, section in diagram.sections for task in section]
    assert [words(task) for task, _, _ in tasks] == [shown, shown, shown]  # end -> o -> x
    assert all([words(actor) for actor in actors] == [shown] for _, _, actors in tasks)


@given(st.text(max_size=60))
def test_any_text_round_trips_through_escaping(text: str) -> None:
    escaped = mermaid_text(text)
    assert re.fullmatch(rf"(?:[^\W]|[ .,'!?\-/+*=@_·→…]|{ENTITY})*", escaped)
    expected = re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", text)
    assert shown_as(decode(escaped)) == shown_as(expected)
    assert "ﬂ" not in escaped and "¶ß" not in decode(escaped)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda text: text.strip() != ""))
def test_any_title_keeps_both_diagrams_in_the_grammar(title: str) -> None:
    """Any text YAML can carry, as every title, label and name: both outputs still parse, and show the text."""
    result = journeymap.loads(hostile_journey(title))
    if not result.ok:  # characters YAML itself refuses (e.g. U+FEFF, lone surrogates) never reach a diagram
        assert result.errors
        return
    assert result.graph is not None and result.scores is not None
    chart = parse_flowchart(mermaid_flowchart(result.graph, result.scores))
    shown = words(xml_characters(result.graph.journey.title))  # as the model holds it (titles are stripped)
    assert words(chart.title) == as_title(shown)
    assert shown in words(chart.nodes["t_end"])
    journey = parse_journey(mermaid_journey(result.graph, result.scores))
    assert [words(task) for _, tasks in journey.sections for task, _, _ in tasks] == [shown] * 3


# --- the journey diagram ------------------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=7), st.one_of(st.none(), st.integers(min_value=-2, max_value=2)))
def test_journey_score_is_emotion_plus_three_else_effort_onto_five_to_one(effort: int, emotion: int | None) -> None:
    score = journey_score(effort, emotion)
    if emotion is not None:
        assert score == emotion + 3
    else:
        assert score == pytest.approx(1 + (7 - effort) * (5 - 1) / (7 - 1))
    assert 1 <= score <= 5
    assert journey_score(None, None) == 3


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=example_id)
@pytest.mark.parametrize("highlight", [None, "most-likely", "worst"])
def test_journey_shows_the_chosen_path_by_stage(example: Path, highlight: str | None) -> None:
    graph, scores = analysed(example)
    diagram = parse_journey(mermaid_journey(graph, scores, DiagramOptions(highlight=highlight)))
    path = {"worst": scores.worst_path, "most-likely": scores.most_likely_path}.get(highlight or "", scores.main_path)
    assert path is not None
    points = [graph.touchpoints[graph.index[touchpoint]] for touchpoint in path.touchpoints]
    tasks = [task for _, section in diagram.sections for task in section]
    assert [task for task, _, _ in tasks] == [words(point.title) for point in points]
    for (_, score, actors), point in zip(tasks, points, strict=True):
        assert score == round(journey_score(point.effort, point.emotion), 1)
        assert actors == [graph.channels[point.channel].display_title]
    titles = {stage.id: stage.display_title for stage in graph.journey.stages}
    stages = [point.stage for point in points]
    runs = [stage for i, stage in enumerate(stages) if i == 0 or stages[i - 1] != stage]
    assert [section for section, _ in diagram.sections] == [titles[stage] for stage in runs]
    name = {"worst": "highest-effort path", "most-likely": "most likely path"}.get(highlight or "", "main path")
    assert diagram.title.startswith(f"{graph.journey.title}: {name} (effort {path.effort}")
    if highlight != "worst":  # labelled with the share of customers who go that way and the success rate
        assert f"% of customers go this way; {percent(scores.success_rate)} succeed)" in diagram.title


def test_journey_without_a_worst_path_says_why() -> None:
    text = """\
title: Starts late
stages: [a, b]
touchpoints:
  - {id: start, title: Starts in the second stage, stage: b, channel: web, effort: 1, next: [back]}
  - {id: back, title: Goes back to the first, stage: a, channel: web, effort: 1, next: [out]}
  - {id: out, title: Leaves, stage: b, channel: web, effort: 1}
"""
    graph, scores = analysed(text)
    assert scores.worst_path is None  # every way out goes back in time first
    diagram = parse_journey(mermaid_journey(graph, scores, DiagramOptions(highlight="worst")))
    assert "no exit can be reached without going back" in diagram.title and diagram.sections == []


# --- the command --------------------------------------------------------------------------------------------------


def test_render_writes_mermaid_next_to_the_journey_without_graphviz(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = ROOT / "journeys" / "energy-move.journey.yaml"
    journey = tmp_path / "energy-move.journey.yaml"
    shutil.copy(source, journey)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))  # Mermaid needs no `dot`
    flowchart = cli("render", journey, "--format", "mermaid")
    assert flowchart.exit_code == 0, flowchart.err  # type: ignore[attr-defined]
    assert (tmp_path / "energy-move.mmd").read_text(encoding="utf-8") == (GOLDEN / "energy-move.mmd").read_text()
    diagram = cli("render", journey, "--format", "mermaid-journey")
    assert diagram.exit_code == 0  # type: ignore[attr-defined]
    written = (tmp_path / "energy-move.journey.mmd").read_text(encoding="utf-8")
    assert written == (GOLDEN / "energy-move.journey.mmd").read_text()
    assert journey.read_bytes() == source.read_bytes()


def test_render_mermaid_by_extension_and_to_standard_output(cli: Cli, tmp_path: Path) -> None:
    source = ROOT / "journeys" / "phone-purchase.journey.yaml"
    by_extension = cli("render", source, "-o", tmp_path / "map.mmd", "--direction", "TB")
    assert by_extension.exit_code == 0  # type: ignore[attr-defined]
    assert parse_flowchart((tmp_path / "map.mmd").read_text(encoding="utf-8")).direction == "TB"
    out = cli("render", source, "--format", "mermaid-journey", "--highlight", "worst", "-o", "-")
    assert out.exit_code == 0  # type: ignore[attr-defined]
    assert parse_journey(out.out).title.startswith("Buying a smartphone online: highest-effort path")  # type: ignore[attr-defined]


def test_render_mermaid_of_a_journey_with_errors_prints_them(cli: Cli, tmp_path: Path) -> None:
    journey = tmp_path / "bad.journey.yaml"
    journey.write_text("title: Only a title\n", encoding="utf-8")
    result = cli("render", journey, "--format", "mermaid")
    assert result.exit_code == 1 and "error[missing-key]" in result.err  # type: ignore[attr-defined]
    assert not (tmp_path / "bad.mmd").exists()


def test_api_mermaid_is_what_render_writes(cli: Cli) -> None:
    source = ROOT / "journeys" / "insurance-claim.journey.yaml"
    result = journeymap.load(source)
    assert (
        result.mermaid(lanes="owner") == cli("render", source, "--format", "mermaid", "--lanes", "owner", "-o", "-").out
    )  # type: ignore[attr-defined]
    assert result.mermaid("journey") == (GOLDEN / "insurance-claim.journey.mmd").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="kind must be"):
        result.mermaid("sequence")  # type: ignore[arg-type]


# --- Mermaid's own CLI --------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("mmdc") is None, reason="Mermaid's CLI (mmdc) is not on PATH")
def test_mermaid_cli_draws_every_output(tmp_path: Path) -> None:
    """mmdc parses and draws each diagram: examples in every variant, and the hostile journeys."""
    charts: list[tuple[str, str | None]] = []  # (Mermaid text, hostile text it must show)
    for example in EXAMPLE_JOURNEYS:
        graph, scores = analysed(example)
        charts.append((mermaid_flowchart(graph, scores), None))
        charts.append(
            (mermaid_flowchart(graph, scores, DiagramOptions(direction="TB", lanes="owner", highlight="worst")), None)
        )
        charts.append((mermaid_journey(graph, scores), None))
        charts.append((mermaid_journey(graph, scores, DiagramOptions(highlight="worst")), None))
    for text in HOSTILE:
        graph, scores = analysed(hostile_journey(text))
        charts.append((mermaid_flowchart(graph, scores), text))
        charts.append((mermaid_journey(graph, scores), text))
    markdown = tmp_path / "charts.md"
    markdown.write_text("".join(f"```mermaid\n{chart}```\n\n" for chart, _ in charts), encoding="utf-8")
    command = ["mmdc", "-q", "-i", str(markdown), "-o", str(tmp_path / "out.md")]
    if Path("/usr/bin/chromium").exists():  # Debian's Chromium, as the browser tests use it
        config = tmp_path / "puppeteer.json"
        config.write_text(json.dumps({"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox"]}))
        command += ["-p", str(config)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr[-3000:]
    for number, (_, hostile) in enumerate(charts, 1):
        svg = (tmp_path / f"out-{number}.svg").read_text(encoding="utf-8")
        assert "Syntax error" not in svg and "<script" not in svg.lower()
        title = re.search(r'class="flowchartTitleText">([^<]*)<', svg)
        if title is not None:
            graph_title = html.unescape(title.group(1))
            assert "#" not in graph_title or (hostile is not None and "#" in hostile), graph_title
            if hostile is not None:
                assert words(graph_title) == as_title(words(hostile.replace("\x01", "\ufffd"))), f"chart {number}"
        if hostile is not None and hostile.isprintable():
            shown = re.sub(r"<[^>]+>", " ", svg)
            shown = re.sub(r"&#(\d+);", lambda match: chr(int(match.group(1))), shown)
            shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
            first_word = shown_as(hostile.split()[0])
            assert first_word in shown_as(shown), f"chart {number} does not show {first_word!r}"
