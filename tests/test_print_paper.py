"""`render --paper A4|A3 [--landscape] -o MAP.pdf` for real: one PDF of real sheets, read with poppler-utils.

A map whose text would print under 7 pt on one page is split at stage boundaries over the pages of
one PDF, at one scale; every page is the paper asked for and carries the journey's title and "page N
of M"; arrows to and from other pages end in stubs that name an existing page; the legend is on the
first page only; a small map stays on one page. The smallest text of the map is measured from the
PDF: a word's box is as tall as its font size times the font's height, which the page header (9 pt)
gives. The pages land in tests/artifacts/paper/ as PNG for review.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, Result
from layout_journeys import journey_text

from journeymap.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.dot]

MORTGAGE = ROOT / "tests" / "fixtures" / "mortgage.journey.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts" / "paper"
SHEETS = {("A4", False): (595.3, 841.9), ("A4", True): (841.9, 595.3), ("A3", True): (1190.6, 841.9)}
TITLE = "Getting a mortgage for a first home"
HEADER_POINTS = 9.0


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run scripts/install-system-deps --test (Debian: poppler-utils)")
    return found


def sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages: +(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    info = subprocess.run(
        [tool("pdfinfo"), "-f", "1", "-l", str(count), str(pdf)], capture_output=True, text=True, check=True
    )
    found = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info.stdout)
    return [(float(width), float(height)) for width, height in found]


def texts(pdf: Path) -> list[str]:
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[: len(sizes(pdf))]


def word_heights(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page, every word's height in points with the word."""
    boxes = subprocess.run([tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = boxes.stdout.split("<page ")[1:]
    word = re.compile(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
    return [[(float(bottom) - float(top), text) for top, bottom, text in word.findall(page)] for page in pages]


def run_cli(*args: str) -> Result:
    """`journeymap ARGS...` in-process, its output captured (a module's fixture has no capsys)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., tuple[Path, Result]]:
    made: dict[tuple[str, ...], tuple[Path, Result]] = {}

    def make(source: Path, paper: str, *extra: str) -> tuple[Path, Result]:
        key = (str(source), paper, *extra)
        if key not in made:
            if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
                pytest.fail("Chromium is not installed: run scripts/install-system-deps --test (Debian: chromium)")
            turned = "landscape" if "--landscape" in extra else "portrait"
            out = tmp_path_factory.mktemp("paper") / f"{source.name.split('.')[0]}-{paper}-{turned}.pdf"
            result = run_cli("render", str(source), "-o", str(out), "--paper", paper, *extra)
            assert result.exit_code == 0, result.err
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for stale in ARTIFACTS.glob(f"{out.stem}-*.png"):
                if re.fullmatch(rf"{re.escape(out.stem)}-\d+\.png", stale.name):
                    stale.unlink()
            subprocess.run([tool("pdftoppm"), "-r", "40", "-png", str(out), str(ARTIFACTS / out.stem)], check=True)
            made[key] = (out, result)
        return made[key]

    return make


@pytest.mark.parametrize(("paper", "landscape"), [("A4", True), ("A3", True), ("A4", False)])
def test_a_large_map_is_split_over_real_sheets_of_one_pdf(
    printed: Callable[..., tuple[Path, Result]], paper: str, landscape: bool
) -> None:
    pdf, result = printed(MORTGAGE, paper, *(["--landscape"] if landscape else []))
    pages = sizes(pdf)
    assert len(pages) >= 2 and not list(pdf.parent.glob(f"{pdf.stem}-*"))  # one file
    for size in pages:
        assert size == pytest.approx(SHEETS[(paper, landscape)], abs=1)
    assert result.out.startswith(f"wrote {pdf} ({len(pages)} {paper} {'landscape' if landscape else 'portrait'} pages")
    words = texts(pdf)
    for number, text in enumerate(words, 1):
        header = next(line for line in text.splitlines() if line.strip())
        assert TITLE in header and f"page {number} of {len(words)}" in header, header
    # stubs name an existing page, never their own
    for number, text in enumerate(words, 1):
        named = {int(page) for page in re.findall(r"\bp\. (\d+)", text)}
        assert named <= set(range(1, len(words) + 1)) - {number}, (number, named)
    assert any(re.search(r"\bp\. \d+", text) for text in words)
    # the legend once
    assert [index for index, text in enumerate(words) if "fill colour" in text] == [0]


@pytest.mark.parametrize(("paper", "landscape"), [("A4", True), ("A3", True)])
def test_the_smallest_text_of_the_map_prints_at_7_pt_or_more(
    printed: Callable[..., tuple[Path, Result]], paper: str, landscape: bool
) -> None:
    pdf, result = printed(MORTGAGE, paper, *(["--landscape"] if landscape else []))
    assert "note:" not in result.err
    for number, words in enumerate(word_heights(pdf), 1):
        header = [height for height, text in words if text == "page"]
        assert header, f"page {number}: no header found"
        per_point = min(header) / HEADER_POINTS  # the font's height per point of size
        smallest = min(height for height, text in words if text != "page") / per_point
        assert smallest >= 7.0 - 0.05, f"page {number}: text printed at {smallest:.2f} pt"


def test_a_small_map_stays_on_one_page(printed: Callable[..., tuple[Path, Result]], tmp_path: Path) -> None:
    small = tmp_path / "small.journey.yaml"  # (a file of its own per run: the fixture keys on the path)
    small.write_text(journey_text(3), encoding="utf-8")
    pdf, result = printed(small, "A4", "--landscape")
    assert sizes(pdf) == [pytest.approx(SHEETS[("A4", True)], abs=1)]
    assert result.out == f"wrote {pdf} (1 A4 landscape page)\n"  # (one stage: it is never split)
    assert "p. " not in texts(pdf)[0]  # nothing leaves the page
