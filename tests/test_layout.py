"""Acceptance tests of the diagram layout by size, --paper, and the classic map layers in diagrams.

Every picture is drawn by the real `dot`. A picture must stay between 1:2 and 2.5:1 (width:height),
and a touchpoint's text must be at least 9 px when the SVG is shown 1 200 px wide
(font size x 1200 / width). Pictures of the size classes are kept in tests/artifacts/ to look at.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import ROOT, Result
from layout_journeys import journey_text

from journeymap.graph import JourneyGraph
from journeymap.images import LARGEST, load_images, media_type
from journeymap.loader import load_file
from journeymap.model import Journey
from journeymap.project import load_journey
from journeymap.render.dot import DiagramOptions, Part, diagram_layout, journey_dot
from journeymap.render.graphviz import run_dot
from journeymap.render.layout import BOUNDS
from journeymap.render.paper import page, readable, scale_to_fit
from journeymap.render.pictures import render_svg
from journeymap.render.svg import touchpoint_summary
from journeymap.scoring import Scores, score

Write = Callable[..., Path]
Cli = Callable[..., Result]

MORTGAGE = ROOT / "tests" / "fixtures" / "mortgage.journey.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"
SHOWN_WIDTH = 1200
SMALLEST_PX = 9.0
SVG = "{http://www.w3.org/2000/svg}"


def analysed(path: Path) -> tuple[JourneyGraph, Scores]:
    file = load_journey(str(path))
    assert file.graph is not None, [str(finding) for finding in file.findings]
    return file.graph, score(file.graph)


def svg_size(svg: str) -> tuple[float, float]:
    root = ElementTree.fromstring(svg)
    width, height = (float(root.get(name, "0").removesuffix("pt")) for name in ("width", "height"))
    return width, height


def touchpoint_font_sizes(svg: str) -> list[float]:
    """The font sizes of all text inside touchpoint boxes, apart from the kind badge (INVOICE, EXIT, ...)."""
    sizes = []
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "node" or group.get("data-touchpoint") is None:
            continue
        for text in group.iter(f"{SVG}text"):
            if text.get("font-weight") == "bold" and (text.text or "").isupper():
                continue  # the badge: a marker drawn at 8 pt on purpose, read as a tag
            sizes.append(float(text.get("font-size", "0")))
    return sizes


def check_readable_picture(svg: str, name: str) -> tuple[float, float]:
    width, height = svg_size(svg)
    ratio = width / height
    assert BOUNDS[0] <= ratio <= BOUNDS[1], f"{name}: {width:.0f} x {height:.0f} pt is {ratio:.2f}:1"
    sizes = touchpoint_font_sizes(svg)
    assert sizes, "no touchpoint text found"
    shown = min(sizes) * SHOWN_WIDTH / width
    assert shown >= SMALLEST_PX, f"{name}: smallest touchpoint text is {shown:.1f} px at {SHOWN_WIDTH} px wide"
    return width, height


@pytest.mark.parametrize("touchpoints", [5, 25, 60])
def test_every_size_class_keeps_its_proportions_and_readable_text(write: Write, touchpoints: int) -> None:
    graph, scores = analysed(write(journey_text(touchpoints), f"generated-{touchpoints}.journey.yaml"))
    svg = render_svg(graph, scores)
    check_readable_picture(svg, f"{touchpoints} touchpoints")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"layout-{touchpoints}.png").write_bytes(run_dot(journey_dot(graph, scores), "png"))


def test_the_mortgage_journey_is_no_longer_a_strip() -> None:
    """Issue 13: 27 touchpoints in 8 stages drew 13 854 x 1 477 px (9.4:1)."""
    graph, scores = analysed(MORTGAGE)
    assert (len(graph.touchpoints), len(graph.journey.stages)) == (27, 8)
    check_readable_picture(render_svg(graph, scores), "mortgage")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "layout-mortgage.png").write_bytes(run_dot(journey_dot(graph, scores), "png"))


def test_every_example_keeps_its_proportions() -> None:
    for example in sorted((ROOT / "journeys").glob("*.journey.yaml")):
        check_readable_picture(render_svg(*analysed(example)), example.name)


def test_an_80_touchpoint_journey_keeps_its_proportions(write: Write) -> None:
    graph, scores = analysed(write(journey_text(80), "generated-80.journey.yaml"))
    width, height = svg_size(render_svg(graph, scores))
    assert BOUNDS[0] <= width / height <= BOUNDS[1], f"{width:.0f} x {height:.0f}"


def plain_positions(dot_text: str) -> dict[str, tuple[float, float]]:
    """Node centres (in inches, y up) from `dot -Tplain`."""
    plain = run_dot(dot_text, "plain").decode()
    return {
        parts[1]: (float(parts[2]), float(parts[3]))
        for parts in (line.split() for line in plain.splitlines())
        if parts and parts[0] == "node"
    }


def test_stages_follow_each_other_and_the_most_likely_path_is_drawn_straight() -> None:
    graph, scores = analysed(MORTGAGE)
    layout = diagram_layout(graph, scores, DiagramOptions())
    assert layout is not None
    positions = plain_positions(journey_dot(graph, scores))
    # stages in order: left to right within a band, bands top to bottom
    for band in layout.bands:
        tops = [positions[f"t{layout.stages[stage].rows[0][0]}"] for stage in band]
        assert [x for x, _ in tops] == sorted(x for x, _ in tops), "stages of a band out of order"
        assert len({round(y, 2) for _, y in tops}) == 1, "stage lanes of a band do not start on one line"
    band_tops = [positions[f"t{layout.stages[band[0]].rows[0][0]}"][1] for band in layout.bands]
    assert band_tops == sorted(band_tops, reverse=True)
    # within a stage, the most likely path's steps sit on one horizontal line, left to right
    path = scores.most_likely_path
    assert path is not None
    for lane in layout.stages:
        first_row = [f"t{i}" for i in lane.rows[0]]
        assert len({round(positions[name][1], 2) for name in first_row}) == 1
        xs = [positions[name][0] for name in first_row]
        assert xs == sorted(xs)
    index = graph.index
    on_path = {index[name] for name in path.touchpoints}
    detours = {i for lane in layout.stages for row in lane.rows for i in row} - on_path
    assert detours == set(range(len(graph.touchpoints))) - on_path
    for lane in layout.stages:
        path_rows = [row for row in lane.rows if set(row) <= on_path]
        assert lane.rows[: len(path_rows)] == tuple(path_rows), "detours come after the path in every stage"


def test_most_likely_path_weighs_most(write: Write) -> None:
    graph, scores = analysed(MORTGAGE)
    dot = journey_dot(graph, scores)
    weights = {
        match[0]: int(match[1]) for match in re.findall(r"^  (t\d+ -> t\d+) \[.*?weight=\"(\d+)\"", dot, re.MULTILINE)
    }
    # an arrow within a row drawn through its label: t0 -> l0_2 is the arrow t0 -> t2
    weights.update(
        (f"{match[0]} -> t{match[1]}", int(match[2]))
        for match in re.findall(r"^  (t\d+) -> l\d+_(\d+) \[.*?weight=\"(\d+)\"", dot, re.MULTILINE)
    )
    index = graph.index
    # calculate -> compare-rates (85%, the path) against calculate -> give-up-orientation (15%)
    assert weights[f"t{index['calculate']} -> t{index['compare-rates']}"] > 20
    assert weights[f"t{index['calculate']} -> t{index['give-up-orientation']}"] <= 3


def test_direction_keeps_the_classic_layout() -> None:
    graph, scores = analysed(MORTGAGE)
    for direction in ("LR", "TB"):
        dot = journey_dot(graph, scores, DiagramOptions(direction=direction))
        assert f'rankdir="{direction}"' in dot
        assert "rank=same" not in dot and "order1" in dot
    assert "rank=same" in journey_dot(graph, scores)


def test_legend_and_title_are_one_compact_block_at_the_top() -> None:
    graph, scores = analysed(MORTGAGE)
    dot = journey_dot(graph, scores)
    assert "legend" not in re.findall(r"^  (\w+) \[", dot, re.MULTILINE)
    assert 'labelloc="t"' in dot and "Effort" in dot.split("\n", 2)[1]
    positions = plain_positions(dot)
    top_of_map = max(y for name, (_, y) in positions.items() if re.fullmatch(r"t\d+", name))
    plain = run_dot(dot, "plain").decode().splitlines()
    height = float(plain[0].split()[3])
    assert height - top_of_map > 1.5, "the title and legend take the top of the picture"


# --- hostile text in the new layers ---------------------------------------------------------------

HOSTILE_LAYERS = """\
title: Layers
goals: [Test hostile layers]
stages: [one, two]
touchpoints:
  - id: a
    title: Looks
    stage: one
    channel: web
    effort: 2
    thinking: '"]; evil [label=x]; a -> b; <B>bold</B> \\N </title><script>alert(1)</script>'
    quotes: ['}; subgraph cluster_x { y }', '<!-- comment --> & &amp;']
    backstage:
      - 'Warehouse "]; t9 [shape=star]'
      - {action: '<text>injected</text>', owner: ']]> <?php ?>'}
    next: [b]
  - id: b
    title: Buys
    stage: two
    channel: phone
    effort: 3
