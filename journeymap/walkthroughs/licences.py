"""Licence register: who holds a customer driving licence for which journey, and until when."""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.model import Walkthrough

# A licence about to run out is flagged this many days ahead, so the next walk can be planned.
EXPIRING_WITHIN_DAYS = 30


class LicenceStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"  # still valid, but for EXPIRING_WITHIN_DAYS days at most
    EXPIRED = "expired"


@dataclass(frozen=True)
class Licence:
    """One participant's licence for one journey, from their latest walkthrough of it."""

    participant: str
    role: str | None
    journey: str
    date: datetime.date
    valid_until: datetime.date
    status: LicenceStatus

    def to_json(self) -> dict[str, Any]:
        return {
            "participant": self.participant,
            "role": self.role,
            "journey": self.journey,
            "date": self.date.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "status": self.status.value,
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


def licence_register(
    walkthroughs: Sequence[Walkthrough], on: datetime.date, valid_for_months: int = 12
) -> tuple[Licence, ...]:
    """One licence per participant and journey, valid for `valid_for_months` from the latest walk; sorted.

    A participant is recognised by name, ignoring case and extra spaces; the row shows the name
    and role as the latest walkthrough gives them (the role of an earlier one if it gives none).
    Walks dated after `on` had not happened on that day, so they earn no licence yet.
    """
    if valid_for_months < 1:
        raise ValueError(f"a licence must be valid for at least one month, not {valid_for_months}")
    walks: dict[tuple[str, str], list[Walkthrough]] = {}
    for walk in walkthroughs:
        if walk.date <= on:
            walks.setdefault((walk.journey, _person_key(walk.participant)), []).append(walk)
    licences = []
    for (journey, _), history in walks.items():
        history.sort(key=lambda walk: walk.date)
        latest = history[-1]
        role = next((walk.role for walk in reversed(history) if walk.role), None)
        valid_until = add_months(latest.date, valid_for_months)
        status = licence_status(valid_until, on)
        licences.append(Licence(latest.participant, role, journey, latest.date, valid_until, status))
    return tuple(sorted(licences, key=lambda licence: (licence.journey, _person_key(licence.participant))))


def _person_key(name: str) -> str:
    return " ".join(name.split()).casefold()
