"""The report printed for real: `journeymap report --pdf` with Debian's Chromium, the PDFs read with poppler-utils.

One report of the mortgage journey (8 stages) and the bundled examples is printed per module on A4
landscape (the mortgage alone once more on A3). Every PDF must have the paper's size, a sensible
number of pages, on every page the journey's title and "page N of M" in the header, and every page
but the last of a section at least a third full: a page's fill is the share of its height between
its first and last row holding ink, at 30 dpi (`pdftoppm -r 30`). Sections start on a page of their
own: the diagram, the journey map, the walkthroughs. The pages land in tests/artifacts/print/ as
PNG for review.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, ROOT

from journeymap.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.dot]

ARTIFACTS = ROOT / "tests" / "artifacts" / "print"
MORTGAGE = ROOT / "tests" / "fixtures" / "mortgage.journey.yaml"
A4_LANDSCAPE, A3_LANDSCAPE = (841.9, 595.3), (1190.6, 841.9)
SECTION_HEADINGS = ("Diagram", "Journey map", "Customer driving licence walkthroughs")
LEAST_FILL = 1 / 3
DPI, HEADER_MILLIMETRES = 30, 14
INK = 235  # a grey level below this (of 255) is ink: text, lines, the grid's light fills
# Pages as printed today, with room for small changes; a jump past these means a layout broke.
MOST_PAGES = {
    "index": 2,
    "mortgage": 10,
    "energy-move": 14,
    "insurance-claim": 16,
    "phone-purchase": 17,
    "phone-purchase-to-be": 13,
}
TITLES = {
    "index": "Customer journeys",
    "mortgage": "Getting a mortgage for a first home",
    "phone-purchase": "Buying a smartphone online",
}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run scripts/install-system-deps --test (Debian: poppler-utils)")
    return found


def chromium_present() -> None:
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        pytest.fail("Chromium is not installed: run scripts/install-system-deps --test (Debian: chromium)")


def build(source: Path, folder: Path, *extra: str) -> float:
    chromium_present()
    started = time.perf_counter()
    assert main(["report", str(source), "-o", str(folder), "--on", "2026-11-22", "--pdf", *extra]) == 0
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("journeys")
    for path in [MORTGAGE, *EXAMPLE_JOURNEYS, *EXAMPLE_WALKTHROUGHS]:
        shutil.copy(path, source / path.name)
    folder = tmp_path_factory.mktemp("report") / "report"
    seconds = build(source, folder, "--jobs", "2")
    pages = sum(page_count(pdf) for pdf in folder.glob("*.pdf"))
    print(f"printed {pages} pages in {seconds:.1f} s with the HTML: {seconds / pages:.2f} s a page")
    return folder


@pytest.fixture(scope="module")
def a3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("mortgage")
    shutil.copy(MORTGAGE, source / MORTGAGE.name)
    folder = tmp_path_factory.mktemp("report-a3") / "report"
    build(source, folder, "--paper", "A3")
    return folder


def page_count(pdf: Path) -> int:
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        [tool("pdfinfo"), "-f", "1", "-l", str(page_count(pdf)), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            words = line.split("size:")[1].split()
            sizes.append((float(words[0]), float(words[2])))
    return sizes


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[: page_count(pdf)]


def grey_pages(pdf: Path, folder: Path) -> list[tuple[int, int, bytes]]:
    """Every page at 30 dpi in grey levels (width, height, pixels), and the same as PNG in tests/artifacts/print/."""
    subprocess.run([tool("pdftoppm"), "-r", "30", "-gray", str(pdf), str(folder / "page")], check=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob(f"{pdf.stem}-*.png"):
        if re.fullmatch(rf"{re.escape(pdf.stem)}-\d+\.png", stale.name):
            stale.unlink()  # an earlier print with more pages, or numbered with another width
    subprocess.run([tool("pdftoppm"), "-r", "30", "-png", str(pdf), str(ARTIFACTS / pdf.stem)], check=True)
    pages = []
    for path in sorted(folder.glob("page-*.pgm")):
        data = path.read_bytes()
        magic, width, height, most, pixels = data.split(maxsplit=4)
        assert magic == b"P5" and most == b"255"
        pages.append((int(width), int(height), pixels))
        path.unlink()
    return pages


def fill(width: int, height: int, pixels: bytes) -> float:
    """The share of the page's height between its first and last row holding ink under the header (the top
    14 mm, 17 rows at 30 dpi), so 0 for a page that holds nothing but its header."""
    below_header = round(HEADER_MILLIMETRES / 25.4 * DPI)
    inked = [row for row in range(below_header, height) if min(pixels[row * width : (row + 1) * width]) < INK]
    return (inked[-1] - inked[0] + 1) / height if inked else 0.0


def first_line(text: str) -> str:
    """The first line of a page's content, under its header."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[1] if len(lines) > 1 else ""


