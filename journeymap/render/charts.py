"""Charts: our own small SVG charts for the HTML report, drawn without any JavaScript library.

The effort and emotion curve follows one path through a journey: effort (1..7)
on the left axis, emotion (-2..+2) on the right. The effort comparison puts the
designed effort of every walked touchpoint next to the effort its walkthroughs
recorded. Every text is escaped here, so the SVG can be inlined into a page as
trusted markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from journeymap.render.escaping import xml_text as escape
from journeymap.render.palette import (
    CHART_FONT,
    DESIGNED_FILL,
    DESIGNED_STROKE,
    EASIER_COLOUR,
    EFFORT_LINE,
    EMOTION_LINE,
    EMOTION_WORDS,
    EXPERIENCED_FILL,
    GRID_LINE,
    HARDER_COLOUR,
    INK,
    NEUTRAL_COLOUR,
    STRIPE,
    WHITE,
    effort_colour,
)
from journeymap.render.text import number, plural, signed

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
    return escape(value)


def _coordinate(value: float) -> str:
    """A position in the SVG, to a tenth of a pixel: 48, 112.5."""
    return f"{value:.1f}".removesuffix(".0")


def effort_y(effort: float) -> float:
    """1 at the bottom of the plot, 7 at the top: higher is harder."""
    return TOP + (7 - effort) / 6 * PLOT_HEIGHT


def emotion_y(emotion: float) -> float:
    """-2 at the bottom, +2 at the top: higher is happier."""
    return TOP + (2 - emotion) / 4 * PLOT_HEIGHT


def point_x(index: int) -> float:
    return LEFT + STEP_WIDTH * (index + 0.5)


def point_summary(position: int, point: CurvePoint) -> str:
    """What a screen reader (or a hovering mouse) learns about one step."""
    effort = f"effort {point.effort} of 7" if point.effort is not None else "no effort given"
    emotion = (
        f"emotion {signed(point.emotion)} ({EMOTION_WORDS[point.emotion]})"
        if point.emotion is not None
        else "no emotion given"
    )
    return f"{position}. {point.title}: {effort}, {emotion}"


def wrapped(text: str, characters: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `characters`; the last line kept ends in "…" when text is cut."""
    wrapped_lines = textwrap.wrap(text, characters, break_long_words=True) or [""]
    if len(wrapped_lines) > lines:
        last = wrapped_lines[lines - 1]
        wrapped_lines = [*wrapped_lines[: lines - 1], last[: characters - 1].rstrip() + "…"]
    return wrapped_lines


