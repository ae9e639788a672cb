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
        "no stage with `phase: post-purchase`",
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
    "early-exit": (
        changed(("    next: [bill]\n", "")),
        [(9, 9)],
        "'order' ends the journey successfully in stage 'choose', before 'use': customers who get here never reach",
    ),
    "stage-order": (
        changed(("    stage: use\n", "    stage: choose\n"), ("    stage: choose\n", "    stage: use\n")),
        [(14, 12)],
        "100% of the customers at 'order' (Orders online) go on to 'bill' in the earlier stage choose",
    ),
    "inconsistent-owner": (
        changed(
            ("    effort: 2\n", "    effort: 2\n    owner: Finance\n"),
            ("    effort: 1\n", "    effort: 1\n    owner: finance\n"),
        ),
        [(22, 12)],
        "owner 'finance' of 'bill' differs from 'Finance' (owner of 'order') only in case, spaces or hyphens",
    ),
    # across the files of one run: here the journey alone, so its baseline is not among them
    "unknown-baseline": (QUIET + "baseline: as-is\n", [(21, 11)], "no journey 'as-is' among the files given"),
    # looked for beside the journey file: the check's own test writes no data
    "missing-evidence": (
        QUIET + "evidence:\n  survey: data/ces.csv\n",
        [(22, 11)],
        "survey 'data/ces.csv' does not exist (relative to the journey file)",
    ),
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


def test_high_effort_is_not_about_customers_who_leave(check: Check) -> None:
    leaves = "  - id: leaves\n    title: Leaves the shop\n    stage: use\n    channel: web\n    effort: 7\n"
    text = changed(("    next: [bill]\n", "    next: [bill, leaves]\n")) + leaves + "    outcome: abandon\n"
    assert check(text) == []
    assert [f.code for f in check(text.replace("    outcome: abandon\n", ""))] == ["high-effort"]


def test_forgotten_next_is_one_early_exit_finding_that_names_what_it_cuts_off(check: Check) -> None:
    text = changed(("    next: [bill]\n", "")) + LOOSE_END.replace("lost", "after-bill")
    findings = check(text)
    (early,) = [f for f in findings if f.code == "early-exit"]
    assert early.line == 9
    assert (
        "the 2 touchpoints after it cannot be reached, so the scores leave them out: bill, after-bill" in early.message
    )
    # one mistake, one finding: no `unreachable` for the touchpoints the early exit cuts off
    assert [f for f in findings if f.code == "unreachable"] == []


def test_unreachable_without_an_early_exit_is_one_finding_per_linked_group(check: Check) -> None:
    (lost,) = check(QUIET + LOOSE_END)
    assert lost.code == "unreachable" and lost.line == 21
    assert "no `next` of a touchpoint customers reach names it" in lost.message
    chained = QUIET + LOOSE_END + "    next: [lost-too]\n" + LOOSE_END.replace("lost", "lost-too")
    apart = chained + LOOSE_END.replace("lost", "alone")
    found = [f for f in check(apart) if f.code == "unreachable"]
    # 'lost' and 'lost-too' lead to each other: one finding at the first; 'alone' is a group of its own
    assert [(f.line, f.message.split(":")[0]) for f in found] == [
        (21, "no customer reaches these 2 touchpoints from the entry 'order'"),
        (32, "no customer reaches 'alone' from the entry 'order'"),
    ]
    assert "lost, lost-too; they lead to each other" in found[0].message


def test_a_silenced_early_exit_leaves_the_touchpoints_after_it_to_unreachable(check: Check) -> None:
    text = changed(("    next: [bill]\n", "    ignore: [early-exit]\n"))
    assert [f.code for f in check(text)] == ["unreachable"]


