"""HTML: the one place that builds the Jinja2 environment, and pure functions from analysed journeys to pages.

A page's context is built from analysed data only (the journey graph, its
scores and findings, the finished diagram), never from raw YAML; the
templates only lay it out. Autoescaping is on everywhere; the only markup
let through unescaped are the SVG drawings, in `trusted_svg`.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from journeymap import __version__
from journeymap.durations import format_duration
from journeymap.findings import Finding
from journeymap.graph import JourneyGraph, journey_order
from journeymap.model import ChannelKind, Touchpoint, TouchpointKind
from journeymap.project import JourneyFile
from journeymap.render import ROW_CHOICES
from journeymap.render.charts import (
    CurvePoint,
    EffortPair,
    change_text,
    effort_change,
    effort_comparison_chart,
    effort_emotion_curve,
)
from journeymap.render.palette import EFFORT_COLOURS, EMOTION_WORDS, effort_colour, emotion_colour, text_colour_on
from journeymap.render.text import number, percent, plural, signed
from journeymap.scoring import Path as ScoredPath
from journeymap.scoring import Scores
from journeymap.walkthroughs import (
    UNRATED,
    JourneyComparison,
    Licence,
    LicenceStatus,
    RecordedFinding,
    TouchpointComparison,
)

HOT_SPOTS_SHOWN = 10
HOT_SPOTS_MARKED = 3  # cards of the top hot spots carry a tag
VISITS_SHOWN_FROM = 0.005  # a card shows its visits when they differ from one by at least this much
NO_OWNER = "No owner named"
SORT_SCRIPT = "sort.js"
SEVERITY_ORDER = ("high", "medium", "low", UNRATED)  # how findings of walkthroughs are counted and listed
SUPERSEDED = "superseded"  # a walk whose participant walked the journey again later: the later walk holds the licence
NOT_YET = "not yet"  # a walk dated after the day the licences are judged on
LICENCE_URGENCY = {LicenceStatus.EXPIRED: 0, LicenceStatus.EXPIRING: 1, LicenceStatus.VALID: 2}


PACKAGE = Path(__file__).resolve().parent.parent


def templates_folder(package: Path = PACKAGE) -> Path:
    """`journeymap/templates` in an installed wheel, else the top-level `templates/` of a source checkout."""
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of every page: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def trusted_svg(svg: str) -> Markup:
    """Let an SVG drawing into a page unescaped: the only place a report marks text as safe.

    Two kinds of SVG come here, both built from escaped text and never from raw
    input: diagrams drawn by Graphviz's `dot` from DOT whose labels the diagram
    renderer escaped, and the charts of `journeymap.render.charts`, which escape
    every text they write. The page's Content-Security-Policy stops scripts and
    requests even if one of them ever let something through.
    """
    return Markup(svg)


_BEFORE_SVG = re.compile(r"\A.*?(?=<svg[\s>])", re.DOTALL)


def inline_svg(document: str) -> str:
    """An SVG file's text without what only a stand-alone file needs (XML prolog, DOCTYPE, comments before it)."""
    return _BEFORE_SVG.sub("", document, count=1).strip()


def content_security_policy(script: str | None = None) -> str:
    """Nothing may load or run but the page's own styles and, if given, its one inline script (by hash)."""
    policy = [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if script is not None:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        policy.append(f"script-src 'sha256-{digest}'")
    return "; ".join(policy)


def sort_script() -> str:
    """The index's sorting script exactly as the page includes it (so its hash matches what the browser sees)."""
    return environment().get_template(SORT_SCRIPT).render()


# --- the journey page -----------------------------------------------------------------------------------------------


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
    diagram_note: str | None = None  # why the diagram is a stage overview, or missing


def journey_page_context(
    file: JourneyFile,
    scores: Scores,
    svg: str | None,
    *,
    rows: str = "channel",
    walkthroughs: WalkthroughSection | None = None,
    version: str = __version__,
    diagram_note: str | None = None,
) -> JourneyPage:
    """The page of one valid journey: `svg` is its finished diagram (an SVG document drawn by `dot`).

    `walkthroughs` is the journey's walkthrough section (see `walkthrough_section`), if anyone walked it.
    """
    graph = file.graph
    if graph is None:
        raise ValueError(f"{file.path}: a journey with errors has no page")
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
        source=file.path,
        diagram=trusted_svg(inline_svg(svg)) if svg is not None else None,
        score_cards=score_cards(scores),
        most_likely_path=_path_summary(most_likely, titles, likely=True),
        worst_path=_path_summary(scores.worst_path, titles, likely=False),
        grid=journey_grid(graph, scores, rows=rows),
        curve=trusted_svg(effort_emotion_curve(curve_points(graph, most_likely))) if most_likely else None,
        hot_spots=hot_spot_rows(graph, scores),
        response_gaps=response_gap_rows(graph, scores),
        findings=tuple(_finding_row(finding) for finding in file.findings),
        walkthroughs=walkthroughs,
        effort_scale=tuple((effort, colour, text_colour_on(colour)) for effort, colour in EFFORT_COLOURS.items()),
        version=version,
        content_security_policy=content_security_policy(),
        diagram_note=diagram_note,
    )