def _label_lines(position: int, title: str) -> list[str]:
    return wrapped(f"{position}. {title}", LABEL_CHARACTERS, LABEL_LINES)


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
            coordinates = " ".join(f"{_coordinate(point_x(i))},{_coordinate(to_y(value))}" for i, value in run)
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
    described = "; ".join(point_summary(position, point) for position, point in enumerate(points, 1))
    description = f"{plural(len(points), 'touchpoint')}: {described}" if points else "no path"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{prefix}-title {prefix}-description" '
        f'font-family="{CHART_FONT}" font-size="11" fill="{INK}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-description">{escape(description)}</desc>',
    ]
    # Grid and axes: effort ticks on the left, emotion ticks on the right.
    for effort in EFFORTS:
        y = _coordinate(effort_y(effort))
        parts.append(f'<line x1="{LEFT}" x2="{right}" y1="{y}" y2="{y}" stroke="{GRID_LINE}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y}" dy="0.35em" text-anchor="end" fill="{EFFORT_LINE}">{effort}</text>')
    for emotion in EMOTIONS:
        y = _coordinate(emotion_y(emotion))
        parts.append(f'<line x1="{right}" x2="{right + 5}" y1="{y}" y2="{y}" stroke="{EMOTION_LINE}"/>')
        parts.append(
            f'<text x="{right + 9}" y="{y}" dy="0.35em" fill="{EMOTION_LINE}">{escape(signed(emotion))}</text>'
        )
    zero = _coordinate(emotion_y(0))
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
    column_left = _coordinate(x - STEP_WIDTH / 2)
    parts = [
        '<g class="step">',
        f"<title>{escape(point_summary(index + 1, point))}</title>",
        f'<rect x="{column_left}" y="{TOP}" width="{STEP_WIDTH}" height="{PLOT_HEIGHT}" fill="transparent"/>',
    ]
    if point.effort is not None:
        parts.append(
            f'<circle class="effort-point" cx="{_coordinate(x)}" cy="{_coordinate(effort_y(point.effort))}" r="6" '
            f'fill="{_attribute(effort_colour(point.effort))}" stroke="{EFFORT_LINE}" stroke-width="2"/>'
        )
    if point.emotion is not None:
        cy = emotion_y(point.emotion)
        diamond = " ".join(
            f"{_coordinate(x + dx)},{_coordinate(cy + dy)}" for dx, dy in ((0, -6), (6, 0), (0, 6), (-6, 0))
        )
        parts.append(
            f'<polygon class="emotion-point" points="{diamond}" fill="{WHITE}" stroke="{EMOTION_LINE}" '
            'stroke-width="2"/>'
        )
    if point.effort is None and point.emotion is None:
        parts.append(
            f'<text x="{_coordinate(x)}" y="{_coordinate(TOP + PLOT_HEIGHT / 2)}" text-anchor="middle" '
            f'fill="{NEUTRAL_COLOUR}">not rated</text>'
        )
    label_top = TOP + PLOT_HEIGHT + 18
    tspans = "".join(
        f'<tspan x="{_coordinate(x)}" y="{label_top + line * LINE_HEIGHT}">{escape(text)}</tspan>'
        for line, text in enumerate(_label_lines(index + 1, point.title))
    )
    parts.append(f'<text class="label" text-anchor="middle">{tspans}</text>')
    parts.append("</g>")
    return "\n".join(parts)


# --- designed versus experienced effort ----------------------------------------------------------------------------

COMPARISON_LEFT = 16
COMPARISON_LABEL_WIDTH = 290  # room for a two-line touchpoint title, right-aligned against the bars
COMPARISON_LABEL_CHARACTERS = 40
EFFORT_UNIT = 60  # width of one step of effort; the bars start at 0, so effort 1 is a short bar, not none
VALUE_ROOM = 44  # right of effort 7, for the value at the end of the longest bar
COMPARISON_CHANGE_WIDTH = 150  # the "▲ +1.0 harder" column right of the bars
COMPARISON_TOP = 48  # the legend above the bars
COMPARISON_BOTTOM = 44  # the scale and its caption below them
PAIR_HEIGHT = 42
BAR_HEIGHT = 13
BAR_GAP = 3
AS_DESIGNED_WITHIN = 0.05  # a difference that rounds to 0.0 reads "as designed"
# Colours come from palette.py: the designed bar light and outlined, the experienced one solid and dark.

HARDER, EASIER, AS_DESIGNED = "harder", "easier", "as designed"
CHANGE_MARKS = {HARDER: "▲", EASIER: "▼", AS_DESIGNED: "="}


@dataclass(frozen=True)
class EffortPair:
    """One walked touchpoint: the effort the journey designs, the mean its walkthroughs recorded, their difference."""

    title: str
    designed: int | None
    experienced: float | None
    delta: float | None  # experienced minus designed, as the comparison has it; None when either is missing
    records: int  # records that walked it (a loop walked twice counts twice)


def effort_change(delta: float | None) -> str | None:
    """How the experienced effort compares with the designed one: harder, easier, as designed (None: unknown)."""
    if delta is None:
        return None
    if abs(delta) < AS_DESIGNED_WITHIN:
        return AS_DESIGNED
    return HARDER if delta > 0 else EASIER


