"""The end of a walk in plain words: hardest moments, findings by severity, the licence as the register judges it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from test_serve import SHOP

from journeymap.project import load_project
from journeymap.report import walks_of
from journeymap.walkthroughs import LicenceRules
from journeymap.walkthroughs.walk_summary import WalkSummary, summarise_walk

ON = datetime.date(2026, 11, 30)


def summary_of(tmp_path: Path, steps: str, presented: str = "") -> tuple[WalkSummary, str]:
    (tmp_path / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    walk = f"journey: shop\nparticipant: Ann\ndate: 2026-11-20\n{presented}steps:\n{steps}"
    (tmp_path / "ann.walkthrough.yaml").write_text(walk, encoding="utf-8")
    project = load_project([str(tmp_path)])
    assert [finding for finding in project.findings if finding.is_error] == []
    graph = project.journeys[0].graph
    walkthrough = project.walkthroughs[0].walkthrough
    assert graph is not None and walkthrough is not None
    walks = walks_of(project, LicenceRules(ON))
    summary = summarise_walk(graph, walkthrough, walks.paths["shop"])
    return summary, walks.licences[0].status.value


def test_a_complete_walk_asks_for_the_presentation(tmp_path: Path) -> None:
    steps = """\
  - {touchpoint: browse, effort: 6, findings: [{text: Too many kettles, severity: high}, No filter]}
  - {title: Asked a friend, effort: 7}
  - {touchpoint: basket, effort: 5, completed: false, findings: [{text: Costs late, severity: low}]}
  - {touchpoint: pay-card, effort: 2}
  - {touchpoint: delivery, effort: 5}
"""
    summary, status = summary_of(tmp_path, steps)
    assert status == "valid"  # the register agrees: a complete walk
    assert summary.licence == "Complete: present your findings to get your licence."
    assert (summary.steps, summary.unplanned, summary.skipped) == (5, 1, 0)
    assert [(m.number, m.title, m.effort, m.designed_effort, m.completed) for m in summary.hardest] == [
        (3, "Puts a kettle in the basket", 5, 2, False),  # not finished first
        (2, "Asked a friend", 7, None, True),
        (1, "Browses kettles", 6, 2, True),
    ]
    assert summary.findings == (("high", 1), ("low", 1), ("unrated", 1))


def test_a_presented_complete_walk_gives_the_licence(tmp_path: Path) -> None:
    steps = "  - touchpoint: browse\n  - touchpoint: pay-invoice\n  - touchpoint: delivery\n"
    summary, _ = summary_of(tmp_path, steps, presented="presented: 2026-11-25\n")
    assert summary.licence == "Complete and presented: this walk gives you your licence."
    assert summary.hardest == () and summary.findings == ()


@pytest.mark.parametrize(
    ("steps", "licence"),
    [
        ("  - touchpoint: browse\n", "1 of 3 stages covered: walk pay, after too to complete it."),
        ("  - touchpoint: browse\n  - touchpoint: delivery\n", "2 of 3 stages covered: walk pay too to complete it."),
        ("  - title: Only asked around\n", "0 of 3 stages covered: walk choose, pay, after too to complete it."),
    ],
)
def test_an_incomplete_walk_names_the_stages_still_to_walk(tmp_path: Path, steps: str, licence: str) -> None:
    summary, status = summary_of(tmp_path, steps)
    assert status == "incomplete"
    assert summary.licence == licence
