"""Charts: our own small SVG charts for the HTML report, drawn without any JavaScript library.

The effort and emotion curve follows one path through a journey: effort (1..7)
on the left axis, emotion (-2..+2) on the right. Every text is escaped here, so
the SVG can be inlined into a page as trusted markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape

from journeymap.render.palette import EFFORT_LINE, EMOTION_LINE, EMOTION_WORDS, INK, effort_colour

STEP_WIDTH = 100  # room for a three-line label under each touchpoint
LEFT, RIGHT, TOP = 48, 48, 48
PLOT_HEIGHT = 200
LABEL_LINES, LABEL_CHARACTERS, LINE_HEIGHT = 3, 16, 13
BOTTOM = 24 + LABEL_LINES * LINE_HEIGHT
MINIMUM_WIDTH = 420  # the legend's width
EFFORTS = range(1, 8)
EMOTIONS = range(-2, 3)


@dataclass(frozen=True)
class CurvePoint:
    """One touchpoint on the path; effort or emotion may be missing (the line then has a gap)."""

    title: str
    effort: int | None
    emotion: int | None


def _attribute(value: str) -> str:
    return escape(value, quote=True)


def signed(value: int) -> str:
    """An emotion as people write it: +1, 0, and negatives with a real minus sign (U+2212)."""
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def effort_y(effort: float) -> float:
    """1 at the bottom of the plot, 7 at the top: higher is harder."""
    return TOP + (7 - effort) / 6 * PLOT_HEIGHT


def emotion_y(emotion: float) -> float:
    """-2 at the bottom, +2 at the top: higher is happier."""
    return TOP + (2 - emotion) / 4 * PLOT_HEIGHT


def point_x(index: int) -> float:
    return LEFT + STEP_WIDTH * (index + 0.5)


def point_summary(number: int, point: CurvePoint) -> str:
    """What a screen reader (or a hovering mouse) learns about one step."""
    effort = f"effort {point.effort} of 7" if point.effort is not None else "no effort given"
    emotion = (
        f"emotion {signed(point.emotion)} ({EMOTION_WORDS[point.emotion]})"
        if point.emotion is not None
        else "no emotion given"
    )
    return f"{number}. {point.title}: {effort}, {emotion}"


def _label_lines(number: int, title: str) -> list[str]:
    lines = textwrap.wrap(f"{number}. {title}", LABEL_CHARACTERS, break_long_words=True) or [f"{number}."]
    if len(lines) > LABEL_LINES:
        kept = lines[: LABEL_LINES - 1]
        last = lines[LABEL_LINES - 1]
        lines = [*kept, last[: LABEL_CHARACTERS - 1].rstrip() + "…"]
    return lines


def _runs(values: Sequence[int | None]) -> Iterator[list[tuple[int, int]]]:
    """Consecutive stretches of given values, as (index, value); a missing value ends a stretch."""
    run: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if value is None:
            if run:
                yield run
            run = []
        else:
            run.append((index, value))
    if run:
        yield run


def _series(
    values: Sequence[int | None], to_y: Callable[[float], float], colour: str, css_class: str, *, dashed: bool = False
) -> list[str]:
    """Polylines through the given values; a missing value leaves a gap, a lone value only its marker."""
    parts: list[str] = []
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    for run in _runs(values):
        if len(run) > 1:
            coordinates = " ".join(f"{_number(point_x(i))},{_number(to_y(value))}" for i, value in run)
            parts.append(
                f'<polyline class="{css_class}" points="{coordinates}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
            )
    return parts


def effort_emotion_curve(
    points: Sequence[CurvePoint], *, title: str = "Effort and emotion along the most likely path", prefix: str = "curve"
) -> str:
    """The SVG text of the curve; `prefix` keeps its element ids unique within one page."""
    count = max(len(points), 1)
    width = max(LEFT + RIGHT + STEP_WIDTH * count, MINIMUM_WIDTH)
    height = TOP + PLOT_HEIGHT + BOTTOM
    right = width - RIGHT
    described = "; ".join(point_summary(number, point) for number, point in enumerate(points, 1))
    description = f"{len(points)} touchpoint{'s' if len(points) != 1 else ''}: {described}" if points else "no path"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{prefix}-title {prefix}-description" '
        f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif" font-size="11" fill="{INK}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-description">{escape(description)}</desc>',
    ]
    # Grid and axes: effort ticks on the left, emotion ticks on the right.
    for effort in EFFORTS:
        y = _number(effort_y(effort))
        parts.append(f'<line x1="{LEFT}" x2="{right}" y1="{y}" y2="{y}" stroke="#e5e7eb" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y}" dy="0.35em" text-anchor="end" fill="{EFFORT_LINE}">{effort}</text>')
    for emotion in EMOTIONS:
        y = _number(emotion_y(emotion))
        parts.append(f'<line x1="{right}" x2="{right + 5}" y1="{y}" y2="{y}" stroke="{EMOTION_LINE}"/>')
        parts.append(
            f'<text x="{right + 9}" y="{y}" dy="0.35em" fill="{EMOTION_LINE}">{escape(signed(emotion))}</text>'
        )
    zero = _number(emotion_y(0))
    parts += [
        f'<line x1="{LEFT}" x2="{right}" y1="{zero}" y2="{zero}" stroke="{EMOTION_LINE}" stroke-opacity="0.35" '
        'stroke-dasharray="2 3"/>',
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + PLOT_HEIGHT}" stroke="{EFFORT_LINE}"/>',
        f'<line x1="{right}" x2="{right}" y1="{TOP}" y2="{TOP + PLOT_HEIGHT}" stroke="{EMOTION_LINE}"/>',
    ]
    parts += _legend(right)
    parts += _series([point.effort for point in points], effort_y, EFFORT_LINE, "effort-line")
    parts += _series([point.emotion for point in points], emotion_y, EMOTION_LINE, "emotion-line", dashed=True)
    for index, point in enumerate(points):
        parts.append(_step(index, point))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(right: int) -> list[str]:
    """Which line is which, and which axis belongs to it, above the plot."""
    y = TOP - 30
    return [
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{y}" y2="{y}" stroke="{EFFORT_LINE}" stroke-width="2.5"/>',
        f'<text x="{LEFT + 30}" y="{y}" dy="0.35em" font-weight="600" fill="{EFFORT_LINE}">'
        "Effort, left axis: 1 effortless … 7 very hard</text>",
        f'<line x1="{right - 24}" x2="{right}" y1="{y}" y2="{y}" stroke="{EMOTION_LINE}" stroke-width="2.5" '
        'stroke-dasharray="6 4"/>',
        f'<text x="{right - 30}" y="{y}" dy="0.35em" font-weight="600" text-anchor="end" fill="{EMOTION_LINE}">'
        "Emotion, right axis: −2 … +2</text>",
    ]


def _step(index: int, point: CurvePoint) -> str:
    """One touchpoint: its markers, its label, and a column that shows the summary on hover."""
    x = point_x(index)
    column_left = _number(x - STEP_WIDTH / 2)
    parts = [
        '<g class="step">',
        f"<title>{escape(point_summary(index + 1, point))}</title>",
        f'<rect x="{column_left}" y="{TOP}" width="{STEP_WIDTH}" height="{PLOT_HEIGHT}" fill="transparent"/>',
    ]
    if point.effort is not None:
        parts.append(
            f'<circle class="effort-point" cx="{_number(x)}" cy="{_number(effort_y(point.effort))}" r="6" '
            f'fill="{_attribute(effort_colour(point.effort))}" stroke="{EFFORT_LINE}" stroke-width="2"/>'
        )
    if point.emotion is not None:
        cy = emotion_y(point.emotion)
        diamond = " ".join(f"{_number(x + dx)},{_number(cy + dy)}" for dx, dy in ((0, -6), (6, 0), (0, 6), (-6, 0)))
        parts.append(
            f'<polygon class="emotion-point" points="{diamond}" fill="#ffffff" stroke="{EMOTION_LINE}" '
            'stroke-width="2"/>'
        )
    if point.effort is None and point.emotion is None:
        parts.append(
            f'<text x="{_number(x)}" y="{_number(TOP + PLOT_HEIGHT / 2)}" text-anchor="middle" fill="#6b7280">'
            "not rated</text>"
        )
    label_top = TOP + PLOT_HEIGHT + 18
    tspans = "".join(
        f'<tspan x="{_number(x)}" y="{label_top + line * LINE_HEIGHT}">{escape(text)}</tspan>'
        for line, text in enumerate(_label_lines(index + 1, point.title))
    )
    parts.append(f'<text class="label" text-anchor="middle">{tspans}</text>')
    parts.append("</g>")
    return "\n".join(parts)
