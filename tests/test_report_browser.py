"""The HTML report in a real browser: Playwright driving Debian's Chromium (no browser download).

Pages must load offline without a single request or console error, show the
diagram, the grid and the walkthroughs, sort both tables of the index, print on
A4 landscape, fit a phone, and show a hostile journey's and walkthrough's
payloads as text without running any of them. Screenshots of the example page,
its walkthrough section and the index land in tests/artifacts/ for review.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, EXAMPLES, ROOT
from test_report import (
    HOSTILE_FIELDS,
    HOSTILE_WALK_FIELDS,
    hostile_journey,
    hostile_text,
    hostile_walkthrough,
)

from journeymap.cli import main
from journeymap.project import load_journey
from journeymap.render import html

pytestmark = [pytest.mark.browser, pytest.mark.dot]

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
A4_LANDSCAPE_POINTS = (841.92, 595.2)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "Chromium is not installed: run scripts/install-system-deps --test (Debian: apt-get install chromium)"
        )
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the example journeys and walkthroughs plus hostile ones, built once for the module."""
    source = tmp_path_factory.mktemp("journeys")
    for path in [*EXAMPLE_JOURNEYS, *EXAMPLE_WALKTHROUGHS]:
        shutil.copy(path, source / path.name)
    (source / "hostile.journey.yaml").write_text(hostile_journey(), encoding="utf-8")
    (source / "hostile.walkthrough.yaml").write_text(hostile_walkthrough(), encoding="utf-8")
    folder = tmp_path_factory.mktemp("report") / "report"
    assert main(["report", str(source), "-o", str(folder), "--on", "2026-11-22"]) == 0
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGUMENTS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page opened in a fresh browser context, with everything it tried to do on the side."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(path: Path, viewport: dict[str, int] = DESKTOP) -> Visit:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page, path.as_uri())
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on(
            "console", lambda message: seen.console_errors.append(message.text) if message.type == "error" else None
        )
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

        def on_dialog(dialog: Any) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(seen.url, wait_until="load")
        return seen

    yield open_page
    for context in contexts:
        context.close()


PAGES = ["index.html", "phone-purchase.html", "insurance-claim.html", "energy-move.html", "hostile.html"]


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors_or_requests(visit: Any, report: Path, name: str) -> None:
    seen = visit(report / name)
    seen.page.wait_for_timeout(100)  # let anything asynchronous (it should be nothing) show up
    assert seen.requests == [seen.url]
    assert seen.console_errors == []  # a CSP violation would show here too
    assert seen.page_errors == []
    assert seen.dialogs == []


def test_diagram_grid_and_curve_are_visible(visit: Any, report: Path) -> None:
    page = visit(report / "phone-purchase.html").page
    diagram = page.locator("figure.diagram > svg")
    assert diagram.is_visible()
    assert diagram.get_attribute("role") == "img"
    assert diagram.bounding_box()["height"] > 50
    assert page.locator("table.journey-grid").first.is_visible()
    journey = load_journey(str(EXAMPLES / "phone-purchase.journey.yaml")).journey
    assert journey is not None
    assert page.locator("table.journey-grid .card").count() == len(journey.touchpoints)
    # nine stages wrap into three blocks of three, each with its corner heading
    assert page.locator("table.journey-grid").count() == 3
    assert page.locator("table.journey-grid thead .stages th:not(.corner)").count() == len(journey.stages)
    assert page.locator(".whole-curve svg.curve").is_visible()
    assert not page.locator(".curve-parts").is_visible()  # the parts are for print
    assert page.locator(".score-card").count() == 6


def test_diagram_can_be_shown_at_full_size_without_script(visit: Any, report: Path) -> None:
    page = visit(report / "phone-purchase.html").page
    page.set_viewport_size({"width": 800, "height": 900})  # narrower than the picture: fitting squeezes it
    diagram = page.locator("figure.diagram > svg")
    fitted = diagram.bounding_box()["width"]
    natural = float((diagram.get_attribute("width") or "0").removesuffix("pt")) * 96 / 72  # points to CSS px
    page.get_by_label("Show at full size").check()
    # The map is laid out by size to read at page width (about 1 250 px at its own size); on a
    # narrow window it is fitted to the window, and the checkbox shows it at its own size.
    assert fitted < 0.8 * natural
    assert diagram.bounding_box()["width"] == pytest.approx(natural, rel=0.02)


