"""The report's decision sections in a real browser: "Opportunities" and "As-is vs to-be", and the index pairs.

Built from the examples (the phone purchase and its to-be) plus a hostile journey whose ideas and titles
carry script and markup payloads: they must stay text in the table and in the bar chart. Screenshots of
both sections land in tests/artifacts/ for review.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_JOURNEYS, ROOT
from test_report import PAYLOAD, hostile_journey
from test_report_browser import CHROMIUM_ARGUMENTS, DESKTOP, chromium

from journeymap.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.dot]
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("journeys")
    for path in EXAMPLE_JOURNEYS:
        if path.name.startswith("phone-purchase"):
            shutil.copy(path, source / path.name)
    (source / "hostile.journey.yaml").write_text(hostile_journey(), encoding="utf-8")
    folder = tmp_path_factory.mktemp("report") / "report"
    assert main(["report", str(source), "-o", str(folder), "--on", "2026-11-22"]) == 0
    return folder


@pytest.fixture(scope="module")
def page(report: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGUMENTS)
        opened = browser.new_page(viewport=DESKTOP)
        errors: list[str] = []
        opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.errors = errors
        yield opened
        browser.close()


def test_to_be_page_shows_both_sections(page: Any, report: Path) -> None:
    page.goto((report / "phone-purchase-to-be.html").as_uri())
    versus = page.locator("section.versus")
    assert versus.is_visible()
    text = versus.inner_text()
    assert "This journey is the to-be of Buying a smartphone online" in text
    assert "Expected effort −5.8 (−18 %)" in text
    assert "32.67" in text and "26.87" in text and "−5.80" in text
    # Shorter and easier per step too: 2.48 per step as-is, 2.11 to-be.
    per_step = versus.locator("tr", has_text="Effort per step").inner_text().split()
    assert per_step[-3:] == ["2.48", "2.11", "−0.37"]
    chart = versus.locator("svg.versus-curve")
    assert chart.is_visible()
    assert chart.locator("polyline.as-is").count() == 2 and chart.locator("polyline.to-be").count() == 2
    versus.screenshot(path=str(ARTIFACTS / "decisions-as-is-vs-to-be.png"))
    assert page.locator("section.versus a").get_attribute("href") == "phone-purchase.html"

    ranking = page.locator("section.opportunities")
    assert ranking.is_visible()
    rows = ranking.locator("tbody tr")
    assert rows.count() == 10
    assert ranking.locator("svg.opportunity-bars g.bar").count() == 10
    widths = [
        float(w)
        for w in ranking.locator("svg.opportunity-bars rect").evaluate_all("r => r.map(x => x.getAttribute('width'))")
    ]
    assert widths == sorted(widths, reverse=True) and widths[0] > 0
    ranking.screenshot(path=str(ARTIFACTS / "decisions-opportunities.png"))
    assert page.errors == []


def test_as_is_page_has_opportunities_but_no_comparison(page: Any, report: Path) -> None:
    page.goto((report / "phone-purchase.html").as_uri())
    assert page.locator("section.opportunities").is_visible()
    assert page.locator("section.versus").count() == 0
    first = page.locator("section.opportunities tbody tr").first.inner_text()
    assert "Transfers photos, chats and apps from her old phone" in first
    assert "Send a step-by-step transfer guide" in first


def test_index_pairs_the_to_be_with_its_baseline(page: Any, report: Path) -> None:
    page.goto((report / "index.html").as_uri())
    to_be = page.locator("table.journeys tr", has_text="phone-purchase-to-be")
    assert "to-be of Buying a smartphone online" in to_be.inner_text()
    as_is = page.locator("table.journeys tr", has=page.locator("span.muted", has_text="phone-purchase")).filter(
        has_text="as-is for"
    )
    assert as_is.count() == 1


def test_hostile_ideas_and_titles_stay_text(page: Any, report: Path) -> None:
    page.goto((report / "hostile.html").as_uri())
    ranking = page.locator("section.opportunities")
    assert ranking.is_visible()
    assert PAYLOAD in ranking.locator("tbody").inner_text()
    titles = ranking.locator("svg.opportunity-bars g.bar > title").evaluate_all("ts => ts.map(t => t.textContent)")
    assert any("<script>window.__pwned=1</script>" in title for title in titles)
    assert page.evaluate("window.__pwned") is None
    assert (
        page.evaluate("document.querySelectorAll('section.opportunities script, section.opportunities img').length")
        == 0
    )
