"""Collisions in a diagram drawn by `dot`, measured from its SVG: edge labels on nodes, on stage headers, on
other labels, and arrows through a label's text.

Boxes come from the SVG alone: a node is the box round its outline's points; a piece of text is its
baseline and font size, as wide as its letters are in Helvetica (the font `dot` lays labels out in),
and a twentieth more. An arrow is its path's cubic Bézier pieces,
sampled every few points, and its arrow head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"
SLACK = 0.5  # points: boxes that only touch do not collide


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str

    def overlaps(self, other: Box) -> bool:
        return (
            self.left + SLACK < other.right
            and other.left + SLACK < self.right
            and self.top + SLACK < other.bottom
            and other.top + SLACK < self.bottom
        )

    def holds(self, x: float, y: float) -> bool:
        return self.left + SLACK < x < self.right - SLACK and self.top + SLACK < y < self.bottom - SLACK


@dataclass(frozen=True)
class Drawing:
    nodes: list[Box]
    headers: list[Box]  # stage lane titles and subtitles, the journey's title and legend
    labels: list[tuple[str, Box]]  # (edge, one line of its label)
    arrows: list[tuple[str, list[tuple[float, float]]]]  # (edge, points along its line and head)


def _points(text: str) -> list[tuple[float, float]]:
    numbers = [float(value) for value in re.findall(NUMBER, text)]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def _bezier(points: list[tuple[float, float]], step: float = 2.0) -> list[tuple[float, float]]:
    """Points along a path of M x,y C x,y x,y x,y ... (what `dot` writes for every edge)."""
    sampled = [points[0]]
    for start in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[start : start + 4]
        length = sum(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in ((p0, p1), (p1, p2), (p2, p3)))
        count = max(2, int(length / step))
        for k in range(1, count + 1):
            t = k / count
            u = 1 - t
            sampled.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return sampled


# Helvetica's advance widths (thousandths of an em) for the printable ASCII letters, space to tilde, from
# its Adobe font metrics; the letters `dot` measures labels with (or a font with the same metrics).
REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 "
    "556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 556 278 889 "
    "611 611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584"
)
WIDTHS = {
    weight: {chr(32 + k): int(width) / 1000 for k, width in enumerate(table.split())}
    for weight, table in (("normal", REGULAR), ("bold", BOLD))
}
OTHER_WIDTHS = {"→": 1.0, "…": 1.0, "·": 0.278, "“": 0.333, "”": 0.333, "‘": 0.222, "’": 0.222, "–": 0.556}
MARGIN = 1.05  # a twentieth more than the font says: a near miss counts


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """How wide `text` is in Helvetica at `size` points (letters it does not know count as wide ones)."""
    widths = WIDTHS["bold" if bold else "normal"]
    return sum(widths.get(letter, OTHER_WIDTHS.get(letter, 0.75)) for letter in text) * size * MARGIN


def _text_box(element: ElementTree.Element, what: str) -> Box:
    size = float(element.get("font-size", "14"))
    width = text_width("".join(element.itertext()), size, bold=element.get("font-weight") == "bold")
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    anchor = element.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - size * 0.75, left + width, y + size * 0.2, what)


def _outline(group: ElementTree.Element, what: str) -> Box | None:
    points = []
    for shape in group:
        if shape.tag in {f"{SVG}polygon", f"{SVG}polyline"}:
            points += _points(shape.get("points", ""))
        elif shape.tag == f"{SVG}path":
            points += _points(shape.get("d", ""))
        elif shape.tag == f"{SVG}ellipse":
            cx, cy = float(shape.get("cx", "0")), float(shape.get("cy", "0"))
            rx, ry = float(shape.get("rx", "0")), float(shape.get("ry", "0"))
            points += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs), min(ys), max(xs), max(ys), what)


def drawing(svg: str) -> Drawing:
    root = ElementTree.fromstring(svg)
    nodes, headers, labels, arrows = [], [], [], []
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class")
        title = group.findtext(f"{SVG}title") or ""
        if kind == "graph":
            headers += [_text_box(text, "title") for text in group.findall(f"{SVG}text")]
        elif kind == "cluster":
            headers += [_text_box(text, f"header of {title}") for text in group.findall(f".//{SVG}text")]
        elif kind == "node":
            outline = _outline(group, title)
            if outline is not None:
                nodes.append(outline)
            for link in group.iter(f"{SVG}g"):  # nodes with a tooltip hold their shapes in an <a>
                if link is not group:
                    inner = _outline(link, title)
                    if inner is not None:
                        nodes.append(inner)
        elif kind == "edge":
            line: list[tuple[float, float]] = []
            for path in group.iter(f"{SVG}path"):
                line += _bezier(_points(path.get("d", "")))
            for head in group.iter(f"{SVG}polygon"):
                line += _points(head.get("points", ""))
            arrows.append((title, line))
            labels += [(title, _text_box(text, f"label of {title}")) for text in group.iter(f"{SVG}text")]
    return Drawing(nodes, headers, labels, arrows)


def collisions(svg: str) -> list[str]:
    """Every collision in the picture, one sentence each; none in a clean picture."""
    picture = drawing(svg)
    found = []
    for number, (edge, label) in enumerate(picture.labels):
        found += [f"{label.what} overlaps node {node.what}" for node in picture.nodes if label.overlaps(node)]
        found += [f"{label.what} overlaps {header.what}" for header in picture.headers if label.overlaps(header)]
        found += [
            f"{label.what} overlaps {other.what}"
            for other_edge, other in picture.labels[:number]
            if other_edge != edge and label.overlaps(other)
        ]
        found += [
            f"the arrow {other_edge} runs through {label.what}"
            for other_edge, line in picture.arrows
            if any(label.holds(x, y) for x, y in line)
        ]
    return found


def start_collisions(svg: str) -> list[str]:
    """The START marker's arrow through a stage header (its title and "expected effort" line) or the legend."""
    picture = drawing(svg)
    return [
        f"the arrow {edge} runs through {header.what}"
        for edge, line in picture.arrows
        if edge.startswith("start")
        for header in picture.headers
        if any(header.holds(x, y) for x, y in line)
    ]
