"""The journey page: pure functions from one analysed journey (graph, scores, findings, diagram) to its page.

A page's context is built from analysed data only, never from raw YAML; the
templates only lay it out.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from markupsafe import Markup

from journeymap import __version__
from journeymap.durations import format_duration
from journeymap.findings import Finding
from journeymap.graph import JourneyGraph
from journeymap.highlights import Highlights, customers_reaching, highlights
from journeymap.model import ChannelKind, SwitchWeights, Touchpoint, TouchpointKind
from journeymap.render import ROW_CHOICES
from journeymap.render.charts import CurvePoint, curve_parts, effort_emotion_curve
from journeymap.render.html.decision_sections import OpportunitySection, VersusSection
from journeymap.render.html.environment import (
    content_security_policy,
    diagram_script,
    environment,
    inline_svg,
    trusted_svg,
)
from journeymap.render.html.measured_section import MeasuredSection
from journeymap.render.html.walkthrough_section import WalkthroughSection
from journeymap.render.lanes import lane_groups
from journeymap.render.layout import balanced_spans
from journeymap.render.palette import EFFORT_COLOURS, EMOTION_WORDS, effort_colour, emotion_colour, text_colour_on
from journeymap.render.text import number, percent, plural, signed
from journeymap.scoring import Path as ScoredPath
from journeymap.scoring import Scores
from journeymap.targets import Judgement, target_text

HOT_SPOTS_SHOWN = 10
HOT_SPOTS_MARKED = 3  # cards of the top hot spots carry a tag
VISITS_SHOWN_FROM = 0.005  # a card says how often customers pass it when that is not once, by at least this much
NO_OWNER = "No owner named"
STAGES_PER_BLOCK = 4  # the journey-map grid shows at most this many stages side by side, then wraps
IMAGE_PREFIX = "data:image/"

Item = TypeVar("Item")


@dataclass(frozen=True)
class ScoreCard:
    label: str
    value: str
    explanation: str
    unit: str | None = None  # "effort points": what the number counts
    judgement: str | None = None  # "on", "near" or "off" target; None: the score is not judged
    judgement_text: str | None = None  # "off target (target ≥ 80%)": the word beside the colour, never colour alone


@dataclass(frozen=True)
class Success:
    """How many customers succeed, and where most of those who give up leave."""

    rate: str  # "90%"
    giving_up: str | None  # "10%", None when nobody gives up
    most_leave_at: str | None  # the title of the abandon exit most customers end at
    most_leave_share: str | None


@dataclass(frozen=True)
class PathStep:
    """One step chip of a path: its number, title and channel, and the channel switch that leads into it."""

    number: int
    title: str
    channel: str
    switch: str | None  # None: same channel as the step before; "switch"; "digital-to-analog"
    switch_text: str | None  # "⇄ Phone", said to screen readers as "switches to Phone"


@dataclass(frozen=True)
class PathSummary:
    """A path through the journey, as the titles a reader recognises, and what it costs in words."""

    steps: tuple[PathStep, ...]
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
    visits: str | None  # how often customers pass it ("31% of customers"), shown when that is not once
    on_likely_path: bool
    hot_spot_rank: int | None
    exit: str | None  # "success" or "abandon" on an exit
    image: str | None = None  # a data: URI of the touchpoint's picture


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
class Thought:
    """The thinking layer of one touchpoint: what goes through the customer's mind, and what they said."""

    touchpoint: str
    thinking: str | None
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Feeling:
    touchpoint: str
    emotion: int
    text: str  # "+1 positive"
    colour: str
    text_colour: str


@dataclass(frozen=True)
class Backstage:
    touchpoint: str
    actions: tuple[tuple[str, str | None], ...]  # (action, owner)


@dataclass(frozen=True)
class GridBlock:
    """A run of at most STAGES_PER_BLOCK stages, shown as one table; rows without a card in it are left out."""

    first: int  # 1-based number of its first stage
    last: int
    stages: tuple[StageColumn, ...]
    phases: tuple[PhaseSpan, ...]
    rows: tuple[GridRow, ...]
    thinking: tuple[tuple[Thought, ...], ...] | None  # one cell per stage; None: nobody thinks in these stages
    feeling: tuple[tuple[Feeling, ...], ...] | None
    backstage: tuple[tuple[Backstage, ...], ...] | None


