"""Measured: a measurement as the terminal table and as Markdown, leading with what the data contradicts.

Everything shown comes from `Measurement.to_json()`, where counts below `--min-cases` are already
withheld: a withheld count reads "fewer than K", and no case id, timestamp or row exists to show.
"""

from __future__ import annotations

from typing import Any

from journeymap.measure.results import Headlines, headlines
from journeymap.render.text import number, percent

NONE = "—"
TOP = 10


def count(row: dict[str, Any], key: str) -> str:
    """A count, or "fewer than K" where it is withheld."""
    value = row.get(key)
    if value is None:
        return f"fewer than {row['fewer_than']}" if row.get("fewer_than") else NONE
    return f"{value:,}".replace(",", " ")


def share(value: float | None) -> str:
    return NONE if value is None else percent(value)


def interval(row: dict[str, Any]) -> str:
    if row.get("low") is None or row.get("high") is None:
        return NONE
    return f"{percent(row['low'])}–{percent(row['high'])}"


def move(row: dict[str, Any]) -> str:
    return f"{row['from']} → {row['to']}"


def caution_text(row: dict[str, Any]) -> str:
    answered = (
        f"only {percent(row['response_rate'])} of those invited answered"
        if row["response_rate"] is not None
        else f"fewer than {row['fewer_than']} of {row['invited']} invited answered"
    )
    return (
        f"{row['touchpoint']}: {answered}; those who answer are mostly the very pleased and the very displeased, "
        "so means lean to both ends"
    )


def lines_of(data: dict[str, Any], markdown: bool = False) -> list[str]:
    """The measurement's sections as lines: headlines first, then the full tables."""
    found = headlines(data)
    head = "## " if markdown else ""
    lines = [f"{'# ' if markdown else ''}Designed vs measured: {data['journey']}"]
    if "cases" in data:
        period = data["period"]
        lines.append(
            f"{count(data, 'cases')} cases, {count(data, 'events')} events, {period['from']} to {period['to']}"
        )
    lines += _headline_sections(found, head)
    if "transitions" in data:
        lines += ["", f"{head}Every transition"]
        rows = [["from → to", "designed", "measured", "95% interval", "moves", ""]]
        for row in data["transitions"]:
            mark = "OFF" if row["off"] else ("undesigned" if not row["designed"] else "")
            if not row["measurable"]:
                mark = "a loop to itself: one visit in a log"
            rows.append(
                [move(row), share(row["designed_share"]), share(row["share"]), interval(row), count(row, "moves"), mark]
            )
        lines += _table(rows, markdown)
        lines += ["", f"{head}Touchpoints"]
        rows = [["touchpoint", "cases", "visits", "drop-outs"]]
        rows += [
            [row["touchpoint"], count(row, "cases"), count(row, "visits"), count(row, "drop_outs")]
            for row in data["touchpoints"]
        ]
        lines += _table(rows, markdown)
        if data["durations"]:
            lines += ["", f"{head}Time between touchpoints"]
            rows = [["from → to", "moves", "median", "90th percentile"]]
            rows += [
                [move(row), count(row, "moves"), _seconds(row["median_s"]), _seconds(row["p90_s"])]
                for row in data["durations"]
            ]
            lines += _table(rows, markdown)
        if data["unmapped"]:
            lines += ["", f"{head}Activities at no touchpoint (left out; map them with `events:`)"]
            rows = [["activity", "events"]] + [
                [row["activity"], count(row, "events")] for row in data["unmapped"][:TOP]
            ]
            lines += _table(rows, markdown)
            if len(data["unmapped"]) > TOP:
                lines.append(f"... and {len(data['unmapped']) - TOP} more")
    if data.get("survey"):
        lines += ["", f"{head}Survey"]
        rows = [["touchpoint", "score", "responses", "mean", "95% interval", "effort", "designed effort", ""]]
        for row in data["survey"]:
            rows.append(
                [
                    row["touchpoint"],
                    row["score"].upper(),
                    count(row, "responses"),
                    NONE if row["mean"] is None else number(row["mean"], 1 if row["score"] == "nps" else 2),
                    NONE if row["low"] is None else f"{number(row['low'], 1)}–{number(row['high'], 1)}",
                    NONE if row["effort"] is None else number(row["effort"], 2),
                    NONE if row["designed_effort"] is None else str(row["designed_effort"]),
                    "OFF" if row["off"] else "",
                ]
            )
        lines += _table(rows, markdown)
    return lines


def _headline_sections(found: Headlines, head: str) -> list[str]:
    lines: list[str] = []
    if found.off:
        lines += ["", f"{head}Designed shares the data contradicts"]
        lines += [
            f"- {move(row)}: designed {percent(row['designed_share'])}, measured {percent(row['share'])} "
            f"({interval(row)}, {count(row, 'moves')} moves)"
            for row in found.off
        ]
    elif found.differences:
        lines += ["", "The designed shares lie within the measured intervals."]
    if found.undesigned:
        lines += ["", f"{head}Undesigned moves (customers go where the journey has no transition)"]
        lines += [f"- {move(row)}: {count(row, 'moves')} moves ({percent(row['share'])})" for row in found.undesigned]
    if found.never_taken:
        lines += ["", f"{head}Designed transitions nobody took"]
        lines += [f"- {move(row)} (designed {percent(row['designed_share'])})" for row in found.never_taken]
    if found.drop_outs:
        lines += ["", f"{head}Drop-outs (cases that ended before an exit)"]
        lines += [f"- {row['touchpoint']}: {count(row, 'drop_outs')}" for row in found.drop_outs]
    if found.effort_off:
        lines += ["", f"{head}Efforts the survey contradicts"]
        lines += [
            f"- {row['touchpoint']}: designed effort {row['designed_effort']}, measured {number(row['effort'], 2)} "
            f"(CES {number(row['mean'], 2)}, {count(row, 'responses')} responses)"
            for row in found.effort_off
        ]
    if found.cautions:
        lines += ["", f"{head}Caution: low response rate"]
        lines += [f"- {caution_text(row)}" for row in found.cautions]
    return lines


def _seconds(value: float | None) -> str:
    if value is None:
        return NONE
    from journeymap.durations import format_duration

    return format_duration(value) if value >= 1 else f"{value:.1f}s"


def _table(rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        escaped = [[cell.replace("|", "\\|") for cell in row] for row in rows]
        return [
            "| " + " | ".join(escaped[0]) + " |",
            "|" + "|".join(" --- " for _ in rows[0]) + "|",
            *("| " + " | ".join(row) + " |" for row in escaped[1:]),
        ]
    from journeymap.render.terminal import columns

    return columns(rows, right_aligned=range(1, len(rows[0])))


def measured_table(data: dict[str, Any]) -> str:
    return "\n".join(lines_of(data)) + "\n"


def measured_markdown(data: dict[str, Any]) -> str:
    return "\n".join(lines_of(data, markdown=True)) + "\n"