def score_cards(scores: Scores) -> tuple[ScoreCard, ...]:
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
            "Switch score", number(scores.expected_switch_score), "expected channel switches, digital → analog ×3"
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
    order = journey_order(journey)
    in_order = sorted(range(len(graph.touchpoints)), key=order.__getitem__)
    likely = set(scores.most_likely_path.touchpoints) if scores.most_likely_path else set()
    ranks = {spot.touchpoint: rank for rank, spot in enumerate(scores.hot_spots[:HOT_SPOTS_MARKED], 1)}
    cards = {i: _card(graph, i, scores, likely=likely, ranks=ranks, rows=rows) for i in in_order}

    row_of: dict[int, str] = {}
    titles: dict[str, tuple[str, str | None]] = {}
    if rows == "channel":
        used = list(dict.fromkeys(graph.touchpoints[i].channel for i in in_order))
        used.sort(key=lambda channel: graph.channels[channel].kind is not ChannelKind.DIGITAL)  # stable: digital first
        for channel in used:
            titles[channel] = (graph.channels[channel].display_title, graph.channels[channel].kind.value)
        row_of = {i: graph.touchpoints[i].channel for i in in_order}
    else:
        owners = list(dict.fromkeys(graph.touchpoints[i].owner or NO_OWNER for i in in_order))
        owners.sort(key=lambda owner: owner == NO_OWNER)
        titles = {owner: (owner, None) for owner in owners}
        row_of = {i: graph.touchpoints[i].owner or NO_OWNER for i in in_order}

    # One pass sorts every card into its cell, in journey order; cells without a card stay empty.
    cell_cards: dict[tuple[str, str], list[Card]] = {}
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


# --- the walkthrough section of a journey page ----------------------------------------------------------------------


@dataclass(frozen=True)
class WalkerRow:
    """One walkthrough: who walked the journey, when, and where their licence stands."""

    participant: str
    role: str | None
    date: str
    valid_until: str | None  # None for a walk superseded by a later one of the same participant
    status: str  # valid, expiring, expired or superseded


@dataclass(frozen=True)
class ComparisonRow:
    """One touchpoint, designed next to experienced; texts as shown, "—" where there is nothing to show."""

    title: str
    stage: str
    designed: str
    experienced: str
    difference: str | None  # "▲ +1.0 harder", "= as designed"
    change: str | None  # harder, easier, as designed
    walked: int
    completion: str | None  # "50%"; None when nobody walked it
    all_completed: bool
    other_channels: tuple[str, ...]  # "Messaging, 1 of 2"
    findings: int


@dataclass(frozen=True)
class UnplannedRow:
    participant: str
    title: str
    channel: str
    effort: str
    after: str  # the title of the touchpoint walked just before, or "at the start"
    completed: bool


@dataclass(frozen=True)
class WalkFindingRow:
    """A finding recorded on a walk, with where it was met and who met it."""

    severity: str  # high, medium, low, unrated
    text: str
    where: str  # a touchpoint's title, or an unplanned step's title
    unplanned: bool
    participant: str


@dataclass(frozen=True)
class WalkthroughSection:
    """The customer-driving-licence walks of one journey, held against its design."""

    walkthroughs: int
    summary: str  # "2 walkthroughs"
    on: str  # the day the licences are judged on
    walkers: tuple[WalkerRow, ...]
    chart: Markup | None  # None when every step walked was unplanned
    touchpoints: tuple[ComparisonRow, ...]
    unplanned_steps: tuple[UnplannedRow, ...]
    severity_counts: tuple[tuple[str, int], ...]  # in SEVERITY_ORDER
    findings: tuple[WalkFindingRow, ...]  # high first