@dataclass(frozen=True)
class Grid:
    rows_by: str
    stages: tuple[StageColumn, ...]
    phases: tuple[PhaseSpan, ...]  # empty when no stage names a phase
    rows: tuple[GridRow, ...]
    blocks: tuple[GridBlock, ...] = ()  # the grid as shown: stages wrapped into blocks


@dataclass(frozen=True)
class HotSpotRow:
    rank: int
    title: str
    stage: str
    how_often: str  # "31% of customers", "1.2 times per customer"
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
    summary: tuple[str, ...]  # the findings that matter most, one plain sentence each
    main_path: PathSummary | None  # "the journey": the main path, else the most likely path
    main_path_name: str  # "Main path", or "Most likely path" where no success exit can be reached
    worst_path: PathSummary | None
    success: Success
    incomplete_because: tuple[str, ...]  # why the map is incomplete; empty when it is complete
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
    fix_first: OpportunitySection | None = None  # the top opportunities of the first screen (`worth_fixing_first`)
    versus: VersusSection | None = None  # None: the journey names no baseline among the report's journeys
    diagram_note: str | None = None  # why the diagram is a stage overview, or missing
    curve_parts: tuple[Markup, ...] = ()  # the curve in parts that print readably; none when it prints as one
    measured: MeasuredSection | None = None  # None: the journey names no `evidence:`


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
    images: Mapping[str, str] | None = None,
    fix_first: OpportunitySection | None = None,
    measured: MeasuredSection | None = None,
) -> JourneyPage:
    """The page of one valid journey: `svg` is its finished diagram (an SVG document drawn by `dot`).

    `source` is the journey's file as the reader knows it, `findings` its warnings; `walkthroughs` is the
    journey's walkthrough section (see `walkthrough_section`), if anyone walked it; `images` the
    touchpoints' pictures as `data:image/...` URIs, by touchpoint id.
    """
    journey = graph.journey
    main = scores.journey_path
    found = highlights(graph, scores)
    reach = customers_reaching(graph, scores)
    curve = curve_points(graph, main) if main else None
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
        summary=summary_sentences(graph, scores, found),
        main_path=path_summary(graph, main, likely=True),
        main_path_name="Main path" if scores.main_path is not None else "Most likely path",
        worst_path=path_summary(graph, scores.worst_path, likely=False),
        success=success_of(graph, scores),
        incomplete_because=scores.incomplete_because,
        grid=journey_grid(graph, scores, rows=rows, images=images, reach=reach),
        curve=trusted_svg(effort_emotion_curve(curve)) if curve is not None else None,
        curve_parts=tuple(trusted_svg(part) for part in curve_parts(curve)) if curve is not None else (),
        hot_spots=hot_spot_rows(graph, scores, reach),
        response_gaps=response_gap_rows(graph, scores),
        findings=tuple(_finding_row(finding) for finding in findings),
        walkthroughs=walkthroughs,
        effort_scale=tuple((effort, colour, text_colour_on(colour)) for effort, colour in EFFORT_COLOURS.items()),
        version=version,
        content_security_policy=content_security_policy(diagram_script()),
        opportunities=opportunities,
        fix_first=fix_first,
        versus=versus,
        diagram_note=diagram_note,
        measured=measured,
    )


def judged(card: ScoreCard, scores: Scores, key: str) -> ScoreCard:
    """The card with its judgement against the journey's target, when the score has a target and a value."""
    judgement = scores.judgement.get(key)
    if judgement is None:
        return card
    text = f"{judgement.words} ({target_text(key, scores.targets[key])})"
    return dataclasses.replace(card, judgement=judgement.value, judgement_text=text)


