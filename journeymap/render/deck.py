"""Deck: what the slides of a journey or a walkthrough show and where each box sits, sized for its text; pure.

The slides are 16:9 (960 x 540 points). Every text box and table row is as tall as its text needs
at the font size chosen for it (`journeymap.render.fit`); a list too long for one slide goes on
continuation slides ("2 of 3"), so no text runs out of its box. `journeymap.render.slides` writes the
deck as a PowerPoint file; nothing here imports python-pptx.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from journeymap.compare import Comparison
from journeymap.graph import JourneyGraph
from journeymap.model import Walkthrough
from journeymap.render.comparison import score_rows
from journeymap.render.fit import fitting_size, shortened, text_height, wrap
from journeymap.render.opportunities import change_text, completion_text, effort_gain_text
from journeymap.render.text import number, percent, plural
from journeymap.scoring import Path, Scores
from journeymap.targets import target_text
from journeymap.walkthroughs.comparison import SEVERITIES, UNRATED
from journeymap.walkthroughs.licences import Coverage
from journeymap.walkthroughs.path_walk import PathStatus, PathWalk
from journeymap.whatif import Opportunity

WIDTH, HEIGHT = 960.0, 540.0  # points: 13.33 x 7.5 inches
MARGIN = 40.0
CONTENT_TOP = 104.0
CONTENT_BOTTOM = HEIGHT - 30.0
CONTENT_WIDTH = WIDTH - 2 * MARGIN
TITLE_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0)
LEAD_SIZES = (18.0, 16.0, 14.0)
TABLE_SIZES = (16.0, 14.0, 13.0, 12.0)  # a table is set at the largest of these that fits it on one slide,
CONTINUED_SIZE = 14.0  # else at this size over continuation slides: readable from the back of a room
CELL_MARGIN_X, CELL_MARGIN_Y = 7.2, 3.6  # python-pptx's default cell margins (0.1 and 0.05 inch)
ROW_EXTRA = 2.0  # points a row is given beyond its lines: the renderers' rounding
MOST_LINES_IN_A_CELL = 6  # a longer cell text is cut there ("…"), so one row never outgrows a slide
CAPTION_ROOM = 40.0  # points under a picture for its caption
DIAGRAM_HEIGHT = CONTENT_BOTTOM - CONTENT_TOP - CAPTION_ROOM  # the room for a picture of the map
MAP_DPI = 144  # the map's pictures: sharp on a projector, small enough to mail; never shown larger than this
CHART_ROWS = 12  # bars per chart slide
NONE = "–"
PARAGRAPH_GAP = 0.3  # space after each of several paragraphs in a box, in font sizes


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in points, from its top left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Text:
    box: Box
    paragraphs: tuple[str, ...]
    size: float
    bold: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Table:
    """A table whose first row is its header; `heights` per row, `widths` per column, in points."""

    box: Box
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    size: float
    right: frozenset[int] = frozenset()  # columns of numbers, aligned right


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per category and series; `maximum` is the value axis's end."""

    box: Box
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    maximum: float | None = None


@dataclass(frozen=True)
class Picture:
    """A picture fitted into `box` (keeping its proportions, centred)."""

    box: Box
    data: bytes
    media_type: str
    dpi: float | None = None  # when given, never drawn larger than its pixels at this resolution


Shape = Text | Table | Chart | Picture


@dataclass(frozen=True)
class Slide:
    title: Text
    shapes: tuple[Shape, ...] = ()


