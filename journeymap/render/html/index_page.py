"""The report's index page: one row per journey, the licence register, and the files left out."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from journeymap import __version__
from journeymap.findings import Finding
from journeymap.model import Journey
from journeymap.render.html.environment import content_security_policy, environment, sort_script
from journeymap.render.text import number, percent, plural
from journeymap.scoring import Scores
from journeymap.targets import Judgement, target_text
from journeymap.walkthroughs import Licence, LicenceRules, LicenceStatus

LICENCE_URGENCY = {
    LicenceStatus.INCOMPLETE: 0,
    LicenceStatus.EXPIRED: 1,
    LicenceStatus.EXPIRING: 2,
    LicenceStatus.VALID: 3,
}


@dataclass(frozen=True)
class IndexRow:
    """One journey on the index; the raw numbers are the sort keys, the texts what a reader sees."""

    id: str
    title: str
    href: str
    expected_effort: float
    effort_per_step: float | None  # None: no touchpoint a customer reaches has an effort
    switch_score: float
    digital_completion: float | None
    worst_path_effort: int | None
    warnings: int
    success_rate: float = 1.0
    complete: bool = True  # False: the map is incomplete (the page says why first)
    judgement: Mapping[str, str] = dataclasses.field(default_factory=dict)  # judged score -> on, near or off
    targets: Mapping[str, str] = dataclasses.field(default_factory=dict)  # judged score -> "target ≥ 95%"
    baseline: str | None = None  # the id of the as-is journey this one is the to-be of
    as_is_of: tuple[tuple[str, str], ...] = ()  # (title, href) of the to-bes of this journey
    to_be_of: tuple[str, str] | None = None  # (title, href) of its baseline, when the report has it

    @property
    def shown_effort(self) -> str:
        return number(self.expected_effort, 1)

    @property
    def shown_effort_per_step(self) -> str:
        return number(self.effort_per_step, 1) if self.effort_per_step is not None else "—"

    @property
    def shown_switch_score(self) -> str:
        return number(self.switch_score)

    @property
    def shown_completion(self) -> str:
        return percent(self.digital_completion) if self.digital_completion is not None else "—"

    @property
    def shown_success_rate(self) -> str:
        return percent(self.success_rate)

    def judged(self, key: str) -> tuple[str, str, str] | None:
        """(on/near/off, "near target", "target ≥ 95%") for a judged score, None for one without judgement."""
        judgement = self.judgement.get(key)
        if judgement is None:
            return None
        return judgement, Judgement(judgement).words, self.targets[key]


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
    valid_until: str | None  # None: no complete walk ever granted a licence
    status: str
    urgency: int  # sort key of the status: incomplete first, then expired, expiring, valid
    coverage: str  # "5 of 8 stages"
    complete: bool  # the latest walk covered every stage of the main path
    skipped: int  # touchpoints jumped over in the latest walk
    presented: str | None  # the day the findings were presented, None: not yet


@dataclass(frozen=True)
class LicenceRegister:
    """The licence register as the index shows it, judged on one day."""

    on: str
    valid_for_months: int
    valid_for: str  # "12 months"
    require_presentation: bool
    licences: tuple[LicenceRow, ...]  # as `journeymap licences` lists them: by journey, then participant
    counts: tuple[tuple[str, int], ...]  # valid, expiring, expired, incomplete


@dataclass(frozen=True)
class IndexPage:
    summary: str  # "3 journeys, 5 customer driving licences, 1 file with errors"
    journeys: tuple[IndexRow, ...]
    register: LicenceRegister | None  # None: no valid walkthrough in the report
    broken: tuple[BrokenFile, ...]
    version: str
    content_security_policy: str


def index_row(journey: Journey, scores: Scores, findings: Iterable[Finding] = ()) -> IndexRow:
    """A valid journey's row: its title, its scores and how many warnings its file has."""
    return IndexRow(
        id=scores.journey,
        title=journey.title,
        href=page_name(scores.journey),
        expected_effort=scores.expected_effort,
        effort_per_step=scores.effort_per_step,
        switch_score=scores.expected_switch_score,
        digital_completion=scores.digital_completion,
        worst_path_effort=scores.worst_path.effort if scores.worst_path else None,
        warnings=sum(1 for finding in findings if not finding.is_error),
        success_rate=scores.success_rate,
        complete=scores.complete,
        judgement={key: judgement.value for key, judgement in scores.judgement.items()},
        targets={key: target_text(key, scores.targets[key]) for key in scores.judgement},
        baseline=journey.baseline,
    )


