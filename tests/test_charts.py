"""The effort and emotion curve: two aligned panels, parsed as XML.

One shared x axis (a column per step of the path), an effort panel on its own 1..7 scale
(1 at the bottom: lower is easier) and an emotion panel on its own -2..+2 scale (+2 at the
top), a gap and "no rating" where a value is missing, labels at least 11 px that never
overlap, every text escaped and every id prefixed.
"""

from __future__ import annotations

import itertools
from xml.etree import ElementTree

from journeymap.render.charts import (
    CURVE_LABEL_CHARACTERS,
    NO_RATING,
    PRINTED_STEPS,
    STEP_WIDTH,
    CurvePoint,
    curve_parts,
    effort_emotion_curve,
)
from journeymap.render.escaping import REPLACEMENT
from journeymap.render.palette import effort_colour

SVG = "{http://www.w3.org/2000/svg}"
PAYLOAD = '</text></svg><script>alert(1)</script><g onload="x()"> & ]]> <!-- {{ 7*7 }}'
POINTS = [
    CurvePoint("Orders", 2, 1),
    CurvePoint("Waits", None, -1),
    CurvePoint("Calls", 6, None),
    CurvePoint("Pays", 3, 0),
]


def tree_of(points: list[CurvePoint], **options: str) -> ElementTree.Element:
    return ElementTree.fromstring(effort_emotion_curve(points, **options))  # raises on malformed XML


def panel(tree: ElementTree.Element, name: str) -> ElementTree.Element:
    found = tree.find(f"{SVG}g[@class='panel {name}-panel']")
    assert found is not None, f"no {name} panel"
    return found


def y_extent(group: ElementTree.Element) -> tuple[float, float]:
    """The top and bottom of a panel's grid lines."""
    ys = [float(line.attrib["y1"]) for line in group.iter(f"{SVG}line") if line.attrib["y1"] == line.attrib["y2"]]
    return min(ys), max(ys)


def marker_xs(group: ElementTree.Element) -> dict[float, str]:
    """x of every step in a panel: its marker, or its "no rating" note."""
    xs: dict[float, str] = {}
    for circle in group.iter(f"{SVG}circle"):
        xs[float(circle.attrib["cx"])] = "marker"
    for polygon in group.iter(f"{SVG}polygon"):
        corners = [tuple(map(float, pair.split(","))) for pair in polygon.attrib["points"].split()]
        xs[corners[0][0]] = "marker"  # the diamond's top corner stands on the step
    for text in group.iter(f"{SVG}text"):
        if text.get("class") == "no-rating":
            xs[float(text.attrib["x"])] = "no rating"
    return xs


def label_xs(tree: ElementTree.Element) -> list[float]:
    labels = tree.findall(f".//{SVG}g[@class='x-axis']/{SVG}text[@class='label']")
    return [float(label[0].attrib["x"]) for label in labels]


def test_both_panels_share_the_x_position_of_every_step() -> None:
    tree = tree_of(POINTS)
    effort, emotion = marker_xs(panel(tree, "effort")), marker_xs(panel(tree, "emotion"))
    xs = label_xs(tree)
    assert len(xs) == len(POINTS)
    assert sorted(effort) == sorted(emotion) == xs  # the same columns, labelled once
    assert all(later - earlier == STEP_WIDTH for earlier, later in itertools.pairwise(xs))


def test_the_panels_are_apart_and_each_has_its_own_scale() -> None:
    tree = tree_of(POINTS)
    effort, emotion = panel(tree, "effort"), panel(tree, "emotion")
    effort_top, effort_bottom = y_extent(effort)
    emotion_top, emotion_bottom = y_extent(emotion)
    assert effort_top < effort_bottom < emotion_top < emotion_bottom  # effort above emotion, not on top of each other
    ticks = {
        name: [text.text for text in group.iter(f"{SVG}text") if text.get("class") == "tick"]
        for name, group in (("effort", effort), ("emotion", emotion))
    }
    assert ticks["effort"] == ["1 effortless", "2", "3", "4", "5", "6", "7 very hard"]
    assert ticks["emotion"] == ["−2 very negative", "−1", "0 neutral", "+1", "+2 very positive"]
    headings = [text.text for text in tree.iter(f"{SVG}text") if text.get("class") == "panel-heading"]
    assert headings == ["Effort (lower is easier)", "Emotion (higher is happier)"]


