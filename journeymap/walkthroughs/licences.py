"""Licence register: who holds a customer driving licence for which journey, and until when.

The rules are normative (the format's "Customer driving licence"): only a complete walk (one that
names a touchpoint of every stage the main path passes through, or the most likely path where no
success exit can be reached) grants a licence, which runs from the latest complete walk for
`valid_for_months`; with `require_presentation`, only from a walk whose findings were presented by the judging day.
"""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.graph import JourneyGraph
from journeymap.model import Walkthrough
from journeymap.results import Result

# A licence about to run out is flagged this many days ahead, so the next walk can be planned.
EXPIRING_WITHIN_DAYS = 30


class LicenceStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"  # still valid, but for EXPIRING_WITHIN_DAYS days at most
    EXPIRED = "expired"
    INCOMPLETE = "incomplete"  # the latest walk is incomplete and no complete walk holds a valid licence


@dataclass(frozen=True)
class Coverage:
    """How much of a journey one walk covered: the stages of its main path that the walk named a touchpoint of.

    A walk is complete when it covers every stage the main path passes through (the most likely path
    where no success exit can be reached); unplanned steps count for no stage. `required` is empty when
    the journey could not be analysed (it has errors): such a walk cannot be judged complete.
    """

    required: tuple[str, ...]  # stage ids the main path passes through, in path order
    covered: tuple[str, ...]  # those of them the walk visited, in the same order
    skipped: int  # touchpoints the participant jumped over (recorded as `skipped:`)

    @property
    def complete(self) -> bool:
        return bool(self.required) and len(self.covered) == len(self.required)

    @property
    def summary(self) -> str:
        """`5 of 8 stages`, or why it cannot be said."""
        if not self.required:
            return "unknown: the journey has errors"
        return f"{len(self.covered)} of {len(self.required)} stage{'' if len(self.required) == 1 else 's'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "stages_required": list(self.required),
            "stages_covered": list(self.covered),
            "skipped": self.skipped,
        }