@dataclass(frozen=True)
class Deck:
    title: str
    slides: tuple[Slide, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DiagramPart:
    """One picture of the map: a PNG of some of its stages (all when `stages` names them all)."""

    png: bytes
    stages: tuple[str, ...]  # stage titles
    part: int
    parts: int


# -- boxes sized for their text ------------------------------------------------------------------------------------


def _inner(box: Box) -> tuple[float, float]:
    """The room for text inside a box: less its margins, and a little for the renderers' rounding."""
    return box.width - 2 * CELL_MARGIN_X, box.height - 2 * CELL_MARGIN_Y - ROW_EXTRA


def _needed(paragraphs: Sequence[str], width: float, size: float, *, bold: bool) -> float:
    """The height of `paragraphs` at `size`; several get a gap after each (as `render.slides` writes them)."""
    gap = PARAGRAPH_GAP * size if len(paragraphs) > 1 else 0.0
    return sum(text_height(len(wrap(text, width, size, bold=bold)), size) + gap for text in paragraphs)


def _fitted(
    box: Box,
    paragraphs: Sequence[str],
    sizes: Sequence[float],
    *,
    bold: bool = False,
    muted: bool = False,
    shrink: bool = False,
) -> Text:
    """`paragraphs` in `box` at the largest of `sizes` that holds them; when none does, at the smallest, cut short
    at a word ("…") or by their last paragraphs. With `shrink` the box is made only as tall as its text.
    """
    width, height = _inner(box)
    kept = [text for text in paragraphs if text]
    gap = PARAGRAPH_GAP if len(kept) > 1 else 0.0
    size = fitting_size(kept, width, height, sizes, bold=bold, gap=gap)
    if size is None:
        size = sizes[-1]
        while len(kept) > 1 and _needed(kept, width, size, bold=bold) > height:
            kept.pop()
        words = kept[-1].split()
        while len(words) > 1 and _needed(kept, width, size, bold=bold) > height:
            words.pop()
            kept[-1] = " ".join(words) + "…"
        if _needed(kept, width, size, bold=bold) > height:
            kept[-1] = shortened(kept[-1], width, size, bold=bold)
    if shrink:
        box = Box(box.x, box.y, box.width, _needed(kept, width, size, bold=bold) + 2 * CELL_MARGIN_Y + ROW_EXTRA)
    return Text(box, tuple(kept), size, bold=bold, muted=muted)


def _title(text: str, note: str = "") -> Text:
    """The slide's title, on up to two lines, at the largest size that fits; cut short only when nothing does."""
    full = f"{text} ({note})" if note else text
    return _fitted(Box(MARGIN, 24.0, CONTENT_WIDTH, 70.0), [full], TITLE_SIZES, bold=True)


def _lead(text: str, top: float = CONTENT_TOP) -> Text:
    """A sentence above a slide's table or chart, on two lines at most."""
    room = text_height(2, LEAD_SIZES[0]) + 2 * CELL_MARGIN_Y + ROW_EXTRA
    return _fitted(Box(MARGIN, top, CONTENT_WIDTH, room), [text], LEAD_SIZES, shrink=True)


def _cell(text: str, width: float, size: float, *, bold: bool) -> tuple[str, int]:
    """The text of a cell (cut after MOST_LINES_IN_A_CELL lines) and the lines it takes."""
    room = width - 2 * CELL_MARGIN_X
    lines = wrap(text, room, size, bold=bold)
    if len(lines) <= MOST_LINES_IN_A_CELL:
        return text, len(lines)
    kept = " ".join(lines[: MOST_LINES_IN_A_CELL - 1])
    last = shortened(" ".join(lines[MOST_LINES_IN_A_CELL - 1 :]), room, size, bold=bold)
    cut = f"{kept} {last}"
    return cut, len(wrap(cut, room, size, bold=bold))  # counted again: a word broken inside wraps anew


def _row(cells: Sequence[str], widths: Sequence[float], size: float, *, header: bool) -> tuple[tuple[str, ...], float]:
    fitted = [_cell(text, width, size, bold=header) for text, width in zip(cells, widths, strict=True)]
    lines = max(count for _, count in fitted)
    return tuple(text for text, _ in fitted), text_height(lines, size) + 2 * CELL_MARGIN_Y + ROW_EXTRA


def table_slides(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float],
    *,
    right: frozenset[int] = frozenset(),
    lead: str | None = None,
) -> list[Slide]:
    """`rows` under `header` on as few slides as they need: at the largest table size at which they fit one
    slide, else at CONTINUED_SIZE over continuation slides. `shares` divide the width between the columns.
    """
    total = sum(shares)
    widths = tuple(CONTENT_WIDTH * share / total for share in shares)
    lead_text = _lead(lead) if lead else None
    top = lead_text.box.y + lead_text.box.height + 8 if lead_text is not None else CONTENT_TOP
    room = CONTENT_BOTTOM - top
    for size in (*TABLE_SIZES, CONTINUED_SIZE):
        head, head_height = _row(header, widths, size, header=True)
        body = [_row(cells, widths, size, header=False) for cells in rows]
        if head_height + sum(height for _, height in body) <= room:
            break
    chunks: list[list[tuple[tuple[str, ...], float]]] = [[]]
    used = head_height
    for row in body:
        if chunks[-1] and used + row[1] > room:
            chunks.append([])
            used = head_height
        chunks[-1].append(row)
        used += row[1]
    slides = []
    for number_, chunk in enumerate(chunks, 1):
        heights = (head_height, *(height for _, height in chunk))
        table = Table(
            Box(MARGIN, top, CONTENT_WIDTH, sum(heights)),
            (head, *(cells for cells, _ in chunk)),
            widths,
            heights,
            size,
            right,
        )
        note = f"{number_} of {len(chunks)}" if len(chunks) > 1 else ""
        shapes: tuple[Shape, ...] = (lead_text, table) if lead_text is not None else (table,)
        slides.append(Slide(_title(title, note), shapes))
    return slides