def success_of(graph: JourneyGraph, scores: Scores) -> Success:
    """The success rate, and the abandon exit most of those who give up end at."""
    if not scores.abandon:
        return Success(percent(scores.success_rate), None, None, None)
    top = scores.abandon[0]
    giving_up = math.fsum(exit.probability for exit in scores.abandon)
    title = graph.touchpoints[graph.index[top.touchpoint]].title
    return Success(percent(scores.success_rate), percent(giving_up), title, percent(top.probability))


def score_cards(scores: Scores, weights: SwitchWeights | None = None) -> tuple[ScoreCard, ...]:
    """The headline numbers with their units and judgement; the switch score's card states this journey's weights."""
    weights = weights if weights is not None else SwitchWeights()
    completion = (
        ScoreCard(
            "Digital completion",
            percent(scores.digital_completion),
            "of customers finish without an analog touchpoint (being served in person does not count against it)",
        )
        if scores.digital_completion is not None
        else ScoreCard("Digital completion", "—", "entry is analog")
    )
    worst = scores.worst_path
    return (
        judged(
            ScoreCard(
                "Success rate",
                percent(scores.success_rate),
                "of customers end where the journey succeeds; the others give up on the way",
            ),
            scores,
            "success_rate",
        ),
        judged(effort_per_step_card(scores), scores, "effort_per_step"),
        judged(
            ScoreCard(
                "Effort per customer",
                number(scores.expected_effort, 1),
                "what the whole journey asks of an average customer: each step's effort (1 effortless … 7 very "
                "hard) times how often customers pass it, added up",
                "effort points",
            ),
            scores,
            "expected_effort",
        ),
        judged(completion, scores, "digital_completion"),
        ScoreCard(
            "Switch score",
            number(scores.expected_switch_score),
            f"expected channel switches, each ×{weights.switch:g}, digital → analog ×{weights.digital_to_analog:g}",
        ),
        ScoreCard(
            "Worst path effort",
            str(worst.effort) if worst else "—",
            f"the hardest way through, {len(worst.touchpoints)} touchpoints" if worst else "no forward path to an exit",
            "effort points" if worst else None,
        ),
    )


def effort_per_step_card(scores: Scores) -> ScoreCard:
    """Effort per customer divided by the rated steps a customer passes: long and short journeys compare."""
    if scores.effort_per_step is None:
        return ScoreCard("Effort per step", "—", "no touchpoint a customer reaches has an effort")
    return ScoreCard(
        "Effort per step",
        number(scores.effort_per_step, 1),
        f"the average step's effort: effort per customer over the {number(scores.rated_steps, 1)} rated steps "
        "a customer passes; compares long and short journeys",
        "per step",
    )


def times(value: float) -> str:
    """How many times, to one decimal (two where one would read 1.0 or 0.0): "1.2", "1.04"."""
    shown = number(value, 1)
    return number(value, 2) if shown in ("1.0", "0.0") else shown


def how_often(visits: float, reach: float | None) -> str:
    """Expected visits in words: "31% of customers" when each passes at most once, else times per customer.

    `reach` is the share of customers who pass at least once (None: not known exactly). Below one
    visit on a loop, both are said: "25% of customers, 1.2 times each".
    """
    if visits >= 1 - VISITS_SHOWN_FROM and (reach is None or reach >= 1 - VISITS_SHOWN_FROM):
        return "every customer, once" if abs(visits - 1) < VISITS_SHOWN_FROM else f"{times(visits)} times per customer"
    if reach is None:
        return f"{times(visits)} times per customer"
    if math.isclose(visits, reach, rel_tol=1e-9, abs_tol=1e-12):
        return f"{percent(reach)} of customers"
    return f"{percent(reach)} of customers, {times(visits / reach)} times each"


def _quoted(text: str) -> str:
    return f"“{text}”"


JUDGED_NAMES = {
    "effort_per_step": "effort per step",
    "success_rate": "success rate",
    "digital_completion": "digital completion",
    "expected_effort": "effort per customer",
}


def _judged_value(key: str, value: float) -> str:
    return percent(value) if key in ("success_rate", "digital_completion") else number(value, 1)


