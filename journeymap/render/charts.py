"""Charts: our own small SVG charts for the HTML report, drawn without any JavaScript library.

The effort and emotion curve follows one path through a journey in two aligned panels
sharing one x axis: effort (1..7, lower is easier) above emotion (-2..+2, higher is
happier), each on its own scale. The effort comparison puts the
designed effort of every walked touchpoint next to the effort its walkthroughs
recorded. Every text is escaped here, so the SVG can be inlined into a page as
trusted markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from journeymap.render.escaping import xml_text as escape
from journeymap.render.layout import balanced_spans
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

STEP_WIDTH = 104  # room for a label of four lines of 14 characters at 12 px under each touchpoint
LINE_HEIGHT = 13


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


# --- effort and emotion as two aligned panels ----------------------------------------------------------------------

CURVE_LEFT, CURVE_RIGHT = 128, 24  # the scales and their words ("7 very hard") left of the panels
CURVE_MINIMUM_WIDTH = 360
CURVE_FONT_SIZE = 12  # every text at least 11 px when the chart shows at its natural size
CURVE_LABEL_LINES, CURVE_LABEL_CHARACTERS, CURVE_LINE_HEIGHT = 4, 14, 15
NO_RATING = "no rating"


@dataclass(frozen=True)
class Panel:
    """One panel of the curve: its scale from `low` (drawn at the bottom) to `high` (at the top), and its place."""

    name: str  # "effort", "emotion": the panel's class and id
    heading: str
    top: float
    height: float
    low: int
    high: int
    ticks: Callable[[int], str]

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y(self, value: float) -> float:
        return self.top + (self.high - value) / (self.high - self.low) * self.height


def _effort_tick(effort: int) -> str:
    return {1: "1 effortless", 7: "7 very hard"}.get(effort, str(effort))


def _emotion_tick(emotion: int) -> str:
    return f"{signed(emotion)} {EMOTION_WORDS[emotion]}" if emotion in (-2, 0, 2) else signed(emotion)


EFFORT_PANEL = Panel("effort", "Effort (lower is easier)", 34, 150, 1, 7, _effort_tick)
EMOTION_PANEL = Panel("emotion", "Emotion (higher is happier)", EFFORT_PANEL.bottom + 54, 120, -2, 2, _emotion_tick)
CURVE_LABELS_TOP = EMOTION_PANEL.bottom + 22
CURVE_HEIGHT = int(CURVE_LABELS_TOP + (CURVE_LABEL_LINES - 1) * CURVE_LINE_HEIGHT + 12)


def curve_x(index: int) -> float:
    """The middle of the column of step `index` (from 0): the same in both panels."""
    return CURVE_LEFT + STEP_WIDTH * (index + 0.5)


def curve_label_lines(position: int, title: str) -> list[str]:
    return wrapped(f"{position}. {title}", CURVE_LABEL_CHARACTERS, CURVE_LABEL_LINES)


def effort_emotion_curve(
    points: Sequence[CurvePoint],
    *,
    title: str = "Effort and emotion along the main path",
    prefix: str = "curve",
    first: int = 1,
) -> str:
    """The SVG text of the curve as two aligned panels; `prefix` keeps its element ids unique within one page.

    The steps are numbered from `first`: a long path is printed as consecutive parts (`curve_parts`).

    The effort panel (1..7, 1 at the bottom: lower is easier) sits above the emotion panel
    (-2..+2, +2 at the top: higher is happier), each with its own scale; both share one x axis,
    a column per step of the path, labelled once under the emotion panel. A step without a value
    leaves a gap in that panel's line and says "no rating" there.
    """
    count = max(len(points), 1)
    width = max(CURVE_LEFT + CURVE_RIGHT + STEP_WIDTH * count, CURVE_MINIMUM_WIDTH)
    right = CURVE_LEFT + STEP_WIDTH * count
    described = "; ".join(point_summary(position, point) for position, point in enumerate(points, first))
    description = f"{plural(len(points), 'touchpoint')}: {described}" if points else "no path"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 {width} {CURVE_HEIGHT}" '
        f'width="{width}" height="{CURVE_HEIGHT}" role="img" aria-labelledby="{prefix}-title {prefix}-description" '
        f'font-family="{CHART_FONT}" font-size="{CURVE_FONT_SIZE}" fill="{INK}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-description">{escape(description)}</desc>',
    ]
    parts += [_step_column(index, point, first) for index, point in enumerate(points)]
    efforts = [point.effort for point in points]
    emotions = [point.emotion for point in points]
    parts += _panel(prefix, EFFORT_PANEL, right=right, values=efforts, colour=EFFORT_LINE, marker=_effort_marker)
    parts += _panel(
        prefix, EMOTION_PANEL, right=right, values=emotions, colour=EMOTION_LINE, marker=_emotion_marker, dashed=True
    )
    parts.append(f'<g class="x-axis" id="{prefix}-steps">')
    parts += [_step_label(index, point, first) for index, point in enumerate(points)]
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


# A printed A4 landscape page is 277 mm (1 047 px) wide: a part of at most this many steps (11 steps are
# 1 296 px) is shrunk to no less than 0.81 by the page's width. print.css puts two parts on a page, which
# shrinks each to about 0.69 by height, so the 12 px step labels print at about 6 pt, whatever the path's
# length (one curve of 20 steps printed them at about 4 pt).
PRINTED_STEPS = 11


def curve_parts(points: Sequence[CurvePoint], *, prefix: str = "curve", steps: int = PRINTED_STEPS) -> list[str]:
    """A path too long to print readably as one curve, as consecutive curves of at most `steps` steps each,
    of even length (23 steps are 8 + 8 + 7, not 11 + 11 + 1), numbered on from the part before; no parts
    for a path that fits one.
    """
    if len(points) <= steps:
        return []
    return [
        effort_emotion_curve(
            points[first : last + 1],
            title=f"Effort and emotion along the main path, steps {first + 1} to {last + 1} of {len(points)}",
            prefix=f"{prefix}-part{number}",
            first=first + 1,
        )
        for number, (first, last) in enumerate(balanced_spans(len(points), steps), 1)
    ]


def _step_column(index: int, point: CurvePoint, first: int) -> str:
    """A column behind both panels that shows the step's summary on hover, with a faint guide through them."""
    x = curve_x(index)
    top, bottom = EFFORT_PANEL.top, EMOTION_PANEL.bottom
    return (
        f'<g class="step"><title>{escape(point_summary(first + index, point))}</title>'
        f'<rect x="{_coordinate(x - STEP_WIDTH / 2)}" y="{_coordinate(top)}" width="{STEP_WIDTH}" '
        f'height="{_coordinate(bottom - top)}" fill="transparent"/>'
        f'<line x1="{_coordinate(x)}" x2="{_coordinate(x)}" y1="{_coordinate(top)}" y2="{_coordinate(bottom)}" '
        f'stroke="{GRID_LINE}" stroke-width="1"/></g>'
    )


