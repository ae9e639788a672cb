"""Recorder: walk a journey in the terminal as a customer would, saving a walkthrough after every step.

The recorder follows the designed journey from its entry. At every step it asks what the step
cost the participant; at every branch it asks which way they went. All terminal input and output
goes through a `Console`, so the walk can be driven by a script in tests; answers are checked as
they are typed and asked again with the reason, so the file written is always a valid walkthrough.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

import yaml

from journeymap.durations import duration_in_words, parse_duration, parse_spoken_duration
from journeymap.findings import Finding
from journeymap.graph import JourneyGraph
from journeymap.model import Severity, Touchpoint
from journeymap.project import load_walkthrough
from journeymap.render.text import percent
from journeymap.scoring import score
from journeymap.validate import WALKTHROUGH_SUFFIX, did_you_mean

# A walk that goes on this long is stuck in a loop, not a customer's day; it ends with a message.
MAX_STEPS = 200

Answer = TypeVar("Answer")


class Console(Protocol):
    """Where questions go and answers come from; `ask` raises EOFError when input ends, KeyboardInterrupt on Ctrl-C."""

    def ask(self, prompt: str) -> str: ...

    def say(self, text: str = "") -> None: ...


class TerminalConsole:
    """The real terminal: plain `input()` prompts, so any terminal (and pexpect) can drive it."""

    def ask(self, prompt: str) -> str:
        return input(prompt)

    def say(self, text: str = "") -> None:
        print(text, flush=True)


@dataclass
class Walk:
    """A walkthrough being recorded: its header and the steps answered so far, as they will be written."""

    journey: str
    participant: str
    role: str | None
    date: datetime.date
    steps: list[dict[str, Any]] = field(default_factory=list)
    presented: datetime.date | None = None

    def to_data(self) -> dict[str, Any]:
        """The walkthrough in the format's key order."""
        data: dict[str, Any] = {"walkthrough": 1, "journey": self.journey, "participant": self.participant}
        if self.role:
            data["role"] = self.role
        data["date"] = self.date
        if self.presented is not None:
            data["presented"] = self.presented
        data["steps"] = self.steps
        return data

    def position(self, graph: JourneyGraph) -> int | None:
        """The touchpoint walked last (unplanned steps do not move the customer along the journey)."""
        for step in reversed(self.steps):
            if step.get("touchpoint") is not None:
                return graph.index[str(step["touchpoint"])]
        return None


class Ending(enum.Enum):
    EXIT = "reached an exit"
    STOPPED = "ended by the participant"
    LIMIT = "step limit reached"


# --- answers: each parser returns the value or raises ValueError with what to type instead -------------------


def parse_effort(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"[1-7]", text):
        raise ValueError(f"{text!r} is not an effort: type a whole number from 1 (effortless) to 7 (very hard)")
    return int(text)


def parse_emotion(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"[+-]?[0-2]", text) or text in ("+0", "-0"):
        raise ValueError(
            f"{text!r} is not an emotion: type a whole number from -2 (very negative) to +2 (very positive)"
        )
    return int(text)


def parse_channel(text: str, channels: Sequence[str], default: str | None) -> str | None:
    text = text.strip()
    if not text:
        return default
    if text not in channels:
        hint = did_you_mean(text, channels)
        hint = f"{hint} " if hint else ""
        raise ValueError(f"{text!r} is not a channel of this journey; {hint}known channels: {', '.join(channels)}")
    return text


def parse_duration_answer(text: str) -> str | None:
    """The duration as typed in words or units ('10 minutes', '1 hour 20', '1,5 uur'), in the files' form ('80m')."""
    if not text.strip():
        return None
    return parse_spoken_duration(text)


def parse_yes_no(text: str, default: bool) -> bool:
    text = text.strip().lower()
    if not text:
        return default
    if text in ("y", "yes"):
        return True
    if text in ("n", "no"):
        return False
    raise ValueError(f"{text!r}: answer y (yes) or n (no)")


