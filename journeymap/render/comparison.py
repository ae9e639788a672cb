"""Comparisons as text: two versions of a journey side by side, for a terminal or a pull-request comment."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from journeymap.compare import Comparison, Delta, FileChange, Parts
from journeymap.durations import format_duration
from journeymap.render import markdown
from journeymap.render.terminal import NONE, columns
from journeymap.render.text import number, percent, plural, signed

SCORE_TITLES = {
    "expected_effort": "Expected effort",
    "expected_switch_score": "Expected switch score",
    "digital_completion": "Digital completion",
    "most_likely_path_effort": "Most likely path effort",
    "worst_path_effort": "Worst path effort",
}
DURATION_KEYS = ("duration", "response_time")


def _value(key: str, value: float | None) -> str:
    if value is None:
        return NONE
    if key == "digital_completion":
        return percent(value)
    if key.endswith("path_effort"):
        return f"{value:g}"
    return number(value)


def _change(key: str, delta: Delta) -> str:
    change = delta.change
    if change is None:
        return NONE
    if key == "digital_completion":
        return f"{signed(change * 100, 1)} points"
    if key.endswith("path_effort"):
        return signed(change)
    return signed(change, 2)


def headline(comparison: Comparison) -> str:
    """The change in a few words, e.g. "expected effort -2.4 (-7 %), digital completion +12 points"."""
    effort = comparison.scores["expected_effort"]
    parts = []
    if effort.change is not None and effort.before:
        parts.append(f"expected effort {signed(effort.change, 1)} ({signed(effort.change / effort.before * 100)} %)")
    elif effort.change is not None:
        parts.append(f"expected effort {signed(effort.change, 1)}")
    switch = comparison.scores["expected_switch_score"].change
    if switch is not None and round(switch, 2) != 0:
        parts.append(f"switch score {signed(switch, 2)}")
    completion = comparison.scores["digital_completion"].change
    if completion is not None and round(completion * 100) != 0:
        parts.append(f"digital completion {signed(completion * 100)} points")
    return ", ".join(parts)


def _score_rows(comparison: Comparison, text: Callable[[str], str]) -> list[list[str]]:
    rows = [["score", "before", "after", "change"]]
    for key, delta in comparison.scores.items():
        rows.append([SCORE_TITLES[key], _value(key, delta.before), _value(key, delta.after), _change(key, delta)])
    for stage, delta in comparison.stage_effort.items():
        rows.append(
            [
                f"Effort in stage {text(comparison.stage_titles[stage])}",
                _value("stage", delta.before),
                _value("stage", delta.after),
                _change("stage", delta),
            ]
        )
    return rows


def score_rows(comparison: Comparison) -> list[list[str]]:
    """The score rows (score, before, after, change) of a comparison, without the header, as plain text."""
    return _score_rows(comparison, str)[1:]


def _shown(key: str, value: Any) -> str:
    """A touchpoint value as the designer wrote it (durations with their unit, transitions with their share)."""
    if value is None or value in ([], {}):
        return NONE
    if key in DURATION_KEYS:
        return format_duration(float(value))
    if key == "next":
        return ", ".join(item["to"] + (f" {percent(item['share'])}" if "share" in item else "") for item in value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{name} {item:g}" for name, item in value.items())
    return str(value)


def _touchpoint_lines(comparison: Comparison, code: Callable[[str], str], text: Callable[[str], str]) -> list[str]:
    changed = [(change.touchpoint, change.fields) for change in comparison.touchpoints_changed]
    return _change_lines(comparison.touchpoints_added, comparison.touchpoints_removed, changed, code, text)


def _transition_lines(comparison: Comparison, code: Callable[[str], str]) -> list[str]:
    lines = []
    if comparison.transitions_added:
        lines.append("added: " + ", ".join(f"{code(a)} → {code(b)}" for a, b in comparison.transitions_added))
    if comparison.transitions_removed:
        lines.append("removed: " + ", ".join(f"{code(a)} → {code(b)}" for a, b in comparison.transitions_removed))
    lines += [
        f"{code(change.source)} → {code(change.target)}: {percent(change.before)} → {percent(change.after)}"
        for change in comparison.transitions_changed
    ]
    return lines


def _part_lines(parts: Parts, code: Callable[[str], str], text: Callable[[str], str]) -> list[str]:
    return _change_lines(
        parts.added, parts.removed, [(change.id, change.fields) for change in parts.changed], code, text
    )


def _change_lines(
    added: Sequence[str],
    removed: Sequence[str],
    changed: Sequence[tuple[str, Mapping[str, tuple[Any, Any]]]],
    code: Callable[[str], str],
    text: Callable[[str], str],
) -> list[str]:
    """`added: a, b`, `removed: c`, then `d: key before → after; ...` per changed thing (a touchpoint, a stage)."""
    lines = []
    if added:
        lines.append("added: " + ", ".join(code(name) for name in added))
    if removed:
        lines.append("removed: " + ", ".join(code(name) for name in removed))
    for name, fields in changed:
        shown = "; ".join(
            f"{key} {text(_shown(key, before))} → {text(_shown(key, after))}" for key, (before, after) in fields.items()
        )
        lines.append(f"{code(name)}: {shown}")
    return lines


def _outline_sections(
    comparison: Comparison, code: Callable[[str], str], text: Callable[[str], str]
) -> list[tuple[str, list[str]]]:
    """(heading, lines) for the title, stages and channels, each only when it changed."""
    sections = []
    if comparison.title_changed:
        sections.append(("Title", [f"{text(comparison.before_title)} → {text(comparison.after_title)}"]))
    for heading, parts in (("Stages", comparison.stages), ("Channels", comparison.channels)):
        if parts:
            sections.append((heading, _part_lines(parts, code, text)))
    return sections


def _counts(comparison: Comparison) -> tuple[str, str]:
    touchpoints = (
        f"{len(comparison.touchpoints_added)} added, {len(comparison.touchpoints_removed)} removed, "
        f"{len(comparison.touchpoints_changed)} changed"
    )
    transitions = (
        f"{len(comparison.transitions_added)} added, {len(comparison.transitions_removed)} removed, "
        f"{len(comparison.transitions_changed)} changed"
    )
    return touchpoints, transitions


def _sides(comparison: Comparison) -> str:
    if comparison.before == comparison.after:
        return comparison.after
    return f"{comparison.before} → {comparison.after}"


def comparison_table(comparison: Comparison, before_label: str, after_label: str) -> str:
    """Scores side by side, then the touchpoints and transitions that changed, for a terminal."""
    lines = [
        f"{comparison.after_title}  ({_sides(comparison)})",
        f"  before: {before_label}",
        f"  after:  {after_label}",
    ]
    if comparison.unchanged:
        return (
            "\n".join(
                [*lines, "", "  No change: the scores, stages, channels, touchpoints and transitions are the same."]
            )
            + "\n"
        )
    lines += ["", f"  {headline(comparison) or 'the scores are the same'}", ""]
    lines += ["  " + line for line in columns(_score_rows(comparison, str), right_aligned={1, 2, 3})]
    for heading, part_lines in _outline_sections(comparison, str, str):
        lines += ["", f"  {heading}:"]
        lines += ["    " + line for line in part_lines]
    touchpoints, transitions = _counts(comparison)
    lines += ["", f"  Touchpoints: {touchpoints}"]
    lines += ["    " + line for line in _touchpoint_lines(comparison, str, str)]
    lines += ["", f"  Transitions: {transitions}"]
    lines += ["    " + line for line in _transition_lines(comparison, str)]
    return "\n".join(lines) + "\n"


def _code(identifier: str) -> str:
    return f"`{identifier}`"  # ids are lower-case letters, digits and '-': nothing to escape


def comparison_markdown(comparison: Comparison, before_label: str, after_label: str) -> str:
    """A pull-request comment: a headline, the scores as a table, then what changed; file texts escaped."""
    title = markdown.escape(comparison.after_title)
    sides = _code(comparison.after) if comparison.before == comparison.after else _sides_code(comparison)
    lines = [
        f"### {title} ({sides})",
        "",
        f"{markdown.escape(before_label)} → {markdown.escape(after_label)}",
        "",
    ]
    if comparison.unchanged:
        return (
            "\n".join([*lines, "No change: the scores, stages, channels, touchpoints and transitions are the same."])
            + "\n"
        )
    summary = headline(comparison)
    lines += [f"**{summary[:1].upper() + summary[1:]}**" if summary else "**The scores are the same**", ""]
    lines += markdown.table(_score_rows(comparison, markdown.escape), right_aligned={1, 2, 3})
    for heading, part_lines in _outline_sections(comparison, _code, markdown.escape):
        lines += ["", f"**{heading}**", ""]
        lines += [f"- {line}" for line in part_lines]
    touchpoints, transitions = _counts(comparison)
    lines += ["", f"**Touchpoints**: {touchpoints}", ""]
    lines += [f"- {line}" for line in _touchpoint_lines(comparison, _code, markdown.escape)]
    lines += ["", f"**Transitions**: {transitions}", ""]
    lines += [f"- {line}" for line in _transition_lines(comparison, _code)]
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _sides_code(comparison: Comparison) -> str:
    return f"{_code(comparison.before)} → {_code(comparison.after)}"


def comparisons_markdown(sections: list[str], unchanged: int) -> str:
    """Several journeys' comparisons as one comment; journeys that did not change are counted, not shown."""
    tail = [f"{plural(unchanged, 'other journey')} unchanged."] if unchanged else []
    return "\n".join(["## journeymap: what this change does to the journeys", "", *sections, *tail]) + "\n"