def walkthrough_section(
    graph: JourneyGraph, comparison: JourneyComparison, licences: Sequence[Licence], on: datetime.date
) -> WalkthroughSection:
    """The walkthrough section of a journey page, from `compare` and the licence register judged `on`."""
    points = {point.id: point for point in graph.touchpoints}
    stages = {stage.id: stage.display_title for stage in graph.journey.stages}
    walked = [point for point in comparison.touchpoints if point.walked]
    pairs = [
        EffortPair(point.title, point.designed_effort, point.experienced_effort, point.effort_delta, point.walked)
        for point in walked
    ]
    chart = effort_comparison_chart(pairs, prefix=f"{comparison.journey}-effort-comparison") if pairs else None
    return WalkthroughSection(
        walkthroughs=comparison.walkthroughs,
        summary=plural(comparison.walkthroughs, "walkthrough"),
        on=on.isoformat(),
        walkers=walker_rows(comparison, licences, on),
        chart=trusted_svg(chart) if chart is not None else None,
        touchpoints=tuple(_comparison_row(graph, point, stages) for point in comparison.touchpoints),
        unplanned_steps=tuple(
            UnplannedRow(
                participant=step.participant,
                title=step.title,
                channel=_channel_title(graph, step.channel) if step.channel else "—",
                effort=str(step.effort) if step.effort is not None else "—",
                after=f"after “{points[step.after].title}”" if step.after else "at the start",
                completed=step.completed,
            )
            for step in comparison.unplanned_steps
        ),
        severity_counts=tuple((name, comparison.findings_by_severity.get(name, 0)) for name in SEVERITY_ORDER),
        findings=walk_findings(comparison),
    )


def walker_rows(comparison: JourneyComparison, licences: Sequence[Licence], on: datetime.date) -> tuple[WalkerRow, ...]:
    """Every walk in date order; the licence is the participant's latest walk, as the register has it.

    The register names a licence after the latest walk of a person (name, date) up to `on`, so a
    walk found there holds the licence, one dated after `on` had not happened yet, and any other
    walk of the journey was superseded by a later one.
    """
    current = {
        (licence.participant, licence.date): licence for licence in licences if licence.journey == comparison.journey
    }
    rows = []
    for person in comparison.participants:
        licence = current.get((person.name, person.date))
        rows.append(
            WalkerRow(
                participant=person.name,
                role=person.role,
                date=person.date.isoformat(),
                valid_until=licence.valid_until.isoformat() if licence else None,
                status=licence.status.value if licence else NOT_YET if person.date > on else SUPERSEDED,
            )
        )
    return tuple(rows)


def _channel_title(graph: JourneyGraph, channel: str) -> str:
    known = graph.channels.get(channel)
    return known.display_title if known is not None else channel


def _comparison_row(graph: JourneyGraph, point: TouchpointComparison, stages: dict[str, str]) -> ComparisonRow:
    change = effort_change(point.effort_delta)
    return ComparisonRow(
        title=point.title,
        stage=stages.get(point.stage, point.stage),
        designed=str(point.designed_effort) if point.designed_effort is not None else "—",
        experienced=number(point.experienced_effort, 1) if point.experienced_effort is not None else "—",
        difference=change_text(point.effort_delta) if change is not None else None,
        change=change,
        walked=point.walked,
        completion=percent(point.completion_rate) if point.completion_rate is not None else None,
        all_completed=point.completion_rate == 1,
        other_channels=tuple(
            f"{_channel_title(graph, channel)}, {used} of {point.walked}"
            for channel, used in point.channels_used.items()
        ),
        findings=len(point.findings),
    )


def walk_findings(comparison: JourneyComparison) -> tuple[WalkFindingRow, ...]:
    """Every finding of the walks, high severity first; within one severity in journey order, unplanned steps last."""
    rows = [
        _walk_finding(finding, point.title, unplanned=False)
        for point in comparison.touchpoints
        for finding in point.findings
    ]
    rows += [
        _walk_finding(finding, step.title, unplanned=True)
        for step in comparison.unplanned_steps
        for finding in step.findings
    ]
    return tuple(sorted(rows, key=lambda row: SEVERITY_ORDER.index(row.severity)))


def _walk_finding(finding: RecordedFinding, where: str, *, unplanned: bool) -> WalkFindingRow:
    severity = finding.severity.value if finding.severity is not None else UNRATED
    return WalkFindingRow(severity, finding.text, where, unplanned, finding.participant)


def render_journey_page(page: JourneyPage) -> str:
    return environment().get_template("journey.html.j2").render(page=page)


# --- the index ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexRow:
    """One journey on the index; the raw numbers are the sort keys, the texts what a reader sees."""

    id: str
    title: str
    href: str
    expected_effort: float
    switch_score: float
    digital_completion: float | None
    worst_path_effort: int | None
    warnings: int

    @property
    def shown_effort(self) -> str:
        return number(self.expected_effort)

    @property
    def shown_switch_score(self) -> str:
        return number(self.switch_score)

    @property
    def shown_completion(self) -> str:
        return percent(self.digital_completion) if self.digital_completion is not None else "—"