"""


def test_hostile_layers_stay_text_in_dot_and_svg(write: Write) -> None:
    graph, scores = analysed(write(HOSTILE_LAYERS, "layers.journey.yaml"))
    point = graph.touchpoints[0]
    assert point.thinking is not None and len(point.quotes) == 2 and point.backstage[1].owner == "]]> <?php ?>"
    dot = journey_dot(graph, scores)
    for raw in ('"]; evil', "<script>", "subgraph cluster_x", "t9 [shape", "<text>injected"):
        assert raw not in dot
    drawn = json.loads(subprocess.run(["dot", "-Tjson"], input=dot.encode(), capture_output=True, check=True).stdout)
    names = {item["name"] for item in drawn["objects"] if re.fullmatch(r"t\d+", item["name"])}
    assert names == {"t0", "t1"}
    svg = render_svg(graph, scores)
    root = ElementTree.fromstring(svg)
    assert not [element for element in root.iter() if element.tag in (f"{SVG}script", "script")]
    assert [
        element.tag for element in root.iter() if element.tag.endswith("}text") and element.text == "injected"
    ] == []
    titles = [element.text or "" for element in root.iter(f"{SVG}title")]
    summary = touchpoint_summary(graph, 0)
    assert summary in titles
    for text in (
        point.thinking,
        *point.quotes,
        'Warehouse "]; t9 [shape=star]',
        "<text>injected</text> (]]> <?php ?>)",
    ):
        assert text in summary


def test_layers_are_optional_and_shapes_are_checked(write: Write) -> None:
    text = HOSTILE_LAYERS.replace(
        "      - {action: '<text>injected</text>', owner: ']]> <?php ?>'}\n", "      - {owner: x}\n"
    )
    file = load_journey(str(write(text, "broken.journey.yaml")))
    assert [(finding.code, finding.line) for finding in file.findings if finding.is_error] == [("missing-key", 14)]


# --- images -----------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 24
WEBP = b"RIFF" + struct.pack("<I", 20) + b"WEBPVP8 " + b"\0" * 12


def test_image_types_are_known_by_their_content() -> None:
    assert media_type(PNG) == "image/png"
    assert media_type(JPEG) == "image/jpeg"
    assert media_type(WEBP) == "image/webp"
    for other in (b"GIF89a" + b"\0" * 10, b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"", b"RIFF\0\0\0\0WAVE"):
        assert media_type(other) is None


IMAGE_JOURNEY = """\
title: Pictures
goals: [Test images]
stages: [one]
touchpoints:
  - id: a
    title: Looks
    stage: one
    channel: web
    image: {image}
