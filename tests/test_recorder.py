"""The walk recorder: its logic driven by a scripted console, and the real command through a pseudo-terminal."""

from __future__ import annotations

import datetime
import os
import shlex
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from conftest import Result, default_signals

from journeymap.graph import JourneyGraph
from journeymap.loader import load_text
from journeymap.project import load_journey, load_project
from journeymap.recorder import (
    Ending,
    Walk,
    default_file_name,
    jumped_over,
    parse_channel,
    parse_duration_answer,
    parse_effort,
    parse_emotion,
    parse_severity,
    parse_yes_no,
    record,
    slug,
    walk_from_file,
    walkthrough_yaml,
)
from journeymap.validate import validate_walkthrough

# A branch at order (pay 70% / call 30%), a loop back from call to order, and one exit: bill.
SHOP_JOURNEY = """\
id: shop
title: Buying in the shop
goals: [Fewer calls]
stages: [buy, after]
channels:
  - id: courier
    kind: analog
touchpoints:
  - id: order
    title: Orders online
    stage: buy
    channel: web
    effort: 2
    next:
      - to: pay
        share: 0.7
      - to: call
        share: 0.3
        label: has a question
  - id: call
    title: Calls the shop
    stage: buy
    channel: phone
    kind: contact
    effort: 5
    next:
      - to: order
        share: 0.4
        label: orders again
      - pay
  - id: pay
    title: Pays
    stage: buy
    channel: web
    kind: payment
    effort: 1
    next: [bill]
  - id: bill
    title: Receives the invoice
    stage: after
    channel: email
    kind: invoice
    owner: finance
    effort: 2
"""

# The answers for one step where every question is skipped: effort, emotion, channel, duration, completed, findings.
SKIP_STEP = ["", "", "", "", "", ""]
DAY = datetime.date(2026, 11, 20)


