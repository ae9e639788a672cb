"""The journey page: pure functions from one analysed journey (graph, scores, findings, diagram) to its page.

A page's context is built from analysed data only, never from raw YAML; the
templates only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from journeymap import __version__
from journeymap.durations import format_duration
from journeymap.findings import Finding
from journeymap.graph import JourneyGraph
from journeymap.model import ChannelKind, SwitchWeights, Touchpoint, TouchpointKind
from journeymap.render import ROW_CHOICES
from journeymap.render.charts import CurvePoint, effort_emotion_curve
from journeymap.render.html.decision_sections import OpportunitySection, VersusSection
from journeymap.render.html.environment import content_security_policy, environment, inline_svg, trusted_svg
from journeymap.render.html.walkthrough_section import WalkthroughSection
from journeymap.render.lanes import lane_groups
from journeymap.render.palette import EFFORT_COLOURS, EMOTION_WORDS, effort_colour, emotion_colour, text_colour_on
from journeymap.render.text import number, percent, plural, signed
from journeymap.scoring import Path as ScoredPath
from journeymap.scoring import Scores

HOT_SPOTS_SHOWN = 10
HOT_SPOTS_MARKED = 3  # cards of the top hot spots carry a tag
VISITS_SHOWN_FROM = 0.005  # a card shows its visits when they differ from one by at least this much
NO_OWNER = "No owner named"


@dataclass(frozen=True)
class ScoreCard:
    label: str
    value: str
    explanation: str


@dataclass(frozen=True)
class PathSummary:
    """A path through the journey, as the titles a reader recognises, and what it costs in words."""

    steps: tuple[str, ...]
    facts: str  # "30.6% of customers, effort 9, 2 channel switches"; "effort 12"


@dataclass(frozen=True)
class Card:
    """One touchpoint on the journey-map grid."""

    id: str
    title: str
    kind: str | None  # invoice, payment, survey, contact; None for an ordinary step
    meta: tuple[str, ...]  # owner (or channel, on owner rows), duration, response time
    effort: int | None
    effort_colour: str
    effort_text_colour: str
    emotion: int | None
    emotion_text: str | None  # "+1 positive"
    emotion_colour: str
    emotion_text_colour: str
    pain_points: tuple[str, ...]
    opportunities: tuple[str, ...]
    metrics: tuple[tuple[str, str], ...]
    notes: str | None
    reachable: bool
    visits: str | None  # shown when customers pass it more or less than once on average
    on_likely_path: bool
    hot_spot_rank: int | None
    exit: str | None  # "success" or "abandon" on an exit


@dataclass(frozen=True)
class StageColumn:
    id: str
    title: str
    phase: str | None
    effort: str


@dataclass(frozen=True)
class PhaseSpan:
    """Consecutive stages of one phase, shown as one heading above them."""

    title: str | None
    stages: int


@dataclass(frozen=True)
class GridRow:
    title: str
    note: str | None
    cells: tuple[tuple[Card, ...], ...]  # one cell per stage, in stage order


@dataclass(frozen=True)
class Grid:
    rows_by: str
    stages: tuple[StageColumn, ...]
    phases: tuple[PhaseSpan, ...]  # empty when no stage names a phase
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class HotSpotRow:
    rank: int
    title: str
    stage: str
    visits: str
    effort: int
    score: str


@dataclass(frozen=True)
class ResponseGapRow:
    title: str
    channel: str
    response_time: str
    expected: str
    gap: str
    too_slow: bool


@dataclass(frozen=True)
class FindingRow:
    level: str
    code: str
    message: str
    place: str  # line:col


@dataclass(frozen=True)
class JourneyPage:
    """Everything a journey page shows; one field per section, and a section without content is left out."""

    id: str
    title: str
    description: str | None
    owner: str | None
    persona_name: str | None
    persona_description: str | None
    goals: tuple[str, ...]
    source: str
    diagram: Markup | None  # None: too large to draw even as a stage overview (`diagram_note` says so)
    score_cards: tuple[ScoreCard, ...]
    most_likely_path: PathSummary | None
    worst_path: PathSummary | None
    grid: Grid
    curve: Markup | None
    hot_spots: tuple[HotSpotRow, ...]
    response_gaps: tuple[ResponseGapRow, ...]
    findings: tuple[FindingRow, ...]
    walkthroughs: WalkthroughSection | None  # None: nobody has walked the journey (no valid walkthrough)
    effort_scale: tuple[tuple[int, str, str], ...]  # effort, fill colour, text colour
    version: str
    content_security_policy: str
    opportunities: OpportunitySection | None = None  # None: no change to one touchpoint gains anything
    versus: VersusSection | None = None  # None: the journey names no baseline among the report's journeys
    diagram_note: str | None = None  # why the diagram is a stage overview, or missing


def journey_page_context(
    graph: JourneyGraph,
    scores: Scores,
    svg: str | None,
    *,
    source: str,
    findings: Sequence[Finding] = (),
    rows: str = "channel",
    walkthroughs: WalkthroughSection | None = None,
    version: str = __version__,
    opportunities: OpportunitySection | None = None,
    versus: VersusSection | None = None,
    diagram_note: str | None = None,
) -> JourneyPage:
    """The page of one valid journey: `svg` is its finished diagram (an SVG document drawn by `dot`).

    `source` is the journey's file as the reader knows it, `findings` its warnings; `walkthroughs` is the
    journey's walkthrough section (see `walkthrough_section`), if anyone walked it.
    """
    journey = graph.journey
    titles = {point.id: point.title for point in graph.touchpoints}
    most_likely = scores.most_likely_path
    return JourneyPage(
        id=scores.journey,
        title=journey.title,
        description=journey.description,
        owner=journey.owner,
        persona_name=journey.persona.name if journey.persona else None,
        persona_description=journey.persona.description if journey.persona else None,
        goals=tuple(journey.goals),
        source=source,
        diagram=trusted_svg(inline_svg(svg)) if svg is not None else None,
        score_cards=score_cards(scores, journey.scoring),
        most_likely_path=_path_summary(most_likely, titles, likely=True),
        worst_path=_path_summary(scores.worst_path, titles, likely=False),
        grid=journey_grid(graph, scores, rows=rows),
        curve=trusted_svg(effort_emotion_curve(curve_points(graph, most_likely))) if most_likely else None,
        hot_spots=hot_spot_rows(graph, scores),
        response_gaps=response_gap_rows(graph, scores),
        findings=tuple(_finding_row(finding) for finding in findings),
        walkthroughs=walkthroughs,
        effort_scale=tuple((effort, colour, text_colour_on(colour)) for effort, colour in EFFORT_COLOURS.items()),
        version=version,
        content_security_policy=content_security_policy(),
        opportunities=opportunities,
        versus=versus,
        diagram_note=diagram_note,
    )


def score_cards(scores: Scores, weights: SwitchWeights | None = None) -> tuple[ScoreCard, ...]:
    """The headline numbers; the switch score's card states the weights this journey scores switches with."""
    weights = weights if weights is not None else SwitchWeights()
    completion = (
        ScoreCard(
            "Digital completion",
            percent(scores.digital_completion),
            "of customers finish without an analog touchpoint",
        )
        if scores.digital_completion is not None
        else ScoreCard("Digital completion", "—", "entry is analog")
    )
    worst = scores.worst_path
    return (
        ScoreCard("Expected effort", number(scores.expected_effort), "effort a customer spends on the whole journey"),
        ScoreCard(
            "Switch score",
            number(scores.expected_switch_score),
            f"expected channel switches, each ×{weights.switch:g}, digital → analog ×{weights.digital_to_analog:g}",
        ),
        completion,
        ScoreCard(
            "Worst path effort",
            str(worst.effort) if worst else "—",
            f"the hardest way through, {len(worst.touchpoints)} touchpoints" if worst else "no forward path to an exit",
        ),
    )