def judgement_sentences(scores: Scores) -> list[str]:
    """`Off target: digital completion 10% (target ≥ 80%).`: the judged scores, worst judgement first."""
    values = {
        "effort_per_step": scores.effort_per_step,
        "success_rate": scores.success_rate,
        "digital_completion": scores.digital_completion,
        "expected_effort": scores.expected_effort,
    }
    sentences = []
    for judgement in (Judgement.OFF, Judgement.NEAR, Judgement.ON):
        keys = [key for key, found in scores.judgement.items() if found is judgement]
        named = []
        for key in keys:
            value = values[key]
            if value is not None:
                named.append(
                    f"{JUDGED_NAMES[key]} {_judged_value(key, value)} ({target_text(key, scores.targets[key])})"
                )
        if named:
            sentences.append(f"{judgement.words.capitalize()}: {'; '.join(named)}.")
    return sentences


def main_path_sentences(graph: JourneyGraph, scores: Scores) -> list[str]:
    """The main path with the share of customers who take it, and the success rate with where most give up."""
    points = {point.id: point for point in graph.touchpoints}
    sentences = []
    main = scores.main_path
    if main is not None:
        first, last = points[main.touchpoints[0]].title, points[main.touchpoints[-1]].title
        steps = plural(len(main.touchpoints), "step")
        sentences.append(
            f"The main path, which {percent(main.probability)} of customers take, runs {steps} from {_quoted(first)} "
            f"to {_quoted(last)} (effort {main.effort})."
        )
    success = success_of(graph, scores)
    sentence = f"{success.rate} of customers end successfully"
    if success.most_leave_at is not None:
        sentence += (
            f"; {success.giving_up} give up, most of them at {_quoted(success.most_leave_at)} "
            f"({success.most_leave_share} of customers)"
        )
    return [*sentences, sentence + "."]


def summary_sentences(graph: JourneyGraph, scores: Scores, found: Highlights) -> tuple[str, ...]:
    """The findings that matter most, one plain sentence each: the main path and the success rate, the judged
    scores, then the hot spot, the costliest switch and where digital completion is lost; a finding without
    content is left out. The top opportunities follow on the page (`JourneyPage.opportunities`)."""
    points = {point.id: point for point in graph.touchpoints}
    stages = {stage.id: stage.display_title for stage in graph.journey.stages}
    sentences = main_path_sentences(graph, scores) + judgement_sentences(scores)
    if found.hot_spot is not None:
        spot = found.hot_spot
        sentences.append(
            f"The biggest hot spot is {_quoted(points[spot.touchpoint].title)} in {stages[spot.stage]}: "
            f"{percent(spot.share)} of the effort per customer ({number(spot.effort, 1)} of "
            f"{number(scores.expected_effort, 1)} effort points)."
        )
    if found.switch is not None:
        switch = found.switch
        kind = "digital to analog, weighing" if switch.digital_to_analog else "weighing"
        who = (
            f"{percent(switch.customers)} of customers take it"
            if switch.customers is not None
            else f"customers take it {times(switch.passes)} times on average"
        )
        sentences.append(
            f"The costliest channel switch is from {_quoted(points[switch.source].title)} "
            f"({graph.channels[switch.source_channel].display_title}) to {_quoted(points[switch.target].title)} "
            f"({graph.channels[switch.target_channel].display_title}), {kind} ×{switch.weight:g}: {who}, "
            f"{percent(switch.share_of_score)} of the switch score."
        )
    if found.digital is not None:
        loss = found.digital
        sentence = f"{percent(loss.completion)} of customers finish without an analog touchpoint"
        if loss.touchpoint is not None:
            channel = graph.channels[points[loss.touchpoint].channel].display_title
            sentence += (
                f"; the most leave the digital path for {_quoted(points[loss.touchpoint].title)} ({channel}): "
                f"{percent(loss.share)} of customers"
            )
        sentences.append(sentence + ".")
    return tuple(sentences)