class ScriptedConsole:
    """Answers from a list; the end of the list is the end of input, as on a closed terminal."""

    def __init__(self, answers: Iterable[str]) -> None:
        self.answers = list(answers)
        self.transcript: list[str] = []

    def ask(self, prompt: str) -> str:
        self.transcript.append(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        self.transcript.append(answer + "\n")
        return answer

    def say(self, text: str = "") -> None:
        self.transcript.append(text + "\n")

    @property
    def text(self) -> str:
        return "".join(self.transcript)


@pytest.fixture
def shop(write: Callable[..., Path]) -> JourneyGraph:
    graph = load_journey(str(write(SHOP_JOURNEY, "shop.journey.yaml"))).graph
    assert graph is not None
    return graph


def walk_with(
    graph: JourneyGraph, answers: Iterable[str], walk: Walk | None = None, **limits: int
) -> tuple[Walk, Ending, ScriptedConsole, list[int]]:
    """Record a walk from scripted answers; returns the walk, how it ended, the console and the saved step counts."""
    walk = walk or Walk("shop", "Ann Smit", "Finance", DAY)
    console = ScriptedConsole(answers)
    saved: list[int] = []
    ending = record(console, graph, walk, lambda walk: saved.append(len(walk.steps)), **limits)
    return walk, ending, console, saved


def assert_valid_walkthrough(text: str, graph: JourneyGraph) -> Any:
    """The text is a walkthrough the real loader and validator accept; returns the model."""
    from journeymap.validate import check_against_journey

    document, findings = load_text(text, "test.walkthrough.yaml")
    assert document is not None and findings == []
    walkthrough, problems = validate_walkthrough(document)
    assert walkthrough is not None, problems
    assert list(check_against_journey(walkthrough, {"shop": graph.journey})) == []
    return walkthrough


# --- answers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("", None), (" 1 ", 1), ("7", 7)])
def test_effort_answers(text: str, value: int | None) -> None:
    assert parse_effort(text) == value


@pytest.mark.parametrize("text", ["0", "8", "9", "3.5", "three", "-1"])
def test_effort_out_of_range_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not an effort: type a whole number from 1 \(effortless\) to 7"):
        parse_effort(text)


@pytest.mark.parametrize(("text", "value"), [("", None), ("+2", 2), ("-2", -2), ("0", 0), ("1", 1)])
def test_emotion_answers(text: str, value: int | None) -> None:
    assert parse_emotion(text) == value


@pytest.mark.parametrize("text", ["3", "-3", "+0", "1.5", "happy"])
def test_emotion_out_of_range_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not an emotion: type a whole number from -2"):
        parse_emotion(text)


def test_channel_answers() -> None:
    channels = ["chat", "phone", "web"]
    assert parse_channel("", channels, "web") == "web"
    assert parse_channel("", channels, None) is None
    assert parse_channel(" phone ", channels, "web") == "phone"
    with pytest.raises(ValueError, match=r"'fax' is not a channel of this journey; known channels: chat, phone, web"):
        parse_channel("fax", channels, "web")
    with pytest.raises(ValueError, match=r"did you mean 'phone'\?"):
        parse_channel("phon", channels, "web")


def test_other_answers() -> None:
    assert parse_duration_answer("1.5 h") == "1.5h"
    assert parse_duration_answer("") is None
    with pytest.raises(ValueError, match="'15' has no unit"):
        parse_duration_answer("15")
    assert parse_yes_no("", default=True) is True
    assert parse_yes_no("N", default=True) is False
    with pytest.raises(ValueError, match=r"answer y \(yes\) or n \(no\)"):
        parse_yes_no("maybe", default=True)
    assert parse_severity("h") == "high"
    assert parse_severity("") is None
    with pytest.raises(ValueError, match="is not a severity"):
        parse_severity("urgent")


def test_default_file_name() -> None:
    assert slug("Zoë  de Vries-Öztürk!") == "zoe-de-vries-ozturk"
    assert slug("李") == "participant"
    assert default_file_name("shop", "Ann Smit", DAY) == "shop-ann-smit-2026-11-20.walkthrough.yaml"


# --- the walk ------------------------------------------------------------------------------------------------


def test_a_walk_follows_the_defaults_to_the_exit_and_saves_every_step(shop: JourneyGraph) -> None:
    answers = ["", *SKIP_STEP, "", *SKIP_STEP, "", *SKIP_STEP]  # start, order, pay (70%), bill
    walk, ending, console, saved = walk_with(shop, answers)
    assert ending is Ending.EXIT
    assert walk.steps == [{"touchpoint": "order"}, {"touchpoint": "pay"}, {"touchpoint": "bill"}]
    assert saved == [1, 2, 3]
    assert "The walk reached 'bill', an end of the journey (success)." in console.text
    assert "  1) pay - Pays  (70%)\n  2) call - Calls the shop  (30%, has a question)\n" in console.text


def test_a_step_shows_the_design_and_records_what_differs(shop: JourneyGraph) -> None:
    answers = ["", "5", "-1", "chat", "20m", "n", "Price unclear", "h", "No help text", "", "", "e"]
    walk, _, console, _ = walk_with(shop, answers)
    # the design comes after the answers, so it cannot anchor them
    assert "Step 1: order - Orders online (stage: buy)\neffort, 1 effortless" in console.text
    assert "  you: effort 5 · emotion −1 · Chat · 20 minutes · not finished · 2 findings\n" in console.text
    assert "  designed: effort 2 · Website\n" in console.text
    assert console.text.index("designed: effort 2") > console.text.index("finding (Enter to finish)")
    assert walk.steps == [
        {
            "touchpoint": "order",
            "effort": 5,
            "emotion": -1,
            "channel": "chat",
            "duration": "20m",
            "completed": False,
            "findings": [{"text": "Price unclear", "severity": "high"}, "No help text"],
        }
    ]


def test_the_designed_channel_is_not_written(shop: JourneyGraph) -> None:
    walk, _, _, _ = walk_with(shop, ["", "", "", "web", "", "y", "", "e"])
    assert walk.steps == [{"touchpoint": "order"}]


def test_invalid_answers_are_asked_again_with_the_reason(shop: JourneyGraph) -> None:
    answers = ["4", "1", "9", "3", "3", "1", "fax", "phone", "15", "15m", "maybe", "y", "Slow", "urgent", "m", "", "e"]
    walk, _, console, _ = walk_with(shop, answers)
    assert walk.steps == [
        {
            "touchpoint": "order",
            "effort": 3,
            "emotion": 1,
            "channel": "phone",
            "duration": "15m",
            "findings": [{"text": "Slow", "severity": "medium"}],
        }
    ]
    for message in (
        "  ! '4' is not a choice: type 1, o, u or e (or Enter for 1)",
        "  ! '9' is not an effort: type a whole number from 1 (effortless) to 7 (very hard)",
        "  ! '3' is not an emotion: type a whole number from -2 (very negative) to +2 (very positive)",
        "  ! 'fax' is not a channel of this journey; known channels: app, chat, courier, email, letter, messaging, "
        "phone, social, store, visit, web",
        "  ! '15' has no unit: write it with one, e.g. 15 minutes or 15m",
        "  ! 'maybe': answer y (yes) or n (no)",
        "  ! 'urgent' is not a severity",
    ):
        assert message in console.text


def test_a_loop_can_be_walked_twice(shop: JourneyGraph) -> None:
    # order -> call -> order (1: orders again) -> call -> pay (the default at call: 60%) -> bill
    answers = ["", *SKIP_STEP, "2", *SKIP_STEP, "1", *SKIP_STEP, "2", *SKIP_STEP, "", *SKIP_STEP, "", *SKIP_STEP]
    walk, ending, _, _ = walk_with(shop, answers)
    assert ending is Ending.EXIT
    assert [step["touchpoint"] for step in walk.steps] == ["order", "call", "order", "call", "pay", "bill"]


def test_an_unplanned_step_keeps_the_place_in_the_journey(shop: JourneyGraph) -> None:
    answers = ["", *SKIP_STEP, "u", "", "Asked a neighbour", "2", "", "fax", "visit", "", "", "", "e"]
    walk, ending, console, saved = walk_with(shop, answers)
    assert ending is Ending.STOPPED
    assert walk.steps == [{"touchpoint": "order"}, {"title": "Asked a neighbour", "effort": 2, "channel": "visit"}]
    assert saved == [1, 2]
    assert "  ! an unplanned step needs a title" in console.text
    # after the unplanned step the walk is still at order: its ways on are offered again
    assert console.text.count("  1) pay - Pays  (70%)") == 2


def test_another_touchpoint_of_the_journey_by_id(shop: JourneyGraph) -> None:
    answers = ["", *SKIP_STEP, "o", "bil", "", "o", "bill", *SKIP_STEP]
    walk, ending, console, _ = walk_with(shop, answers)
    assert ending is Ending.EXIT
    assert [step["touchpoint"] for step in walk.steps] == ["order", "bill"]
    assert "touchpoints: order, call, pay, bill" in console.text
    assert "  ! there is no touchpoint 'bil' in this journey; did you mean 'bill'?" in console.text


def test_the_walk_ends_at_the_step_limit(shop: JourneyGraph) -> None:
    answers = ["", *SKIP_STEP, "2", *SKIP_STEP, "1", *SKIP_STEP, "2", *SKIP_STEP]
    walk, ending, console, _ = walk_with(shop, answers, max_steps=3)
    assert ending is Ending.LIMIT
    assert len(walk.steps) == 3
    assert "The walk has 3 steps, the most one walkthrough may record; it ends here." in console.text


def test_end_of_input_keeps_the_answered_steps(shop: JourneyGraph) -> None:
    walk = Walk("shop", "Ann Smit", None, DAY)
    with pytest.raises(EOFError):
        walk_with(shop, ["", *SKIP_STEP, "", "3"], walk)
    assert walk.steps == [{"touchpoint": "order"}]  # the half-answered second step is not kept


# --- the file ------------------------------------------------------------------------------------------------


def test_walkthrough_yaml_is_clean_and_in_the_format_order(shop: JourneyGraph) -> None:
    walk = Walk("shop", "Ann: the tester", "Finance", DAY)
    walk.steps = [
        {"touchpoint": "order", "effort": 3, "findings": [{"text": "Price: unclear", "severity": "high"}, "yes"]},
        {"title": "Asked a neighbour", "channel": "visit"},
    ]
    text = walkthrough_yaml(walk)
    assert text == (
        "# Customer-driving-licence walkthrough, recorded with `journeymap walk`. Edit freely;\n"
        "# `journeymap check` checks it against its journey.\n"
        "\n"
        "walkthrough: 1\n"
        "journey: shop\n"
        "participant: 'Ann: the tester'\n"
        "role: Finance\n"
        "date: 2026-11-20\n"
        "steps:\n"
        "  - touchpoint: order\n"
        "    effort: 3\n"
        "    findings:\n"
        "      - text: 'Price: unclear'\n"
        "        severity: high\n"
        "      - 'yes'\n"
        "\n"
        "  - title: Asked a neighbour\n"
        "    channel: visit\n"
    )
    walkthrough = assert_valid_walkthrough(text, shop)
    assert walkthrough.steps[0].findings[1].text == "yes"


def test_resume_continues_from_the_last_touchpoint_walked(shop: JourneyGraph, tmp_path: Path) -> None:
    path = tmp_path / "ann.walkthrough.yaml"
    saved = Walk(
        "shop", "Ann Smit", "Finance", DAY, [{"touchpoint": "order"}, {"touchpoint": "call", "duration": "90m"}]
    )
    saved.steps.append({"title": "Looked for the number"})
    path.write_text(walkthrough_yaml(saved), encoding="utf-8")
    walk, findings = walk_from_file(str(path), shop)
    assert walk is not None and findings == []
    assert walk.steps == saved.steps  # as written: the duration stays 90m
    walk, ending, console, _ = walk_with(shop, ["", *SKIP_STEP, "", *SKIP_STEP], walk)
    assert ending is Ending.EXIT
    assert "  1) order - Orders online  (40%, orders again)\n  2) pay - Pays  (60%)\n" in console.text
    assert [step.get("touchpoint") for step in walk.steps] == ["order", "call", None, "pay", "bill"]


def test_resume_of_a_finished_walk_adds_nothing(shop: JourneyGraph) -> None:
    walk = Walk("shop", "Ann Smit", None, DAY, [{"touchpoint": "order"}, {"touchpoint": "bill"}])
    _, ending, console, saved = walk_with(shop, [], walk)
    assert (ending, saved) == (Ending.EXIT, [])
    assert "reached 'bill', an end of the journey" in console.text


def test_resume_refuses_a_broken_file_with_located_errors(shop: JourneyGraph, tmp_path: Path) -> None:
    path = tmp_path / "ann.walkthrough.yaml"
    path.write_text("journey: shop\nparticipant: Ann\ndate: 2026-11-20\nsteps:\n  - touchpoint: ordr\n")
    walk, findings = walk_from_file(str(path), shop)
    assert walk is None
    assert [str(finding) for finding in findings] == [
        f"{path}:5:17: error[unknown-reference] there is no touchpoint 'ordr'; did you mean 'order'?"
    ]


# --- the command, in-process ---------------------------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path, with the shop journey there."""
    write(SHOP_JOURNEY, "shop.journey.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_walk_refuses_to_overwrite_a_walkthrough(cli: Callable[..., Result], in_tmp: Path) -> None:
    existing = in_tmp / "shop-ann-smit-2026-11-20.walkthrough.yaml"
    existing.write_text("keep me")
    result = cli("walk", "shop.journey.yaml", "--participant", "Ann Smit", "--date", "2026-11-20")
    assert result.exit_code == 2
    assert "shop-ann-smit-2026-11-20.walkthrough.yaml exists; add --resume to continue it" in result.err
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.journey.yaml", "--participant", "Ann"], "missing.journey.yaml: no such journey file"),
        (["shop.journey.yaml"], "say who walks with --participant NAME"),
        (["shop.journey.yaml", "--participant", "Ann", "--date", "20-11-2026"], "--date: '20-11-2026' is not a date"),
        (
            ["shop.journey.yaml", "--participant", "Ann", "--resume"],
            "no unfinished walkthrough of 'shop' by Ann in this folder",
        ),
        (["shop.journey.yaml", "--participant", "Ann", "-o", "no/such/a.walkthrough.yaml"], "does not exist"),
    ],
)
def test_walk_usage_errors(cli: Callable[..., Result], in_tmp: Path, arguments: list[str], message: str) -> None:
    result = cli("walk", *arguments)
    assert result.exit_code == 2
    assert message in result.err