def change_text(delta: float | None) -> str:
    """The difference in words, as a reader sees it beside a bar: "▲ +1.0 harder", "= as designed"."""
    change = effort_change(delta)
    if delta is None or change is None:
        return "no difference known"
    if change == AS_DESIGNED:
        return f"{CHANGE_MARKS[change]} as designed"
    return f"{CHANGE_MARKS[change]} {signed(delta, 1)} {change}"


def difference_words(delta: float) -> str:
    """The difference in a sentence: "+1.0, harder than designed", "as designed"."""
    change = effort_change(delta)
    return AS_DESIGNED if change == AS_DESIGNED else f"{signed(delta, 1)}, {change} than designed"


def pair_summary(pair: EffortPair) -> str:
    """What a screen reader (or a hovering mouse) learns about one touchpoint of the comparison."""
    records = plural(pair.records, "record")
    facts = [f"designed effort {pair.designed}" if pair.designed is not None else "no designed effort"]
    if pair.experienced is None:
        facts.append(f"experienced effort not rated ({records})")
    else:
        facts.append(f"experienced {number(pair.experienced, 1)} (mean of {records})")
        if pair.delta is not None:
            facts.append(difference_words(pair.delta))
    return f"{pair.title}: {', '.join(facts)}"


def effort_comparison_chart(
    pairs: Sequence[EffortPair],
    *,
    title: str = "Designed versus experienced effort",
    prefix: str = "effort-comparison",
) -> str:
    """The SVG text of paired horizontal bars, one pair per walked touchpoint in the order given.

    Each pair shows the designed effort (light, outlined) above the experienced mean (solid, dark) on
    the 1..7 scale, with their values at the ends of the bars and the difference in words beside them.
    """
    plot_left = COMPARISON_LEFT + COMPARISON_LABEL_WIDTH
    plot_right = plot_left + 7 * EFFORT_UNIT
    width = plot_right + VALUE_ROOM + COMPARISON_CHANGE_WIDTH
    bottom_of_pairs = COMPARISON_TOP + PAIR_HEIGHT * max(len(pairs), 1)
    height = bottom_of_pairs + COMPARISON_BOTTOM
    summaries = "; ".join(pair_summary(pair) for pair in pairs)
    description = f"{plural(len(pairs), 'walked touchpoint')}: {summaries}" if pairs else "none walked"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="effort-comparison" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{prefix}-title {prefix}-description" '
        f'font-family="{CHART_FONT}" font-size="12" fill="{INK}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-description">{escape(description)}</desc>',
    ]
    parts += _comparison_legend(width)
    for index in range(len(pairs)):
        if index % 2 == 0:
            top = COMPARISON_TOP + index * PAIR_HEIGHT
            parts.append(f'<rect x="0" y="{top}" width="{width}" height="{PAIR_HEIGHT}" fill="{STRIPE}"/>')
    for effort in range(8):
        x = plot_left + effort * EFFORT_UNIT
        stroke = DESIGNED_STROKE if effort == 0 else GRID_LINE
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{COMPARISON_TOP}" y2="{bottom_of_pairs}" stroke="{stroke}" stroke-width="1"/>'
        )
        if effort:
            parts.append(
                f'<text x="{x}" y="{bottom_of_pairs + 16}" text-anchor="middle" font-size="11" '
                f'fill="{NEUTRAL_COLOUR}">{effort}</text>'
            )
    parts.append(
        f'<text x="{_coordinate((plot_left + plot_right) / 2)}" y="{bottom_of_pairs + 34}" text-anchor="middle" '
        f'font-size="11" fill="{NEUTRAL_COLOUR}">Effort: 1 effortless … 7 very hard</text>'
    )
    for index, pair in enumerate(pairs):
        parts.append(_pair(index, pair, plot_left))
    parts.append("</svg>")
    return "\n".join(parts)


