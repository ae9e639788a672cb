"""`journeymap slides`: decks open with python-pptx, hold the slides and pictures they list, find a walkthrough's
journey as `check` does, and (rendered by LibreOffice) keep every word inside its box.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, Result
from hypothesis import given
from hypothesis import strategies as st

from journeymap.render.fit import text_width, wrap

needs_pptx = pytest.mark.skipif(
    importlib.util.find_spec("pptx") is None, reason="the slides extra (python-pptx) is not installed"
)
pytestmark = pytest.mark.dot

LONG = "Calls the helpdesk again because the promised call-back about the transfer of her photos did not happen"
JOURNEY = f"""\
id: repair
title: Getting a broken phone repaired under warranty, from the first search to the returned phone
baseline: repair-old
stages:
  - {{id: report, title: Reporting the fault}}
  - {{id: fix, title: Repair}}
  - {{id: back, title: Getting it back}}
touchpoints:
  - {{id: search, title: Searches how to get the phone repaired, stage: report, channel: web, effort: 2,
      image: shop.png, next: [form]}}
  - {{id: form, title: Fills in the repair form, stage: report, channel: web, effort: 3, next: [ship]}}
  - {{id: ship, title: Sends the phone in with the prepaid label, stage: fix, channel: letter, effort: 3,
      next: [{{to: wait, share: 0.8}}, {{to: call, share: 0.2}}]}}
  - {{id: call, title: "{LONG}", stage: fix, channel: phone, kind: contact, effort: 6, image: phone.webp,
      next: [wait]}}
  - {{id: wait, title: Waits for the repair, stage: fix, channel: email, effort: 2, next: [pickup]}}
  - {{id: pickup, title: Picks the phone up in the shop, stage: back, channel: store, effort: 2,
      image: shop.png}}
"""
OLD = """\
id: repair-old
title: Repair as it was
stages: [{id: report, title: Reporting the fault}, {id: fix, title: Repair}]
touchpoints:
  - {id: call, title: Calls the shop, stage: report, channel: phone, effort: 5, next: [wait]}
  - {id: wait, title: Waits for the repair, stage: fix, channel: email, effort: 3}
"""
FINDINGS = "\n".join(
    f"      - {{text: 'Finding {k}: {LONG.lower()}', severity: {('high', 'medium', 'low')[k % 3]}}}" for k in range(14)
)
WALK = f"""\
walkthrough: 1
journey: repair
participant: Fatima Zahra El Idrissi-Vandenberghe
role: Customer service
date: 2026-11-20
steps:
  - touchpoint: search
    effort: 3
  - touchpoint: ship
    effort: 4
    skipped: [form]
    findings:
{FINDINGS}
  - title: Asks a neighbour to take the parcel to the post office because the shop's own drop-off point had closed
    effort: 5
    channel: store
  - touchpoint: call
    effort: 7
    findings: [Nobody knew where the phone was]
