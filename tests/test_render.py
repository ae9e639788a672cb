"""`journeymap render`: the DOT builder, its one escaping function, the `dot` step and the command.

Golden files: tests/golden/NAME.dot holds `journey_dot` of each example journey with the default
options (and NAME.VARIANT.dot a few other options). They change only on purpose: after an intended
change to the diagrams or the examples, regenerate them with

    JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/test_render.py

and review the diff (render the changed files with `dot -Tpng` and look at them).
Tests marked `dot` run the real Graphviz binary.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import EXAMPLE_JOURNEYS, MINIMAL_JOURNEY, ROOT, Result

from journeymap.graph import JourneyGraph
from journeymap.project import load_journey
from journeymap.render.dot import DiagramOptions, journey_dot, swimlanes, wrap
from journeymap.render.escaping import dot_label as escape_label
from journeymap.render.graphviz import GraphvizError, run_dot
from journeymap.render.palette import EFFORT_COLOURS, SWITCH_COLOUR, WARNING_COLOUR, text_colour_on
from journeymap.render.pictures import render_svg
from journeymap.render.svg import accessible_svg, diagram_description, element_titles
from journeymap.render.terminal import columns
from journeymap.render.text import number, percent, plural, signed
from journeymap.scoring import Scores, score

Write = Callable[..., Path]
Cli = Callable[..., Result]

GOLDEN = ROOT / "tests" / "golden"
UPDATE_GOLDEN = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"
SVG = "{http://www.w3.org/2000/svg}"
VARIANTS = {
    "owner-tb-worst": DiagramOptions(direction="TB", lanes="owner", highlight="worst"),
    "channel-most-likely": DiagramOptions(lanes="channel", highlight="most-likely"),
}

# Every kind of text that could break out of a label if it were not escaped: DOT syntax
# (quotes, brackets, braces, arrows, comments), HTML-like label markup and entities,
# Graphviz's own escapes (\N is the node name, \G the graph name, \l a line end) and newlines.
HOSTILE_JOURNEY = r"""
title: "Hostile \"]; evil [label=x]; a -> b; // {braces} <B>bold</B> & &amp; \\N \\G \\\\"
goals: [Show that text stays text]
persona:
  name: "<<TABLE>> \\L persona"
stages:
  - id: first
    title: "stage }; subgraph cluster_x { y } \\E"
  - id: second
    title: "<BR/> &lt; \\T second"
channels:
  - id: odd
    title: "channel \" ] [ -> \\H"
    kind: digital
touchpoints:
  - id: quotes
    title: "Quotes \" and 'single' and braces { } and <angle> & ampersand &amp; entity"
    stage: first
    channel: odd
    owner: "owner <I>x</I> \\N"
    effort: 3
    next:
      - to: backslashes
        share: 0.6
        label: "label \"]; t1 -> t0 [color=red]; \\\\ back"
      - to: lines
        share: 0.4
        label: "<TABLE><TR><TD>html</TD></TR></TABLE>"
  - id: backslashes
    title: "Backslashes \\N \\G \\E \\T \\H \\L \\n \\l \\r \\\\ end\\"
    stage: second
    channel: phone
    effort: 7
    next: [lines, done]
  - id: lines
    title: "Line one\nline two\n\nafter a blank line"
    stage: second
    channel: web
    outcome: abandon
  - id: done
    title: "Supercalifragilisticexpialidociouslyextraordinarilylongword ]]> <!-- --> <?php ?>"
    stage: second
    channel: web
    owner: "}"
    effort: 1
"""

BRANCHING_JOURNEY = """\
title: Branches
goals: [Test shares, switches and loops]
stages: [start, middle, end]
touchpoints:
  - id: look
    title: Looks online
    stage: start
    channel: web
    effort: 2
    next:
      - to: call
        share: 0.3
        label: wants to talk
      - to: order
        share: 0.7
  - id: call
    title: Calls the shop
    stage: middle
    channel: phone
    kind: contact
    effort: 5
    next: [order, call]
  - id: order
    title: Orders online
    stage: end
    channel: web