def _comparison_legend(width: int) -> list[str]:
    """Which bar is which, and how the difference reads, above the bars."""
    y = 18
    designed_x, experienced_x = COMPARISON_LEFT, COMPARISON_LEFT + 150
    return [
        f'<rect x="{designed_x}" y="{y - 6}" width="22" height="12" fill="{DESIGNED_FILL}" '
        f'stroke="{DESIGNED_STROKE}" stroke-width="1"/>',
        f'<text x="{designed_x + 28}" y="{y}" dy="0.35em" font-weight="600">Designed effort</text>',
        f'<rect x="{experienced_x}" y="{y - 6}" width="22" height="12" fill="{EXPERIENCED_FILL}"/>',
        f'<text x="{experienced_x + 28}" y="{y}" dy="0.35em" font-weight="600">Experienced (mean of the walks)</text>',
        f'<text x="{width - 8}" y="{y}" dy="0.35em" text-anchor="end" fill="{NEUTRAL_COLOUR}">'
        f'<tspan fill="{HARDER_COLOUR}" font-weight="700">▲ harder</tspan> / '
        f'<tspan fill="{EASIER_COLOUR}" font-weight="700">▼ easier</tspan> than designed</text>',
    ]


def _pair(index: int, pair: EffortPair, plot_left: int) -> str:
    """One touchpoint: its title, its two bars with their values, and the difference in words."""
    top = COMPARISON_TOP + index * PAIR_HEIGHT
    middle = top + PAIR_HEIGHT / 2
    designed_y = middle - BAR_GAP / 2 - BAR_HEIGHT
    experienced_y = middle + BAR_GAP / 2
    parts = ['<g class="pair">', f"<title>{escape(pair_summary(pair))}</title>"]
    lines = wrapped(pair.title, COMPARISON_LABEL_CHARACTERS, 2)
    first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
    tspans = "".join(
        f'<tspan x="{plot_left - 12}" y="{_coordinate(first + line * LINE_HEIGHT)}" dy="0.35em">{escape(text)}</tspan>'
        for line, text in enumerate(lines)
    )
    parts.append(f'<text class="label" text-anchor="end">{tspans}</text>')
    parts += _bar(plot_left, designed_y, pair.designed, css_class="designed", missing="no designed effort")
    parts += _bar(plot_left, experienced_y, pair.experienced, css_class="experienced", missing="not rated")
    delta = pair.delta
    change = effort_change(delta)
    colour = {HARDER: HARDER_COLOUR, EASIER: EASIER_COLOUR}.get(change or "", NEUTRAL_COLOUR)
    weight = ' font-weight="700"' if change in {HARDER, EASIER} else ""
    parts.append(
        f'<text class="difference" x="{plot_left + 7 * EFFORT_UNIT + VALUE_ROOM}" y="{_coordinate(middle)}" '
        f'dy="0.35em" fill="{colour}"{weight}>{escape(change_text(delta) if delta is not None else "—")}</text>'
    )
    parts.append("</g>")
    return "\n".join(parts)


def _bar(left: int, y: float, value: float | None, *, css_class: str, missing: str) -> list[str]:
    """A bar from effort 0 to `value` with the value at its end, or a note where the value is missing."""
    text_y = _coordinate(y + BAR_HEIGHT / 2)
    if value is None:
        return [
            f'<text x="{left + 6}" y="{text_y}" dy="0.35em" font-size="11" font-style="italic" '
            f'fill="{NEUTRAL_COLOUR}">{escape(missing)}</text>'
        ]
    end = left + value * EFFORT_UNIT
    style = (
        f'fill="{DESIGNED_FILL}" stroke="{DESIGNED_STROKE}" stroke-width="1"'
        if css_class == "designed"
        else f'fill="{EXPERIENCED_FILL}"'
    )
    shown = str(value) if isinstance(value, int) else number(value, 1)
    return [
        f'<rect class="{css_class}" x="{left}" y="{_coordinate(y)}" width="{_coordinate(end - left)}" '
        f'height="{BAR_HEIGHT}" rx="2" {style}/>',
        f'<text x="{_coordinate(end + 6)}" y="{text_y}" dy="0.35em" font-size="11" font-weight="600">{shown}</text>',
    ]