def test_walk_refuses_a_broken_journey(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "bad.journey.yaml").write_text("title: Bad\nstages: [a]\ntouchpoints: []\n")
    result = cli("walk", "bad.journey.yaml", "--participant", "Ann")
    assert result.exit_code == 1
    assert "bad.journey.yaml:3:14: error[bad-value]" in result.err


# --- the command, through a pseudo-terminal ------------------------------------------------------------------


def spawn(folder: Path, *arguments: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "journeymap", "walk", "shop.journey.yaml", *arguments],
        cwd=str(folder),
        encoding="utf-8",
        timeout=15,
        dimensions=(50, 200),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=default_signals,  # Ctrl-C and a closed terminal reach the walk, whatever runs the suite
    )
    child.delaybeforesend = None  # every answer waits for its prompt, so pexpect's safety pause is not needed
    return child


def answer(child: pexpect.spawn, prompt: str, text: str = "") -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def answer_step(
    child: pexpect.spawn, effort: str = "", channel: str = "", findings: Iterable[tuple[str, str]] = ()
) -> None:
    answer(child, "effort, 1 effortless .. 7 very hard [skip]: ", effort)
    answer(child, "emotion, -2 very negative .. +2 very positive [skip]: ")
    answer(child, "]: ", channel)  # channel used [designed]
    answer(child, "duration, e.g. 10 minutes or 1 hour 20 [skip]: ")
    answer(child, "completed? y/n [y]: ")
    for text, severity in findings:
        answer(child, "finding (Enter to finish): ", text)
        answer(child, "severity low/medium/high [none]: ", severity)
    answer(child, "finding (Enter to finish): ")
    child.expect_exact("saved step")


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return int(child.exitstatus)