def test_walkthrough_section_is_visible_with_its_chart_and_tables(visit: Any, report: Path) -> None:
    page = visit(report / "phone-purchase.html").page
    section = page.locator("section.walkthroughs")
    assert section.is_visible()
    chart = section.locator("svg.effort-comparison")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert chart.bounding_box()["height"] > 300
    walkers = section.locator("table.walkers tbody tr").all_inner_texts()
    assert [row.split("\t")[:3] for row in walkers] == [
        ["Tom Bakker", "Logistics", "2025-09-15"],
        ["Jan de Vries", "Finance", "2026-10-28"],
    ]
    assert "expired" in walkers[0] and "valid until 2027-10-28" in walkers[1]
    journey = load_journey(str(EXAMPLES / "phone-purchase.journey.yaml")).journey
    assert journey is not None
    assert section.locator("table.comparison tbody tr").count() == len(journey.touchpoints)
    assert section.locator("table.comparison .change.harder").first.inner_text().startswith("▲ +")
    assert section.locator("table.unplanned tbody tr").count() == 1
    assert section.locator(".severity-count").all_inner_texts() == ["7 high", "4 medium", "1 low", "9 unrated"]
    assert section.locator("table.walk-findings tbody tr").first.locator(".severity").inner_text() == "HIGH"
    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "phone-purchase-walkthroughs.png"))


def column(page: Any, index: int, table: str = "journeys") -> list[str]:
    cells = page.locator(f"table.{table} tbody tr td:nth-child({index})").all_inner_texts()
    return [cell.strip() for cell in cells]


def test_index_shows_the_licence_register_and_sorts_it_apart_from_the_journeys(visit: Any, report: Path) -> None:
    page = visit(report / "index.html").page
    register = page.locator("section.register")
    assert register.is_visible()
    assert column(page, 1, "licences") == [  # by journey id, then participant, as `journeymap licences` lists them
        "Sofia Jansen",
        hostile_text("participant"),
        "Lisa Chen",
        "Priya Raman",
        "Jan de Vries",
        "Tom Bakker",
    ]
    assert column(page, 8, "licences") == ["valid", "valid", "expiring", "valid", "valid", "expired"]
    status = page.locator("table.licences thead th").nth(7)
    status.get_by_role("button").click()
    assert column(page, 8, "licences")[:2] == ["expired", "expiring"]  # who is due first
    assert status.get_attribute("aria-sort") == "ascending"
    assert page.locator("table.licences thead th").nth(2).get_attribute("aria-sort") is None
    assert page.locator("table.journeys thead th").nth(2).get_attribute("aria-sort") == "descending"  # untouched
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    register.get_by_role("link", name="insurance-claim").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/insurance-claim.html")


def numbers(texts: list[str]) -> list[float]:
    return [float(re.sub(r"[^\d.]", "", text)) for text in texts]


def test_index_sorts_by_clicking_a_column_heading_both_ways(visit: Any, report: Path) -> None:
    page = visit(report / "index.html").page
    effort = page.locator("table.journeys thead th").nth(1)
    initial = column(page, 2)
    effort.get_by_role("button").click()
    ascending = numbers(column(page, 2))
    assert ascending == sorted(ascending) and len(ascending) == 5
    assert effort.get_attribute("aria-sort") == "ascending"
    assert page.locator("table.journeys thead th").nth(0).get_attribute("aria-sort") is None
    effort.get_by_role("button").click()
    descending = numbers(column(page, 2))
    assert descending == sorted(descending, reverse=True) != ascending
    assert effort.get_attribute("aria-sort") == "descending"
    assert sorted(column(page, 2)) == sorted(initial)
    # rows move whole: each title still links to the page whose effort sits beside it
    first_link = page.locator("table.journeys tbody tr").first.locator("a").get_attribute("href")
    assert first_link is not None and first_link.endswith(".html")


