"""Decision charts: our own small SVGs for the report's "Opportunities" and "As-is vs to-be" sections.

The opportunity bars show the effort gain of the best changes, one horizontal bar each.
The as-is vs to-be curve puts the effort and emotion of both journeys along their most
likely paths in one chart (the as-is in light, thin lines, the to-be in full colour).
Every text is escaped here, so the SVG can be inlined into a page as trusted markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journeymap.render.charts import EFFORTS, EMOTIONS, CurvePoint, effort_y, emotion_y, point_summary, wrapped
from journeymap.render.escaping import xml_text as escape
from journeymap.render.palette import CHART_FONT, EFFORT_LINE, EMOTION_LINE, GRID_LINE, INK, NEUTRAL_COLOUR
from journeymap.render.text import plural

BAR_HEIGHT, BAR_GAP = 18, 10
LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 300, 340, 100
LABEL_CHARACTERS = 44
TOP_MARGIN = 28

CURVE_STEP, CURVE_LEFT, CURVE_RIGHT, CURVE_TOP, CURVE_HEIGHT = 64, 48, 48, 64, 200
CURVE_BOTTOM = 40
AS_IS_OPACITY = "0.45"


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
    """Effort (left axis) and emotion (right axis) of both journeys, step by step along their most likely paths."""
    steps = max(len(as_is), len(to_be), 1)
    width = max(CURVE_LEFT + CURVE_RIGHT + CURVE_STEP * steps, 520)
    height = CURVE_TOP + CURVE_HEIGHT + CURVE_BOTTOM
    right = width - CURVE_RIGHT

    def described(points: Sequence[CurvePoint]) -> str:
        return f"{plural(len(points), 'step')}: " + "; ".join(
            point_summary(position, point) for position, point in enumerate(points, 1)
        )

    description = f"As-is, {described(as_is)}. To-be, {described(to_be)}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="versus-curve" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{prefix}-title {prefix}-description" '
        f'font-family="{CHART_FONT}" font-size="11" fill="{INK}">',
        f'<title id="{prefix}-title">Effort and emotion along the most likely paths, as-is and to-be</title>',
        f'<desc id="{prefix}-description">{escape(description)}</desc>',
    ]
    for effort in EFFORTS:
        y = _coordinate(_shift(effort_y(effort)))
        parts.append(f'<line x1="{CURVE_LEFT}" x2="{right}" y1="{y}" y2="{y}" stroke="{GRID_LINE}"/>')
        parts.append(
            f'<text x="{CURVE_LEFT - 8}" y="{y}" dy="0.35em" text-anchor="end" fill="{EFFORT_LINE}">{effort}</text>'
        )
    for emotion in EMOTIONS:
        y = _coordinate(_shift(emotion_y(emotion)))
        shown = f"+{emotion}" if emotion > 0 else ("−" + str(-emotion) if emotion < 0 else "0")
        parts.append(f'<text x="{right + 9}" y="{y}" dy="0.35em" fill="{EMOTION_LINE}">{shown}</text>')
    for index in range(steps):
        parts.append(
            f'<text x="{_coordinate(_x(index))}" y="{CURVE_TOP + CURVE_HEIGHT + 16}" text-anchor="middle" '
            f'fill="{NEUTRAL_COLOUR}">{index + 1}</text>'
        )
    parts.append(
        f'<text x="{_coordinate((CURVE_LEFT + right) / 2)}" y="{CURVE_TOP + CURVE_HEIGHT + 32}" text-anchor="middle" '
        f'fill="{NEUTRAL_COLOUR}">step along the most likely path</text>'
    )
    parts += _versus_legend(right)
    faded = f' opacity="{AS_IS_OPACITY}"'
    dashed = ' stroke-dasharray="6 4"'
    parts += _lines([p.effort for p in as_is], _effort, EFFORT_LINE, "as-is effort-line", faded)
    parts += _lines([p.emotion for p in as_is], _emotion, EMOTION_LINE, "as-is emotion-line", faded + dashed)
    parts += _lines([p.effort for p in to_be], _effort, EFFORT_LINE, "to-be effort-line", "")
    parts += _lines([p.emotion for p in to_be], _emotion, EMOTION_LINE, "to-be emotion-line", dashed)
    parts.append("</svg>")
    return "\n".join(parts)


def _shift(y: float) -> float:
    """The curve module's plot starts 48 px down; this chart leaves room for a two-line legend."""
    return y - 48 + CURVE_TOP


def _effort(value: float) -> float:
    return _shift(effort_y(value))


def _emotion(value: float) -> float:
    return _shift(emotion_y(value))


def _versus_legend(right: int) -> list[str]:
    rows = [
        (14, "as-is", AS_IS_OPACITY),
        (34, "to-be", "1"),
    ]
    parts = []
    for y, name, opacity in rows:
        parts += [
            f'<line x1="{CURVE_LEFT}" x2="{CURVE_LEFT + 24}" y1="{y}" y2="{y}" stroke="{EFFORT_LINE}" '
            f'stroke-width="2.5" opacity="{opacity}"/>',
            f'<text x="{CURVE_LEFT + 30}" y="{y}" dy="0.35em" fill="{EFFORT_LINE}">Effort {name} (left axis)</text>',
            f'<line x1="{right - 24}" x2="{right}" y1="{y}" y2="{y}" stroke="{EMOTION_LINE}" stroke-width="2.5" '
            f'stroke-dasharray="6 4" opacity="{opacity}"/>',
            f'<text x="{right - 30}" y="{y}" dy="0.35em" text-anchor="end" fill="{EMOTION_LINE}">'
            f"Emotion {name} (right axis)</text>",
        ]
    return parts