def saved_walkthrough(path: Path) -> Any:
    """The walkthrough in `path`, through the real loader, validator and journey check."""
    project = load_project([str(path.parent / "shop.journey.yaml"), str(path)])
    assert [str(finding) for finding in project.findings if finding.is_error] == []
    return project.walkthroughs[0].walkthrough


def test_a_full_walk_in_a_terminal(in_tmp: Path) -> None:
    child = spawn(in_tmp, "--participant", "Ann Smit", "--role", "Finance", "--date", "2026-11-20")
    child.expect_exact("Every answered step is saved in shop-ann-smit-2026-11-20.walkthrough.yaml.")
    answer(child, "choice [1]: ")
    answer_step(child, effort="3", findings=[("Price unclear", "high")])
    answer(child, "choice [1]: ", "2")  # to call: has a question
    answer_step(child, effort="6", channel="chat")
    answer(child, "choice [2]: ", "1")  # back to order: the loop
    answer_step(child, effort="2")
    answer(child, "choice [1]: ", "u")
    answer(child, "what did you do? ", "Asked a neighbour")
    answer_step(child, effort="2", channel="visit")
    answer(child, "choice [1]: ")  # pay
    answer_step(child)
    answer(child, "choice [1]: ")  # bill, the exit
    answer_step(child, effort="4", findings=[("No order number", "")])
    child.expect_exact("The walk reached 'bill', an end of the journey (success).")
    child.expect_exact("6 steps saved in shop-ann-smit-2026-11-20.walkthrough.yaml.")
    assert finish(child) == 0
    walkthrough = saved_walkthrough(in_tmp / "shop-ann-smit-2026-11-20.walkthrough.yaml")
    assert (walkthrough.participant, walkthrough.role, walkthrough.date) == ("Ann Smit", "Finance", DAY)
    assert [step.touchpoint or step.title for step in walkthrough.steps] == [
        "order",
        "call",
        "order",
        "Asked a neighbour",
        "pay",
        "bill",
    ]
    assert [step.effort for step in walkthrough.steps] == [3, 6, 2, 2, None, 4]
    assert walkthrough.steps[1].channel == "chat"
    assert walkthrough.steps[0].findings[0].severity == "high"
    assert walkthrough.steps[5].findings[0].severity is None