STATUS_TITLES = {"added": "New journey", "removed": "Removed journey", "renamed": "Moved journey"}


def _one_side_rows(change: FileChange) -> list[list[str]]:
    rows = [["score", "before" if change.status == "removed" else "after"]]
    for key, value in (change.scores or {}).items():
        rows.append([SCORE_TITLES[key], _value(key, value)])
    return rows


def _moved(change: FileChange) -> str:
    return f"{change.before_path} → {change.after_path}"


def file_change_table(change: FileChange) -> str:
    """A journey added, removed or moved between two revisions (a moved one with its comparison), for a terminal."""
    if change.comparison is not None:
        text = comparison_table(change.comparison, change.before_path or "", change.after_path or "")
        if change.status != "renamed":
            return text
        first, rest = text.split("\n", 1)
        return f"{first}\n  moved: {_moved(change)}\n{rest}"
    where = change.after_path if change.status == "added" else change.before_path
    lines = [f"{STATUS_TITLES[change.status]}: {change.title}  ({change.journey})", f"  {where}", ""]
    lines += ["  " + line for line in columns(_one_side_rows(change), right_aligned={1})]
    return "\n".join(lines) + "\n"


def file_change_markdown(change: FileChange) -> str:
    """As `file_change_table`, as a section of a pull-request comment."""
    if change.comparison is not None:
        text = comparison_markdown(change.comparison, change.before_path or "", change.after_path or "")
        if change.status != "renamed":
            return text
        first, rest = text.split("\n", 1)
        return f"{first}\n\nMoved: {markdown.escape(_moved(change))}\n{rest}"
    where = change.after_path if change.status == "added" else change.before_path
    lines = [
        f"### {STATUS_TITLES[change.status]}: {markdown.escape(change.title)} ({_code(change.journey)})",
        "",
        markdown.escape(where or ""),
        "",
        *markdown.table(_one_side_rows(change), right_aligned={1}),
    ]
    return "\n".join(lines) + "\n"