def test_ten_touchpoints_lost_to_a_forgotten_next_are_one_finding(check: Check) -> None:
    """The issue's case: a forgotten `next` cut off many touchpoints, and near-identical lines buried it."""
    tail = "".join(
        f"  - id: later-{k}\n    title: Later {k}\n    stage: use\n    channel: web\n    effort: 1\n"
        + (f"    next: [later-{k + 1}]\n" if k < 9 else "")
        for k in range(10)
    )
    findings = check(changed(("    next: [bill]\n", "")) + tail)
    assert [f.code for f in findings] == ["early-exit"]
    assert "the 11 touchpoints after it cannot be reached" in findings[0].message


def test_ignore_on_a_touchpoint_silences_findings_at_it_and_its_transitions(check: Check) -> None:
    letter = changed(("channel: email", "channel: letter"))
    assert {f.code for f in check(letter)} == {"forced-analog"}  # located at 'order', transition 1
    on_touchpoint = letter.replace("    effort: 2\n", "    effort: 2\n    ignore: [forced-analog]\n", 1)
    assert check(on_touchpoint) == []
    on_transition = letter.replace("next: [bill]", "next: [{to: bill, ignore: [forced-analog]}]")
    assert check(on_transition) == []
    elsewhere = letter.replace("    effort: 1\n", "    effort: 1\n    ignore: [forced-analog]\n")
    assert {f.code for f in check(elsewhere)} == {"forced-analog"}  # 'bill' is not where it is located


def test_ignore_on_a_touchpoint_names_warning_codes_only(check: Check) -> None:
    text = changed(("    effort: 2\n", "    effort: 2\n    ignore: [forced-analogue, bad-value]\n"))
    found = [(f.code, f.line, f.column, f.message) for f in check(text)]
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("unknown-reference", 14, 14),
        ("unknown-reference", 14, 31),
    ]
    assert "there is no warning code 'forced-analogue'; did you mean 'forced-analog'?" in found[0][3]


def test_early_exit_can_be_ignored_where_customers_really_finish(check: Check) -> None:
    text = changed(("    next: [bill]\n", "    ignore: [early-exit]\n"))
    assert "early-exit" not in {f.code for f in check(text)}


def test_an_exit_in_the_last_stage_with_touchpoints_is_not_early(check: Check) -> None:
    text = changed(
        ("  - id: use\n    phase: post-purchase\n", "  - id: use\n    phase: post-purchase\n  - id: later\n")
    )
    assert "early-exit" not in {f.code for f in check(text)}


def test_inconsistent_owner_warns_once_per_spelling(check: Check) -> None:
    owners = changed(
        ("    effort: 2\n", "    effort: 2\n    owner: Customer Service\n"),
        ("    effort: 1\n", "    effort: 1\n    owner: customer-service\n"),
    )
    assert [f.code for f in check(owners)] == ["inconsistent-owner"]
    same = owners.replace("customer-service", "Customer Service")
    assert check(same) == []


def test_slow_response_and_the_scores_table_agree_on_unreachable_touchpoints(
    check: Check, write: Callable[..., Path]
) -> None:
    """One place decides the response gaps: an unreachable touchpoint is in neither the warnings nor the table."""
    from journeymap.scoring import score

    lost = "  - id: lost\n    title: Found by nobody\n    stage: use\n    channel: email\n    response_time: 2d\n"
    text = QUIET + "    response_time: 1d\n" + lost + "    effort: 1\n"
    findings = check(text)
    slow = [f.message.split(" answers")[0] for f in findings if f.code == "slow-response"]
    file = load_journey(str(write(text, "gaps.journey.yaml")))
    assert file.graph is not None
    assert slow == ["'bill'"]
    assert [gap.touchpoint for gap in score(file.graph).response_gaps] == ["bill"]


def test_early_exit_says_where_to_add_the_next(check: Check) -> None:
    (early,) = check(changed(("    next: [bill]\n", "")))
    assert early.message == (
        "'order' ends the journey successfully in stage 'choose', before 'use': customers who get here never reach "
        "the later stages; the touchpoint after it cannot be reached, so the scores leave them out: bill; if a step is "
        "missing, add `next:` to 'order'; if customers really finish here, add `ignore: [early-exit]` to it"
    )
