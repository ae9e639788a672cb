"""The licence register: only a complete walk grants a licence, valid for a year from the latest complete walk."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL_JOURNEY, ROOT, Result

from journeymap.model import Walkthrough
from journeymap.walkthroughs import (
    Coverage,
    JourneyPath,
    Licence,
    LicenceRules,
    LicenceStatus,
    add_months,
    licence_register,
    licence_status,
)

day = datetime.date.fromisoformat

# The minimal journey: `order` (stage buy) then `bill` (stage after); its most likely path passes both stages.
MINIMAL = JourneyPath(("buy", "after"), {"order": "buy", "bill": "after"})
PATHS = {"minimal": MINIMAL, "shop": MINIMAL}
FULL = [{"touchpoint": "order"}, {"touchpoint": "bill"}]
COMPLETE = Coverage(("buy", "after"), ("buy", "after"), 0)


def walkthrough(
    participant: str,
    date: str,
    journey: str = "minimal",
    *,
    role: str | None = None,
    steps: list[dict[str, object]] | None = None,
    presented: str | None = None,
) -> Walkthrough:
    return Walkthrough(
        journey=journey,
        participant=participant,
        role=role,
        date=day(date),
        steps=FULL if steps is None else steps,
        presented=day(presented) if presented else None,
    )


def register(walks: list[Walkthrough], on: str, **rules: object) -> tuple[Licence, ...]:
    return licence_register(walks, PATHS, LicenceRules(day(on), **rules))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),  # clamped to the shorter month
        ("2024-01-31", 1, "2024-02-29"),  # a leap year
        ("2025-12-10", 12, "2026-12-10"),
        ("2026-11-30", 3, "2027-02-28"),  # over the year's end
        ("2026-02-28", 12, "2027-02-28"),
        ("2026-05-15", 24, "2028-05-15"),
    ],
)
def test_add_months_clamps_the_day(start: str, months: int, expected: str) -> None:
    assert add_months(day(start), months) == day(expected)


@pytest.mark.parametrize(
    ("valid_until", "status"),
    [
        ("2026-12-23", LicenceStatus.VALID),  # 31 days left
        ("2026-12-22", LicenceStatus.EXPIRING),  # 30 days left: expiring, inclusive
        ("2026-11-22", LicenceStatus.EXPIRING),  # its last day
        ("2026-11-21", LicenceStatus.EXPIRED),
    ],
)
def test_licence_status_on_a_day(valid_until: str, status: LicenceStatus) -> None:
    assert licence_status(day(valid_until), on=day("2026-11-22")) is status


def test_the_latest_complete_walkthrough_of_a_journey_counts() -> None:
    walks = [
        walkthrough("Ann Smit", "2025-03-01", role="Finance"),
        walkthrough("ann  smit", "2026-02-01"),  # the same person, typed differently, without a role
        walkthrough("Ann Smit", "2025-09-01"),
    ]
    assert register(walks, "2026-06-01") == (
        Licence(
            "ann  smit", "Finance", "minimal", day("2026-02-01"), day("2027-02-01"), LicenceStatus.VALID, COMPLETE, None
        ),
    )


def test_walks_after_the_day_judged_on_earn_no_licence_yet() -> None:
    walks = [
        walkthrough("Ann Smit", "2025-03-01"),
        walkthrough("Ann Smit", "2026-08-01"),
        walkthrough("Bo", "2026-09-01"),
    ]
    (licence,) = register(walks, "2026-02-15")
    assert (licence.participant, licence.date, licence.valid_until, licence.status) == (
        "Ann Smit",
        day("2025-03-01"),
        day("2026-03-01"),
        LicenceStatus.EXPIRING,
    )


def test_one_licence_per_participant_and_journey_sorted_by_journey_then_participant() -> None:
    walks = [
        walkthrough("Bob", "2026-01-01", journey="shop"),
        walkthrough("carla", "2025-01-01", journey="minimal"),
        walkthrough("Bob", "2025-12-01", journey="minimal"),
        walkthrough("Ann", "2025-11-01", journey="shop"),
    ]
    rows = [(licence.journey, licence.participant, licence.status) for licence in register(walks, "2026-11-20")]
    assert rows == [
        ("minimal", "Bob", LicenceStatus.EXPIRING),  # until 2026-12-01
        ("minimal", "carla", LicenceStatus.EXPIRED),  # until 2026-01-01
        ("shop", "Ann", LicenceStatus.EXPIRED),  # until 2026-11-01
        ("shop", "Bob", LicenceStatus.VALID),  # until 2027-01-01
    ]


def test_valid_for_changes_the_end_date() -> None:
    (licence,) = register([walkthrough("Ann", "2026-01-31")], "2026-03-01", valid_for_months=1)
    assert (licence.valid_until, licence.status) == (day("2026-02-28"), LicenceStatus.EXPIRED)
    with pytest.raises(ValueError, match="at least one month"):
        LicenceRules(day("2026-03-01"), valid_for_months=0)


def test_licence_as_json() -> None:
    (licence,) = register([walkthrough("Ann", "2025-12-10", role="IT", presented="2025-12-12")], "2026-11-22")
    assert licence.to_dict() == {
        "participant": "Ann",
        "role": "IT",
        "journey": "minimal",
        "date": "2025-12-10",
        "valid_until": "2026-12-10",
        "status": "expiring",
        "presented": "2025-12-12",
        "complete": True,
        "stages_required": ["buy", "after"],
        "stages_covered": ["buy", "after"],
        "skipped": 0,
    }


# --- the licence rules: a complete walk, and (on request) a presentation -------------------------------------------


def test_a_one_step_walk_is_incomplete_and_says_how_far_it_got() -> None:
    (licence,) = register([walkthrough("Ann", "2026-11-01", steps=[{"touchpoint": "order"}])], "2026-11-22")
    assert licence.status is LicenceStatus.INCOMPLETE
    assert licence.valid_until is None
    assert licence.coverage.summary == "1 of 2 stages" and not licence.coverage.complete


def test_unplanned_steps_count_for_no_stage() -> None:
    steps = [{"touchpoint": "order"}, {"title": "Asked about the bill by phone", "channel": "phone"}]
    (licence,) = register([walkthrough("Ann", "2026-11-01", steps=steps)], "2026-11-22")
    assert licence.status is LicenceStatus.INCOMPLETE and licence.coverage.covered == ("buy",)


def test_a_jump_is_recorded_and_counted_but_a_walk_that_covers_every_stage_still_holds() -> None:
    path = JourneyPath(("a", "b", "c"), {"one": "a", "two": "b", "three": "b", "four": "c"})
    walk = walkthrough(
        "Ann",
        "2026-11-01",
        journey="long",
        steps=[{"touchpoint": "one"}, {"touchpoint": "four", "skipped": ["two", "three"]}],
    )
    (licence,) = licence_register([walk], {"long": path}, LicenceRules(day("2026-11-22")))
    assert licence.coverage.skipped == 2
    assert licence.coverage.summary == "2 of 3 stages"  # the jump left out stage b
    assert licence.status is LicenceStatus.INCOMPLETE


def test_a_complete_walk_is_valid() -> None:
    (licence,) = register([walkthrough("Ann", "2026-11-01")], "2026-11-22")
    assert licence.status is LicenceStatus.VALID and licence.coverage.summary == "2 of 2 stages"


def test_an_older_complete_walk_still_holds_when_the_newer_one_is_incomplete() -> None:
    walks = [walkthrough("Ann", "2026-03-01"), walkthrough("Ann", "2026-10-01", steps=[{"touchpoint": "order"}])]
    (licence,) = register(walks, "2026-11-22")
    assert (licence.status, licence.date, licence.valid_until) == (
        LicenceStatus.VALID,
        day("2026-03-01"),
        day("2027-03-01"),
    )
    assert licence.coverage.summary == "1 of 2 stages"  # how far the latest walk got


def test_an_expired_complete_walk_and_a_newer_incomplete_one_are_incomplete() -> None:
    walks = [walkthrough("Ann", "2024-03-01"), walkthrough("Ann", "2026-10-01", steps=[{"touchpoint": "order"}])]
    (licence,) = register(walks, "2026-11-22")
    assert (licence.status, licence.date, licence.valid_until) == (
        LicenceStatus.INCOMPLETE,
        day("2026-10-01"),
        day("2025-03-01"),
    )


def test_a_walk_of_a_journey_that_cannot_be_analysed_cannot_be_judged_complete() -> None:
    (licence,) = register([walkthrough("Ann", "2026-11-01", journey="broken")], "2026-11-22")
    assert licence.status is LicenceStatus.INCOMPLETE
    assert licence.coverage.summary == "unknown: the journey has errors"


def test_without_the_presentation_rule_a_missing_presentation_changes_no_status() -> None:
    (licence,) = register([walkthrough("Ann", "2026-11-01")], "2026-11-22")
    assert licence.status is LicenceStatus.VALID and licence.presented is None


def test_with_the_presentation_rule_only_a_presented_walk_grants_from_the_presentation_day() -> None:
    walks = [walkthrough("Ann", "2026-11-01", presented="2026-11-15")]
    before = register(walks, "2026-11-10", require_presentation=True)
    after = register(walks, "2026-11-22", require_presentation=True)
    assert (before[0].status, before[0].presented, before[0].valid_until) == (LicenceStatus.INCOMPLETE, None, None)
    assert (after[0].status, after[0].presented, after[0].valid_until) == (
        LicenceStatus.VALID,
        day("2026-11-15"),
        day("2027-11-01"),
    )


def test_with_the_presentation_rule_an_older_presented_walk_holds_over_a_newer_unpresented_one() -> None:
    walks = [walkthrough("Ann", "2026-01-10", presented="2026-01-20"), walkthrough("Ann", "2026-11-01")]
    (licence,) = register(walks, "2026-11-22", require_presentation=True)
    assert (licence.status, licence.date) == (LicenceStatus.VALID, day("2026-01-10"))


# --- the command ---------------------------------------------------------------------------------------------


def test_licences_of_the_examples(cli: Callable[..., Result]) -> None:
    result = cli("licences", EXAMPLES, "--on", "2026-11-22", "--format", "json")
    assert result.exit_code == 0, result.err
    rows = [(row["journey"], row["participant"], row["valid_until"], row["status"]) for row in json.loads(result.out)]
    assert rows == [
        ("energy-move", "Sofia Jansen", "2027-11-02", "valid"),
        ("insurance-claim", "Lisa Chen", "2026-12-10", "expiring"),
        ("insurance-claim", "Priya Raman", "2027-06-03", "valid"),
        ("phone-purchase", "Jan de Vries", "2027-10-28", "valid"),
        ("phone-purchase", "Tom Bakker", "2026-09-15", "expired"),
    ]


def test_licences_table(cli: Callable[..., Result]) -> None:
    result = cli("licences", EXAMPLES, "--on", "2026-11-22")
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == [
        "participant", "role", "journey", "walked", "covered", "presented", "valid", "until", "status"
    ]  # fmt: skip
    assert lines[5].split() == [
        "Tom", "Bakker", "Logistics", "phone-purchase", "2025-09-15", "8", "of", "8", "stages", "not", "yet",
        "2026-09-15", "expired",
    ]  # fmt: skip
    assert lines[-2] == "5 licences on 2026-11-22: 3 valid, 1 expiring, 1 expired, 0 incomplete"
    assert lines[-1] == "(only complete walks grant a licence, for 12 months)"
    # columns line up: every row's journey starts where the header's does
    column = lines[0].index("journey")
    assert all(line[column:].startswith(("energy-move", "insurance-claim", "phone-purchase")) for line in lines[1:6])


def test_licences_valid_for_six_months(cli: Callable[..., Result]) -> None:
    result = cli("licences", EXAMPLES, "--on", "2026-11-22", "--valid-for", "6", "--format", "json")
    statuses = {row["participant"]: (row["valid_until"], row["status"]) for row in json.loads(result.out)}
    assert statuses["Sofia Jansen"] == ("2027-05-02", "valid")
    assert statuses["Priya Raman"] == ("2026-12-03", "expiring")
    assert statuses["Lisa Chen"] == ("2026-06-10", "expired")


def test_licences_judge_on_today_by_default(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(MINIMAL_JOURNEY, "minimal.journey.yaml")
    today = datetime.date.today()
    write(
        f"journey: minimal\nparticipant: Ann\ndate: {today.isoformat()}\nsteps: [order-step, bill-step]\n".replace(
            "order-step", "{touchpoint: order}"
        ).replace("bill-step", "{touchpoint: bill}"),
        "ann.walkthrough.yaml",
    )
    result = cli("licences", journey.parent, "--format", "json")
    (row,) = json.loads(result.out)
    assert (row["date"], row["valid_until"], row["status"]) == (
        today.isoformat(),
        add_months(today, 12).isoformat(),
        "valid",
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--on", "22-11-2026"], "--on: '22-11-2026' is not a date; write it as YYYY-MM-DD"),
        (["--valid-for", "0"], "--valid-for: '0': a licence is valid for at least 1 month"),
        (["--valid-for", "999999"], "give a whole number of months up to 1200"),
    ],
)
def test_licences_usage_errors(cli: Callable[..., Result], arguments: list[str], message: str) -> None:
    result = cli("licences", EXAMPLES, *arguments)
    assert result.exit_code == 2
    assert message in result.err
    assert result.out == ""


def test_licences_report_broken_walkthroughs_and_list_the_rest(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    journey = write(MINIMAL_JOURNEY, "minimal.journey.yaml")
    write("journey: minimal\nparticipant: Ann\ndate: 2026-05-01\nsteps: [{touchpoint: order}]\n", "a.walkthrough.yaml")
    broken = write("journey: minimal\nparticipant: Bob\ndate: 2026-05-01\nsteps: []\n", "b.walkthrough.yaml")
    result = cli("licences", journey.parent, "--on", "2026-06-01", "--format", "json")
    assert result.exit_code == 1
    assert result.err.startswith(f"{broken}:4:8: error[")
    assert [row["participant"] for row in json.loads(result.out)] == ["Ann"]


def test_licences_without_walkthroughs(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(MINIMAL_JOURNEY, "minimal.journey.yaml")
    result = cli("licences", journey, "--on", "2026-06-01")
    assert (result.exit_code, result.out) == (0, "No licences: no valid walkthroughs found (on 2026-06-01).\n")


def test_the_register_in_the_docs_is_what_the_command_prints(cli: Callable[..., Result]) -> None:
    docs = (ROOT / "docs" / "walkthroughs.md").read_text(encoding="utf-8")
    example = docs.split("$ journeymap licences journeys/ --on 2026-11-22\n", 1)[1].split("```", 1)[0]
    assert cli("licences", EXAMPLES, "--on", "2026-11-22").out == example


def test_a_licence_from_the_last_years_of_the_calendar_ends_with_the_calendar() -> None:
    assert add_months(datetime.date(9999, 6, 1), 12) == datetime.date.max


def test_licences_require_presentation_on_the_command_line(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    journey = write(MINIMAL_JOURNEY, "minimal.journey.yaml")
    steps = "steps: [{touchpoint: order}, {touchpoint: bill}]\n"
    write(f"journey: minimal\nparticipant: Ann\ndate: 2026-05-01\npresented: 2026-05-03\n{steps}", "a.walkthrough.yaml")
    write(f"journey: minimal\nparticipant: Bob\ndate: 2026-05-01\n{steps}", "b.walkthrough.yaml")
    write("journey: minimal\nparticipant: Cy\ndate: 2026-05-01\nsteps: [{touchpoint: order}]\n", "c.walkthrough.yaml")
    plain = json.loads(cli("licences", journey.parent, "--on", "2026-06-01", "--format", "json").out)
    strict = cli("licences", journey.parent, "--on", "2026-06-01", "--require-presentation")
    assert [(row["participant"], row["status"]) for row in plain] == [
        ("Ann", "valid"),
        ("Bob", "valid"),
        ("Cy", "incomplete"),
    ]
    assert strict.exit_code == 0
    statuses = {line.split()[0]: line.split()[-1] for line in strict.out.splitlines()[1:4]}
    assert statuses == {"Ann": "valid", "Bob": "incomplete", "Cy": "incomplete"}
    assert "1 of 2 stages" in strict.out and "whose findings were presented" in strict.out