@dataclass(frozen=True)
class BrokenFile:
    """A file the report could not include, with every located error (as `journeymap check` prints them)."""

    path: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class LicenceRow:
    """One licence in the register; `href` links its journey's page when the report has one."""

    participant: str
    role: str | None
    journey: str
    journey_title: str | None
    href: str | None
    date: str
    valid_until: str
    status: str
    urgency: int  # sort key of the status: expired first, then expiring, then valid


@dataclass(frozen=True)
class LicenceRegister:
    """The licence register as the index shows it, judged on one day."""

    on: str
    valid_for_months: int
    valid_for: str  # "12 months"
    licences: tuple[LicenceRow, ...]  # as `journeymap licences` lists them: by journey, then participant
    counts: tuple[tuple[str, int], ...]  # valid, expiring, expired


@dataclass(frozen=True)
class IndexPage:
    summary: str  # "3 journeys, 5 customer driving licences, 1 file with errors"
    journeys: tuple[IndexRow, ...]
    register: LicenceRegister | None  # None: no valid walkthrough in the report
    broken: tuple[BrokenFile, ...]
    version: str
    content_security_policy: str


def index_row(file: JourneyFile, scores: Scores) -> IndexRow:
    journey = file.journey
    if journey is None:
        raise ValueError(f"{file.path}: a journey with errors has no row")
    return IndexRow(
        id=scores.journey,
        title=journey.title,
        href=page_name(scores.journey),
        expected_effort=scores.expected_effort,
        switch_score=scores.expected_switch_score,
        digital_completion=scores.digital_completion,
        worst_path_effort=scores.worst_path.effort if scores.worst_path else None,
        warnings=sum(1 for finding in file.findings if not finding.is_error),
    )


def broken_file(path: str, findings: Iterable[Finding]) -> BrokenFile:
    return BrokenFile(path, tuple(str(finding) for finding in findings if finding.is_error))


def licence_register_table(
    licences: Sequence[Licence], journeys: Sequence[IndexRow], on: datetime.date, valid_for_months: int
) -> LicenceRegister | None:
    """The register of `licence_register(..., on, valid_for_months)` for the index; None when it is empty.

    A licence's journey links to its page when `journeys` (the index rows) has one: a journey with
    errors has no page, though walks of it still count for the licence.
    """
    if not licences:
        return None
    pages = {row.id: row for row in journeys}
    rows = tuple(
        LicenceRow(
            participant=licence.participant,
            role=licence.role,
            journey=licence.journey,
            journey_title=pages[licence.journey].title if licence.journey in pages else None,
            href=pages[licence.journey].href if licence.journey in pages else None,
            date=licence.date.isoformat(),
            valid_until=licence.valid_until.isoformat(),
            status=licence.status.value,
            urgency=LICENCE_URGENCY[licence.status],
        )
        for licence in licences
    )
    counts = tuple((status.value, sum(1 for row in rows if row.status == status.value)) for status in LicenceStatus)
    return LicenceRegister(on.isoformat(), valid_for_months, plural(valid_for_months, "month"), rows, counts)


def index_context(
    rows: Sequence[IndexRow],
    broken: Sequence[BrokenFile] = (),
    *,
    register: LicenceRegister | None = None,
    version: str = __version__,
) -> IndexPage:
    """The index: journeys by title (the reader re-sorts by any column), the licence register, the files left out."""
    counts = [plural(len(rows), "journey")]
    if register is not None:
        counts.append(plural(len(register.licences), "customer driving licence"))
    if broken:
        counts.append(f"{plural(len(broken), 'file')} with errors")
    return IndexPage(
        summary=", ".join(counts),
        journeys=tuple(sorted(rows, key=lambda row: (row.title.casefold(), row.id))),
        register=register,
        broken=tuple(broken),
        version=version,
        content_security_policy=content_security_policy(sort_script()),
    )


def render_index(page: IndexPage) -> str:
    return environment().get_template("index.html.j2").render(page=page)


def page_name(journey_id: str) -> str:
    """A journey's page in the report folder; ids are lower-case letters, digits and '-', so safe as file names.

    The journey `index` would take the index page's name; its page is `index.journey.html`,
    a name no other id can give (ids hold no dots).
    """
    return "index.journey.html" if journey_id == "index" else f"{journey_id}.html"