def chart_slides(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    maximum: float | None = None,
    lead: str | None = None,
) -> list[Slide]:
    """A bar chart of CHART_ROWS bars at most per slide; category names shortened to one line of the axis."""
    lead_text = _lead(lead) if lead else None
    top = lead_text.box.y + lead_text.box.height + 8 if lead_text is not None else CONTENT_TOP
    names = [shortened(name, 260, 12) for name in categories]
    slides = []
    count = max(1, -(-len(names) // CHART_ROWS))
    for k in range(count):
        window = slice(k * CHART_ROWS, (k + 1) * CHART_ROWS)
        chart = Chart(
            Box(MARGIN, top, CONTENT_WIDTH, CONTENT_BOTTOM - top),
            tuple(names[window]),
            tuple((name, tuple(values[window])) for name, values in series),
            maximum,
        )
        shapes: tuple[Shape, ...] = (lead_text, chart) if lead_text is not None else (chart,)
        slides.append(Slide(_title(title, f"{k + 1} of {count}" if count > 1 else ""), shapes))
    return slides


def _title_slide(heading: str, lines: Sequence[str], status: str | None = None) -> Slide:
    """The first slide: the deck's title large, the facts under it, and a status line when there is one."""
    title = _fitted(Box(MARGIN, 150.0, CONTENT_WIDTH, 110.0), [heading], (40.0, 36.0, 32.0, 28.0, 24.0), bold=True)
    shapes: list[Shape] = []
    facts = [line for line in lines if line]
    if facts:
        room = Box(MARGIN, 270.0, CONTENT_WIDTH, 150.0)
        shapes.append(_fitted(room, facts, (20.0, 18.0, 16.0, 14.0), muted=True, shrink=True))
    if status:
        status_box = Box(MARGIN, CONTENT_BOTTOM - 70.0, CONTENT_WIDTH, 70.0)
        shapes.append(_fitted(status_box, [status], (22.0, 20.0, 18.0, 16.0), bold=True))
    return Slide(title, tuple(shapes))


def _picture_slide(
    title: str, picture: bytes, media_type: str, caption: str | None = None, *, dpi: float | None = None
) -> Slide:
    top = CONTENT_TOP
    shapes: list[Shape] = []
    bottom = CONTENT_BOTTOM
    if caption:
        text = _lead(caption)
        text = Text(
            Box(text.box.x, CONTENT_BOTTOM - text.box.height, text.box.width, text.box.height),
            text.paragraphs,
            text.size,
            muted=True,
        )
        shapes.append(text)
        bottom = text.box.y - 6
    shapes.insert(0, Picture(Box(MARGIN, top, CONTENT_WIDTH, bottom - top), picture, media_type, dpi))
    return Slide(_title(title), tuple(shapes))


# -- the journey deck ----------------------------------------------------------------------------------------------


def _summary_rows(scores: Scores) -> list[tuple[str, str, str]]:
    """The summary's score rows: what is measured, its value, and what it means with its judgement against the
    journey's target ("off target (target ≥ 80%)"), in words as the report has it."""
    rows = [
        (
            "Success rate",
            percent(scores.success_rate),
            "customers who end where the journey succeeds" + _judged(scores, "success_rate"),
        ),
        (
            "Expected effort",
            number(scores.expected_effort),
            "effort a customer spends on the whole journey, on average (1 effortless … 7 very hard per step)"
            + _judged(scores, "expected_effort"),
        ),
        (
            "Effort per step",
            number(scores.effort_per_step) if scores.effort_per_step is not None else NONE,
            f"over {number(scores.rated_steps, 1)} rated steps a customer passes, on average"
            + _judged(scores, "effort_per_step"),
        ),
        (
            "Switch score",
            number(scores.expected_switch_score),
            "channel switches a customer makes, weighted (digital to analogue counts more)",
        ),
        (
            "Digital completion",
            percent(scores.digital_completion) if scores.digital_completion is not None else NONE,
            "customers who finish without an analog step that is not the service itself"
            + _judged(scores, "digital_completion"),
        ),
    ]
    return rows


def _judged(scores: Scores, key: str) -> str:
    judgement = scores.judgement.get(key)
    if judgement is None:
        return ""
    return f"; {judgement.words} ({target_text(key, scores.targets[key])})"


def _path_rows(graph: JourneyGraph, path: Path) -> list[list[str]]:
    by_id = {point.id: point for point in graph.touchpoints}
    stages = {stage.id: stage.display_title for stage in graph.journey.stages}
    rows = []
    for k, touchpoint in enumerate(path.touchpoints, 1):
        point = by_id[touchpoint]
        channel = graph.channels[point.channel].display_title
        effort = str(point.effort) if point.effort is not None else NONE
        rows.append([str(k), point.title, stages[point.stage], channel, effort])
    return rows


def _opportunity_rows(graph: JourneyGraph, opportunities: Sequence[Opportunity]) -> list[list[str]]:
    titles = {point.id: point.title for point in graph.touchpoints}
    return [
        [
            str(rank),
            titles.get(item.change.touchpoint, item.change.touchpoint),
            change_text(item),
            effort_gain_text(item),
            number(item.gains.switch_gain),
            completion_text(item),
            "; ".join(item.ideas) or NONE,
        ]
        for rank, item in enumerate(opportunities, 1)
    ]


def journey_deck(
    graph: JourneyGraph,
    scores: Scores,
    path: Path | None,
    diagrams: Sequence[DiagramPart],
    *,
    opportunities: Sequence[Opportunity],
    versus: Comparison | None = None,
    legend: bytes | None = None,
    top: int = 5,
) -> Deck:
    """Title, summary, effort per stage, the path, how to read the map (`legend`, a PNG), the map stage band by
    stage band, the top opportunities, and as-is vs to-be when the journey has a baseline (`versus`).
    """
    journey = graph.journey
    facts = [
        journey.description or "",
        f"{plural(len(graph.touchpoints), 'touchpoint')} in {plural(len(journey.stages), 'stage')}"
        + (f" · owner: {journey.owner}" if journey.owner else ""),
        ("Goals: " + "; ".join(journey.goals)) if journey.goals else "",
    ]
    slides = [_title_slide(journey.title, facts)]
    slides += table_slides(
        "Summary",
        ["score", "value", "what it means"],
        [list(row) for row in _summary_rows(scores)],
        (3, 2, 7),
        right=frozenset({1}),
        lead=f"{journey.title}: the scores of the journey as designed",
    )
    stage_titles = [stage.display_title for stage in journey.stages]
    slides += chart_slides(
        "Effort per stage",
        stage_titles,
        [("expected effort", [scores.stage_effort.get(stage.id, 0.0) for stage in journey.stages])],
        lead="Expected effort a customer spends in each stage",
    )
    if path is not None:
        slides += table_slides(
            "The journey's path",
            ["#", "touchpoint", "stage", "channel", "effort"],
            _path_rows(graph, path),
            (1, 7, 3, 3, 1.5),
            right=frozenset({0, 4}),
            lead=f"{plural(len(path.touchpoints), 'step')}, effort {path.effort}, "
            f"{plural(path.switches, 'channel switch', 'channel switches')}; "
            f"{percent(path.probability)} of customers take exactly this path; "
            f"{percent(scores.success_rate)} of all customers succeed",
        )
    if legend is not None and diagrams:
        slides.append(_picture_slide("How to read the map", legend, "image/png", "Bold arrows: the journey's path"))
    for diagram in diagrams:
        note = f"{diagram.part} of {diagram.parts}" if diagram.parts > 1 else ""
        caption = "Stages: " + ", ".join(diagram.stages)
        slide = _picture_slide("Journey map", diagram.png, "image/png", caption, dpi=MAP_DPI)
        slides.append(Slide(_title("Journey map", note), slide.shapes))
    if opportunities:
        shown = list(opportunities[:top])
        slides += table_slides(
            "Top opportunities",
            ["#", "touchpoint", "change", "effort gain", "switch gain", "digital completion", "ideas"],
            _opportunity_rows(graph, shown),
            (0.8, 4, 2.6, 2, 1.6, 2, 4),
            right=frozenset({0, 3, 4, 5}),
            lead=f"The {plural(len(shown), 'change')} that save customers most effort, each solved exactly",
        )
    if versus is not None:
        rows = score_rows(versus)
        slides += table_slides(
            "As-is vs to-be",
            ["score", "as-is", "to-be", "change"],
            rows,
            (5, 2.5, 2.5, 2),
            right=frozenset({1, 2, 3}),
            lead=f"As-is: {versus.before_title} · to-be: {versus.after_title}",
        )
    return Deck(journey.title, tuple(slides))


# -- the walkthrough deck ------------------------------------------------------------------------------------------


def licence_status_text(coverage: Coverage, presented: datetime.date | None = None) -> str:
    """Where the licence stands after this walk, in plain words."""
    if coverage.complete:
        stages = plural(len(coverage.required), "stage")
        if presented is not None:
            return f"Complete: all {stages} of the path covered, presented on {presented.isoformat()}."
        return f"Complete: all {stages} of the path covered. Present your findings to get your licence."
    return f"{coverage.summary} covered: not complete yet"


def _effort(value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:g}" if float(value).is_integer() else number(value, 1)


def walkthrough_deck(
    graph: JourneyGraph,
    walk: Walkthrough,
    walked: PathWalk,
    coverage: Coverage,
    photos: Mapping[str, tuple[str, bytes]],
) -> Deck:
    """The participant's presentation: title with the licence status, the walk against the journey's path,
    designed vs experienced effort, findings by severity, unplanned steps and skips, and the photos of the
    walked touchpoints (`photos`: media type and bytes by touchpoint id).
    """
    journey = graph.journey
    stages = {stage.id: stage.display_title for stage in journey.stages}
    titles = {point.id: point.title for point in graph.touchpoints}
    facts = [
        f"{walk.role} · " + walk.date.isoformat() if walk.role else walk.date.isoformat(),
        f"Walked: {journey.title}",
        f"Presented on {walk.presented.isoformat()}" if walk.presented and not coverage.complete else "",
    ]
    slides = [_title_slide(walk.participant, facts, licence_status_text(coverage, walk.presented))]
    path_rows = [
        [
            str(k),
            point.title,
            stages[point.stage],
            _effort(point.designed_effort),
            _effort(point.experienced_effort),
            point.status.value,
        ]
        for k, point in enumerate(walked.path, 1)
    ]
    path_rows += [
        [
            NONE,
            point.title,
            stages[point.stage],
            _effort(point.designed_effort),
            _effort(point.experienced_effort),
            "off the path",
        ]
        for point in walked.off_path
    ]
    counts = (
        f"{walked.count(PathStatus.WALKED)} of {plural(len(walked.path), 'step')} of the path walked, "
        f"{walked.count(PathStatus.SKIPPED)} skipped, {walked.count(PathStatus.MISSED)} not walked; "
        f"{len(walked.off_path)} off the path, {plural(len(walked.unplanned), 'unplanned step')}"
    )
    slides += table_slides(
        "The walk against the journey's path",
        ["#", "touchpoint", "stage", "designed", "experienced", "walk"],
        path_rows,
        (0.8, 6, 3, 1.8, 2, 2),
        right=frozenset({0, 3, 4}),
        lead=counts,
    )
    rated = [point for point in (*walked.path, *walked.off_path) if point.experienced_effort is not None]
    if rated:
        slides += chart_slides(
            "Designed vs experienced effort",
            [point.title for point in rated],
            [
                ("designed", [float(p.designed_effort) if p.designed_effort is not None else None for p in rated]),
                (walk.participant, [p.experienced_effort for p in rated]),
            ],
            maximum=7.0,
            lead="Effort per step: 1 effortless … 7 very hard",
        )
    findings = []
    for step in walk.steps:
        where = titles[step.touchpoint] if step.touchpoint is not None else f"{step.title} (unplanned)"
        for finding in step.findings:
            findings.append((finding.severity.value if finding.severity else UNRATED, where, finding.text))
    order = {severity: k for k, severity in enumerate(reversed(SEVERITIES[:-1]))} | {UNRATED: len(SEVERITIES)}
    findings.sort(key=lambda item: order[item[0]])
    by_severity = (
        ", ".join(
            f"{sum(item[0] == severity for item in findings)} {severity}" for severity in reversed(SEVERITIES[:-1])
        )
        + f", {sum(item[0] == UNRATED for item in findings)} unrated"
    )
    slides += table_slides(
        "Findings by severity",
        ["severity", "step", "finding"],
        [list(item) for item in findings] or [[NONE, NONE, "no findings recorded"]],
        (1.6, 4, 8),
        lead=f"{plural(len(findings), 'finding')}: {by_severity}",
    )
    deviations = []
    after: str | None = None
    for step in walk.steps:
        for skipped in step.skipped:
            before = titles[step.touchpoint] if step.touchpoint else step.title or ""
            deviations.append(["skipped", titles.get(skipped, skipped), f"before {before}", NONE])
        if step.is_unplanned:
            channel = graph.channels[step.channel].display_title if step.channel in graph.channels else step.channel
            where = f"after {titles[after]}" if after else "at the start"
            deviations.append(
                ["unplanned", step.title or "", where + (f" · {channel}" if channel else ""), _effort(step.effort)]
            )
        else:
            after = step.touchpoint
    slides += table_slides(
        "Unplanned steps and skips",
        ["what", "step", "where", "effort"],
        deviations or [[NONE, "none: the walk kept to the designed steps", NONE, NONE]],
        (1.8, 6, 5, 1.4),
        right=frozenset({3}),
    )
    shown: list[str] = []
    for step in walk.steps:
        if step.touchpoint is not None and step.touchpoint in photos and step.touchpoint not in shown:
            shown.append(step.touchpoint)
    experienced = {point.touchpoint: point for point in (*walked.path, *walked.off_path)}
    for touchpoint in shown:
        media_type, data = photos[touchpoint]
        point = experienced.get(touchpoint)
        caption = titles[touchpoint]
        if point is not None:
            caption += (
                f" · effort designed {_effort(point.designed_effort)}, experienced {_effort(point.experienced_effort)}"
            )
        slides.append(_picture_slide(f"Photo: {titles[touchpoint]}", data, media_type, caption))
    return Deck(f"{walk.participant}: {journey.title}", tuple(slides))
