"""The report on a phone (375 by 812) and a laptop (1280 by 800): nothing cut inside a box, no chip broken in a word.

Every bundled journey page and the index, in Debian's Chromium: no element that clips or scrolls
its content holds more than it shows (`scrollWidth > clientWidth`), no step chip breaks inside a
word, the grid shows one stage per screen width on a phone with a switcher between the stages,
and its rows without content are left out there. The diagram's own box (pan and zoom) is the
diagram's business and is left out of the measure. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import test_report_browser
from conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, EXAMPLES
from test_report_browser import ARTIFACTS, MORTGAGE

from journeymap.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.dot]

browser = test_report_browser.browser  # the fixtures: one Chromium for the module, a fresh context per page
visit = test_report_browser.visit

PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 800}
PAGES = ["index.html", *(path.name.replace(".journey.yaml", ".html") for path in EXAMPLE_JOURNEYS), "mortgage.html"]

# Every element whose overflow clips or scrolls and whose content is wider than its box, but the diagram's.
CUT = """() => Array.from(document.querySelectorAll('body *'))
  .filter((e) => !e.closest('figure.diagram, svg, .visually-hidden'))
  .filter((e) => { const s = getComputedStyle(e); return s.overflowX !== 'visible' && s.display !== 'none'; })
  .filter((e) => e.scrollWidth > e.clientWidth + 1 && e.getClientRects().length)
  .filter((e) => e.clientWidth > 1 || e.clientHeight > 1)  // visually hidden, for screen readers only
  .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.scrollWidth}>${e.clientWidth}`)"""

# Every chart, table and card that reaches out of its panel (the panels clip nothing: this finds what would).
OUT_OF_PANEL = """() => Array.from(document.querySelectorAll('.panel svg, .panel table, .panel .card, .panel .chip'))
  .filter((e) => !e.closest('figure.diagram'))
  .filter((e) => { const r = e.getBoundingClientRect(), p = e.closest('.panel').getBoundingClientRect();
                   return r.width && (r.left < p.left - 1 || r.right > p.right + 1); })
  .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class')}`)"""

# Every word of every chip that the browser broke over two lines.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const chip of document.querySelectorAll('.chip')) {
    if (!chip.getClientRects().length) continue;
    const walker = document.createTreeWalker(chip, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("bundled")
    for path in [*EXAMPLE_JOURNEYS, *EXAMPLE_WALKTHROUGHS, MORTGAGE]:
        shutil.copy(path, source / path.name)
    shutil.copytree(EXAMPLES / "data", source / "data")  # the claim's evidence: its "Designed vs measured" diagram
    folder = tmp_path_factory.mktemp("report") / "report"
    assert main(["report", str(source), "-o", str(folder), "--on", "2026-11-22"]) == 0
    return folder


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "375"), (LAPTOP, "1280")])
@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_cut_and_no_chip_breaks_a_word(
    visit: Any, report: Path, name: str, viewport: dict[str, int], label: str
) -> None:
    page = visit(report / name, viewport).page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{name.removesuffix('.html')}-{label}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    cut = page.evaluate(CUT)
    assert cut == [], "\n".join(cut)
    outside = page.evaluate(OUT_OF_PANEL)
    assert outside == [], "\n".join(outside)
    broken = page.evaluate(BROKEN_WORDS)
    assert broken == [], " ".join(broken)