"""


def _picture(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(out, format=kind)
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git project with the journeys at its root and the walkthrough two folders down."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "repair.journey.yaml").write_text(JOURNEY, encoding="utf-8")
    (tmp_path / "repair-old.journey.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "shop.png").write_bytes(_picture("PNG"))
    (tmp_path / "phone.webp").write_bytes(_picture("WEBP"))  # PowerPoint holds no WebP: converted to PNG
    walks = tmp_path / "walks" / "november"
    walks.mkdir(parents=True)
    (walks / "fatima.walkthrough.yaml").write_text(WALK, encoding="utf-8")
    return tmp_path


PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


def _pptx() -> Any:
    import pptx
    import pptx.enum.shapes

    return pptx


def _titles(path: Path) -> list[str]:
    deck = _pptx().Presentation(str(path))
    return [_slide_title(slide) for slide in deck.slides]


def _slide_title(slide: Any) -> str:
    return str(slide.shapes[0].text_frame.text)


def _kinds(slide: Any) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.has_chart:
            found.append("chart")
        elif shape.has_table:
            found.append("table")
        elif shape.shape_type == PICTURE:
            found.append("picture")
    return found


@needs_pptx
def test_walkthrough_deck_finds_its_journey_up_to_the_git_root_and_has_the_listed_slides(
    project: Path, cli: Callable[..., Result]
) -> None:
    walk = project / "walks" / "november" / "fatima.walkthrough.yaml"
    result = cli("slides", walk, "-o", project / "fatima.pptx")
    assert result.exit_code == 0, result.err
    assert re.fullmatch(r"wrote .*fatima\.pptx \(\d+ slides\)\n", result.out)
    deck = _pptx().Presentation(str(project / "fatima.pptx"))
    slides = list(deck.slides)
    titles = [_slide_title(slide) for slide in slides]
    first = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "Fatima Zahra El Idrissi-Vandenberghe" in first and "Customer service" in first and "2026-11-20" in first
    assert "Walked: Getting a broken phone repaired" in first
    assert "2 of 3 stages covered: not complete yet" in first  # the walk never reached "Getting it back"
    assert titles[1] == "The walk against the journey's path"
    path_table = next(shape.table for shape in slides[1].shapes if shape.has_table)
    status = {path_table.cell(r, 1).text: path_table.cell(r, 5).text for r in range(1, len(path_table.rows))}
    assert status["Fills in the repair form"] == "skipped"
    assert status["Picks the phone up in the shop"] == "not walked"
    assert status[LONG] == "off the path"  # the path goes ship -> wait (80%)
    assert status["Searches how to get the phone repaired"] == "walked"
    chart_slide = slides[titles.index("Designed vs experienced effort")]
    chart = next(shape.chart for shape in chart_slide.shapes if shape.has_chart)
    series = {plot.name: list(plot.values) for plot in chart.plots[0].series}
    assert series["designed"][:2] == [2.0, 3.0] and series["Fatima Zahra El Idrissi-Vandenberghe"][:2] == [3.0, 4.0]
    findings = [title for title in titles if title.startswith("Findings by severity")]
    assert len(findings) > 1  # 15 long findings go on continuation slides
    assert findings == [f"Findings by severity ({k} of {len(findings)})" for k in range(1, len(findings) + 1)]
    first_findings = next(s.table for s in slides[titles.index(findings[0])].shapes if s.has_table)
    assert first_findings.cell(1, 0).text == "high"
    deviations = next(s.table for s in slides[titles.index("Unplanned steps and skips")].shapes if s.has_table)
    rows = [[deviations.cell(r, c).text for c in range(4)] for r in range(1, len(deviations.rows))]
    assert rows[0][:3] == ["skipped", "Fills in the repair form", "before Sends the phone in with the prepaid label"]
    assert rows[1][0] == "unplanned" and rows[1][2].startswith("after Sends the phone in")
    photos = [slide for slide, title in zip(slides, titles, strict=True) if title.startswith("Photo:")]
    assert [_slide_title(slide) for slide in photos] == [
        "Photo: Searches how to get the phone repaired",
        f"Photo: {LONG}",
    ]
    for photo in photos:
        assert _kinds(photo) == ["picture"]
        picture = next(shape for shape in photo.shapes if _kinds(photo) and shape.shape_type == PICTURE)
        assert picture.image.content_type == "image/png"


@needs_pptx
def test_journey_deck_has_summary_map_pictures_opportunities_and_as_is_vs_to_be(
    project: Path, cli: Callable[..., Result]
) -> None:
    result = cli("slides", project / "repair.journey.yaml")
    assert result.exit_code == 0, result.err
    titles = _titles(project / "repair.journey.pptx")  # the default: beside the journey, .yaml replaced
    assert titles[1:4] == ["Summary", "Effort per stage", "The journey's path"]
    assert "How to read the map" in titles and "Top opportunities" in titles and titles[-1] == "As-is vs to-be"
    deck = _pptx().Presentation(str(project / "repair.journey.pptx"))
    slides = list(deck.slides)
    summary = next(shape.table for shape in slides[1].shapes if shape.has_table)
    assert [summary.cell(r, 0).text for r in range(1, 6)] == [
        "Success rate",
        "Expected effort",
        "Effort per step",
        "Switch score",
        "Digital completion",
    ]
    # judged as the report judges: the word and the target, never a colour alone
    assert "on target (target ≥ 95%)" in summary.cell(1, 2).text
    maps = [slide for slide, title in zip(slides, titles, strict=True) if title.startswith("Journey map")]
    assert maps and all(_kinds(slide) == ["picture"] for slide in maps)
    for slide in maps:
        picture = next(shape for shape in slide.shapes if shape.shape_type == PICTURE)
        blob = picture.image.blob
        assert blob.startswith(b"\x89PNG")
    versus = next(shape.table for shape in slides[-1].shapes if shape.has_table)
    assert [versus.cell(0, k).text for k in range(4)] == ["score", "as-is", "to-be", "change"]
    assert [versus.cell(1, k).text for k in range(4)] == ["Expected effort", "8.00", "13.20", "+5.20"]


@needs_pptx
def test_a_large_map_goes_over_several_slides_split_at_stage_boundaries(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("slides", EXAMPLES / "phone-purchase.journey.yaml", "-o", tmp_path / "phone.pptx")
    assert result.exit_code == 0, result.err
    titles = _titles(tmp_path / "phone.pptx")
    maps = [title for title in titles if title.startswith("Journey map")]
    assert len(maps) > 1 and maps[-1] == f"Journey map ({len(maps)} of {len(maps)})"
    deck = _pptx().Presentation(str(tmp_path / "phone.pptx"))
    captions = [
        shape.text_frame.text
        for slide in deck.slides
        if _slide_title(slide).startswith("Journey map")
        for shape in list(slide.shapes)[1:]
        if shape.has_text_frame
    ]
    shown = [stage.strip() for caption in captions for stage in caption.removeprefix("Stages: ").split(",")]
    assert shown[0] == "Orientation" and shown[-1] == "Feedback" and len(shown) == len(set(shown)) == 9


@needs_pptx
def test_errors_are_reported_as_check_reports_them(write: Callable[..., Path], cli: Callable[..., Result]) -> None:
    walk = write(
        "walkthrough: 1\njourney: nowhere\nparticipant: A\ndate: 2026-01-01\nsteps: [{touchpoint: x}]\n",
        "a.walkthrough.yaml",
    )
    result = cli("slides", walk)
    assert result.exit_code == 1
    assert re.search(r"a\.walkthrough\.yaml:2:10: error\[\S+\] .*nowhere", result.err), result.err
    assert not walk.with_suffix(".pptx").exists()


@needs_pptx
def test_usage_mistakes(project: Path, cli: Callable[..., Result]) -> None:
    journey = project / "repair.journey.yaml"
    assert cli("slides", journey, "-o", project / "deck.pdf").err.endswith("end its name in .pptx\n")
    assert cli("slides", project / "missing.journey.yaml").exit_code == 2
    yaml_out = cli("slides", journey, "-o", project / "repair-old.journey.yaml.pptx")
    assert yaml_out.exit_code == 0  # a name that only starts like a YAML file is fine
    before = journey.read_bytes()
    assert cli("slides", journey, "-o", journey).exit_code == 2
    (project / "link.pptx").symlink_to(journey)
    linked = cli("slides", journey, "-o", project / "link.pptx")
    assert linked.exit_code == 2 and "refusing to write slides over it" in linked.err
    assert journey.read_bytes() == before


def test_without_the_extra_one_line_names_the_install(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "pptx" else real(name, *rest))
    result = cli("slides", EXAMPLES / "phone-purchase.journey.yaml")
    assert result.exit_code == 2
    assert result.err == (
        "journeymap slides: slides need python-pptx, which is not installed: pip install 'journeymap[slides]'\n"
    )


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2200), max_size=200), st.floats(20, 400))
def test_wrapped_lines_are_never_wider_than_the_box(text: str, width: float) -> None:
    for line in wrap(text, width, 14):
        assert len(line) <= 1 or text_width(line, 14) <= width


# -- rendered by LibreOffice: every word inside the box of the shape that holds it ----------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SLACK = 1.5  # points: the renderer's rounding of glyph boxes


def _boxes(deck: Any) -> list[list[tuple[tuple[float, float, float, float], str]]]:
    """Per slide: each shape's box in points and the text it holds (a chart: its categories and series)."""
    emu = 12700
    slides = []
    for slide in deck.slides:
        found = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                text = shape.text_frame.text
            elif shape.has_table:
                text = " ".join(cell.text for row in shape.table.rows for cell in row.cells)
            elif shape.has_chart:
                plot = shape.chart.plots[0]
                text = " ".join([*plot.categories, *(series.name for series in plot.series), "0 1 2 3 4 5 6 7 8 9"])
            else:
                continue
            box = (
                shape.left / emu,
                shape.top / emu,
                (shape.left + shape.width) / emu,
                (shape.top + shape.height) / emu,
            )
            found.append((box, text))
        slides.append(found)
    return slides


