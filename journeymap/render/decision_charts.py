"""Decision charts: our own small SVGs for the report's "Opportunities" and "As-is vs to-be" sections.

The opportunity bars show the effort gain of the best changes, one horizontal bar each.
The as-is vs to-be curve shows the effort and the emotion of both journeys along their
most likely paths as two aligned panels, each with its own scale (the as-is faded, the
to-be in full colour), as the journey page's curve does for one journey.
Every text is escaped here, so the SVG can be inlined into a page as trusted markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journeymap.render.charts import CurvePoint, Panel, panel_scale, point_summary, wrapped
from journeymap.render.escaping import xml_text as escape
from journeymap.render.palette import CHART_FONT, EFFORT_LINE, EMOTION_LINE, GRID_LINE, INK, NEUTRAL_COLOUR
from journeymap.render.text import plural, signed

BAR_HEIGHT, BAR_GAP = 18, 10
LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 300, 340, 100
LABEL_CHARACTERS = 44
TOP_MARGIN = 28

CURVE_STEP, CURVE_LEFT, CURVE_RIGHT = 64, 48, 24
AS_IS_OPACITY = "0.45"
VERSUS_EFFORT = Panel("effort", "Effort (lower is easier)", 70, 150, 1, 7, str)
VERSUS_EMOTION = Panel("emotion", "Emotion (higher is happier)", VERSUS_EFFORT.bottom + 50, 100, -2, 2, signed)
VERSUS_HEIGHT = int(VERSUS_EMOTION.bottom + 44)


@dataclass(frozen=True)
class Bar:
    label: str  # "1. Transfers photos…: ease"
    value: float  # effort gain per customer, > 0 drawn, else an empty bar
    shown: str  # the value as the table shows it: "3.60 (11%)"


def _coordinate(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def opportunity_bars(bars: Sequence[Bar], *, title: str = "Effort gain per customer of the best changes") -> str:
    """A horizontal bar per change, longest for the largest effort gain; labels and values as text."""
    largest = max((bar.value for bar in bars), default=0.0)
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = TOP_MARGIN + len(bars) * (BAR_HEIGHT + BAR_GAP) + 8
    described = "; ".join(f"{bar.label}: effort gain {bar.shown}" for bar in bars) or "no change gains effort"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="opportunity-bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="bars-title bars-description" '
        f'font-family="{CHART_FONT}" font-size="11" fill="{INK}">',
        f'<title id="bars-title">{escape(title)}</title>',
        f'<desc id="bars-description">{escape(described)}</desc>',
        f'<text x="{LABEL_WIDTH}" y="14" font-weight="600" fill="{EFFORT_LINE}">'
        "Effort gain per customer (expected effort saved)</text>",
        f'<line x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH}" y1="{TOP_MARGIN - 4}" y2="{height - 4}" stroke="{GRID_LINE}"/>',
    ]
    for k, bar in enumerate(bars):
        y = TOP_MARGIN + k * (BAR_HEIGHT + BAR_GAP)
        length = BAR_AREA * bar.value / largest if largest > 0 and bar.value > 0 else 0.0
        label = wrapped(bar.label, LABEL_CHARACTERS, 1)[0]
        middle = _coordinate(y + BAR_HEIGHT / 2)
        parts += [
            '<g class="bar">',
            f"<title>{escape(f'{bar.label}: effort gain {bar.shown}')}</title>",
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" dy="0.35em" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{_coordinate(length)}" height="{BAR_HEIGHT}" '
            f'fill="{EFFORT_LINE}" rx="2"/>',
            f'<text x="{_coordinate(LABEL_WIDTH + length + 6)}" y="{middle}" dy="0.35em">{escape(bar.shown)}</text>',
            "</g>",
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def _x(index: int) -> float:
    return CURVE_LEFT + CURVE_STEP * (index + 0.5)


def _lines(
    values: Sequence[int | None], to_y: Callable[[float], float], colour: str, css_class: str, extra: str
) -> list[str]:
    """Polylines through the given values; a missing value leaves a gap. Markers on every given value."""
    parts, run = [], []
    for index, value in [*enumerate(values), (len(values), None)]:
        if value is not None:
            run.append(f"{_coordinate(_x(index))},{_coordinate(to_y(value))}")
            parts.append(
                f'<circle class="{css_class}" cx="{_coordinate(_x(index))}" cy="{_coordinate(to_y(value))}" r="3" '
                f'fill="{colour}"{extra}/>'
            )
            continue
        if len(run) > 1:
            parts.append(
                f'<polyline class="{css_class}" points="{" ".join(run)}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-linejoin="round"{extra}/>'
            )
        run = []
    return parts


def as_is_to_be_curve(as_is: Sequence[CurvePoint], to_be: Sequence[CurvePoint], *, prefix: str = "versus") -> str:
    """Effort and emotion of both journeys, step by step along their most likely paths, as two aligned panels.

    The effort panel (1..7, 1 at the bottom: lower is easier) sits above the emotion panel
    (-2..+2, +2 at the top: higher is happier); both share the x axis, the n-th step of each
    journey's own most likely path. The as-is is drawn faded, the to-be in full colour; a
    missing value leaves a gap in its line.
    """
    steps = max(len(as_is), len(to_be), 1)
    width = max(CURVE_LEFT + CURVE_RIGHT + CURVE_STEP * steps, 520)
    right = width - CURVE_RIGHT

    def described(points: Sequence[CurvePoint]) -> str:
        return f"{plural(len(points), 'step')}: " + "; ".join(
            point_summary(position, point) for position, point in enumerate(points, 1)
        )

    description = f"As-is, {described(as_is)}. To-be, {described(to_be)}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="versus-curve" viewBox="0 0 {width} {VERSUS_HEIGHT}" '
        f'width="{width}" height="{VERSUS_HEIGHT}" role="img" aria-labelledby="{prefix}-title {prefix}-description" '
        f'font-family="{CHART_FONT}" font-size="11" fill="{INK}">',
        f'<title id="{prefix}-title">Effort and emotion along the most likely paths, as-is and to-be</title>',
        f'<desc id="{prefix}-description">{escape(description)}</desc>',
        *_versus_legend(),
    ]
    efforts = [p.effort for p in as_is], [p.effort for p in to_be]
    emotions = [p.emotion for p in as_is], [p.emotion for p in to_be]
    parts += _versus_panel(prefix, VERSUS_EFFORT, efforts, colour=EFFORT_LINE, right=right, dash="")
    parts += _versus_panel(
        prefix, VERSUS_EMOTION, emotions, colour=EMOTION_LINE, right=right, dash=' stroke-dasharray="6 4"'
    )
    axis = VERSUS_EMOTION.bottom
    for index in range(steps):
        parts.append(
            f'<text x="{_coordinate(_x(index))}" y="{_coordinate(axis + 16)}" text-anchor="middle" '
            f'fill="{NEUTRAL_COLOUR}">{index + 1}</text>'
        )
    parts.append(
        f'<text x="{_coordinate((CURVE_LEFT + right) / 2)}" y="{_coordinate(axis + 34)}" text-anchor="middle" '
        f'fill="{NEUTRAL_COLOUR}">step along each journey\'s most likely path</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _versus_panel(
    prefix: str,
    panel: Panel,
    values: tuple[Sequence[int | None], Sequence[int | None]],
    *,
    colour: str,
    right: float,
    dash: str,
) -> list[str]:
    """One panel: heading, its own scale and grid, the as-is line (faded) and the to-be line over it."""
    parts = panel_scale(prefix, panel, left=CURVE_LEFT, right=right, colour=colour)
    as_is, to_be = values
    line = f"{panel.name}-line"
    parts += _lines(as_is, panel.y, colour, f"as-is {line}", f' opacity="{AS_IS_OPACITY}"{dash}')
    parts += _lines(to_be, panel.y, colour, f"to-be {line}", dash)
    parts.append("</g>")
    return parts


def _versus_legend() -> list[str]:
    """Which line is which journey: the style (faded or full), shown in both panels' colours."""
    parts = []
    for x, name, opacity in ((CURVE_LEFT, "as-is", AS_IS_OPACITY), (CURVE_LEFT + 130, "to-be", "1")):
        for offset, colour in ((0, EFFORT_LINE), (6, EMOTION_LINE)):
            dash = ' stroke-dasharray="6 4"' if colour == EMOTION_LINE else ""
            parts.append(
                f'<line x1="{x}" x2="{x + 28}" y1="{14 + offset}" y2="{14 + offset}" stroke="{colour}" '
                f'stroke-width="2.5" opacity="{opacity}"{dash}/>'
            )
        parts.append(f'<text x="{x + 36}" y="17" dy="0.35em" font-weight="600">{name}</text>')
    return parts
