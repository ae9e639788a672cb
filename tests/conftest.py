"""Shared test helpers: write small journeys inline, run the CLI in-process, find the examples."""

from __future__ import annotations

import re
import signal
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeymap.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "journeys"
EXAMPLE_JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))
EXAMPLE_WALKTHROUGHS = sorted(EXAMPLES.glob("*.walkthrough.yaml"))

MINIMAL_JOURNEY = """\
title: Minimal
goals: [Show the smallest valid journey]
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
    next: [bill]
  - id: bill
    title: Receives the invoice
    stage: after
    channel: email
    kind: invoice
    owner: finance
    effort: 1
"""

# A valid journey without warnings; tests change one thing in it. Line numbers:
VALID_JOURNEY = """\
title: Buying a phone
goals: [Fewer calls about orders]
stages:
  - id: choose
    phase: purchase
  - id: use
    phase: post-purchase
touchpoints:
  - id: order
    title: Orders online
    stage: choose
    channel: web
    effort: 2
    next: [bill]
  - id: bill
    title: Receives the invoice
    stage: use
    channel: email
    kind: invoice
    effort: 1
"""
#  1 title            8 touchpoints:      14     next: [bill]
#  2 goals            9   - id: order     15   - id: bill
#  3 stages:         10     title: ...    16     title: ...
#  4   - id: choose  11     stage: choose 17     stage: use
#  5     phase: ...  12     channel: web  18     channel: email
#  6   - id: use     13     effort: 2     19     kind: invoice
#  7     phase: ...                       20     effort: 1


def default_signals() -> None:
    """A child's stop signals as a terminal gives them (a `preexec_fn`): a harness that runs the suite in the
    background (`cmd &`, nohup) hands SIGINT or SIGHUP on ignored, and journeymap rightly leaves an ignored
    signal ignored, so a test that sends one must not inherit that."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def changed(*edits: tuple[str, str]) -> str:
    """VALID_JOURNEY with each `old` text replaced (once) by `new`; `old` must be there, so a case cannot go stale."""
    text = VALID_JOURNEY
    for old, new in edits:
        assert old in text, f"{old!r} is not in VALID_JOURNEY"
        text = text.replace(old, new, 1)
    return text


@dataclass
class Result:
    exit_code: int
    out: str
    err: str


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a dedented YAML text to tmp_path/NAME and return its path."""

    def write_file(text: str, name: str = "test.journey.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `journeymap ARGS...` in-process; argparse's SystemExit becomes an exit code."""

    def run(*args: str | Path) -> Result:
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 2
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def unlabelled(html: str) -> str:
    """A page without the `data-label` of its table cells (the column names a phone shows on each card)."""
    return re.sub(r' data-label="[^"]*"', "", html)