def path_summary(graph: JourneyGraph, path: ScoredPath | None, *, likely: bool) -> PathSummary | None:
    """A path as step chips, each switch of channel marked where it happens (digital → analog the strongest)."""
    if path is None:
        return None
    facts = f"effort {path.effort}"
    if likely:
        switches = plural(path.switches, "channel switch", "channel switches")
        facts = f"{percent(path.probability)} of customers, {facts}, {switches}"
    indices = [graph.index[point] for point in path.touchpoints]
    steps = []
    for number_, i in enumerate(indices, 1):
        channel = graph.channel_of(i).display_title
        switch = None
        if number_ > 1:
            before = indices[number_ - 2]
            link = next(link for link in graph.links[before] if link.target == i)
            if link.digital_to_analog:
                switch = "digital-to-analog"
            elif link.switch:
                switch = "switch"
        point = graph.touchpoints[i]
        steps.append(PathStep(number_, point.title, channel, switch, f"⇄ {channel}" if switch else None))
    return PathSummary(steps=tuple(steps), facts=facts)


def curve_points(graph: JourneyGraph, path: ScoredPath) -> list[CurvePoint]:
    points = {point.id: point for point in graph.touchpoints}
    return [CurvePoint(points[i].title, points[i].effort, points[i].emotion) for i in path.touchpoints]


def journey_grid(
    graph: JourneyGraph,
    scores: Scores,
    *,
    rows: str = "channel",
    images: Mapping[str, str] | None = None,
    reach: Mapping[str, float] | None = None,
) -> Grid:
    """The classic journey map: stages as columns, channels (digital first) or owners as rows, cards in the cells.

    Below the cards (the doing layer), the thinking, feeling and backstage layers, each only where some
    touchpoint has it. Stages wrap into blocks of at most STAGES_PER_BLOCK (`blocks`), so the map is read
    without sideways scrolling.
    """
    if rows not in ROW_CHOICES:
        raise ValueError(f"rows must be one of {', '.join(ROW_CHOICES)}, not {rows!r}")
    journey = graph.journey
    in_order = graph.in_journey_order
    likely = set(scores.journey_path.touchpoints) if scores.journey_path else set()
    ranks = {spot.touchpoint: rank for rank, spot in enumerate(scores.hot_spots[:HOT_SPOTS_MARKED], 1)}
    pictures = {key: uri for key, uri in (images or {}).items() if uri.startswith(IMAGE_PREFIX)}
    reached = reach if reach is not None else customers_reaching(graph, scores)
    cards = {
        i: _card(graph, i, scores, likely=likely, ranks=ranks, rows=rows, images=pictures, reach=reached)
        for i in in_order
    }

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
            stage.phase,
            number(scores.stage_effort.get(stage.id, 0.0)),
        )
        for stage in journey.stages
    )
    layers = _layers(graph)
    blocks = tuple(
        _block(stages, grid_rows, layers, first, last) for first, last in balanced_spans(len(stages), STAGES_PER_BLOCK)
    )
    return Grid(rows, stages, phase_spans(stages), tuple(grid_rows), blocks)


@dataclass(frozen=True)
class _Layers:
    thinking: tuple[tuple[Thought, ...], ...] | None  # per stage
    feeling: tuple[tuple[Feeling, ...], ...] | None
    backstage: tuple[tuple[Backstage, ...], ...] | None


def _layers(graph: JourneyGraph) -> _Layers:
    """Per stage, in journey order: the thinking, feeling and backstage of its touchpoints (None: layer unused)."""
    stage_ids = [stage.id for stage in graph.journey.stages]
    thinking: dict[str, list[Thought]] = {stage: [] for stage in stage_ids}
    feeling: dict[str, list[Feeling]] = {stage: [] for stage in stage_ids}
    backstage: dict[str, list[Backstage]] = {stage: [] for stage in stage_ids}
    for i in graph.in_journey_order:
        point = graph.touchpoints[i]
        if point.thinking or point.quotes:
            thinking[point.stage].append(Thought(point.title, point.thinking, tuple(point.quotes)))
        if point.emotion is not None:
            colour = emotion_colour(point.emotion)
            feeling[point.stage].append(
                Feeling(point.title, point.emotion, emotion_text(point.emotion), colour, text_colour_on(colour))
            )
        if point.backstage:
            actions = tuple((action.action, action.owner) for action in point.backstage)
            backstage[point.stage].append(Backstage(point.title, actions))

    return _Layers(
        thinking=tuple(tuple(thinking[stage]) for stage in stage_ids) if any(thinking.values()) else None,
        feeling=tuple(tuple(feeling[stage]) for stage in stage_ids) if any(feeling.values()) else None,
        backstage=tuple(tuple(backstage[stage]) for stage in stage_ids) if any(backstage.values()) else None,
    )


