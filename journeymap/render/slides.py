"""Slides: a `Deck` written as a PowerPoint file with python-pptx (the `slides` extra, imported only here).

Every box is placed where the deck says and keeps its size: text boxes neither grow nor shrink their
text (the deck sized them), tables get the row heights the deck measured, charts are native charts
that PowerPoint, Keynote and LibreOffice can restyle, and pictures are fitted into their boxes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, cast

from journeymap.render.deck import (
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    HEIGHT,
    PARAGRAPH_GAP,
    WIDTH,
    Chart,
    Deck,
    Picture,
    Table,
    Text,
)
from journeymap.render.palette import DESIGNED_STROKE, EXPERIENCED_FILL, NEUTRAL_COLOUR, STRIPE, TEXT_COLOUR, WHITE

if TYPE_CHECKING:
    from pptx.slide import Slide as PptxSlide

FONT = "Arial"  # LibreOffice draws it with Liberation Sans, whose widths are Arial's
HEADER_FILL = "#1F2933"


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#"))


def _style(run: Any, size: float, *, bold: bool = False, colour: str = TEXT_COLOUR) -> None:
    from pptx.util import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)


def _frame(frame: Any) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(CELL_MARGIN_X)
    frame.margin_top = frame.margin_bottom = Pt(CELL_MARGIN_Y)


def _text(slide: PptxSlide, text: Text) -> None:
    from pptx.util import Pt

    box = text.box
    shape = slide.shapes.add_textbox(Pt(box.x), Pt(box.y), Pt(box.width), Pt(box.height))
    frame = shape.text_frame
    _frame(frame)
    for k, paragraph_text in enumerate(text.paragraphs):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        if len(text.paragraphs) > 1:
            paragraph.space_after = Pt(text.size * PARAGRAPH_GAP)
        run = paragraph.add_run()
        run.text = paragraph_text
        _style(run, text.size, bold=text.bold, colour=NEUTRAL_COLOUR if text.muted else TEXT_COLOUR)


def _table(slide: PptxSlide, table: Table) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    box = table.box
    rows, columns = len(table.rows), len(table.widths)
    frame = slide.shapes.add_table(rows, columns, Pt(box.x), Pt(box.y), Pt(box.width), Pt(box.height))
    shape = frame.table
    shape.first_row = True
    shape.horz_banding = False
    for k, width in enumerate(table.widths):
        shape.columns[k].width = Pt(width)
    for r, (cells, height) in enumerate(zip(table.rows, table.heights, strict=True)):
        shape.rows[r].height = Pt(height)
        for c, value in enumerate(cells):
            cell = shape.cell(r, c)
            cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_MARGIN_Y)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(HEADER_FILL if r == 0 else STRIPE if r % 2 == 0 else WHITE)
            frame_ = cell.text_frame
            frame_.word_wrap = True
            paragraph = frame_.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if c in table.right else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = value
            _style(run, table.size, bold=r == 0, colour=WHITE if r == 0 else TEXT_COLOUR)


def _chart(slide: PptxSlide, chart: Chart) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    data = CategoryChartData()
    data.categories = list(chart.categories)
    for name, values in chart.series:
        data.add_series(name, list(values))
    box = chart.box
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Pt(box.x), Pt(box.y), Pt(box.width), Pt(box.height), cast(Any, data)
    )
    drawn = frame.chart
    drawn.font.name = FONT
    drawn.font.size = Pt(12)
    drawn.has_legend = len(chart.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.TOP
        drawn.legend.include_in_layout = False
    categories = drawn.category_axis
    categories.reverse_order = True  # the first category on top, as it is read
    values = drawn.value_axis
    values.minimum_scale = 0
    if chart.maximum is not None:
        values.maximum_scale = chart.maximum
    values.has_major_gridlines = True
    for series, colour in zip(drawn.plots[0].series, (DESIGNED_STROKE, EXPERIENCED_FILL), strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour if len(chart.series) > 1 else EXPERIENCED_FILL)


def _picture(slide: PptxSlide, picture: Picture) -> None:
    from pptx.util import Emu, Pt

    data = picture.data
    if picture.media_type == "image/webp":  # PowerPoint files hold PNG and JPEG, not WebP
        from PIL import Image

        converted = io.BytesIO()
        Image.open(io.BytesIO(data)).save(converted, format="PNG")
        data = converted.getvalue()
    box = picture.box
    shape = slide.shapes.add_picture(io.BytesIO(data), Pt(box.x), Pt(box.y))
    width, height = shape.width, shape.height
    scale = min(Pt(box.width) / width, Pt(box.height) / height)
    if picture.dpi is not None:  # python-pptx sized it by the file's own resolution (72 dpi where it says none)
        scale = min(scale, (shape.image.dpi[0] or 72) / picture.dpi)
    shape.width, shape.height = Emu(int(width * scale)), Emu(int(height * scale))
    shape.left = Emu(int(Pt(box.x) + (Pt(box.width) - shape.width) / 2))
    shape.top = Emu(int(Pt(box.y) + (Pt(box.height) - shape.height) / 2))


def deck_pptx(deck: Deck) -> bytes:
    """The deck as the bytes of a .pptx file."""
    from pptx import Presentation
    from pptx.util import Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Pt(WIDTH), Pt(HEIGHT)
    presentation.core_properties.title = deck.title
    blank = presentation.slide_layouts[6]
    for content in deck.slides:
        slide = presentation.slides.add_slide(blank)
        _text(slide, content.title)
        for shape in content.shapes:
            if isinstance(shape, Text):
                _text(slide, shape)
            elif isinstance(shape, Table):
                _table(slide, shape)
            elif isinstance(shape, Chart):
                _chart(slide, shape)
            else:
                _picture(slide, shape)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