def test_invalid_answers_in_a_terminal_are_asked_again(in_tmp: Path) -> None:
    child = spawn(in_tmp, "--participant", "Ann", "-o", "ann.walkthrough.yaml")
    answer(child, "choice [1]: ")
    answer(child, "effort, 1 effortless .. 7 very hard [skip]: ", "9")
    child.expect_exact("'9' is not an effort: type a whole number from 1 (effortless) to 7 (very hard)")
    answer(child, "effort, 1 effortless .. 7 very hard [skip]: ", "4")
    answer(child, "emotion, -2 very negative .. +2 very positive [skip]: ")
    answer(child, "channel used [web]: ", "fax")
    child.expect_exact("'fax' is not a channel of this journey; known channels: app, chat, courier, email,")
    answer(child, "channel used [web]: ", "phone")
    answer(child, "duration, e.g. 10 minutes or 1 hour 20 [skip]: ")
    answer(child, "completed? y/n [y]: ")
    answer(child, "finding (Enter to finish): ")
    child.expect_exact("saved step 1")
    answer(child, "choice [1]: ", "e")
    child.expect_exact("1 step saved in ann.walkthrough.yaml.")
    assert finish(child) == 0
    (step,) = saved_walkthrough(in_tmp / "ann.walkthrough.yaml").steps
    assert (step.touchpoint, step.effort, step.channel) == ("order", 4, "phone")