def _block(stages: tuple[StageColumn, ...], rows: list[GridRow], layers: _Layers, first: int, last: int) -> GridBlock:
    shown = stages[first : last + 1]
    return GridBlock(
        first=first + 1,
        last=last + 1,
        stages=shown,
        phases=phase_spans(shown),
        rows=tuple(
            GridRow(row.title, row.note, row.cells[first : last + 1])
            for row in rows
            if any(row.cells[first : last + 1])
        ),
        thinking=_part(layers.thinking, first, last),
        feeling=_part(layers.feeling, first, last),
        backstage=_part(layers.backstage, first, last),
    )


def _part(cells: tuple[tuple[Item, ...], ...] | None, first: int, last: int) -> tuple[tuple[Item, ...], ...] | None:
    """A layer's cells of stages first..last, or None when none of them holds anything."""
    if cells is None:
        return None
    kept = cells[first : last + 1]
    return kept if any(kept) else None


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


def emotion_text(emotion: int) -> str:
    """An emotion as a card and the feeling row say it: "+1 positive"."""
    return f"{signed(emotion)} {EMOTION_WORDS[emotion]}"


def _card(
    graph: JourneyGraph,
    index: int,
    scores: Scores,
    *,
    likely: set[str],
    ranks: dict[str, int],
    rows: str,
    images: Mapping[str, str],
    reach: Mapping[str, float],
) -> Card:
    point: Touchpoint = graph.touchpoints[index]
    visits = scores.visits.get(point.id)
    meta = [point.owner if rows == "channel" else graph.channel_of(index).display_title]
    if point.duration is not None:
        meta.append(format_duration(point.duration))
    if point.response_time is not None:
        meta.append(f"answers in {format_duration(point.response_time)}")
    reached = reach.get(point.id)
    once = (
        visits is not None
        and abs(visits - 1) < VISITS_SHOWN_FROM
        and (reached is None or reached > 1 - VISITS_SHOWN_FROM)
    )
    return Card(
        id=point.id,
        title=point.title,
        kind=point.kind.value if point.kind is not TouchpointKind.STEP else None,
        meta=tuple(part for part in meta if part),
        effort=point.effort,
        effort_colour=effort_colour(point.effort),
        effort_text_colour=text_colour_on(effort_colour(point.effort)),
        emotion=point.emotion,
        emotion_text=emotion_text(point.emotion) if point.emotion is not None else None,
        emotion_colour=emotion_colour(point.emotion),
        emotion_text_colour=text_colour_on(emotion_colour(point.emotion)),
        pain_points=tuple(point.pain_points),
        opportunities=tuple(point.opportunities),
        metrics=tuple((name.replace("_", " "), f"{value:g}") for name, value in point.metrics.items()),
        notes=point.notes,
        reachable=visits is not None,
        visits=how_often(visits, reached) if visits is not None and not once else None,
        on_likely_path=point.id in likely,
        hot_spot_rank=ranks.get(point.id),
        exit=(point.outcome.value if point.outcome else "success") if point.is_exit else None,
        image=images.get(point.id),
    )


def hot_spot_rows(
    graph: JourneyGraph, scores: Scores, reach: Mapping[str, float] | None = None
) -> tuple[HotSpotRow, ...]:
    points = {point.id: point for point in graph.touchpoints}
    stages = {stage.id: stage.display_title for stage in graph.journey.stages}
    reached = reach if reach is not None else customers_reaching(graph, scores)
    return tuple(
        HotSpotRow(
            rank=rank,
            title=points[spot.touchpoint].title,
            stage=stages[points[spot.touchpoint].stage],
            how_often=how_often(scores.visits[spot.touchpoint], reached.get(spot.touchpoint)),
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