def _path_summary(path: ScoredPath | None, titles: dict[str, str], *, likely: bool) -> PathSummary | None:
    if path is None:
        return None
    facts = f"effort {path.effort}"
    if likely:
        switches = plural(path.switches, "channel switch", "channel switches")
        facts = f"{percent(path.probability)} of customers, {facts}, {switches}"
    return PathSummary(steps=tuple(titles[point] for point in path.touchpoints), facts=facts)


def curve_points(graph: JourneyGraph, path: ScoredPath) -> list[CurvePoint]:
    points = {point.id: point for point in graph.touchpoints}
    return [CurvePoint(points[i].title, points[i].effort, points[i].emotion) for i in path.touchpoints]


def journey_grid(graph: JourneyGraph, scores: Scores, *, rows: str = "channel") -> Grid:
    """The classic journey map: stages as columns, channels (digital first) or owners as rows, cards in the cells."""
    if rows not in ROW_CHOICES:
        raise ValueError(f"rows must be one of {', '.join(ROW_CHOICES)}, not {rows!r}")
    journey = graph.journey
    in_order = graph.in_journey_order
    likely = set(scores.most_likely_path.touchpoints) if scores.most_likely_path else set()
    ranks = {spot.touchpoint: rank for rank, spot in enumerate(scores.hot_spots[:HOT_SPOTS_MARKED], 1)}
    cards = {i: _card(graph, i, scores, likely=likely, ranks=ranks, rows=rows) for i in in_order}

    # The same groups as the diagram's swimlanes (`lanes.lane_groups`); the grid puts digital channels first.
    groups = list(lane_groups(graph, rows))
    titles: dict[str | None, tuple[str, str | None]] = {}
    if rows == "channel":
        groups.sort(key=lambda group: graph.channels[str(group.key)].kind is not ChannelKind.DIGITAL)  # stable
        for group in groups:
            channel = graph.channels[str(group.key)]
            titles[group.key] = (channel.display_title, channel.kind.value)
    else:
        titles = {group.key: (group.key if group.key is not None else NO_OWNER, None) for group in groups}
    row_of = {i: group.key for group in groups for i in group.members}

    # One pass sorts every card into its cell, in journey order; cells without a card stay empty.
    cell_cards: dict[tuple[str | None, str], list[Card]] = {}
    for i in in_order:
        cell_cards.setdefault((row_of[i], graph.touchpoints[i].stage), []).append(cards[i])
    grid_rows = [
        GridRow(title, note, tuple(tuple(cell_cards.get((key, stage.id), ())) for stage in journey.stages))
        for key, (title, note) in titles.items()
    ]
    stages = tuple(
        StageColumn(
            stage.id,
            stage.display_title,
            stage.phase.value if stage.phase else None,
            number(scores.stage_effort.get(stage.id, 0.0)),
        )
        for stage in journey.stages
    )
    return Grid(rows, stages, phase_spans(stages), tuple(grid_rows))