def test_index_sorts_from_the_keyboard_and_by_text(visit: Any, report: Path) -> None:
    page = visit(report / "index.html").page
    title = page.locator("table.journeys thead th").nth(0)
    assert title.get_attribute("aria-sort") is None  # the index opens ranked by effort per step
    title.get_by_role("button").focus()
    page.keyboard.press("Enter")
    assert title.get_attribute("aria-sort") == "ascending"
    titles = column(page, 1)
    page.keyboard.press("Space")
    assert title.get_attribute("aria-sort") == "descending"
    assert column(page, 1) == list(reversed(titles))


def test_index_links_open_the_journey_pages(visit: Any, report: Path) -> None:
    page = visit(report / "index.html").page
    page.get_by_role("link", name="Buying a smartphone online", exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/phone-purchase.html")
    assert page.locator("h1").inner_text() == "Buying a smartphone online"


def test_hostile_journey_shows_its_payloads_as_text_and_runs_nothing(visit: Any, report: Path) -> None:
    for name in ("hostile.html", "index.html"):
        seen = visit(report / name)
        seen.page.wait_for_timeout(100)
        assert seen.page.evaluate("typeof window.__pwned") == "undefined"
        assert seen.dialogs == [] and seen.page_errors == [] and seen.console_errors == []
        assert seen.requests == [seen.url]  # <img src=x> would have been a request
    page = visit(report / "hostile.html").page
    assert page.locator("h1").inner_text() == hostile_text("title")
    body = page.locator("body").inner_text()
    for text_field in [*HOSTILE_FIELDS, *HOSTILE_WALK_FIELDS]:
        assert hostile_text(text_field) in body, text_field
    index = visit(report / "index.html").page.locator("section.register").inner_text()
    assert hostile_text("participant") in index and hostile_text("role") in index
    # {{ 7*7 }} stays text; the journey's file path (a temporary folder such as pytest-49) may hold a 49
    assert "{{ 7*7 }}" in body and "49" not in re.sub(r"\S*hostile\.\w+\.yaml", "", body)
    assert page.locator("main img, main iframe").count() == 0
    assert page.locator("main script").count() == 1  # the diagram's pan and zoom, allowed by its hash alone
    assert page.locator("main script").text_content() == html.diagram_script()
    assert page.locator("text=" + hostile_text("touchpoint")).count() >= 1


def test_page_fits_a_phone_with_the_grid_one_stage_at_a_time(visit: Any, report: Path) -> None:
    page = visit(report / "phone-purchase.html", PHONE).page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    region = page.locator(".grid-scroll").first
    assert not page.evaluate("(element) => element.scrollWidth > element.clientWidth", region.element_handle())
    shown = page.locator(".journey-grid thead .stages th:not(.corner):visible")
    assert shown.all_inner_texts() == ["Orientation\nstage effort 3.00"]
    assert page.locator(".journey-grid tbody.doing tr:visible").count() == 2  # Social media and Website only
    page.click("label[for=grid-stage-3]")  # the stage switcher
    assert shown.all_inner_texts()[0].startswith("Ordering")
    assert page.locator(".grid-scroll:visible").count() == 1
    assert page.locator("h1").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-purchase-on-a-phone.png"), full_page=False)


def test_page_prints_on_a4_landscape(visit: Any, report: Path) -> None:
    page = visit(report / "phone-purchase.html").page
    pdf: bytes = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "phone-purchase.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no pages in the PDF"
    for width, height in boxes:
        assert (float(width), float(height)) == pytest.approx(A4_LANDSCAPE_POINTS, abs=1)


def test_screenshot_of_the_example_page_for_review(visit: Any, report: Path) -> None:
    page = visit(report / "phone-purchase.html").page
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "phone-purchase.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 50_000
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


MORTGAGE = ROOT / "tests" / "fixtures" / "mortgage.journey.yaml"
LAPTOP = {"width": 1280, "height": 900}
SMALL_PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def mortgage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the 8-stage mortgage journey (27 touchpoints), the one issue 13 was found with."""
    folder = tmp_path_factory.mktemp("mortgage") / "report"
    assert main(["report", str(MORTGAGE), "-o", str(folder), "--on", "2026-11-22"]) == 0
    return folder / "mortgage.html"


def overflows(page: Any, selector: str) -> list[tuple[int, int]]:
    """(scrollWidth, clientWidth) of every element matched whose content is wider than its box."""
    sizes: list[list[int]] = page.evaluate(
        "(selector) => Array.from(document.querySelectorAll(selector), (e) => [e.scrollWidth, e.clientWidth])",
        selector,
    )
    return [(scroll, client) for scroll, client in sizes if scroll > client]


def test_the_mortgage_map_shows_every_stage_without_sideways_scrolling_at_1280(visit: Any, mortgage: Path) -> None:
    page = visit(mortgage, LAPTOP).page
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert page.locator(".grid-scroll").count() == 2  # eight stages in two blocks of four
    assert overflows(page, ".grid-scroll") == []
    journey = load_journey(str(MORTGAGE)).journey
    assert journey is not None
    headings = page.locator("table.journey-grid thead .stages th:not(.corner) .stage-title")
    assert headings.all_inner_texts() == [stage.display_title for stage in journey.stages]
    for index in range(headings.count()):
        heading = headings.nth(index)
        heading.scroll_into_view_if_needed()
        box = heading.bounding_box()
        assert heading.is_visible() and box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], heading.inner_text()
    assert page.locator("table.journey-grid .card").count() == len(journey.touchpoints)
    assert page.locator(".summary .summary-list li").count() >= 3
    assert page.locator(".summary .fix-first li").count() == 3
    assert page.locator("tr.layer.feeling").count() == 2  # the feeling layer under each block
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("section.summary").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "mortgage-1280.png"), full_page=True)
    page.locator("section.map-panel").screenshot(path=str(ARTIFACTS / "mortgage-map-1280.png"))


def test_the_mortgage_page_has_no_sideways_scrolling_on_a_small_phone(visit: Any, mortgage: Path) -> None:
    page = visit(mortgage, SMALL_PHONE).page
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    assert page.locator("h1").is_visible() and page.locator(".summary").is_visible()
    # the paths' chips wrap inside the page
    assert overflows(page, "ol.chips") == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "mortgage-375.png"), full_page=False)
    page.locator("section.map-panel").screenshot(path=str(ARTIFACTS / "mortgage-map-375.png"))


def test_the_index_tables_fit_a_laptop_even_with_hostile_names(visit: Any, report: Path) -> None:
    # The hostile walkthrough's participant and role are long unbroken strings: they wrap in their cells.
    page = visit(report / "index.html", LAPTOP).page
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert overflows(page, ".table-scroll") == []


@pytest.fixture(scope="module")
def broken_mortgage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mortgage with the `next` after "documents complete" forgotten: the valuation and all after it are lost."""
    source = tmp_path_factory.mktemp("broken")
    text = MORTGAGE.read_text(encoding="utf-8")
    forgotten = "    emotion: 1\n    next: [book-valuation]\n"
    assert forgotten in text
    (source / "mortgage.journey.yaml").write_text(text.replace(forgotten, "    emotion: 1\n"), encoding="utf-8")
    folder = tmp_path_factory.mktemp("broken-report") / "report"
    assert main(["report", str(source), "-o", str(folder), "--on", "2026-11-22"]) == 0
    return folder


def top(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"])


def test_an_incomplete_map_says_so_before_any_score_and_the_fixes_come_before_the_diagram(
    visit: Any, broken_mortgage: Path
) -> None:
    seen = visit(broken_mortgage / "mortgage.html")
    page = seen.page
    incomplete = page.locator("section.incomplete")
    assert incomplete.is_visible()
    assert "This map is incomplete" in incomplete.inner_text()
    assert "touchpoints cannot be reached, so the scores leave them out" in incomplete.inner_text()
    assert top(page, "section.incomplete") < top(page, ".score-card") < top(page, "#diagram-heading")
    assert top(page, "section.incomplete") < top(page, "section.summary")
    assert page.locator(".fix-first li").count() == 3
    assert top(page, ".fix-first") < top(page, "#diagram-heading")
    assert top(page, "#opportunity-ranking-heading") < top(page, "#diagram-heading")
    # Every judged score shows its word beside its colour, with the target.
    judged = page.locator(".score-card.judged")
    assert judged.count() >= 3
    for index in range(judged.count()):
        text = judged.nth(index).locator(".judgement").inner_text()
        assert re.fullmatch(r"(on|near|off) target \(target [≤≥] [0-9.%]+\)", text), text
    # The index marks the journey incomplete, in words.
    index = visit(broken_mortgage / "index.html").page
    assert index.locator("table.journeys .incomplete-mark").inner_text().lower() == "incomplete"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "incomplete-mortgage-1280.png"))