@dataclass(frozen=True, repr=False)
class Licence(Result):
    """One participant's licence for one journey on a day: from their latest complete walk, or why there is none.

    `date` is the walk the row is about: the one that grants the licence when one holds, else the
    latest walk. `valid_until` is None when no complete walk ever granted a licence. `coverage` is that
    of the latest walk, so a row shows how far the participant got last time.
    """

    participant: str
    role: str | None
    journey: str
    date: datetime.date
    valid_until: datetime.date | None
    status: LicenceStatus
    coverage: Coverage
    presented: datetime.date | None  # when the row's walk was presented, if it was (by the judging day)

    def to_dict(self) -> dict[str, Any]:
        return {
            "participant": self.participant,
            "role": self.role,
            "journey": self.journey,
            "date": self.date.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until is not None else None,
            "status": self.status.value,
            "presented": self.presented.isoformat() if self.presented is not None else None,
            **self.coverage.to_dict(),
        }


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day: 2026-01-31 + 1 month = 2026-02-28."""
    serial = day.year * 12 + day.month - 1 + months
    year, month = divmod(serial, 12)
    month += 1
    if year > datetime.MAXYEAR:  # a walk dated near the year 9999: valid as long as dates go
        return datetime.date.max
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def licence_status(valid_until: datetime.date, on: datetime.date) -> LicenceStatus:
    if valid_until < on:
        return LicenceStatus.EXPIRED
    if (valid_until - on).days <= EXPIRING_WITHIN_DAYS:
        return LicenceStatus.EXPIRING
    return LicenceStatus.VALID


def walk_coverage(walk: Walkthrough, path_stages: Sequence[str], stage_of: Mapping[str, str]) -> Coverage:
    """The coverage of `walk` given the stages of its journey's main path and each touchpoint's stage."""
    visited = {
        stage_of[step.touchpoint] for step in walk.steps if step.touchpoint is not None and step.touchpoint in stage_of
    }
    covered = tuple(stage for stage in path_stages if stage in visited)
    return Coverage(tuple(path_stages), covered, sum(len(step.skipped) for step in walk.steps))


@dataclass(frozen=True)
class LicenceRules:
    """How licences are judged: on which day, for how long they run, and whether a presentation is required."""

    on: datetime.date
    valid_for_months: int = 12
    require_presentation: bool = False

    def __post_init__(self) -> None:
        if self.valid_for_months < 1:
            raise ValueError(f"a licence must be valid for at least one month, not {self.valid_for_months}")

    def presented(self, walk: Walkthrough) -> datetime.date | None:
        """The day `walk` was presented, if that day had come by the judging day."""
        return walk.presented if walk.presented is not None and walk.presented <= self.on else None

    def grants(self, walk: Walkthrough, coverage: Coverage) -> bool:
        """A complete walk grants a licence; under `require_presentation` only once it was presented."""
        return coverage.complete and (not self.require_presentation or self.presented(walk) is not None)


def licence_register(
    walkthroughs: Sequence[Walkthrough], journeys: Mapping[str, JourneyPath], rules: LicenceRules
) -> tuple[Licence, ...]:
    """One row per participant and journey, judged by `rules`; sorted by journey, then participant.

    `journeys` gives, per journey id, the stages of its main path and each touchpoint's stage
    (`journey_path`); a walk of a journey not in it cannot be judged complete. A participant is
    recognised by name, ignoring case and extra spaces; the row shows the name and role as the latest
    walkthrough gives them (the role of an earlier one if it gives none). Walks dated after the judging
    day had not happened then, so they count for nothing yet.
    """
    walks: dict[tuple[str, str], list[Walkthrough]] = {}
    for walk in walkthroughs:
        if walk.date <= rules.on:
            walks.setdefault((walk.journey, _person_key(walk.participant)), []).append(walk)
    licences = []
    for (journey, _), history in walks.items():
        history.sort(key=lambda walk: walk.date)
        path = journeys.get(journey, JourneyPath((), {}))
        coverages = [walk_coverage(walk, path.stages, path.stage_of) for walk in history]
        latest, latest_coverage = history[-1], coverages[-1]
        role = next((walk.role for walk in reversed(history) if walk.role), None)
        granting = next(
            (
                walk
                for walk, coverage in zip(reversed(history), reversed(coverages), strict=True)
                if rules.grants(walk, coverage)
            ),
            None,
        )
        if granting is None:
            row = Licence(
                latest.participant,
                role,
                journey,
                latest.date,
                None,
                LicenceStatus.INCOMPLETE,
                latest_coverage,
                rules.presented(latest),
            )
        else:
            valid_until = add_months(granting.date, rules.valid_for_months)
            status = licence_status(valid_until, rules.on)
            if status is LicenceStatus.EXPIRED and granting is not latest:
                status = LicenceStatus.INCOMPLETE  # a newer walk was begun but never made complete
            shown = granting if status is not LicenceStatus.INCOMPLETE else latest
            row = Licence(
                latest.participant,
                role,
                journey,
                shown.date,
                valid_until,
                status,
                latest_coverage,
                rules.presented(shown),
            )
        licences.append(row)
    return tuple(sorted(licences, key=lambda licence: (licence.journey, _person_key(licence.participant))))


@dataclass(frozen=True)
class JourneyPath:
    """What judging a walk's completeness needs of its journey: the stages of the main path, in order."""

    stages: tuple[str, ...]
    stage_of: Mapping[str, str]  # touchpoint id -> stage id


def journey_path(graph: JourneyGraph, path: Sequence[str]) -> JourneyPath:
    """The `JourneyPath` of a journey whose main path visits the touchpoints `path` (ids, in order)."""
    stage_of = {point.id: point.stage for point in graph.touchpoints}
    stages = tuple(dict.fromkeys(stage_of[touchpoint] for touchpoint in path))
    return JourneyPath(stages, stage_of)


def _person_key(name: str) -> str:
    return " ".join(name.split()).casefold()
