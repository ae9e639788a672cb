"""Warnings: one case per check code at its exact place, and the ways to silence them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_JOURNEY, changed

from journeymap.checks import CHECKS, run_checks
from journeymap.findings import Finding, Level
from journeymap.project import load_journey, load_project

# A journey without a single warning; each case below changes one thing in it. Line numbers on the right.
QUIET = VALID_JOURNEY

LOOSE_END = "  - id: lost\n    title: Found by nobody\n    stage: use\n    channel: web\n    effort: 1\n"
TWO_SURVEYS = """\
    next: [first-survey]
  - id: first-survey
    title: Rates the order
    stage: use
    channel: email
    kind: survey
    effort: 1
    next: [second-survey]
  - id: second-survey
    title: Rates the invoice
    stage: use
    channel: email
    kind: survey
    effort: 1
"""
CONTACT_LOOP = """\
    next: [ask]
  - id: ask
    title: Asks about the invoice in the chat
    stage: use
    channel: chat
    kind: contact
    effort: 3
    next: [{to: bill, share: 0.3}, understood]
  - id: understood
    title: Understands the invoice
    stage: use
    channel: email
    effort: 1
"""

Check = Callable[..., list[Finding]]


@pytest.fixture
def check(write: Callable[..., Path]) -> Check:
    def run(text: str, *ignore: str) -> list[Finding]:
        return load_project([str(write(text, "phone.journey.yaml"))], ignore).findings

    return run


def test_quiet_journey_has_no_findings(check: Check) -> None:
    assert check(QUIET) == []


# One case per warning code: the changed journey, where the warning points, and a bit of its message.
WARNING_CASES = {
    "unreachable": (QUIET + LOOSE_END, [(21, 9)], "no customer reaches 'lost' from the entry 'order'"),
    "no-invoice": (changed(("    kind: invoice\n", "")), [(8, 1)], "add it with `kind: invoice`"),
    "no-post-purchase": (
        changed(("phase: post-purchase", "phase: purchase")),
        [(3, 1)],
        "map what happens after the purchase",
    ),
    "forced-analog": (
        changed(("channel: email", "channel: letter")),
        [(14, 12)],
        "'order' (web) sends customers to 'bill' (letter)",
    ),
    "slow-response": (
        QUIET + "    response_time: 1d\n",
        [(21, 20)],
        "'bill' answers in 1d, but customers on 'email' expect an answer within 4h: 20h too slow",
    ),
    "survey-fatigue": (
        QUIET + TWO_SURVEYS,
        [(33, 11)],
        "'second-survey' is survey number 2 (the first is 'first-survey')",
    ),
    "missing-effort": (changed(("    effort: 2\n", "")), [(9, 9)], "add `effort:` from 1 (effortless) to 7"),
    "no-goals": (changed(("goals: [Fewer calls about orders]\n", "")), [(1, 1)], "add `goals:`"),
    "high-effort": (changed(("effort: 2", "effort: 6")), [(13, 13)], "'order' has effort 6 of 7"),
    "repeat-contact": (QUIET + CONTACT_LOOP, [(22, 9)], "contact 'ask' lies on a loop"),
}


def test_every_check_has_a_case() -> None:
    assert set(WARNING_CASES) == set(CHECKS)


@pytest.mark.parametrize(
    ("code", "text", "positions", "message"), [(code, *case) for code, case in WARNING_CASES.items()]
)
def test_warning_is_located(check: Check, code: str, text: str, positions: list[tuple[int, int]], message: str) -> None:
    findings = check(text)
    assert not [finding for finding in findings if finding.is_error]
    found = [finding for finding in findings if finding.code == code]
    assert [(finding.line, finding.column) for finding in found] == positions
    assert all(finding.level is Level.WARNING for finding in found)
    assert message in found[0].message


@pytest.mark.parametrize(("code", "text"), [(code, case[0]) for code, case in WARNING_CASES.items()])
def test_ignore_in_the_file_silences_the_warning(check: Check, code: str, text: str) -> None:
    findings = check(text + f"ignore: [{code}]\n")
    assert code not in {finding.code for finding in findings}
    assert not [finding for finding in findings if finding.is_error]


@pytest.mark.parametrize(("code", "text"), [(code, case[0]) for code, case in WARNING_CASES.items()])
def test_ignore_from_the_command_line_silences_the_warning(check: Check, code: str, text: str) -> None:
    assert code not in {finding.code for finding in check(text, code)}


def test_no_goals_points_at_an_empty_goals_list(check: Check) -> None:
    text = changed(("goals: [Fewer calls about orders]", "goals: []"))
    assert [(f.code, f.line, f.column) for f in check(text)] == [("no-goals", 2, 1)]


def test_high_effort_fires_for_six_and_seven_only(check: Check) -> None:
    efforts = {effort: check(changed(("effort: 2", f"effort: {effort}"))) for effort in (5, 6, 7)}
    assert [effort for effort, found in efforts.items() if any(f.code == "high-effort" for f in found)] == [6, 7]


def test_a_fast_enough_answer_is_not_slow(check: Check) -> None:
    assert check(QUIET + "    response_time: 4h\n") == []


def test_a_single_survey_is_fine(check: Check) -> None:
    survey = "  - id: survey\n    title: Rates the order\n    stage: use\n    channel: email\n    kind: survey\n"
    text = QUIET.replace("channel: email\n", "channel: email\n    next: [survey]\n") + survey + "    effort: 1\n"
    assert check(text) == []


def test_run_checks_honours_both_ignore_lists(tmp_path: Path) -> None:
    path = tmp_path / "phone.journey.yaml"
    path.write_text(
        changed(("effort: 2", "effort: 7"), ("goals: [Fewer calls about orders]\n", "")) + "ignore: [no-goals]\n",
        encoding="utf-8",
    )
    file = load_journey(str(path))
    assert file.document is not None
    assert file.graph is not None
    assert [problem.code for problem in run_checks(file.graph, set())] == ["high-effort"]
    assert run_checks(file.graph, {"high-effort"}) == []


@pytest.mark.parametrize("code", list(CHECKS))
def test_every_check_documents_when_and_why(code: str) -> None:
    check = CHECKS[code]
    assert check.code == code
    assert check.when == code.description and check.when.endswith(".")
    assert len(check.why) > 40  # the reason from customer-experience practice