def test_effort_is_drawn_lower_when_easier_and_emotion_higher_when_happier() -> None:
    tree = tree_of([CurvePoint("Hard and happy", 7, 2), CurvePoint("Easy and sad", 1, -2)])
    effort, emotion = panel(tree, "effort"), panel(tree, "emotion")
    hard, easy = (float(circle.attrib["cy"]) for circle in effort.iter(f"{SVG}circle"))
    assert hard < easy  # 7 at the top of its panel, 1 at the bottom: down is easier
    assert (hard, easy) == y_extent(effort)
    happy_line = emotion.find(f"{SVG}polyline[@class='emotion-line']")
    assert happy_line is not None
    (_, happy), (_, sad) = (map(float, pair.split(",")) for pair in happy_line.attrib["points"].split())
    assert (happy, sad) == y_extent(emotion)  # +2 at the top, -2 at the bottom
    assert effort_colour(7) in {circle.attrib["fill"] for circle in effort.iter(f"{SVG}circle")}


def test_a_missing_value_leaves_a_gap_in_its_line_and_says_no_rating() -> None:
    tree = tree_of(POINTS)
    effort, emotion = panel(tree, "effort"), panel(tree, "emotion")
    xs = label_xs(tree)
    effort_lines = effort.findall(f"{SVG}polyline[@class='effort-line']")
    emotion_lines = emotion.findall(f"{SVG}polyline[@class='emotion-line']")
    # effort: 2 | gap | 6, 3 -> one line over steps 3 and 4; emotion: 1, -1 | gap | 0 -> one line over 1 and 2
    assert [[float(pair.split(",")[0]) for pair in line.attrib["points"].split()] for line in effort_lines] == [xs[2:]]
    assert [[float(pair.split(",")[0]) for pair in line.attrib["points"].split()] for line in emotion_lines] == [xs[:2]]
    assert marker_xs(effort)[xs[1]] == NO_RATING
    assert marker_xs(emotion)[xs[2]] == NO_RATING
    assert [x for x, kind in marker_xs(effort).items() if kind == NO_RATING] == [xs[1]]
    titles = [element.text for element in tree.iter(f"{SVG}title")]
    assert "2. Waits: no effort given, emotion −1 (negative)" in titles
    assert "3. Calls: effort 6 of 7, no emotion given" in titles


def test_a_single_touchpoint_is_markers_without_lines_and_an_unrated_one_says_so_twice() -> None:
    tree = tree_of([CurvePoint("Only step", 4, 0)])
    assert tree.findall(f".//{SVG}polyline") == []
    assert len(tree.findall(f".//{SVG}circle")) == 1 and len(tree.findall(f".//{SVG}polygon")) == 1
    unrated = tree_of([CurvePoint("Unrated", None, None)])
    assert unrated.findall(f".//{SVG}circle") == [] and unrated.findall(f".//{SVG}polygon") == []
    notes = [text for text in unrated.iter(f"{SVG}text") if text.get("class") == "no-rating"]
    assert [note.text for note in notes] == [NO_RATING, NO_RATING]


def test_every_text_is_at_least_11_px_and_step_labels_fit_their_column() -> None:
    titles = ["Calculates how much she can borrow with the online calculator", "Waits", "x" * 80, "Pays"]
    tree = tree_of([CurvePoint(title, 3, 0) for title in titles])
    assert float(tree.attrib["font-size"]) >= 11
    for text in tree.iter(f"{SVG}text"):
        assert float(text.get("font-size", tree.attrib["font-size"])) >= 11
    for label in tree.iter(f"{SVG}text"):
        if label.get("class") == "label":
            lines = [span.text or "" for span in label]
            assert 1 <= len(lines) <= 4
            # 14 characters of 12 px type are about 85 px wide: inside a 104 px column, so neighbours never touch
            assert all(len(line) <= CURVE_LABEL_CHARACTERS for line in lines)
            ys = [float(span.attrib["y"]) for span in label]
            assert ys == sorted(ys) and len(set(ys)) == len(ys)
    long_label = tree.findall(f".//{SVG}text[@class='label']")[0]
    assert [span.text for span in long_label][-1].endswith("…")  # type: ignore[union-attr]


def test_a_hostile_title_stays_text_and_ids_are_prefixed() -> None:
    svg = effort_emotion_curve([CurvePoint(PAYLOAD, 3, 1), CurvePoint("Next", 4, 0)], prefix="x", title=PAYLOAD)
    tree = ElementTree.fromstring(svg)
    assert tree.attrib["role"] == "img"
    assert tree.attrib["aria-labelledby"] == "x-title x-description"
    assert not [element for element in tree.iter() if element.tag.endswith(("script", "img", "style"))]
    assert not [element for element in tree.iter() if "onload" in element.attrib]
    title, description = tree.find(f"{SVG}title"), tree.find(f"{SVG}desc")
    assert title is not None and title.text == PAYLOAD
    assert description is not None and description.text and PAYLOAD in description.text
    assert "<script>" not in svg
    ids = [element.attrib["id"] for element in tree.iter() if "id" in element.attrib]
    assert ids and all(identifier.startswith("x-") for identifier in ids)
    assert len(ids) == len(set(ids))


