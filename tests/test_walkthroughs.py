"""Walkthroughs: located errors against their journey, and the designed-versus-experienced comparison."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, Result

from journeymap.model import Severity, Walkthrough
from journeymap.project import load_journey, load_project
from journeymap.walkthroughs import RecordedFinding, TouchpointComparison, compare

# order -> call -> order is a loop (a customer unsure after calling orders again); leave is never walked;
# bill is listed before pay but comes after it in journey order (its stage is later).
SHOP_JOURNEY = """\
id: shop
title: Buying in the shop
goals: [Fewer calls]
stages:
  - id: buy
    phase: purchase
  - id: after
    phase: post-purchase
touchpoints:
  - id: order
    title: Orders online
    stage: buy
    channel: web
    effort: 2
    next:
      - to: pay
        share: 0.7
      - to: call
        share: 0.2
        label: has a question
      - to: leave
        share: 0.1
  - id: call
    title: Calls the shop
    stage: buy
    channel: phone
    kind: contact
    effort: 5
    next:
      - to: order
        share: 0.5
      - pay
  - id: leave
    title: Gives up
    stage: buy
    channel: web
    effort: 3
    outcome: abandon
  - id: bill
    title: Receives the invoice
    stage: after
    channel: email
    kind: invoice
    owner: finance
    effort: 2
  - id: pay
    title: Pays
    stage: buy
    channel: web
    kind: payment
    effort: 1
    next: [bill]
"""

# Ann walks the loop twice over (order, call, order, call), takes an unplanned step and a chat instead of a call.
ANN = """\
journey: shop
participant: Ann Smit
role: Finance
date: 2026-01-10
steps:
  - touchpoint: order
    effort: 3
  - touchpoint: call
    channel: chat
    effort: 6
    findings:
      - text: The chat bot sent me to the phone line
        severity: high
  - touchpoint: order
    effort: 4
    completed: false
  - title: Asked a neighbour
    channel: visit
    effort: 2
    findings: [The neighbour knew more than the website]
  - touchpoint: call
    effort: 5
  - touchpoint: pay
    effort: 1
  - touchpoint: bill
    effort: 4
    findings:
      - text: Invoice amount differs from the order
        severity: medium
      - No order number on the invoice
"""

# Bob pays in the app, cannot finish the invoice step and rates no effort there.
BOB = """\
journey: shop
participant: Bob
date: 2026-02-01
steps:
  - touchpoint: order
    effort: 2
  - touchpoint: pay
    channel: app
    effort: 2
  - touchpoint: bill
    completed: false
    findings:
      - text: The invoice e-mail went to spam
        severity: low
