"""The walk form on a phone (375 by 812) and a laptop: answers first, design after, words for durations, a plain end.

A real `journeymap serve` on a free port, driven by Debian's Chromium. The participant's own
answers come before anything designed is shown; nothing is chosen for them; "10 minutes" is
taken as 10m; the end screen sums the walk up and says where the licence stands; the main action
of every screen is on the first screen of a phone. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_report_browser import CHROMIUM_ARGUMENTS, chromium
from test_serve import ARTIFACTS, PHONE, SHOP, Server, new_page, start_server

pytestmark = [pytest.mark.browser, pytest.mark.dot]

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGUMENTS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("walkform")
    (folder / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    running = start_server(folder)
    yield running
    running.stop()


def _main_action_on_first_screen(page: Any, selector: str, name: str, height: int) -> None:
    page.wait_for_load_state()
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{name}: {selector} is not shown"
    assert box["y"] + box["height"] <= height, f"{name}: {selector} ends at {box['y'] + box['height']:.0f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"walk-{name}.png"), full_page=True)


def _start(page: Any, server: Server, viewport: dict[str, int], who: str, label: str) -> None:
    page.goto(server.url + "record/shop")
    _main_action_on_first_screen(page, "#start", "start", viewport["height"])
    _shot(page, f"start-{label}")
    page.fill("#participant", who)
    page.fill("#date", "2026-11-29")
    page.click("#start")


def _choose(page: Any, touchpoint: str, label: str, name: str) -> None:
    _main_action_on_first_screen(page, ".choice", f"choose {name}", page.viewport_size["height"])
    _shot(page, f"choose-{name}-{label}")
    page.locator(f"[data-touchpoint={touchpoint}]").click()


def _visible_text(page: Any) -> str:
    return str(page.evaluate("document.body.innerText"))


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "375"), (LAPTOP, "1280")])
def test_a_walk_asks_first_shows_the_design_after_and_ends_with_the_licence(
    browser: Any, server: Server, viewport: dict[str, int], label: str
) -> None:
    page, problems = new_page(browser, viewport)
    _start(page, server, viewport, f"Ann Walker {label}", label)
    _choose(page, "browse", label, "first")

    # The step screen: nothing designed in the page, nothing chosen, channels by title.
    _main_action_on_first_screen(page, "#save", "step", viewport["height"])
    _shot(page, f"step-{label}")
    html = page.content()
    assert "designed" not in html.lower() and "Website (web)" not in html
    assert page.locator("input[type=radio]:checked").count() == 0
    assert page.locator("#channel").input_value() == ""
    assert "No answer" not in html and "None" not in _visible_text(page)
    titles = page.locator("#channel option").evaluate_all("os => os.map(o => o.textContent)")
    assert "Website" in titles and "web" not in titles and not any("(" in title for title in titles)
    assert page.locator("input[name=finding]").count() == 1

    # Words for durations: refused as typed, then "10 minutes" taken as 10m.
    page.locator("input[name=effort][value='5'] + span").click()
    page.fill("#duration", "10 minutes later")
    page.click("#save")
    assert "'10 minutes later' is not a duration" in _visible_text(page)
    assert page.locator("input[name=effort][value='5']").is_checked()  # the answers stay
    page.fill("#duration", "10 minutes")
    page.fill("#finding-1", "Filters forget the size")
    page.click("#add-finding")
    assert page.locator("input[name=finding]").count() == 2
    assert page.locator("#finding-1").input_value() == "Filters forget the size"
    _main_action_on_first_screen(page, "#save", "step with two findings", viewport["height"])
    page.fill("#finding-2", "No photos of the lid")
    page.select_option("#severity-2", "high")
    page.click("#save")

    # Saved: now, and only now, the design beside the answers.
    saved = page.locator("#saved").inner_text()
    assert "You: effort 5 · 10 minutes · 2 findings" in saved
    assert "Designed: effort 2 · Website" in saved
    path = next(server.folder.glob(f"shop-ann-walker-{label}-*.walkthrough.yaml"))
    step = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"][0]
    assert step == {
        "touchpoint": "browse",
        "effort": 5,
        "duration": "10m",
        "findings": ["Filters forget the size", {"text": "No photos of the lid", "severity": "high"}],
    }

    # An unplanned step has no channel chosen for it.
    page.locator("#unplanned").click()
    _main_action_on_first_screen(page, "#save", "unplanned step", viewport["height"])
    _shot(page, f"unplanned-{label}")
    assert page.locator("#channel").input_value() == ""
    page.fill("#title", "Asked a friend")
    page.fill("#duration", "1 hour 20")
    page.click("#save")
    assert "You: 1 hour 20 minutes" in page.locator("#saved").inner_text()
    assert "Designed" not in page.locator("#saved").inner_text()

    _walk_on_and_end(page, path, viewport, label)
    assert [problem for problem in problems if "status of 422" not in problem] == []  # the refused duration


def _walk_on_and_end(page: Any, path: Path, viewport: dict[str, int], label: str) -> None:
    """The rest of the walk above (a hard step not finished, then the exit), and its end screen."""
    _choose(page, "basket", label, "next")
    page.locator("input[name=effort][value='6'] + span").click()
    page.locator("input[name=completed][value=no] + span").click()
    page.click("#save")
    _choose(page, "pay-card", label, "branch")
    page.click("#save")
    _choose(page, "delivery", label, "last")
    page.fill("#duration", "90 sec")
    page.click("#save")

    # The end: what was recorded and where the licence stands, in plain words.
    page.locator("#licence").wait_for()
    _main_action_on_first_screen(page, "#see-journey", "end", viewport["height"])
    _shot(page, f"end-{label}")
    text = _visible_text(page)
    assert page.locator("#licence").inner_text() == "Complete: present your findings to get your licence."
    assert "5 steps, 1 not in the journey" in page.locator("#summary").inner_text()
    assert "Step 3, Puts a kettle in the basket: effort 6 (designed 2), not finished" in text
    assert "Step 1, Browses kettles: effort 5 (designed 2)" in text
    assert "1 high · 1 not rated" in page.locator("#findings").inner_text()
    assert "journeymap" not in text and ".yaml" not in text
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["steps"][4]["duration"] == "90s"


def test_an_incomplete_walk_says_how_many_stages_it_covered(browser: Any, server: Server) -> None:
    page, problems = new_page(browser, PHONE)
    _start(page, server, PHONE, "Bea Short", "375")
    page.locator("[data-touchpoint=browse]").click()
    page.locator("input[name=effort][value='3'] + span").click()
    page.click("#save")
    page.locator("#end").click()
    assert page.locator("#licence").inner_text() == "1 of 3 stages covered: walk pay, after too to complete it."
    assert "No findings recorded." in page.locator("#findings").inner_text()
    assert re.search(r"No step was hard", page.locator("#hardest").inner_text())
    _main_action_on_first_screen(page, "#see-journey", "end incomplete", PHONE["height"])
    assert problems == []


def test_screens_fit_with_every_problem_shown(browser: Any, server: Server) -> None:
    """A step refused on every field still shows its Save button on the phone's first screen."""
    page, _ = new_page(browser, PHONE)
    _start(page, server, PHONE, "Cas Wrong", "375")
    page.locator("[data-touchpoint=browse]").click()
    page.fill("#duration", "soon")
    page.click("#save")
    assert page.locator(".problem").count() == 1
    _shot(page, "step-refused-375")
    _main_action_on_first_screen(page, "#save", "step refused", PHONE["height"])
