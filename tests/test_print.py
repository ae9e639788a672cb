"""Printing without a browser: the page rules and header, `report --paper`, and `report --pdf` with a fake Chromium.

The real prints (page counts, sizes, how full each page is) are in test_report_print.py.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_JOURNEY, Result

from journeymap.pdf import CHROMIUM_VARIABLE, ChromiumNotFound, PdfError, chromium_command, find_chromium
from journeymap.render.escaping import css_string
from journeymap.render.html.printing import page_rules, printing

HOSTILE_TITLE = "Quote \" and ' back\\slash\nnew line </style><script>alert(1)</script> }; @import url(x); \x01\x1b"


def css_unescaped(string: str) -> str:
    """What a browser reads from a double-quoted CSS string of hex escapes and plain characters."""
    assert string.startswith('"') and string.endswith('"')
    return re.sub(r"\\([0-9a-f]{6})", lambda match: chr(int(match.group(1), 16)), string[1:-1])


def test_css_string_keeps_every_character_inside_the_string() -> None:
    escaped = css_string(HOSTILE_TITLE)
    inner = escaped[1:-1]
    assert not set(inner) & set("\"'\n\r<>&;{}@") - {"@"}  # '@' alone is harmless inside a string
    assert "</style" not in escaped.lower()
    assert re.fullmatch(r'"(?:[^"\\]|\\[0-9a-f]{6})*"', escaped)  # every backslash starts a six-digit escape
    assert css_unescaped(escaped) == HOSTILE_TITLE.replace("\x01", "\ufffd").replace("\x1b", "\ufffd")


def test_css_string_leaves_plain_text_and_letters_of_every_script_as_they_are() -> None:
    assert css_string("Getting a mortgage, step 1 (of 3)") == '"Getting a mortgage, step 1 (of 3)"'
    assert css_string("Überweisung für Zoë") == '"Überweisung für Zoë"'
    assert css_string("") == '""'


@pytest.mark.parametrize(("paper", "size"), [("A4", (297, 210)), ("A3", (420, 297))])
def test_papers_are_landscape_sheets(paper: str, size: tuple[int, int]) -> None:
    sheet = printing(paper)
    assert (sheet.width, sheet.height) == size
    rules = str(page_rules("Title", paper))
    assert f"size: {paper} landscape" in rules
    assert 'content: "page " counter(page) " of " counter(pages)' in rules
    assert f"--print-height: {sheet.printable_height}mm" in rules
    assert "@bottom-left" not in rules
    footer = str(page_rules("Title", paper, "1.2.3"))
    assert '@bottom-left { content: "Made with journeymap 1.2.3. Effort runs from 1 ' in footer
    with pytest.raises(ValueError, match="A4, A3"):
        printing("Letter")


def test_a_hostile_title_stays_inside_the_page_header_string(tmp_path: Path, cli: Callable[..., Result]) -> None:
    journey = tmp_path / "in" / "hostile.journey.yaml"
    journey.parent.mkdir()
    journey.write_text(
        MINIMAL_JOURNEY.replace(
            "title: Minimal", 'title: "' + HOSTILE_TITLE.encode("unicode_escape").decode().replace('"', '\\"') + '"'
        )
    )
    result = cli("report", journey.parent, "-o", tmp_path / "out", "--on", "2026-01-01")
    assert result.exit_code == 0, result.err
    page = (tmp_path / "out" / "hostile.html").read_text(encoding="utf-8")
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    assert len(styles) == 2  # the report's own styles and the print styles: the title closed neither early
    header = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", styles[1])
    assert header is not None
    assert css_unescaped(header.group(1)) == HOSTILE_TITLE.replace("\x01", "\ufffd").replace("\x1b", "\ufffd")
    from journeymap.render.html import diagram_script

    assert page.count("<script") == 1 and f"<script>{diagram_script()}</script>" in page  # the diagram's own only


def test_report_prints_on_a4_by_default_and_on_a3_when_asked(tmp_path: Path, cli: Callable[..., Result]) -> None:
    journey = tmp_path / "in" / "minimal.journey.yaml"
    journey.parent.mkdir()
    journey.write_text(MINIMAL_JOURNEY)
    for paper, expected in ((None, "A4"), ("A3", "A3"), ("a3", "A3")):  # as people type it, too
        out = tmp_path / f"out-{paper}"
        result = cli("report", journey.parent, "-o", out, *(("--paper", paper) if paper else ()))
        assert result.exit_code == 0, result.err
        for name in ("index.html", "minimal.html"):
            assert f"size: {expected} landscape" in (out / name).read_text(encoding="utf-8")
        assert not list(out.glob("*.pdf"))  # no PDF without --pdf


def test_report_refuses_a_paper_it_cannot_print_on(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli("report", tmp_path, "-o", tmp_path / "out", "--paper", "A5")
    assert result.exit_code == 2
    assert "--paper" in result.err and "'A4'" in result.err and "'A3'" in result.err
    assert not (tmp_path / "out").exists()


@pytest.fixture
def no_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(CHROMIUM_VARIABLE, raising=False)


@pytest.mark.usefixtures("no_chromium")
def test_pdf_without_chromium_says_how_to_fix_it_and_writes_nothing(tmp_path: Path, cli: Callable[..., Result]) -> None:
    journey = tmp_path / "in" / "minimal.journey.yaml"
    journey.parent.mkdir()
    journey.write_text(MINIMAL_JOURNEY)
    result = cli("report", journey.parent, "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 2
    assert result.err == (
        "journeymap report: --pdf: printing to PDF needs Chromium, and none was found (chromium, chromium-browser, "
        "google-chrome, google-chrome-stable on PATH, or JOURNEYMAP_CHROMIUM); "
        "install it (Debian: apt-get install chromium), or leave out --pdf\n"
    )
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob("out*"))
    with pytest.raises(ChromiumNotFound, match="apt-get install chromium"):
        find_chromium()


def test_a_chromium_named_by_the_variable_must_exist(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ChromiumNotFound, match=f"{CHROMIUM_VARIABLE}='/nowhere/chromium'"):
        find_chromium({CHROMIUM_VARIABLE: "/nowhere/chromium", "PATH": ""})
    journey = tmp_path / "minimal.journey.yaml"
    journey.write_text(MINIMAL_JOURNEY)
    monkeypatch.setenv(CHROMIUM_VARIABLE, "/nowhere/chromium")
    result = cli("report", journey, "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 2
    assert result.err == (
        "journeymap report: --pdf: JOURNEYMAP_CHROMIUM='/nowhere/chromium' is not a program that can be run: "
        "point it at Chromium, or unset it to use chromium on PATH, or leave out --pdf\n"
    )


def fake_chromium(tmp_path: Path, body: str) -> Path:
    """A stand-in for Chromium: a script that gets the same arguments."""
    script = tmp_path / "fake-chromium"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


PRINTS = (
    'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake\\n" > "${a#--print-to-pdf=}";; esac; done'
)


def test_pdf_writes_each_page_beside_its_html(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(fake_chromium(tmp_path, PRINTS)))
    journey = tmp_path / "in" / "minimal.journey.yaml"
    journey.parent.mkdir()
    journey.write_text(MINIMAL_JOURNEY)
    out = tmp_path / "out"
    result = cli("report", journey.parent, "-o", out, "--pdf")
    assert result.exit_code == 0, result.err
    assert result.out == f"wrote {out}/index.html and 1 journey page, each with its PDF\n"
    assert sorted(path.name for path in out.iterdir()) == [
        ".journeymap-report",
        "index.html",
        "index.pdf",
        "minimal.html",
        "minimal.pdf",
    ]
    assert (out / "minimal.pdf").read_bytes().startswith(b"%PDF")
    again = cli("report", journey.parent, "-o", out, "--pdf")  # a report with its PDFs is ours to replace
    assert again.exit_code == 0, again.err


def test_a_chromium_failure_is_a_clear_error_and_keeps_the_previous_report(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = tmp_path / "in" / "minimal.journey.yaml"
    journey.parent.mkdir()
    journey.write_text(MINIMAL_JOURNEY)
    out = tmp_path / "out"
    assert cli("report", journey.parent, "-o", out).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(fake_chromium(tmp_path, 'echo "Fatal: renderer crashed" >&2; exit 3')))
    result = cli("report", journey.parent, "-o", out, "--pdf")
    assert result.exit_code == 1
    assert "Chromium could not print the page to PDF (exit status 3: Fatal: renderer crashed)" in result.err
    assert re.search(r"journeymap report: (index|minimal)\.html: ", result.err)
    assert "Traceback" not in result.err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before  # swapped in only when every page printed


def test_a_chromium_that_hangs_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    from journeymap.pdf import print_pdf

    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>")
    hangs = fake_chromium(tmp_path, "sleep 30 & wait")
    with pytest.raises(PdfError, match=r"page\.html: Chromium did not print the page to PDF within 0\.5 s"):
        print_pdf(str(hangs), page, tmp_path / "page.pdf", timeout=0.5)


def test_chromium_runs_headless_without_its_own_header_and_sandboxless_only_as_root(tmp_path: Path) -> None:
    command = chromium_command("/usr/bin/chromium", tmp_path / "a.html", tmp_path / "a.pdf", tmp_path / "profile")
    assert "--headless" in command and "--no-pdf-header-footer" in command
    assert f"--print-to-pdf={tmp_path / 'a.pdf'}" in command
    assert f"--user-data-dir={tmp_path / 'profile'}" in command
    assert command[-1] == (tmp_path / "a.html").as_uri()
    assert ("--no-sandbox" in command) == (os.geteuid() == 0)
