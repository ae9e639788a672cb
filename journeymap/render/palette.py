"""Palette: every colour journeymap draws with; one scale of effort and emotion for the diagram, grid and curve.

A step drawn in a colour in the diagram carries the same colour on its card in
the report. Effort 1 (effortless) .. 7 (very hard) runs along viridis, a
sequential scale that stays ordered for colour-blind readers and in greyscale
print: harder steps are darker. Emotion -2 .. +2 runs from orange to blue, a
diverging pair told apart with any colour vision. Every colour comes with a
second cue (the number or word printed on it), and text on a fill takes the
colour with the better contrast (`text_colour_on`). The diagram's and the
charts' other colours are named here too, so no renderer writes a colour of
its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

EFFORT_COLOURS: Mapping[int, str] = MappingProxyType(
    {
        1: "#FDE725",
        2: "#8FD744",
        3: "#35B779",
        4: "#21908C",
        5: "#31688E",
        6: "#443A83",
        7: "#440154",
    }
)
NO_EFFORT_COLOUR = "#E0E0E0"
"""A touchpoint without effort: neutral grey, so it never looks easy."""

EMOTION_COLOURS: Mapping[int, str] = MappingProxyType(
    {
        -2: "#B35806",
        -1: "#F1A340",
        0: "#E0E0E0",
        1: "#99C2E8",
        2: "#2166AC",
    }
)
NO_EMOTION_COLOUR = "#FFFFFF"

EMOTION_WORDS: Mapping[int, str] = MappingProxyType(
    {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}
)

WHITE = "#FFFFFF"

# --- the diagram (Graphviz) ----------------------------------------------------------------------------------------
# Okabe-Ito colours, chosen to be told apart with any colour vision; every colour
# also comes with a second cue (line width, dashes or a text marker).
SWITCH_COLOUR = "#0072B2"
"""A transition that switches channel."""
WARNING_COLOUR = "#D55E00"
"""A push from a digital to an analog channel, and the border of a step where the customer gives up."""
WARNING_TEXT_COLOUR = "#9E3D00"
"""The warning colour darkened, so small text on white stays readable."""
MEASURED_COLOUR = "#8E3B78"
"""Measured shares beside the designed ones (Okabe-Ito's reddish purple, darkened for small text); an off
share also says OFF."""
LINE_COLOUR = "#555555"
"""An ordinary transition."""
TEXT_COLOUR = "#222222"
"""Text and borders of the diagram."""
FRAME_COLOUR = "#BBBBBB"
"""The border of a swimlane and of the legend."""
LANE_FILLS = ("#F5F5F5", "#EAEAEA")
"""Swimlanes alternate between these, so neighbouring lanes stand apart."""

# --- the report's charts (their colours repeat report.css, so a chart matches the page around it) ------------------
INK = "#1F2933"
"""Body text and axes (report.css --ink)."""
NEUTRAL_COLOUR = "#52606D"
"""Secondary text: scales, captions, "not rated" (report.css --muted)."""
HARDER_COLOUR = "#B91C1C"
"""Harder than designed (report.css --bad); the arrow and the word carry the meaning too."""
EASIER_COLOUR = "#166534"
"""Easier than designed (report.css --good)."""
STRIPE = "#F5F7FA"
"""Every other row of a chart (report.css --page)."""
GRID_LINE = "#E5E7EB"
"""The grid lines behind a chart's values."""
EFFORT_LINE = "#443A83"
"""The effort line of the effort and emotion curve (a dark step of the effort scale)."""
EMOTION_LINE = "#D55E00"
"""The emotion line of the effort and emotion curve (Okabe-Ito vermillion, apart from every effort colour)."""
# The designed bar is light and outlined, the experienced one solid and dark: told apart in
# greyscale and by the legend and value labels, not by hue alone.
DESIGNED_FILL = "#E4E7EB"
DESIGNED_STROKE = "#616E7C"
EXPERIENCED_FILL = EFFORT_LINE
CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
"""The charts' typeface: the page's own (report.css), so no font has to be fetched."""


def effort_colour(effort: int | None) -> str:
    """Fill colour for an effort from 1 to 7; grey when no effort is given."""
    return EFFORT_COLOURS[effort] if effort is not None else NO_EFFORT_COLOUR


def emotion_colour(emotion: int | None) -> str:
    """Fill colour for an emotion from -2 to +2; white when no emotion is given."""
    return EMOTION_COLOURS[emotion] if emotion is not None else NO_EMOTION_COLOUR


def _relative_luminance(colour: str) -> float:
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill` (WCAG contrast ratio)."""
    luminance = _relative_luminance(fill)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else WHITE