"""


CLASSIC = DiagramOptions(direction="LR")
"""The classic layout, one lane per stage from left to right, as `--direction LR` asks for."""


def analysed(path: Path) -> tuple[JourneyGraph, Scores]:
    file = load_journey(str(path))
    assert file.graph is not None, [str(finding) for finding in file.findings]
    return file.graph, score(file.graph)


def golden_path(example: Path, variant: str | None = None) -> Path:
    name = example.name.removesuffix(".journey.yaml")
    return GOLDEN / (f"{name}.{variant}.dot" if variant else f"{name}.dot")


def compare_with_golden(text: str, golden: Path) -> None:
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with JOURNEYMAP_UPDATE_GOLDEN=1 to create it"
    assert text == golden.read_text(encoding="utf-8"), f"{golden} differs; regenerate on purpose only"


# --- the escaping function -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain text", "plain text"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("it's", "it&#x27;s"),
        ("a < b > c", "a &lt; b &gt; c"),
        ("<B>bold</B>", "&lt;B&gt;bold&lt;/B&gt;"),
        ("<<TABLE>>", "&lt;&lt;TABLE&gt;&gt;"),
        ("fish & chips &amp;", "fish &amp; chips &amp;amp;"),
        ("{ braces } [brackets]; a -> b", "{ braces } [brackets]; a -&gt; b"),
        ("\\N \\G \\\\", "\\\\N \\\\G \\\\\\\\"),
        ("ends in \\", "ends in \\\\"),
        ("one\ntwo", "one<BR/>two"),
        ("windows\r\nline\rend", "windows<BR/>line<BR/>end"),
        ("tab\there", "tab here"),
        ("bell\x07 and \x00 and \ufffe", "bell\ufffd and \ufffd and \ufffd"),
        ("emoji 💶 and ü", "emoji 💶 and ü"),
    ],
)
def test_escape_label_shows_text_literally(text: str, escaped: str) -> None:
    assert escape_label(text) == escaped


def test_escaped_text_has_no_markup_left() -> None:
    escaped = escape_label("<TD> \" ' & \\ \n")
    assert "<" not in escaped.replace("<BR/>", "")
    assert ">" not in escaped.replace("<BR/>", "")
    assert '"' not in escaped


def test_wrap_breaks_on_words_and_hard_breaks_long_words() -> None:
    assert wrap("Compares two models side by side on storage, camera and price", 28) == (
        "Compares two models side by\nside on storage, camera and\nprice"
    )
    assert wrap("x" * 60, 28) == "x" * 28 + "\n" + "x" * 28 + "\n" + "x" * 4
    assert wrap("keeps\n\nthe writer's newlines", 28) == "keeps\n\nthe writer's newlines"
    assert all(len(line) <= 28 for line in wrap("a-very-long-hyphenated-identifier-in-a-title ok", 28).split("\n"))


# --- the DOT builder -------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_golden_dot_of_the_examples(example: Path) -> None:
    graph, scores = analysed(example)
    compare_with_golden(journey_dot(graph, scores), golden_path(example))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_golden_dot_with_options(variant: str) -> None:
    example = ROOT / "journeys" / "phone-purchase.journey.yaml"
    graph, scores = analysed(example)
    compare_with_golden(journey_dot(graph, scores, VARIANTS[variant]), golden_path(example, variant))


def test_every_golden_dot_file_belongs_to_an_example() -> None:
    expected = {golden_path(example) for example in EXAMPLE_JOURNEYS}
    expected |= {golden_path(ROOT / "journeys" / "phone-purchase.journey.yaml", variant) for variant in VARIANTS}
    assert set(GOLDEN.glob("*.dot")) == expected


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_dot_is_the_same_on_every_run(example: Path) -> None:
    first = journey_dot(*analysed(example), DiagramOptions(highlight="worst"))
    again = journey_dot(*analysed(example), DiagramOptions(highlight="worst"))
    assert first == again


def test_nodes_have_generated_names_in_file_order(write: Write) -> None:
    dot = journey_dot(*analysed(write(MINIMAL_JOURNEY)), CLASSIC)
    assert re.findall(r"^    (t\d+) \[", dot, flags=re.MULTILINE) == ["t0", "t1"]
    assert "order" not in re.findall(r"^    (\w+) \[", dot, flags=re.MULTILINE)
    assert "  start -> t0 [weight=20];" in dot


def test_stages_are_lanes_in_stage_order_with_titles(write: Write) -> None:
    dot = journey_dot(*analysed(write(MINIMAL_JOURNEY)), CLASSIC)
    lanes = re.findall(r"subgraph (cluster_lane\d+) \{\n    graph \[label=<(.*?)>, style", dot)
    assert [name for name, _ in lanes] == ["cluster_lane0", "cluster_lane1"]
    assert "<B>buy</B>" in lanes[0][1] and "purchase · expected effort 2.00" in lanes[0][1]
    assert "<B>after</B>" in lanes[1][1] and "post-purchase · expected effort 1.00" in lanes[1][1]
    # every touchpoint of a stage comes after the invisible mark that ends the stage before it
    assert "  t0 -> order1 [style=invis, weight=0];" in dot
    assert "  order1 -> t1 [style=invis, weight=0];" in dot


def test_node_shows_title_channel_effort_owner_and_kind(write: Write) -> None:
    dot = journey_dot(*analysed(write(MINIMAL_JOURNEY)))
    invoice = next(line for line in dot.splitlines() if line.startswith("    t1 "))
    for shown in ("Receives the invoice", "E-mail · effort 1", "owner: finance", "INVOICE · EXIT"):
        assert shown in invoice
    assert 'shape="note"' in invoice and 'peripheries="2"' in invoice
    assert f'fillcolor="{EFFORT_COLOURS[1]}"' in invoice


def test_effort_colours_keep_text_readable() -> None:
    for effort, fill in EFFORT_COLOURS.items():
        expected = "#000000" if effort <= 4 else "#FFFFFF"
        assert text_colour_on(fill) == expected, effort


def test_shares_switches_and_loops(write: Write) -> None:
    dot = journey_dot(*analysed(write(BRANCHING_JOURNEY)), CLASSIC)
    edges = {line.split(" [")[0].strip(): line for line in dot.splitlines() if re.match(r"  t\d+ -> t\d+", line)}
    assert set(edges) == {"t0 -> t1", "t0 -> t2", "t1 -> t2", "t1 -> t1"}
    # shares differ: shown; web -> phone is pushed off the digital path
    assert "<B>30%</B>" in edges["t0 -> t1"] and "wants to talk" in edges["t0 -> t1"]
    assert "DIGITAL → ANALOG" in edges["t0 -> t1"] and f'color="{WARNING_COLOUR}"' in edges["t0 -> t1"]
    assert "<B>70%</B>" in edges["t0 -> t2"] and 'color="' not in edges["t0 -> t2"]
    # equal shares (the call's two ways split 50/50): no percentages; phone -> web is a plain switch
    assert "%" not in edges["t1 -> t2"] and f'color="{SWITCH_COLOUR}"' in edges["t1 -> t2"]
    assert 'style="dashed"' in edges["t1 -> t1"] and 'constraint="false"' in edges["t1 -> t1"]
    assert "constraint" not in edges["t0 -> t1"]


def test_missing_effort_is_grey_and_said(write: Write) -> None:
    dot = journey_dot(*analysed(write(BRANCHING_JOURNEY)))
    order = next(line for line in dot.splitlines() if line.startswith("    t2 "))
    assert 'fillcolor="#E0E0E0"' in order and "effort missing" in order


@pytest.mark.parametrize("highlight", ["most-likely", "worst"])
def test_highlight_draws_the_path_bold(write: Write, highlight: str) -> None:
    graph, scores = analysed(write(BRANCHING_JOURNEY))
    dot = journey_dot(graph, scores, DiagramOptions(highlight=highlight))
    # an arrow within a row is drawn through its label: t0 -> l0_1 and l0_1 -> t1 are the arrow t0 -> t1
    bold = {
        re.sub(r"-> l\d+_(\d+)$", r"-> t\1", line.split(" [")[0].strip())
        for line in dot.splitlines()
        if "bold" in line and " -> " in line
    }
    expected = {"most-likely": {"t0 -> t2"}, "worst": {"t0 -> t1", "t1 -> t2"}}[highlight]
    assert bold == expected
    assert "bold: the " in dot  # the legend says what bold means
    assert "bold" not in journey_dot(graph, scores).replace("<B>", "").replace("</B>", "")


def test_lanes_by_channel_and_owner(write: Write) -> None:
    graph, scores = analysed(write(MINIMAL_JOURNEY))
    by_channel = journey_dot(graph, scores, DiagramOptions(lanes="channel"))
    assert "<B>Website</B>" in by_channel and "<B>E-mail</B>" in by_channel
    assert "stage: buy" in by_channel
    by_owner = journey_dot(graph, scores, DiagramOptions(lanes="owner"))
    titles = re.findall(r'<FONT POINT-SIZE="12"><B>(.*?)</B>', by_owner)
    assert titles[:2] == ["finance", "(no owner)"]  # touchpoints nobody owns come last


def test_direction_top_to_bottom(write: Write) -> None:
    dot = journey_dot(*analysed(write(MINIMAL_JOURNEY)), DiagramOptions(direction="TB"))
    assert 'rankdir="TB"' in dot


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="direction"):
        DiagramOptions(direction="RL")
    with pytest.raises(ValueError, match="lanes"):
        DiagramOptions(lanes="persona")
    with pytest.raises(ValueError, match="highlight"):
        DiagramOptions(highlight="best")


def test_empty_stage_keeps_its_lane(write: Write) -> None:
    text = MINIMAL_JOURNEY.replace("  - id: after\n", "  - id: nothing-here\n  - id: after\n")
    dot = journey_dot(*analysed(write(text)))
    assert "(no touchpoints)" in dot and "<B>nothing-here</B>" in dot


def test_percent_is_exact_enough() -> None:
    assert [percent(value) for value in (1.0, 0.7, 0.05, 1 / 3, 0.125)] == ["100%", "70%", "5%", "33.3%", "12.5%"]
    assert [percent(value) for value in (0.306, 0.7199999, 0.0, 0.001)] == ["30.6%", "72%", "0%", "0.1%"]


def test_percent_never_rounds_a_share_some_customers_take_to_zero() -> None:
    assert [percent(value) for value in (0.0004, 0.000123, 0.00049)] == ["0.04%", "0.012%", "0.049%"]


def test_number_plural_and_signed() -> None:
    assert [number(4.5), number(1 / 3), number(5.25, 1), number(2, 1)] == ["4.50", "0.33", "5.2", "2.0"]
    assert [plural(1, "touchpoint"), plural(0, "record"), plural(3, "licence")] == [
        "1 touchpoint",
        "0 records",
        "3 licences",
    ]
    assert [plural(1, "channel switch", "channel switches"), plural(2, "channel switch", "channel switches")] == [
        "1 channel switch",
        "2 channel switches",
    ]
    # A real minus sign (U+2212), and no sign on what shows as zero: never "+0.0" or a negative zero.
    assert [signed(value) for value in (1, 0, -2)] == ["+1", "0", "−2"]
    assert [signed(value, 1) for value in (2, -2, -0.01, 0.01, 0.05)] == ["+2.0", "−2.0", "0.0", "0.0", "+0.1"]
    assert [signed(value, 2) for value in (0.5, -0.5, 0.0)] == ["+0.50", "−0.50", "0.00"]


def test_columns_align_cells_and_leave_no_trailing_spaces() -> None:
    rows = [("touchpoint", "effort", "note"), ("order", "2", ""), ("a-much-longer-id", "10", "late")]
    assert columns(rows, right_aligned={1}) == [
        "touchpoint        effort  note",
        "order                  2",
        "a-much-longer-id      10  late",
    ]


@pytest.mark.parametrize("lanes", ["stage", "channel", "owner"])
def test_swimlanes_computed_once_give_the_same_diagram_and_texts(lanes: str) -> None:
    graph, scores = analysed(ROOT / "journeys" / "phone-purchase.journey.yaml")
    options = DiagramOptions(lanes=lanes)
    given = swimlanes(graph, scores, options)
    assert journey_dot(graph, scores, options, lanes=given) == journey_dot(graph, scores, options)
    assert diagram_description(graph, scores, options, lanes=given) == diagram_description(graph, scores, options)
    assert element_titles(graph, scores, options, lanes=given) == element_titles(graph, scores, options)
    # The lanes given are the ones drawn and described, not worked out again.
    renamed = [dataclasses.replace(given[0], title="Renamed lane"), *given[1:]]
    assert "<B>Renamed lane</B>" in journey_dot(graph, scores, options, lanes=renamed)
    assert "(Renamed lane, " in diagram_description(graph, scores, options, lanes=renamed)
    assert element_titles(graph, scores, options, lanes=renamed)["cluster_lane0"] == "Renamed lane"


def test_hostile_text_never_becomes_dot_syntax(write: Write) -> None:
    graph, scores = analysed(write(HOSTILE_JOURNEY))
    dot = journey_dot(graph, scores, DiagramOptions(highlight="most-likely"))
    for raw in ('"]; evil', "-> b;", "<B>bold</B>", "<I>x</I>", "<<TABLE>>", "<!--", "]]>", "<?php"):
        assert raw not in dot
    # user text only ever stands inside a label: outside the labels, the DOT text is all ours
    outside = without_html_strings(dot)
    for word in ("Hostile", "evil", "Quotes", "Backslashes", "Supercal", "persona", "channel", "owner"):
        assert word not in outside
    ranks = outside.count("rank=same")
    assert outside.count("{") == outside.count("}") == 1 + len(graph.journey.stages) + ranks


def without_html_strings(dot: str) -> str:
    """DOT text with every <...> string cut out, counting nested angle brackets as Graphviz does."""
    kept, depth = [], 0
    for character in dot:
        if character == "<":
            depth += 1
        elif character == ">" and depth:
            depth -= 1
        elif not depth:
            kept.append(character)
    return "".join(kept)


# --- the SVG post-processing (pure) ------------------------------------------------------------

DRAWN = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="62pt" height="116pt" viewBox="0 0 62 116" xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph"><title>journey</title>
<g id="node1" class="node"><title>t0</title><text>a</text></g>
<g id="node2" class="node"><title>order1</title></g>
<g id="edge1" class="edge"><title>t0&#45;&gt;order1</title></g>
</g>
</svg>
"""