def parse_severity(text: str) -> Severity | None:
    text = text.strip().lower()
    if not text:
        return None
    for severity in Severity:
        if text in (severity.value, severity.value[0]):
            return severity
    raise ValueError(f"{text!r} is not a severity: type low, medium or high (or l, m, h), or Enter for none")


def parse_title(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValueError("an unplanned step needs a title: say in a few words what you did")
    return text


def ask(console: Console, prompt: str, parse: Callable[[str], Answer]) -> Answer:
    """Ask until the answer parses; every refusal says why and what to type."""
    while True:
        try:
            return parse(console.ask(prompt))
        except ValueError as problem:
            console.say(f"  ! {problem}")


# --- one step ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepAnswers:
    """The parsed answers for one step; None (or empty) where the participant gave none."""

    effort: int | None = None
    emotion: int | None = None
    channel: str | None = None
    duration: str | None = None
    completed: bool = True
    findings: tuple[str | dict[str, str], ...] = ()
    skipped: tuple[str, ...] = ()


def step_data(graph: JourneyGraph, index: int | None, answers: StepAnswers, title: str | None = None) -> dict[str, Any]:
    """One step as the walkthrough file holds it: the one place that decides what a recorded step contains.

    A touchpoint step (`index`) names the touchpoint, an unplanned one its `title`; answers left
    empty are left out, so nothing is invented, and the designed channel is not repeated.
    """
    step: dict[str, Any] = {}
    designed: str | None = None
    if index is None:
        step["title"] = parse_title(title or "")
    else:
        point = graph.touchpoints[index]
        designed = point.channel
        step["touchpoint"] = point.id
    if answers.effort is not None:
        step["effort"] = answers.effort
    if answers.emotion is not None:
        step["emotion"] = answers.emotion
    if answers.channel is not None and answers.channel != designed:
        step["channel"] = answers.channel
    if answers.duration is not None:
        step["duration"] = answers.duration
    if not answers.completed:
        step["completed"] = False
    if answers.findings:
        step["findings"] = list(answers.findings)
    if answers.skipped and index is not None:
        known = set(graph.index)
        unknown = [point for point in answers.skipped if point not in known]
        if unknown:
            raise ValueError(f"there is no touchpoint {unknown[0]!r} in this journey to skip")
        step["skipped"] = list(answers.skipped)
    return step


def parse_finding(text: str, severity: str) -> str | dict[str, str] | None:
    """A finding as written: plain text without a severity, a mapping with one; None for an empty text."""
    text = " ".join(text.split())
    if not text:
        return None
    rated = parse_severity(severity)
    return {"text": text, "severity": rated.value} if rated is not None else text


def parse_step_form(
    graph: JourneyGraph, index: int | None, form: Mapping[str, str], findings: Sequence[tuple[str, str]] = ()
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """A step from answers typed into a form (field name -> text), with the terminal's parsers.

    Returns the step, or None and the reason per field (`effort`, `emotion`, `channel`, `duration`,
    `completed`, `title`, `findings`, `skipped`) in the words the terminal recorder uses.
    """
    designed = graph.touchpoints[index].channel if index is not None else None
    problems: dict[str, str] = {}

    def field(name: str, parse: Callable[[str], Answer], default: Answer) -> Answer:
        try:
            return parse(form.get(name, ""))
        except ValueError as problem:
            problems[name] = str(problem)
            return default

    channels = sorted(graph.channels)
    effort = field("effort", parse_effort, None)
    emotion = field("emotion", parse_emotion, None)
    channel = field("channel", lambda text: parse_channel(text, channels, designed), None)
    duration = field("duration", parse_duration_answer, None)
    completed = field("completed", lambda text: parse_yes_no(text, default=True), True)
    written: list[str | dict[str, str]] = []
    for text, severity in findings:
        try:
            finding = parse_finding(text, severity)
        except ValueError as problem:
            problems["findings"] = str(problem)
            continue
        if finding is not None:
            written.append(finding)
    skipped = tuple(point for point in form.get("skipped", "").split(",") if point)
    answers = StepAnswers(effort, emotion, channel, duration, completed, tuple(written), skipped)
    if problems:
        return None, problems
    try:
        return step_data(graph, index, answers, form.get("title")), {}
    except ValueError as problem:
        return None, {"title" if index is None else "skipped": str(problem)}


def ask_step(
    console: Console, graph: JourneyGraph, index: int | None, number: int, skipped: Sequence[str] = ()
) -> dict[str, Any]:
    """The answers for one step: a touchpoint of the journey, or an unplanned step when `index` is None.

    `skipped` are the touchpoints the walk jumped over to get here; they are kept in the step.
    """
    channels = sorted(graph.channels)
    designed: str | None = None
    title: str | None = None
    if index is None:
        console.say(f"\nStep {number}: an unplanned step (not in the journey)")
        title = ask(console, "what did you do? ", parse_title)
    else:
        point = graph.touchpoints[index]
        designed = point.channel
        stage = next(stage for stage in graph.journey.stages if stage.id == point.stage)
        # The design (effort, channel) is shown once the answers are in, so it cannot anchor them.
        console.say(f"\nStep {number}: {point.id} - {point.title} (stage: {stage.display_title})")
        if skipped:
            console.say(f"  jumped over: {', '.join(skipped)} (kept in the file as `skipped:`)")
    effort = ask(console, "effort, 1 effortless .. 7 very hard [skip]: ", parse_effort)
    emotion = ask(console, "emotion, -2 very negative .. +2 very positive [skip]: ", parse_emotion)
    channel = ask(
        console, f"channel used [{designed or 'none'}]: ", lambda text: parse_channel(text, channels, designed)
    )
    duration = ask(console, "duration, e.g. 10 minutes or 1 hour 20 [skip]: ", parse_duration_answer)
    completed = ask(console, "completed? y/n [y]: ", lambda text: parse_yes_no(text, default=True))
    findings = ask_findings(console)
    answers = StepAnswers(effort, emotion, channel, duration, completed, tuple(findings), tuple(skipped))
    step = step_data(graph, index, answers, title)
    console.say(f"  you: {answered_line(graph, step)}")
    if index is not None:
        console.say(f"  designed: {designed_line(graph, graph.touchpoints[index])}")
    return step


def answered_line(graph: JourneyGraph, step: Mapping[str, Any]) -> str:
    """What the participant answered at a saved step, in words: 'effort 5 · Phone · 1 hour 20 minutes'."""
    parts = []
    if step.get("effort") is not None:
        parts.append(f"effort {step['effort']}")
    if step.get("emotion") is not None:
        emotion = int(step["emotion"])
        parts.append(f"emotion {'+' if emotion > 0 else '−' if emotion < 0 else ''}{abs(emotion)}")
    channel = step.get("channel")
    if channel:
        known = graph.channels.get(str(channel))
        parts.append(known.display_title if known is not None else str(channel))
    if step.get("duration"):
        parts.append(duration_in_words(parse_duration(str(step["duration"]))))
    if step.get("completed") is False:
        parts.append("not finished")
    findings = len(step.get("findings", []))
    if findings:
        parts.append(f"{findings} finding{'' if findings == 1 else 's'}")
    return " · ".join(parts) if parts else "no answers (only that you were here)"


def designed_line(graph: JourneyGraph, point: Touchpoint) -> str:
    """The designed values of a touchpoint in words, shown once the participant's own answers are saved."""
    channel = graph.channels[point.channel].display_title
    effort = f"effort {point.effort}" if point.effort is not None else "no effort designed"
    return f"{effort} · {channel}"


def ask_findings(console: Console) -> list[str | dict[str, str]]:
    """Findings until an empty answer; one without a severity is written as plain text."""
    findings: list[str | dict[str, str]] = []
    while True:
        text = " ".join(console.ask("finding (Enter to finish): ").split())
        if not text:
            return findings
        severity = ask(console, "severity low/medium/high [none]: ", parse_severity)
        finding = parse_finding(text, severity.value if severity is not None else "")
        if finding is not None:
            findings.append(finding)


# --- the way through the journey ---------------------------------------------------------------------------------

Choice = int | Literal["unplanned", "end"]


def ask_next(console: Console, graph: JourneyGraph, position: int | None, *, started: bool) -> Choice:
    """Where the walk goes from `position` (None: no touchpoint yet): a designed way on, another touchpoint, or none."""
    if position is None:
        options = [(graph.entry, "")]
    else:
        options = [(link.target, _share_note(link.probability, link.label)) for link in graph.links[position]]
    console.say("\nWhere did the walk go next?" if started else "\nWhere did the walk start?")
    default = 1 + _default_option(graph, position, [target for target, _ in options])
    for number, (target, note) in enumerate(options, start=1):
        point = graph.touchpoints[target]
        console.say(f"  {number}) {point.id} - {point.title}{note}")
    console.say("  o) another touchpoint of the journey")
    console.say("  u) add an unplanned step")
    console.say("  e) end the walk here")
    while True:
        answer = ask(console, f"choice [{default}]: ", lambda text: _parse_choice(text, len(options), default))
        if answer == "o":
            other = _ask_other_touchpoint(console, graph)
            if other is not None:
                return other
            continue
        if isinstance(answer, int):
            return options[answer - 1][0]
        return answer


def _default_option(graph: JourneyGraph, position: int | None, targets: list[int]) -> int:
    """The way Enter takes: on along the main path (the way the licence asks to cover), else the most likely one."""
    main = score(graph).main_path
    if position is not None and main is not None:
        path = [graph.index[name] for name in main.touchpoints]
        for here, after in itertools.pairwise(path):
            if here == position and after in targets:
                return targets.index(after)
    return max(range(len(targets)), key=lambda i: (_probability(graph, position, i), -i))


def _probability(graph: JourneyGraph, position: int | None, option: int) -> float:
    return 1.0 if position is None else graph.links[position][option].probability


def _share_note(probability: float, label: str | None) -> str:
    parts = [percent(probability)] if probability < 1 else []
    if label:
        parts.append(label)
    return f"  ({', '.join(parts)})" if parts else ""


def _parse_choice(text: str, count: int, default: int) -> int | Literal["unplanned", "end", "o"]:
    text = text.strip().lower()
    if not text:
        return default
    if text.isdigit() and 1 <= int(text) <= count:
        return int(text)
    if text == "u":
        return "unplanned"
    if text == "e":
        return "end"
    if text == "o":
        return "o"
    numbers = "1" if count == 1 else f"1 to {count}"
    raise ValueError(f"{text!r} is not a choice: type {numbers}, o, u or e (or Enter for {default})")


def _ask_other_touchpoint(console: Console, graph: JourneyGraph) -> int | None:
    ids = [point.id for point in graph.touchpoints]
    console.say(textwrap.fill("touchpoints: " + ", ".join(ids), width=100, subsequent_indent="  "))

    def parse(text: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        if text not in ids:
            hint = did_you_mean(text, ids)
            hint = f"; {hint}" if hint else ""
            raise ValueError(f"there is no touchpoint {text!r} in this journey{hint}")
        return graph.index[text]

    return ask(console, "touchpoint id (Enter to go back): ", parse)


def jumped_over(graph: JourneyGraph, position: int | None, target: int) -> list[str]:
    """The designed touchpoints a walk leaves out when it goes from `position` straight to `target`.

    They are the touchpoints between the two on the shortest designed way (fewest steps) from one to
    the other; none for a designed way on, a jump back, or a target the journey does not lead to.
    """
    start = graph.entry if position is None else position
    if position is None and target == graph.entry:
        return []
    came_from: dict[int, int | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == target:
            break
        for link in graph.links[node]:
            if link.target not in came_from:
                came_from[link.target] = node
                queue.append(link.target)
    if target not in came_from or target == start:
        return []
    between: list[int] = []
    step: int | None = came_from[target]
    while step is not None and step != start:
        between.append(step)
        step = came_from[step]
    if position is None:
        between.append(start)  # a walk that starts further on jumped over the entry too
    return [graph.touchpoints[i].id for i in reversed(between)]


def record(
    console: Console,
    graph: JourneyGraph,
    walk: Walk,
    save: Callable[[Walk], bool | None],
    max_steps: int = MAX_STEPS,
) -> Ending:
    """Walk on from the last recorded step until an exit, the participant's end, or the step limit.

    `save` is called after every answered step, so an interruption loses only the step being answered;
    it returns False when the step could not be saved (and has said so), and the walk goes on.
    """
    position = walk.position(graph)
    while True:
        if position is not None and graph.touchpoints[position].is_exit:
            point = graph.touchpoints[position]
            outcome = point.outcome.value if point.outcome is not None else "success"
            console.say(f"\nThe walk reached {point.id!r}, an end of the journey ({outcome}).")
            return Ending.EXIT
        if len(walk.steps) >= max_steps:
            console.say(f"\nThe walk has {len(walk.steps)} steps, the most one walkthrough may record; it ends here.")
            return Ending.LIMIT
        choice = ask_next(console, graph, position, started=bool(walk.steps))
        if choice == "end":
            return Ending.STOPPED
        index = None if choice == "unplanned" else choice
        skipped = jumped_over(graph, position, index) if index is not None else []
        walk.steps.append(ask_step(console, graph, index, len(walk.steps) + 1, skipped))
        if save(walk) is not False:
            console.say(f"  saved step {len(walk.steps)}")
        if index is not None:
            position = index


# --- files -------------------------------------------------------------------------------------------------------


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key (`steps:` then `  - ...`), as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def walkthrough_yaml(walk: Walk, recorded_with: str = "journeymap walk") -> str:
    """The walkthrough as clean YAML in the format's key order, a blank line between steps."""
    text = yaml.dump(walk.to_data(), Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    text = re.sub(r"\n(  - (?:touchpoint|title): )", r"\n\n\1", text).replace("\nsteps:\n\n", "\nsteps:\n")
    header = f"# Customer-driving-licence walkthrough, recorded with `{recorded_with}`. Edit freely;\n"
    return header + "# `journeymap check` checks it against its journey.\n\n" + text


def slug(text: str) -> str:
    """A file-name-safe form of a name: 'Jan de Vries' -> 'jan-de-vries', 'Zoë' -> 'zoe'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "participant"


def default_file_name(journey: str, participant: str, date: datetime.date) -> str:
    return f"{journey}-{slug(participant)}-{date.isoformat()}{WALKTHROUGH_SUFFIX}"


def walk_from_file(path: str, graph: JourneyGraph) -> tuple[Walk | None, list[Finding]]:
    """A saved walkthrough to continue, or the errors that stop it, checked against `graph`'s journey."""
    file = load_walkthrough(path, {graph.journey.id or "": graph.journey})
    if file.walkthrough is None or file.document is None:
        return None, list(file.findings)
    walkthrough = file.walkthrough
    # Keep the steps as written (durations as typed, findings as text or mapping); rewriting changes nothing else.
    steps = [dict(step) for step in file.document.data["steps"]]
    walk = Walk(walkthrough.journey, walkthrough.participant, walkthrough.role, walkthrough.date, steps)
    walk.presented = walkthrough.presented
    return walk, list(file.findings)