def test_control_characters_are_replaced_so_the_svg_stays_well_formed() -> None:
    title = "Signs\x01 the <offer> & \x1b[31m \ufffe\ud800 done"
    svg = effort_emotion_curve([CurvePoint(title, 3, 1), CurvePoint("Pays", 2, None)], title=f"Curve {title}")
    tree = ElementTree.fromstring(svg)
    assert not any(character in svg for character in "\x01\x1b\ufffe\ud800")
    texts = "".join(tree.itertext())
    assert f"Curve Signs{REPLACEMENT} the <offer> &" in texts
    assert f"1. Signs{REPLACEMENT} the" in texts


def label_numbers(svg: str) -> list[int]:
    labels = ElementTree.fromstring(svg).findall(f".//{SVG}g[@class='x-axis']/{SVG}text[@class='label']")
    return [int("".join(label.itertext()).split(".")[0]) for label in labels]


def test_a_long_path_prints_in_even_parts_numbered_on() -> None:
    assert curve_parts(POINTS) == []  # a short path prints as one curve
    path = [CurvePoint(f"Step {n}", 1 + n % 7, None) for n in range(23)]
    parts = curve_parts(path)
    assert [len(label_numbers(part)) for part in parts] == [8, 8, 7]  # not 11 + 11 + 1
    assert [len(label_numbers(part)) for part in curve_parts(path[:10], steps=3)] == [3, 3, 2, 2]  # not 3+3+3+1
    assert [number for part in parts for number in label_numbers(part)] == list(range(1, 24))
    for number, part in enumerate(parts, 1):
        tree = ElementTree.fromstring(part)
        assert tree.find(f"{SVG}title") is not None and f"steps {label_numbers(part)[0]} to" in part
        assert f'id="curve-part{number}-title"' in part  # ids stay unique on the page
        # At most PRINTED_STEPS steps: A4 landscape's width (1 047 px) shrinks a part to no less than 0.8.
        assert len(label_numbers(part)) <= PRINTED_STEPS
        assert 1047 / float(tree.attrib["width"]) >= 0.8


# --- as-is versus to-be: the same two panels, both journeys in each ---------------------------------------------


def versus_tree(as_is: list[CurvePoint], to_be: list[CurvePoint]) -> ElementTree.Element:
    from journeymap.render.decision_charts import as_is_to_be_curve

    return ElementTree.fromstring(as_is_to_be_curve(as_is, to_be))


def test_as_is_and_to_be_are_two_panels_each_with_its_own_scale() -> None:
    tree = versus_tree(POINTS, [CurvePoint("Orders", 1, 2), CurvePoint("Pays", 7, -2)])
    effort, emotion = panel(tree, "effort"), panel(tree, "emotion")
    effort_top, effort_bottom = y_extent(effort)
    emotion_top, emotion_bottom = y_extent(emotion)
    assert effort_top < effort_bottom < emotion_top < emotion_bottom
    ticks = {
        name: [text.text for text in group.iter(f"{SVG}text") if text.get("class") == "tick"]
        for name, group in (("effort", effort), ("emotion", emotion))
    }
    assert ticks == {"effort": ["1", "2", "3", "4", "5", "6", "7"], "emotion": ["−2", "−1", "0", "+1", "+2"]}
    # The to-be: effort 1 then 7 (down is easier), emotion +2 then -2 (up is happier), each at its scale's ends.
    (to_be_effort,) = effort.findall(f"{SVG}polyline[@class='to-be effort-line']")
    (to_be_emotion,) = emotion.findall(f"{SVG}polyline[@class='to-be emotion-line']")
    ys = [
        [float(pair.split(",")[1]) for pair in line.attrib["points"].split()] for line in (to_be_effort, to_be_emotion)
    ]
    assert ys == [[effort_bottom, effort_top], [emotion_top, emotion_bottom]]
    # The as-is keeps its gaps: effort 2 | gap | 6, 3 and emotion 1, -1 | gap | 0, faded.
    as_is_lines = effort.findall(f"{SVG}polyline[@class='as-is effort-line']")
    assert [len(line.attrib["points"].split()) for line in as_is_lines] == [2]
    assert all(line.attrib["opacity"] == "0.45" for line in as_is_lines)
    assert len(emotion.findall(f"{SVG}polyline[@class='as-is emotion-line']")) == 1


def test_as_is_and_to_be_text_stays_text() -> None:
    svg = versus_tree([CurvePoint(PAYLOAD, 3, 0)], [CurvePoint(PAYLOAD, 2, 1)])
    assert not list(svg.iter(f"{SVG}script"))
    (description,) = (element for element in svg.iter(f"{SVG}desc"))
    assert PAYLOAD in (description.text or "")