"""


@pytest.fixture
def shop(write: Callable[..., Path]) -> Path:
    """A folder with the shop journey and Ann's and Bob's walkthroughs."""
    path = write(SHOP_JOURNEY, "shop.journey.yaml")
    write(ANN, "ann.walkthrough.yaml")
    write(BOB, "bob.walkthrough.yaml")
    return path.parent


# --- located errors ------------------------------------------------------------------------------------------


def check_lines(cli: Callable[..., Result], *paths: Path) -> list[str]:
    result = cli("check", *paths)
    assert result.exit_code == 1
    return [line for line in result.out.splitlines() if ": error[" in line]


def test_unknown_touchpoint_and_channel_are_located(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(SHOP_JOURNEY, "shop.journey.yaml")
    walkthrough = write(
        """\
        journey: shop
        participant: Ann
        date: 2026-01-10
        steps:
          - touchpoint: ordr
            channel: fax
          - touchpoint: pay
        """,
        "ann.walkthrough.yaml",
    )
    assert check_lines(cli, journey, walkthrough) == [
        f"{walkthrough}:5:17: error[unknown-reference] there is no touchpoint 'ordr'; did you mean 'order'?",
        f"{walkthrough}:6:14: error[unknown-reference] there is no channel 'fax'; known channels: "
        "app, chat, email, letter, messaging, phone, social, store, visit, web",
    ]


def test_unknown_journey_is_located(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(SHOP_JOURNEY, "shop.journey.yaml")
    walkthrough = write(
        "journey: shops\nparticipant: Ann\ndate: 2026-01-10\nsteps: [{touchpoint: order}]\n", "a.walkthrough.yaml"
    )
    assert check_lines(cli, journey, walkthrough) == [
        f"{walkthrough}:1:10: error[unknown-reference] there is no journey 'shops'; did you mean 'shop'?"
    ]


def test_a_date_that_is_not_a_date_is_located(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(SHOP_JOURNEY, "shop.journey.yaml")
    walkthrough = write(
        "journey: shop\nparticipant: Ann\ndate: next week\nsteps: [{touchpoint: order}]\n", "a.walkthrough.yaml"
    )
    (line,) = check_lines(cli, journey, walkthrough)
    assert line.startswith(f"{walkthrough}:3:7: error[bad-value] date: ")
    assert "'next week'" in line


def test_effort_out_of_range_in_a_step_is_located(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(SHOP_JOURNEY, "shop.journey.yaml")
    walkthrough = write(
        "journey: shop\nparticipant: Ann\ndate: 2026-01-10\nsteps:\n  - touchpoint: order\n    effort: 9\n",
        "a.walkthrough.yaml",
    )
    (line,) = check_lines(cli, journey, walkthrough)
    assert line.startswith(f"{walkthrough}:6:13: error[bad-value] step 1 (touchpoint 'order'), effort: ")


def test_check_passes_valid_walkthroughs(cli: Callable[..., Result], shop: Path) -> None:
    result = cli("check", shop)
    assert result.exit_code == 0
    assert "3 files checked: 0 errors" in result.out


def test_the_example_walkthroughs_are_valid(cli: Callable[..., Result]) -> None:
    project = load_project([str(EXAMPLES)])
    assert len(project.walkthroughs) == 5
    assert all(file.walkthrough is not None for file in project.walkthroughs), [
        str(finding) for file in project.walkthroughs for finding in file.findings
    ]


# --- the comparison ------------------------------------------------------------------------------------------


def shop_comparison(shop: Path) -> dict[str, TouchpointComparison]:
    project = load_project([str(shop)])
    graph = load_journey(str(shop / "shop.journey.yaml")).graph
    assert graph is not None
    walkthroughs = [file.walkthrough for file in project.walkthroughs if file.walkthrough is not None]
    return {point.touchpoint: point for point in compare(graph, walkthroughs).touchpoints}


def test_compare_counts_every_record_of_a_touchpoint_walked_in_a_loop(shop: Path) -> None:
    points = shop_comparison(shop)
    order = points["order"]
    assert order.walked == 3
    assert order.experienced_effort == pytest.approx(3.0)
    assert order.effort_delta == pytest.approx(1.0)
    assert order.completion_rate == pytest.approx(2 / 3)
    call = points["call"]
    assert call.walked == 2
    assert call.experienced_effort == pytest.approx(5.5)


def test_compare_lists_only_channels_other_than_the_designed_one(shop: Path) -> None:
    points = shop_comparison(shop)
    assert dict(points["call"].channels_used) == {"chat": 1}
    assert dict(points["pay"].channels_used) == {"app": 1}
    assert dict(points["order"].channels_used) == {}


def test_compare_averages_only_the_rated_efforts(shop: Path) -> None:
    bill = shop_comparison(shop)["bill"]
    assert bill.walked == 2
    assert bill.experienced_effort == pytest.approx(4.0)
    assert bill.effort_delta == pytest.approx(2.0)
    assert bill.completion_rate == pytest.approx(0.5)
    assert bill.findings == (
        RecordedFinding("Invoice amount differs from the order", Severity.MEDIUM, "Ann Smit"),
        RecordedFinding("No order number on the invoice", None, "Ann Smit"),
        RecordedFinding("The invoice e-mail went to spam", Severity.LOW, "Bob"),
    )


def test_compare_refuses_a_walkthrough_naming_a_touchpoint_the_journey_lacks(shop: Path) -> None:
    graph = load_journey(str(shop / "shop.journey.yaml")).graph
    assert graph is not None
    unchecked = Walkthrough.model_validate(
        {"journey": "shop", "participant": "Cas", "date": "2026-01-01", "steps": [{"touchpoint": "teleport"}]}
    )
    with pytest.raises(ValueError, match="teleport"):
        compare(graph, [unchecked])


def test_compare_keeps_unwalked_touchpoints_in_journey_order(shop: Path) -> None:
    points = shop_comparison(shop)
    assert list(points) == ["order", "call", "leave", "pay", "bill"]
    leave = points["leave"]
    assert (leave.walked, leave.experienced_effort, leave.effort_delta, leave.completion_rate) == (
        0,
        None,
        None,
        None,
    )


def test_compare_as_json(cli: Callable[..., Result], shop: Path) -> None:
    result = cli("walkthroughs", shop, "--format", "json")
    assert result.exit_code == 0, result.err
    (comparison,) = json.loads(result.out)
    assert comparison["journey"] == "shop"
    assert comparison["walkthroughs"] == 2
    assert comparison["participants"] == [
        {"participant": "Ann Smit", "role": "Finance", "date": "2026-01-10"},
        {"participant": "Bob", "role": None, "date": "2026-02-01"},
    ]
    assert comparison["unplanned_steps"] == [
        {
            "participant": "Ann Smit",
            "title": "Asked a neighbour",
            "channel": "visit",
            "effort": 2,
            "completed": True,
            "after": "order",
            "findings": [
                {"text": "The neighbour knew more than the website", "severity": None, "participant": "Ann Smit"}
            ],
        }
    ]
    assert comparison["findings_by_severity"] == {"low": 1, "medium": 1, "high": 1, "unrated": 2}
    call = comparison["touchpoints"][1]
    assert call == {
        "touchpoint": "call",
        "title": "Calls the shop",
        "stage": "buy",
        "designed_channel": "phone",
        "designed_effort": 5,
        "experienced_effort": 5.5,
        "effort_delta": 0.5,
        "walked": 2,
        "completion_rate": 1.0,
        "channels_used": {"chat": 1},
        "findings": [{"text": "The chat bot sent me to the phone line", "severity": "high", "participant": "Ann Smit"}],
    }


def test_compare_leaves_out_walkthroughs_of_other_journeys(shop: Path) -> None:
    graph = load_journey(str(shop / "shop.journey.yaml")).graph
    assert graph is not None
    other = Walkthrough.model_validate(
        {"journey": "elsewhere", "participant": "Cas", "date": "2026-01-01", "steps": [{"touchpoint": "x"}]}
    )
    comparison = compare(graph, [other])
    assert comparison.walkthroughs == 0
    assert all(point.walked == 0 for point in comparison.touchpoints)
    assert dict(comparison.findings_by_severity) == {"low": 0, "medium": 0, "high": 0, "unrated": 0}


def test_walkthroughs_table(cli: Callable[..., Result], shop: Path) -> None:
    result = cli("walkthroughs", shop)
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Buying in the shop  [shop]"
    assert lines[1] == "  2 walkthroughs: Ann Smit (Finance) 2026-01-10, Bob 2026-02-01"
    header = next(line for line in lines if line.strip().startswith("touchpoint"))
    assert header.split() == [
        "touchpoint",
        "designed",
        "experienced",
        "delta",
        "walked",
        "completed",
        "other",
        "channels",
        "findings",
    ]
    assert next(line for line in lines if line.startswith("  order ")).split() == [
        "order",
        "2",
        "3.00",
        "+1.00",
        "3",
        "66.7%",
        "0",
    ]
    assert next(line for line in lines if line.startswith("  call ")).split() == [
        "call",
        "5",
        "5.50",
        "+0.50",
        "2",
        "100%",
        "chat",
        "1",
        "1",
    ]
    assert next(line for line in lines if line.startswith("  leave ")).split() == [
        "leave",
        "3",
        "—",
        "—",
        "0",
        "—",
        "0",
    ]
    assert "    Ann Smit, after order: Asked a neighbour  (visit, effort 2)" in lines
    assert "  findings: 1 high, 1 medium, 1 low, 2 unrated" in lines
    assert "      high    The chat bot sent me to the phone line  (Ann Smit)" in lines


def test_walkthroughs_reports_broken_files_and_lists_the_valid_ones(
    cli: Callable[..., Result], shop: Path, write: Callable[..., Path]
) -> None:
    broken = write(
        "journey: shop\nparticipant: Cas\ndate: 2026-03-01\nsteps:\n  - touchpoint: payy\n", "cas.walkthrough.yaml"
    )
    result = cli("walkthroughs", shop, "--format", "json")
    assert result.exit_code == 1
    assert result.err == f"{broken}:5:17: error[unknown-reference] there is no touchpoint 'payy'; did you mean 'pay'?\n"
    (comparison,) = json.loads(result.out)
    assert comparison["walkthroughs"] == 2


def test_walkthroughs_without_any_walkthrough(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    journey = write(SHOP_JOURNEY, "shop.journey.yaml")
    result = cli("walkthroughs", journey)
    assert (result.exit_code, result.out) == (0, "")
    assert "no valid walkthroughs" in result.err
    assert json.loads(cli("walkthroughs", journey, "--format", "json").out) == []


def test_walkthroughs_of_the_examples(cli: Callable[..., Result]) -> None:
    result = cli("walkthroughs", EXAMPLES, "--format", "json")
    assert result.exit_code == 0, result.err
    comparisons = {item["journey"]: item for item in json.loads(result.out)}
    assert sorted(comparisons) == ["energy-move", "insurance-claim", "phone-purchase"]
    claim = {point["touchpoint"]: point for point in comparisons["insurance-claim"]["touchpoints"]}
    assert claim["check-status"]["walked"] == 3  # Priya walked the status loop twice, Lisa once
    assert claim["upload-photos"]["completion_rate"] == 0.5
    assert claim["report-app"]["channels_used"] == {"web": 1}
    assert claim["give-up-claim"]["walked"] == 0