def phase_spans(stages: Sequence[StageColumn]) -> tuple[PhaseSpan, ...]:
    if not any(stage.phase for stage in stages):
        return ()
    spans: list[PhaseSpan] = []
    for stage in stages:
        title = stage.phase.capitalize() if stage.phase else None
        if spans and spans[-1].title == title:
            spans[-1] = PhaseSpan(title, spans[-1].stages + 1)
        else:
            spans.append(PhaseSpan(title, 1))
    return tuple(spans)


def _card(
    graph: JourneyGraph, index: int, scores: Scores, *, likely: set[str], ranks: dict[str, int], rows: str
) -> Card:
    point: Touchpoint = graph.touchpoints[index]
    visits = scores.visits.get(point.id)
    meta = [point.owner if rows == "channel" else graph.channel_of(index).display_title]
    if point.duration is not None:
        meta.append(format_duration(point.duration))
    if point.response_time is not None:
        meta.append(f"answers in {format_duration(point.response_time)}")
    return Card(
        id=point.id,
        title=point.title,
        kind=point.kind.value if point.kind is not TouchpointKind.STEP else None,
        meta=tuple(part for part in meta if part),
        effort=point.effort,
        effort_colour=effort_colour(point.effort),
        effort_text_colour=text_colour_on(effort_colour(point.effort)),
        emotion=point.emotion,
        emotion_text=f"{signed(point.emotion)} {EMOTION_WORDS[point.emotion]}" if point.emotion is not None else None,
        emotion_colour=emotion_colour(point.emotion),
        emotion_text_colour=text_colour_on(emotion_colour(point.emotion)),
        pain_points=tuple(point.pain_points),
        opportunities=tuple(point.opportunities),
        metrics=tuple((name.replace("_", " "), f"{value:g}") for name, value in point.metrics.items()),
        notes=point.notes,
        reachable=visits is not None,
        visits=f"{number(visits)} visits" if visits is not None and abs(visits - 1) >= VISITS_SHOWN_FROM else None,
        on_likely_path=point.id in likely,
        hot_spot_rank=ranks.get(point.id),
        exit=(point.outcome.value if point.outcome else "success") if point.is_exit else None,
    )


def hot_spot_rows(graph: JourneyGraph, scores: Scores) -> tuple[HotSpotRow, ...]:
    points = {point.id: point for point in graph.touchpoints}
    stages = {stage.id: stage.display_title for stage in graph.journey.stages}
    return tuple(
        HotSpotRow(
            rank=rank,
            title=points[spot.touchpoint].title,
            stage=stages[points[spot.touchpoint].stage],
            visits=number(scores.visits[spot.touchpoint]),
            effort=points[spot.touchpoint].effort or 0,
            score=number(spot.score),
        )
        for rank, spot in enumerate(scores.hot_spots[:HOT_SPOTS_SHOWN], 1)
    )


def response_gap_rows(graph: JourneyGraph, scores: Scores) -> tuple[ResponseGapRow, ...]:
    points = {point.id: point for point in graph.touchpoints}
    return tuple(
        ResponseGapRow(
            title=points[gap.touchpoint].title,
            channel=graph.channels[gap.channel].display_title,
            response_time=format_duration(gap.response_time),
            expected=format_duration(gap.expected),
            gap=(f"{format_duration(gap.gap)} too slow" if gap.gap > 0 else "in time"),
            too_slow=gap.gap > 0,
        )
        for gap in scores.response_gaps
    )


def _finding_row(finding: Finding) -> FindingRow:
    return FindingRow(finding.level.value, finding.code, finding.message, f"{finding.line}:{finding.column}")


def render_journey_page(page: JourneyPage, paper: str = "A4") -> str:
    """The page's HTML; `paper` (A4, A3) is the landscape sheet it prints on (see printing.py)."""
    return environment().get_template("journey.html.j2").render(page=page, paper=paper)