def test_ctrl_c_keeps_the_answered_steps_and_resume_continues(in_tmp: Path) -> None:
    path = in_tmp / "shop-ann-smit-2026-11-20.walkthrough.yaml"
    child = spawn(in_tmp, "--participant", "Ann Smit", "--date", "2026-11-20")
    answer(child, "choice [1]: ")
    answer_step(child, effort="3")
    answer(child, "choice [1]: ", "2")
    answer(child, "effort, 1 effortless .. 7 very hard [skip]: ", "5")  # call, half answered
    child.expect_exact("emotion, -2 very negative .. +2 very positive [skip]: ")
    child.sendintr()
    child.expect_exact("Stopped: 1 step saved in shop-ann-smit-2026-11-20.walkthrough.yaml.")
    command = f"{shlex.quote(sys.executable)} -m journeymap"  # the command that ran, as it ran
    child.expect_exact(f"To continue: {command} walk shop.journey.yaml --resume -o shop-ann-smit-2026-11-20")
    assert finish(child) == 130
    assert [step.touchpoint for step in saved_walkthrough(path).steps] == ["order"]
    assert not [name for name in os.listdir(in_tmp) if name.endswith(".tmp")]

    child = spawn(in_tmp, "--participant", "Ann Smit", "--date", "2026-11-20", "--resume")
    child.expect_exact("Continuing shop-ann-smit-2026-11-20.walkthrough.yaml after its 1 step.")
    child.expect_exact("Where did the walk go next?")  # from order, the last touchpoint walked
    answer(child, "choice [1]: ", "2")
    answer_step(child, effort="5")
    answer(child, "choice [2]: ")  # pay
    answer_step(child)
    answer(child, "choice [1]: ")  # bill
    answer_step(child)
    child.expect_exact("4 steps saved in")
    assert finish(child) == 0
    steps = saved_walkthrough(path).steps
    assert [(step.touchpoint, step.effort) for step in steps] == [
        ("order", 3),
        ("call", 5),
        ("pay", None),
        ("bill", None),
    ]


def test_a_closed_terminal_keeps_the_answered_steps(in_tmp: Path) -> None:
    child = spawn(in_tmp, "--participant", "Ann", "-o", "ann.walkthrough.yaml")
    answer(child, "choice [1]: ")
    answer_step(child, effort="3")
    child.expect_exact("choice [1]: ")
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert [step.effort for step in saved_walkthrough(in_tmp / "ann.walkthrough.yaml").steps] == [3]


def test_end_of_input_in_a_terminal_saves_and_fails_without_a_traceback(in_tmp: Path) -> None:
    child = spawn(in_tmp, "--participant", "Ann", "-o", "ann.walkthrough.yaml")
    answer(child, "choice [1]: ")
    answer_step(child, effort="3")
    child.expect_exact("choice [1]: ")
    child.sendeof()
    child.expect_exact("Input ended: 1 step saved in ann.walkthrough.yaml.")
    output = child.read()
    assert finish(child) == 1
    assert "Traceback" not in output
    assert len(saved_walkthrough(in_tmp / "ann.walkthrough.yaml").steps) == 1


def test_the_saved_file_is_plain_yaml(in_tmp: Path) -> None:
    child = spawn(in_tmp, "--participant", "Ann", "-o", "ann.walkthrough.yaml", "--date", "2026-11-20")
    answer(child, "choice [1]: ")
    answer_step(child, effort="3", findings=[("Price unclear", "m")])
    answer(child, "choice [1]: ", "e")
    assert finish(child) == 0
    data = yaml.safe_load((in_tmp / "ann.walkthrough.yaml").read_text())
    assert data == {
        "walkthrough": 1,
        "journey": "shop",
        "participant": "Ann",
        "date": DAY,
        "steps": [{"touchpoint": "order", "effort": 3, "findings": [{"text": "Price unclear", "severity": "medium"}]}],
    }


def test_a_walk_may_start_with_an_unplanned_step(shop: JourneyGraph) -> None:
    walk, ending, console, _ = walk_with(shop, ["u", "Searched for the shop", *SKIP_STEP, "", *SKIP_STEP, "e"])
    assert ending is Ending.STOPPED
    assert walk.steps == [{"title": "Searched for the shop"}, {"touchpoint": "order"}]
    assert console.text.index("Where did the walk start?") < console.text.index("Where did the walk go next?")
    assert "  1) order - Orders online\n" in console.text.split("Where did the walk go next?")[1]