"""


def image_findings(folder: Path, image: str) -> tuple[dict[str, str], list[tuple[str, int, int, str]]]:
    path = folder / "pictures.journey.yaml"
    path.write_text(IMAGE_JOURNEY.format(image=image), encoding="utf-8")
    document, problems = load_file(str(path))
    assert document is not None and not problems
    images, findings = load_images(document, Journey.model_validate(document.data))
    return (
        {name: found.data_uri for name, found in images.items()},
        [(finding.code, finding.line, finding.column, finding.message) for finding in findings],
    )


def test_a_good_image_becomes_a_data_uri(tmp_path: Path) -> None:
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "page.webp").write_bytes(WEBP)
    images, findings = image_findings(tmp_path, "shots/page.webp")
    assert findings == []
    assert images == {"a": "data:image/webp;base64," + base64.b64encode(WEBP).decode()}


@pytest.mark.parametrize(
    ("setup", "image", "message"),
    [
        (None, "missing.png", "does not exist"),
        ("folder", "shots", "is a folder"),
        ("gif", "anim.png", "is not a PNG, JPEG or WebP picture"),
        ("big", "huge.png", "may be at most 2.0 MB"),
        (None, "/etc/hosts", "is an absolute path"),
        (None, "'C:\\shots\\a.png'", "is an absolute path"),
    ],
)
def test_a_bad_image_is_an_error_at_its_value(tmp_path: Path, setup: str | None, image: str, message: str) -> None:
    if setup == "folder":
        (tmp_path / "shots").mkdir()
    elif setup == "gif":
        (tmp_path / "anim.png").write_bytes(b"GIF89a" + b"\0" * 100)
    elif setup == "big":
        (tmp_path / "huge.png").write_bytes(PNG + b"\0" * LARGEST)
    images, findings = image_findings(tmp_path, image)
    assert images == {}
    assert [(code, line, column) for code, line, column, _ in findings] == [("bad-image", 9, 12)]
    assert message in findings[0][3]


def test_a_bad_image_stops_render_with_the_located_error(cli: Cli, tmp_path: Path) -> None:
    journey = tmp_path / "pictures.journey.yaml"
    journey.write_text(IMAGE_JOURNEY.format(image="missing.png"), encoding="utf-8")
    result = cli("render", journey, "-o", tmp_path / "map.svg")
    assert result.exit_code == 1
    assert f"{journey}:9:12: error[bad-image]" in result.out + result.err
    assert not (tmp_path / "map.svg").exists()


def test_a_good_image_is_named_in_the_tooltip(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(PNG)
    journey = tmp_path / "pictures.journey.yaml"
    journey.write_text(IMAGE_JOURNEY.format(image="a.png"), encoding="utf-8")
    file = load_journey(str(journey))
    assert file.graph is not None and set(file.images) == {"a"}
    assert "Picture: a.png" in touchpoint_summary(file.graph, 0)


# --- paper ----------------------------------------------------------------------------------------------


def pdf_page_size(pdf: bytes) -> tuple[float, float]:
    box = re.search(rb"/MediaBox \[\s*([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    x0, y0, x1, y1 = (float(value) for value in box.groups())
    return x1 - x0, y1 - y0


def test_paper_splits_the_mortgage_at_stage_boundaries_into_svg_pages(cli: Cli, tmp_path: Path) -> None:
    """As SVG (or PNG), the parts are files of their own, each fitted to the page; as PDF they are the pages of
    one file (test_print_paper.py)."""
    result = cli("render", MORTGAGE, "-o", tmp_path / "map.svg", "--paper", "A3", "--landscape")
    assert result.exit_code == 0, result.err
    parts = sorted(tmp_path.glob("map-*.svg"))
    assert len(parts) >= 2 and not (tmp_path / "map.svg").exists()
    sheet = page("A3", landscape=True)
    for part in parts:
        width, height = svg_size(part.read_text(encoding="utf-8"))
        assert width <= sheet.width + 1 and height <= sheet.height + 1
    assert [f"wrote {part} (A3 landscape)" for part in parts] == result.out.strip().splitlines()
    assert result.err == ""  # every page readable, so no note


def test_parts_hold_consecutive_stages_and_say_so() -> None:
    graph, scores = analysed(MORTGAGE)
    dot = journey_dot(graph, scores, part=Part(2, 3, 2, 4))
    assert "page 2 of 4: Application to Documents" in dot
    index = graph.index
    drawn = set(re.findall(r"^    (t\d+) \[", dot, re.MULTILINE))
    expected = {f"t{i}" for i, point in enumerate(graph.touchpoints) if point.stage in ("apply", "documents")}
    assert drawn == expected
    assert "start" not in re.findall(r"^  (\w+) \[", dot, re.MULTILINE)
    assert f"t{index['pay-fee']} -> t{index['upload-documents']}" in dot
    assert f"t{index['advice-report']} -> t{index['start-application']}" not in dot
    run_dot(dot, "svg")  # draws


@pytest.mark.browser
def test_small_journey_fits_one_page(cli: Cli, write: Write, tmp_path: Path) -> None:
    example = write(journey_text(5), "small.journey.yaml")
    result = cli("render", example, "-o", tmp_path / "map.pdf", "--paper", "A3", "--landscape")
    assert result.exit_code == 0, result.err
    assert sorted(tmp_path.glob("map*")) == [tmp_path / "map.pdf"]
    assert result.out == f"wrote {tmp_path / 'map.pdf'} (1 A3 landscape page)\n"
    sheet = page("A3", landscape=True)
    assert pdf_page_size((tmp_path / "map.pdf").read_bytes()) == pytest.approx((sheet.width, sheet.height), abs=1)


def test_paper_usage_errors(cli: Cli, tmp_path: Path) -> None:
    result = cli("render", MORTGAGE, "-o", tmp_path / "map.pdf", "--landscape")
    assert result.exit_code == 2 and "--landscape turns the page of --paper" in result.err
    result = cli("render", MORTGAGE, "-o", "-", "--paper", "A4", "--format", "svg")
    assert result.exit_code == 2 and "give -o FILE" in result.err


def test_readability_rule() -> None:
    sheet = page("A4")
    assert sheet.width < sheet.height and page("A4", landscape=True).width > sheet.height - 1
    assert readable(7 / 8) and not readable(0.85)
    assert scale_to_fit(1000, 10, sheet) == pytest.approx(sheet.printable[0] / 1000)
    with pytest.raises(ValueError, match="paper must be one of"):
        page("Letter")


def lane_boxes(dot_text: str) -> list[tuple[float, float, float, float]]:
    """The bounding boxes (left, bottom, right, top, in points) of the lane clusters, from `dot -Tjson`."""
    drawn = json.loads(
        subprocess.run(["dot", "-Tjson"], input=dot_text.encode(), capture_output=True, check=True).stdout
    )
    return [
        tuple(float(value) for value in item["bb"].split(","))  # type: ignore[misc]
        for item in drawn.get("objects", [])
        if str(item.get("name", "")).startswith("cluster_lane")
    ]


@pytest.mark.parametrize("lanes", ["channel", "owner"])
@pytest.mark.parametrize("journey", [MORTGAGE, ROOT / "journeys" / "phone-purchase.journey.yaml", "small"])
def test_channel_and_owner_lanes_are_real_swimlanes(write: Write, journey: Path | str, lanes: str) -> None:
    # Side by side, none overlapping the next, each as long as the journey: they start and end level.
    path = write(journey_text(8), "small.journey.yaml") if journey == "small" else journey
    assert isinstance(path, Path)
    graph, scores = analysed(path)
    dot_text = journey_dot(graph, scores, DiagramOptions(lanes=lanes))
    boxes = lane_boxes(dot_text)
    assert len(boxes) == len({point.channel if lanes == "channel" else point.owner for point in graph.touchpoints})
    across, along = ((0, 2), (1, 3)) if 'rankdir="TB"' in dot_text else ((1, 3), (0, 2))
    assert len({round(box[along[0]]) for box in boxes}) == 1, "lanes do not start level"
    assert len({round(box[along[1]]) for box in boxes}) == 1, "lanes do not end level"
    spans = sorted((box[across[0]], box[across[1]]) for box in boxes)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start, "two lanes overlap"
    if journey != "small":  # two owners side by side make a tall picture, whatever the layout
        width, height = svg_size(run_dot(dot_text, "svg").decode())
        assert 0.5 <= width / height <= 2.5