def test_accessible_svg_adds_title_description_and_unique_ids() -> None:
    svg = accessible_svg(
        DRAWN,
        prefix="my-journey",
        title="Journey map: <A & B>",
        description="Starts at “a”.",
        titles={"t0": "Orders online"},
        touchpoints={"t0": "order"},
    )
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "my-journey-title"
    assert root.get("aria-describedby") == "my-journey-desc"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Journey map: <A & B>"
    assert root[1].tag == f"{SVG}desc" and root[1].text == "Starts at “a”."
    assert "ns0:" not in svg and svg.startswith("<svg ")
    node = root.find(f".//{SVG}g[@data-touchpoint='order']")
    assert node is not None and node.get("id") == "my-journey-node1"
    assert node.findtext(f"{SVG}title") == "Orders online"
    assert "order1" not in svg  # invisible layout marks are left out
    assert root.find(f"{SVG}g/{SVG}title") is None  # the graph's DOT name is not a title


# --- the real `dot` ----------------------------------------------------------------------------


def svg_nodes(svg: str) -> dict[str, str]:
    """Touchpoint id -> all text drawn in its node, whitespace removed."""
    root = ElementTree.fromstring(svg)
    return {
        group.get("data-touchpoint", ""): "".join("".join(text.itertext()) for text in group.iter(f"{SVG}text"))
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "node" and group.get("data-touchpoint")
    }


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.dot
@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_every_example_renders_to_svg_and_png(cli: Cli, tmp_path: Path, example: Path) -> None:
    svg_file, png_file = tmp_path / "map.svg", tmp_path / "map.png"
    assert cli("render", example, "-o", svg_file).exit_code == 0
    assert cli("render", example, "-o", png_file).exit_code == 0
    assert png_file.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = svg_file.read_text(encoding="utf-8")
    graph, _ = analysed(example)
    assert set(svg_nodes(svg)) == {point.id for point in graph.touchpoints}
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.findtext(f"{SVG}title") == f"Journey map: {graph.journey.title}"
    assert graph.journey.title in (root.findtext(f"{SVG}desc") or "")
    tooltips = [element.text or "" for element in root.iter(f"{SVG}title")]
    assert not [text for text in tooltips if re.fullmatch(r"t\d+|order\d+|cluster_lane\d+|.*->.*", text)]
    assert len({element.get("id") for element in root.iter() if element.get("id")}) == len(
        [element for element in root.iter() if element.get("id")]
    )