# --- jumps and continuing without naming the file (issue 12) -------------------------------------------------------


def test_a_jump_over_touchpoints_is_kept_as_skipped(shop: JourneyGraph) -> None:
    # from the start straight to `bill`: the walk left out `order` and `pay` (the shortest designed way)
    walk, _, console, _ = walk_with(shop, ["o", "bill", "", "", "", "", "", ""])
    assert walk.steps == [{"touchpoint": "bill", "skipped": ["order", "pay"]}]
    assert "jumped over: order, pay" in console.text
    model = assert_valid_walkthrough(walkthrough_yaml(walk), shop)
    assert model.steps[0].skipped == ["order", "pay"]


def test_a_designed_way_on_or_a_jump_back_skips_nothing(shop: JourneyGraph) -> None:
    assert jumped_over(shop, shop.index["order"], shop.index["pay"]) == []
    assert jumped_over(shop, shop.index["pay"], shop.index["order"]) == []  # back: nothing left out
    assert jumped_over(shop, None, shop.index["order"]) == []
    assert jumped_over(shop, shop.index["order"], shop.index["bill"]) == ["pay"]


def _saved(folder: Path, name: str, participant: str, date: str, steps: str) -> None:
    (folder / name).write_text(
        f"journey: shop\nparticipant: {participant}\ndate: {date}\nsteps: {steps}\n", encoding="utf-8"
    )


def test_resume_without_a_file_continues_the_only_unfinished_walk(cli: Callable[..., Result], in_tmp: Path) -> None:
    _saved(
        in_tmp,
        "a.walkthrough.yaml",
        "Ann",
        "2026-11-01",
        "[{touchpoint: order}, {touchpoint: pay}, {touchpoint: bill}]",
    )
    _saved(in_tmp, "b.walkthrough.yaml", "Bo", "2026-11-02", "[{touchpoint: order}]")
    result = cli("walk", "shop.journey.yaml", "--resume")  # input ends at the first question: it saves and stops
    assert "Continuing b.walkthrough.yaml after its 1 step." in result.out


def test_resume_with_a_participant_continues_their_latest_unfinished_walk(
    cli: Callable[..., Result], in_tmp: Path
) -> None:
    _saved(in_tmp, "old.walkthrough.yaml", "Ann", "2026-10-01", "[{touchpoint: order}]")
    _saved(in_tmp, "new.walkthrough.yaml", "ann", "2026-11-01", "[{touchpoint: order}, {touchpoint: pay}]")
    _saved(in_tmp, "bo.walkthrough.yaml", "Bo", "2026-11-05", "[{touchpoint: order}]")
    result = cli("walk", "shop.journey.yaml", "--resume", "--participant", "Ann")
    assert "Continuing new.walkthrough.yaml after its 2 steps." in result.out


def test_resume_among_several_without_a_terminal_names_them(cli: Callable[..., Result], in_tmp: Path) -> None:
    _saved(in_tmp, "a.walkthrough.yaml", "Ann", "2026-11-01", "[{touchpoint: order}]")
    _saved(in_tmp, "b.walkthrough.yaml", "Bo", "2026-11-02", "[{touchpoint: order}]")
    result = cli("walk", "shop.journey.yaml", "--resume")
    assert result.exit_code == 2
    assert "several unfinished walkthroughs of 'shop': b.walkthrough.yaml, a.walkthrough.yaml" in result.err


def test_resume_among_several_in_a_terminal_asks_which(in_tmp: Path) -> None:
    _saved(in_tmp, "a.walkthrough.yaml", "Ann", "2026-11-01", "[{touchpoint: order}]")
    _saved(in_tmp, "b.walkthrough.yaml", "Bo", "2026-11-02", "[{touchpoint: order}, {touchpoint: pay}]")
    child = spawn(in_tmp, "--resume")
    child.expect_exact("1) b.walkthrough.yaml (Bo, 2026-11-02)")
    child.expect_exact("2) a.walkthrough.yaml (Ann, 2026-11-01)")
    answer(child, "which one? 1 to 2 [1]: ", "2")
    child.expect_exact("Continuing a.walkthrough.yaml after its 1 step.")
    child.sendintr()
    finish(child)