def _words(pdf: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
        pages.append([(text, (float(a), float(b), float(c), float(d))) for a, b, c, d, text in words])
    return pages


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (scripts/install-system-deps --test)")
@needs_pptx
def test_rendered_by_libreoffice_no_text_runs_out_of_its_box(project: Path, cli: Callable[..., Result]) -> None:
    import html

    decks = [project / "walk.pptx", project / "journey.pptx"]
    assert cli("slides", project / "walks" / "november" / "fatima.walkthrough.yaml", "-o", decks[0]).exit_code == 0
    assert cli("slides", project / "repair.journey.yaml", "-o", decks[1]).exit_code == 0
    subprocess.run(
        [str(SOFFICE), "--headless", f"-env:UserInstallation=file://{project}/lo", "--convert-to", "pdf", "--outdir",
         str(project), *map(str, decks)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    checked = 0
    for deck_path in decks:
        boxes = _boxes(_pptx().Presentation(str(deck_path)))
        pages = _words(deck_path.with_suffix(".pdf"))
        assert len(pages) == len(boxes)
        for number, (words, shapes) in enumerate(zip(pages, boxes, strict=True), 1):
            for text, (x0, y0, x1, y1) in words:
                word = html.unescape(text)
                holders = [box for box, held in shapes if word.strip("…") in held]
                assert holders, f"{deck_path.name} slide {number}: {word!r} is in no shape"
                inside = any(
                    x0 >= a - SLACK and y0 >= b - SLACK and x1 <= c + SLACK and y1 <= d + SLACK
                    for a, b, c, d in holders
                )
                assert inside, f"{deck_path.name} slide {number}: {word!r} at {x0, y0, x1, y1} runs out of {holders}"
                checked += 1
    assert checked > 500


@needs_pptx
def test_a_journey_with_errors_gives_no_deck(write: Callable[..., Path], cli: Callable[..., Result]) -> None:
    journey = write(JOURNEY.replace("next: [form]}", "next: [nowhere]}"), "repair.journey.yaml")
    result = cli("slides", journey)
    assert result.exit_code == 1
    assert re.search(r"repair\.journey\.yaml:\d+:\d+: error\[unknown-reference\] .*'nowhere'", result.err), result.err
    assert not (journey.parent / "repair.journey.pptx").exists()


def test_a_map_too_large_to_draw_goes_on_its_slide_as_the_stage_overview(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap import api
    from journeymap.render import slide_pictures

    loaded = api.load(EXAMPLES / "insurance-claim.journey.yaml")
    assert loaded.graph is not None and loaded.scores is not None
    monkeypatch.setattr(slide_pictures, "too_large_to_draw", lambda graph: True)
    pictures = slide_pictures.slide_pictures(loaded.graph, loaded.scores)
    assert [(picture.part, picture.parts) for picture in pictures] == [(1, 1)]
    assert pictures[0].png.startswith(b"\x89PNG") and len(pictures[0].stages) == 6


def test_the_journey_deck_shows_the_main_path_and_no_advice_to_make_giving_up_easier(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """The gym cancellation: 40% give up looking for the cancel button, the likeliest single path; the deck's
    path is the main path, and its opportunities never say "make giving up effortless"."""
    gym = ROOT / "tests" / "fixtures" / "service" / "gym-cancellation.journey.yaml"
    out = tmp_path / "gym.pptx"
    assert cli("slides", gym, "-o", out).exit_code == 0
    slides = list(_pptx().Presentation(str(out)).slides)
    path = next(slide for slide in slides if _slide_title(slide) == "The journey's path")
    table = next(shape.table for shape in path.shapes if shape.has_table)
    steps = [table.cell(row, 1).text for row in range(1, len(table.rows))]
    assert steps[0] == "Decides to quit" and steps[-1] == "Receives the final invoice"
    assert "Gives up and keeps paying" not in steps
    tops = [slide for slide in slides if _slide_title(slide).startswith("Top opportunities")]
    text = " ".join(shape.text_frame.text for slide in tops for shape in slide.shapes if shape.has_text_frame)
    cells = " ".join(
        cell.text
        for slide in tops
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    )
    assert "Gives up and keeps paying" not in text + cells