def paired_with_baselines(rows: Sequence[IndexRow]) -> list[IndexRow]:
    """Rows that know their pair: a to-be names its as-is, an as-is its to-bes (when both are in the report)."""
    by_id = {row.id: row for row in rows}
    to_bes: dict[str, list[IndexRow]] = {}
    for row in rows:
        if row.baseline in by_id and row.baseline != row.id:
            to_bes.setdefault(row.baseline, []).append(row)
    paired = []
    for row in rows:
        baseline = by_id.get(row.baseline or "") if row.baseline != row.id else None
        paired.append(
            dataclasses.replace(
                row,
                to_be_of=(baseline.title, baseline.href) if baseline is not None else None,
                as_is_of=tuple((other.title, other.href) for other in to_bes.get(row.id, ())),
            )
        )
    return paired


def broken_file(path: str, findings: Iterable[Finding]) -> BrokenFile:
    return BrokenFile(path, tuple(str(finding) for finding in findings if finding.is_error))


def licence_register_table(
    licences: Sequence[Licence], journeys: Sequence[IndexRow], rules: LicenceRules
) -> LicenceRegister | None:
    """The register of `licence_register(..., rules)` for the index; None when it is empty.

    A licence's journey links to its page when `journeys` (the index rows) has one: a journey with
    errors has no page, though walks of it are still listed.
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
            valid_until=licence.valid_until.isoformat() if licence.valid_until is not None else None,
            status=licence.status.value,
            urgency=LICENCE_URGENCY[licence.status],
            coverage=licence.coverage.summary,
            complete=licence.coverage.complete,
            skipped=licence.coverage.skipped,
            presented=licence.presented.isoformat() if licence.presented is not None else None,
        )
        for licence in licences
    )
    counts = tuple((status.value, sum(1 for row in rows if row.status == status.value)) for status in LicenceStatus)
    return LicenceRegister(
        rules.on.isoformat(),
        rules.valid_for_months,
        plural(rules.valid_for_months, "month"),
        rules.require_presentation,
        rows,
        counts,
    )


def index_context(
    rows: Sequence[IndexRow],
    broken: Sequence[BrokenFile] = (),
    *,
    register: LicenceRegister | None = None,
    version: str = __version__,
) -> IndexPage:
    """The index: journeys ranked by effort per step, hardest first (the reader re-sorts by any column), the
    licence register, the files left out."""
    counts = [plural(len(rows), "journey")]
    if register is not None:
        counts.append(plural(len(register.licences), "customer driving licence"))
    if broken:
        counts.append(f"{plural(len(broken), 'file')} with errors")
    return IndexPage(
        summary=", ".join(counts),
        journeys=tuple(sorted(rows, key=ranked)),
        register=register,
        broken=tuple(broken),
        version=version,
        content_security_policy=content_security_policy(sort_script()),
    )


def ranked(row: IndexRow) -> tuple[bool, float, str, str]:
    """The index's order: the highest effort per step first, journeys without one last, then by title."""
    per_step = row.effort_per_step
    return (per_step is None, -(per_step or 0.0), row.title.casefold(), row.id)


def render_index(page: IndexPage, paper: str = "A4") -> str:
    """The page's HTML; `paper` (A4, A3) is the landscape sheet it prints on (see printing.py)."""
    return environment().get_template("index.html.j2").render(page=page, paper=paper)


def page_name(journey_id: str) -> str:
    """A journey's page in the report folder; ids are lower-case letters, digits and '-', so safe as file names.

    The journey `index` would take the index page's name; its page is `index.journey.html`,
    a name no other id can give (ids hold no dots).
    """
    return "index.journey.html" if journey_id == "index" else f"{journey_id}.html"