def test_the_mortgage_diagram_is_visible_whole_at_1280(visit: Any, mortgage: Path) -> None:
    page = visit(mortgage, {"width": 1280, "height": 800}).page
    figure = page.locator("figure.diagram")
    svg = figure.locator("svg").first
    # no box of its own that cuts the map: the figure is as tall and as wide as the picture in it
    assert overflows(page, "figure.diagram") == []
    assert page.evaluate("document.querySelector('figure.diagram').scrollHeight") <= figure.bounding_box()["height"]
    box, frame = svg.bounding_box(), figure.bounding_box()
    assert box["x"] >= frame["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    assert box["y"] >= frame["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
    assert box["width"] <= 1280 and box["height"] > 300
    assert page.evaluate("getComputedStyle(document.querySelector('figure.diagram')).maxHeight") == "none"
    ARTIFACTS.mkdir(exist_ok=True)
    figure.screenshot(path=str(ARTIFACTS / "mortgage-diagram-1280.png"))


def svg_transform(page: Any) -> str:
    return str(page.evaluate("document.querySelector('figure.diagram > svg').style.transform"))


def test_the_diagram_zooms_pans_and_opens_alone(visit: Any, mortgage: Path) -> None:
    seen = visit(mortgage, {"width": 1280, "height": 800})
    page = seen.page
    figure = page.locator("figure.diagram")
    height = figure.bounding_box()["height"]
    page.get_by_role("button", name="Zoom in").click()
    assert "scale(1.5)" in svg_transform(page)
    assert figure.bounding_box()["height"] == pytest.approx(height, abs=1)  # the page stays still
    box = figure.bounding_box()
    page.mouse.move(box["x"] + 400, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 250, steps=4)
    page.mouse.up()
    assert "translate(" in svg_transform(page) and "scale(1.5)" in svg_transform(page)
    page.get_by_role("button", name="Show the whole diagram").click()
    assert svg_transform(page) == ""
    link = page.get_by_role("link", name="Open the diagram alone (SVG)")
    href = link.get_attribute("href")
    assert href is not None and href.startswith("blob:")
    with page.expect_popup() as opened:
        link.click()
    alone = opened.value
    alone.wait_for_load_state()
    assert alone.url == href
    assert alone.locator("svg").count() == 1
    assert "Getting a mortgage" in (alone.locator("svg > title").first.text_content() or "")
    assert seen.console_errors == [] and seen.page_errors == []


def test_the_diagram_opens_at_a_phones_width_and_pinches(visit: Any, mortgage: Path) -> None:
    page = visit(mortgage, SMALL_PHONE).page
    svg = page.locator("figure.diagram > svg")
    box = svg.bounding_box()
    assert box["width"] <= SMALL_PHONE["width"] and box["width"] >= SMALL_PHONE["width"] - 80
    assert page.get_by_role("button", name="Zoom in").is_visible()
    figure = page.locator("figure.diagram")
    figure.scroll_into_view_if_needed()
    frame = figure.bounding_box()
    pinch = """([x, y]) => {
        const figure = document.querySelector('figure.diagram');
        const send = (type, id, dx) => figure.dispatchEvent(new PointerEvent(type, {
            pointerId: id, clientX: x + dx, clientY: y, bubbles: true, pointerType: 'touch', isPrimary: id === 1}));
        send('pointerdown', 1, 0); send('pointerdown', 2, 60);
        send('pointermove', 2, 60); send('pointermove', 2, 120);
        send('pointerup', 1, 0); send('pointerup', 2, 120);
    }"""
    page.evaluate(pinch, [frame["x"] + 40, frame["y"] + 40])
    assert "scale(2)" in svg_transform(page)  # fingers twice as far apart: twice the size
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "mortgage-diagram-375.png"))