@pytest.mark.dot
def test_pdf_and_dot_formats(cli: Cli, tmp_path: Path) -> None:
    example = ROOT / "journeys" / "energy-move.journey.yaml"
    assert cli("render", example, "-o", tmp_path / "map.pdf").exit_code == 0
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF")
    assert cli("render", example, "--format", "dot", "-o", tmp_path / "map.gv").exit_code == 0
    assert (tmp_path / "map.gv").read_text(encoding="utf-8") == journey_dot(*analysed(example))


@pytest.mark.dot
def test_hostile_text_renders_one_node_per_touchpoint_with_text_intact(write: Write) -> None:
    graph, scores = analysed(write(HOSTILE_JOURNEY))
    options = DiagramOptions(direction="LR", highlight="most-likely")
    layout = json.loads(run_dot_json(journey_dot(graph, scores, options)))
    names = sorted(item["name"] for item in layout["objects"] if not item["name"].startswith("cluster"))
    stages = len(graph.journey.stages)
    assert names == sorted(
        [f"t{i}" for i in range(len(graph.touchpoints))] + [f"order{k}" for k in range(1, stages + 1)] + ["start"]
    )
    clusters = [item["name"] for item in layout["objects"] if item["name"].startswith("cluster")]
    assert clusters == [f"cluster_lane{k}" for k in range(stages)]
    visible = [edge for edge in layout["edges"] if edge.get("style") != "invis"]
    assert len(visible) == len(graph.all_links()) + 1  # the transitions and the arrow from START
    for item in layout["objects"]:
        if re.fullmatch(r"t\d+", item["name"]):
            assert "evil" not in json.dumps({key: value for key, value in item.items() if key != "label"})

    svg = render_svg(graph, scores, options)
    nodes = svg_nodes(svg)
    assert sorted(nodes) == sorted(point.id for point in graph.touchpoints)
    for point in graph.touchpoints:
        assert squeezed(point.title) in squeezed(nodes[point.id]), point.id
        if point.owner:
            assert squeezed(f"owner: {point.owner}") in squeezed(nodes[point.id])
    texts = squeezed("".join(ElementTree.fromstring(svg).itertext()))
    for text in (graph.journey.title, 'channel " ] [ -> \\H', "<BR/> &lt; \\T second", "stage }; subgraph"):
        assert squeezed(text) in texts
    for link in graph.all_links():
        assert link.label is None or squeezed(link.label) in texts