def section_ends(texts: list[str]) -> set[int]:
    """Pages (from 0) that end a section: the last page, and every page before one opening a section."""
    starts = {index for index, text in enumerate(texts) if first_line(text).startswith(SECTION_HEADINGS)}
    return {len(texts) - 1} | {index - 1 for index in starts if index > 0}


PDFS = sorted(MOST_PAGES)


@pytest.mark.parametrize("name", PDFS)
def test_each_page_prints_on_a4_landscape_within_its_pages(a4: Path, name: str) -> None:
    pdf = a4 / f"{name}.pdf"
    assert pdf.is_file() and (a4 / f"{name}.html").is_file()  # ID.pdf beside ID.html
    count = page_count(pdf)
    assert 1 <= count <= MOST_PAGES[name]
    sizes = page_sizes(pdf)
    assert len(sizes) == count
    for size in sizes:
        assert size == pytest.approx(A4_LANDSCAPE, abs=1)


@pytest.mark.parametrize("name", PDFS)
def test_every_page_but_the_last_of_a_section_is_at_least_a_third_full(a4: Path, name: str, tmp_path: Path) -> None:
    pdf = a4 / f"{name}.pdf"
    texts = page_texts(pdf)
    pages = grey_pages(pdf, tmp_path)
    assert len(pages) == len(texts)
    fills = [fill(*page) for page in pages]
    print(name, " ".join(f"{share:.2f}" for share in fills))
    ends = section_ends(texts)
    assert all(share > 0.02 for share in fills), f"{name}: a page with nothing but its header among {fills}"
    thin = [index + 1 for index, share in enumerate(fills) if share < LEAST_FILL and index not in ends]
    assert thin == [], f"{name}: pages {thin} are less than a third full ({fills})"


@pytest.mark.parametrize("name", sorted(TITLES))
def test_every_page_has_the_title_and_its_number_in_the_header(a4: Path, name: str) -> None:
    texts = page_texts(a4 / f"{name}.pdf")
    for number, text in enumerate(texts, 1):
        header = next(line for line in text.splitlines() if line.strip())
        assert TITLES[name] in header, f"page {number}: {header!r}"
        assert f"page {number} of {len(texts)}" in header, f"page {number}: {header!r}"


def test_the_diagram_is_on_one_page_of_its_own(a4: Path) -> None:
    texts = page_texts(a4 / "mortgage.pdf")
    diagram = [index for index, text in enumerate(texts) if first_line(text).startswith("Diagram")]
    assert len(diagram) == 1
    after = texts[diagram[0] + 1]
    assert first_line(after).startswith("Journey map")  # nothing of the diagram spilled over


def test_a3_prints_on_a3_landscape_in_no_more_pages(a3: Path, a4: Path) -> None:
    pdf = a3 / "mortgage.pdf"
    for size in page_sizes(pdf):
        assert size == pytest.approx(A3_LANDSCAPE, abs=1)
    assert page_count(pdf) <= page_count(a4 / "mortgage.pdf")
    texts = page_texts(pdf)
    assert f"page 1 of {len(texts)}" in texts[0]


def text_lines(pdf: Path) -> list[list[tuple[tuple[float, float, float, float], str]]]:
    """Per page, every line of text pdftotext finds with its box (left, top, right, bottom) in points."""
    from xml.etree import ElementTree

    layout = subprocess.run(
        [tool("pdftotext"), "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", layout))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in root.iter(f"{xhtml}page"):
        lines = []
        for line in page.iter(f"{xhtml}line"):
            box = (
                float(line.get("xMin", 0)),
                float(line.get("yMin", 0)),
                float(line.get("xMax", 0)),
                float(line.get("yMax", 0)),
            )
            lines.append((box, " ".join(word.text or "" for word in line.iter(f"{xhtml}word"))))
        pages.append(lines)
    return pages


def overlapping(lines: list[tuple[tuple[float, float, float, float], str]]) -> list[tuple[str, str]]:
    slack = 0.5  # points: lines that only touch do not overlap
    found = []
    for index, ((left, top, right, bottom), text) in enumerate(lines):
        for (other_left, other_top, other_right, other_bottom), other in lines[:index]:
            if (
                left + slack < other_right
                and other_left + slack < right
                and top + slack < other_bottom
                and other_top + slack < bottom
            ):
                found.append((text, other))
    return found


@pytest.mark.parametrize("name", PDFS)
def test_no_text_runs_into_another_block_on_any_page(a4: Path, name: str) -> None:
    """On the walkthrough page the "Who walked it" table ran into the chart beside it ("LICENCE ON ..." over
    its text). The diagram's own pages are measured from its SVG (test_diagram_collisions.py)."""
    pdf = a4 / f"{name}.pdf"
    texts = page_texts(pdf)
    for number, lines in enumerate(text_lines(pdf), 1):
        if first_line(texts[number - 1]).startswith("Diagram"):
            continue
        assert overlapping(lines) == [], f"{name}, page {number}"