def panel_scale(prefix: str, panel: Panel, *, left: float, right: float, colour: str) -> list[str]:
    """A panel's opening (its group is closed by the caller): heading, and a grid line and label per tick."""
    parts = [
        f'<g class="panel {panel.name}-panel" id="{prefix}-{panel.name}">',
        f'<text class="panel-heading" x="{_coordinate(left)}" y="{_coordinate(panel.top - 14)}" font-weight="700" '
        f'fill="{colour}">{escape(panel.heading)}</text>',
    ]
    for tick in range(panel.low, panel.high + 1):
        y = _coordinate(panel.y(tick))
        parts.append(
            f'<line x1="{_coordinate(left)}" x2="{_coordinate(right)}" y1="{y}" y2="{y}" stroke="{GRID_LINE}"/>'
        )
        parts.append(
            f'<text class="tick" x="{_coordinate(left - 8)}" y="{y}" dy="0.35em" text-anchor="end" font-size="11" '
            f'fill="{colour}">{escape(panel.ticks(tick))}</text>'
        )
    return parts


def _panel(
    prefix: str,
    panel: Panel,
    *,
    right: float,
    values: Sequence[int | None],
    colour: str,
    marker: Callable[[float, float, int], str],
    dashed: bool = False,
) -> list[str]:
    """One panel: heading, scale, grid, the line through its values (gaps where missing) and a marker per value."""
    parts = panel_scale(prefix, panel, left=CURVE_LEFT, right=right, colour=colour)
    parts.append(
        f'<line x1="{CURVE_LEFT}" x2="{CURVE_LEFT}" y1="{_coordinate(panel.top)}" y2="{_coordinate(panel.bottom)}" '
        f'stroke="{colour}"/>'
    )
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    for run in _runs(values):
        if len(run) > 1:
            coordinates = " ".join(f"{_coordinate(curve_x(i))},{_coordinate(panel.y(value))}" for i, value in run)
            parts.append(
                f'<polyline class="{panel.name}-line" points="{coordinates}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
            )
    middle = _coordinate(panel.y((panel.low + panel.high) / 2))
    for index, rating in enumerate(values):
        x = curve_x(index)
        if rating is None:
            parts.append(
                f'<text class="no-rating" x="{_coordinate(x)}" y="{middle}" dy="0.35em" text-anchor="middle" '
                f'font-size="11" font-style="italic" fill="{NEUTRAL_COLOUR}">{NO_RATING}</text>'
            )
        else:
            parts.append(marker(x, panel.y(rating), rating))
    parts.append("</g>")
    return parts


def _effort_marker(x: float, y: float, effort: int) -> str:
    return (
        f'<circle class="effort-point" cx="{_coordinate(x)}" cy="{_coordinate(y)}" r="6" '
        f'fill="{_attribute(effort_colour(effort))}" stroke="{EFFORT_LINE}" stroke-width="2"/>'
    )


def _emotion_marker(x: float, y: float, emotion: int) -> str:
    diamond = " ".join(f"{_coordinate(x + dx)},{_coordinate(y + dy)}" for dx, dy in ((0, -6), (6, 0), (0, 6), (-6, 0)))
    return (
        f'<polygon class="emotion-point" points="{diamond}" fill="{WHITE}" stroke="{EMOTION_LINE}" stroke-width="2"/>'
    )


def _step_label(index: int, point: CurvePoint, first: int) -> str:
    """The step's number and title under the panels, wrapped to its column so labels never overlap."""
    x = _coordinate(curve_x(index))
    tspans = "".join(
        f'<tspan x="{x}" y="{_coordinate(CURVE_LABELS_TOP + line * CURVE_LINE_HEIGHT)}">{escape(text)}</tspan>'
        for line, text in enumerate(curve_label_lines(first + index, point.title))
    )
    return f'<text class="label" text-anchor="middle">{tspans}</text>'


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