def run_dot_json(dot_text: str) -> str:
    finished = subprocess.run(["dot", "-Tjson"], input=dot_text.encode(), capture_output=True, check=True)
    return finished.stdout.decode("utf-8")


@pytest.mark.dot
def test_control_characters_are_replaced_not_fatal(write: Write) -> None:
    text = MINIMAL_JOURNEY.replace("title: Orders online", 'title: "Orders\\x01 online\\uFFFE"')
    graph, scores = analysed(write(text))
    assert "Orders\ufffd online\ufffd" in svg_nodes(render_svg(graph, scores))["order"]


# --- running `dot` -----------------------------------------------------------------------------


def fake_dot(folder: Path, script: str) -> None:
    program = folder / "dot"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


def test_missing_dot_names_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizError, match="install Graphviz: apt-get install graphviz / brew install graphviz"):
        run_dot("digraph { a }", "svg")


def test_failing_dot_shows_its_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_dot(tmp_path, 'echo "Error: syntax error in line 1" >&2\nexit 3\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizError, match=r"failed \(exit status 3\): Error: syntax error in line 1"):
        run_dot("digraph { a }", "png")


def test_missing_dot_is_a_message_from_the_command(
    cli: Cli, write: Write, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    journey = write(MINIMAL_JOURNEY)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = cli("render", journey)
    assert result.exit_code == 1
    assert "journeymap render: Graphviz's `dot` program was not found" in result.err
    assert "apt-get install graphviz" in result.err
    assert not (journey.parent / "test.svg").exists()


@pytest.mark.dot
def test_real_dot_rejects_broken_dot_text() -> None:
    with pytest.raises(GraphvizError, match="syntax error"):
        run_dot("digraph { a -> }", "svg")


# --- the command -------------------------------------------------------------------------------


@pytest.mark.dot
def test_default_output_is_the_journey_id_next_to_the_file(cli: Cli, write: Write) -> None:
    journey = write(MINIMAL_JOURNEY, "folder/minimal.journey.yaml")
    result = cli("render", journey)
    assert (result.exit_code, result.err) == (0, "")
    written = journey.parent / "minimal.svg"
    assert result.out == f"wrote {written}\n"
    assert written.read_text(encoding="utf-8").startswith("<svg ")
    assert journey.read_text(encoding="utf-8") == MINIMAL_JOURNEY


@pytest.mark.dot
def test_format_without_output_names_the_file(cli: Cli, write: Write) -> None:
    journey = write(MINIMAL_JOURNEY, "minimal.journey.yaml")
    assert cli("render", journey, "--format", "png").exit_code == 0
    assert (journey.parent / "minimal.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.dot
def test_format_option_wins_over_the_extension(cli: Cli, write: Write, tmp_path: Path) -> None:
    result = cli("render", write(MINIMAL_JOURNEY), "--format", "dot", "-o", tmp_path / "picture.svg")
    assert result.exit_code == 0
    assert (tmp_path / "picture.svg").read_text(encoding="utf-8").startswith("digraph journey {")


def test_dot_to_standard_output(cli: Cli, write: Write) -> None:
    result = cli("render", write(MINIMAL_JOURNEY), "--format", "dot", "-o", "-")
    assert result.exit_code == 0 and result.out.startswith("digraph journey {")


@pytest.mark.parametrize("output", ["map.txt", "map"])
def test_unknown_extension_is_a_usage_error(cli: Cli, write: Write, tmp_path: Path, output: str) -> None:
    result = cli("render", write(MINIMAL_JOURNEY), "-o", tmp_path / output)
    assert result.exit_code == 2
    assert "does not name a picture format" in result.err and "--format" in result.err


@pytest.mark.parametrize("output", ["other.yaml", "other.YML", "test.journey.yaml"])
def test_never_writes_over_yaml(cli: Cli, write: Write, output: str) -> None:
    journey = write(MINIMAL_JOURNEY)
    result = cli("render", journey, "--format", "svg", "-o", journey.parent / output)
    assert result.exit_code == 2
    assert "refusing to write a diagram over a YAML file" in result.err
    assert journey.read_text(encoding="utf-8") == MINIMAL_JOURNEY


def test_never_writes_over_the_journey_itself(cli: Cli, write: Write) -> None:
    journey = write(MINIMAL_JOURNEY, "journey.txt")
    result = cli("render", journey, "--format", "dot", "-o", journey)
    assert result.exit_code == 2 and "that is the journey file itself" in result.err
    assert journey.read_text(encoding="utf-8") == MINIMAL_JOURNEY


def test_journey_with_errors_prints_findings(cli: Cli, write: Write) -> None:
    journey = write(MINIMAL_JOURNEY.replace("next: [bill]", "next: [nowhere]"))
    result = cli("render", journey)
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(str(journey))}:\d+:\d+: error\[unknown-reference\] ", result.err, re.MULTILINE)
    assert result.out == ""
    assert not (journey.parent / "test.svg").exists()


def test_missing_file_and_folder_are_usage_errors(cli: Cli, tmp_path: Path) -> None:
    assert cli("render", tmp_path / "nowhere.journey.yaml").exit_code == 2
    result = cli("render", tmp_path)
    assert result.exit_code == 2 and "one journey file at a time" in result.err


def test_walkthrough_is_a_usage_error(cli: Cli) -> None:
    walkthrough = next((ROOT / "journeys").glob("*.walkthrough.yaml"))
    result = cli("render", walkthrough, "--format", "dot", "-o", "-")
    assert result.exit_code == 2 and "a walkthrough, not a journey" in result.err


def test_help_lists_the_options(cli: Cli) -> None:
    result = cli("render", "--help")
    for option in ("--format", "--direction", "--lanes", "--highlight", "-o OUT"):
        assert option in result.out
