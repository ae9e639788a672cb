"""The `measure --write` copy: the journey with the measured shares on its designed transitions, each with a
comment saying what it rests on. It never replaces the designed file; the designer's own comments stay there.

At each touchpoint the moves along its designed transitions are divided by their sum (drop-outs and
undesigned moves are left out and listed in a comment), written as percentages with one decimal, the
largest adjusted so they add up to exactly 100 %. A touchpoint nobody left along a designed transition
keeps its designed shares. A designed transition nobody took keeps 0.1 %, the smallest share the format
can write (a share is more than 0), so the copy keeps every designed way and checks as the design does.
"""

from __future__ import annotations

from typing import Any

import yaml

from journeymap.graph import JourneyGraph
from journeymap.measure.results import Measurement

SMALLEST_TENTHS = 1  # 0.1 %


def _number(value: int, k: int) -> str:
    return f"{value:,}".replace(",", " ") if value >= k else f"fewer than {k}"


def _tenths(moves: list[int]) -> list[int]:
    """Moves as tenths of a percent, each at least one, the largest adjusted so they sum to exactly 1000."""
    total = sum(moves)
    tenths = [max(SMALLEST_TENTHS, round(n * 1000 / total)) for n in moves]
    largest = max(range(len(moves)), key=lambda i: (moves[i], -i))
    tenths[largest] = 1000 - (sum(tenths) - tenths[largest])
    return tenths


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))


def measured_copy(raw: dict[str, Any], graph: JourneyGraph, measurement: Measurement) -> str:
    """The text of the copy, from the journey file's data as written (`raw`) and the measurement."""
    counts = measurement.counts
    assert counts is not None
    period = f"{counts.first} to {counts.last}"
    journey_id = graph.journey.id
    lines = [
        f"# The design of {journey_id!r} with the shares measured by `journeymap measure` ({period}).",
        "# A copy: the designed file is unchanged. `journeymap compare DESIGNED THIS` shows what the shares change.",
    ]
    out = "\n".join(lines) + "\n"
    items = list(raw.items())
    if "id" not in raw:
        items.insert(1 if items and items[0][0] == "journeymap" else 0, ("id", journey_id))
    for key, written in items:
        value = written
        if key == "id":
            value = f"{journey_id}-measured"
        elif key == "title":
            value = f"{written} (measured)"
        if key == "touchpoints":
            out += "touchpoints:\n" + "".join(
                _touchpoint(point, i, graph, measurement, period) for i, point in enumerate(value)
            )
        else:
            out += _dump({key: value})
    return out


def _touchpoint(raw: dict[str, Any], i: int, graph: JourneyGraph, m: Measurement, period: str) -> str:
    k = m.min_cases
    counts = m.counts
    assert counts is not None
    point = graph.touchpoints[i]
    body = {key: value for key, value in raw.items() if key != "next"}
    text = "- " + _indented(_dump(body), 2)[2:]
    if not point.next:
        return text
    targets = [transition.to for transition in point.next]
    moves = [counts.moves.get((point.id, target), 0) for target in targets]
    total = sum(moves)
    left_out = []
    drops = counts.drop_outs.get(point.id, 0)
    if drops:
        left_out.append(f"{_number(drops, k)} drop-outs")
    left_out += [
        f"{_number(row.moves, k)} undesigned moves to {row.target}"
        for row in m.transitions
        if row.source == point.id and not row.designed and row.cases >= k
    ]
    if left_out:
        text += f"  # left out of the shares below: {', '.join(left_out)}\n"
    text += "  next:\n"
    tenths = _tenths(moves) if total else None
    for j, (transition, raw_next) in enumerate(zip(point.next, raw.get("next") or [], strict=False)):
        extra = {
            key: value
            for key, value in (raw_next.items() if isinstance(raw_next, dict) else [])
            if key not in ("to", "share")
        }
        if tenths is None:
            share = f"{raw_next['share']}" if isinstance(raw_next, dict) and "share" in raw_next else None
            note = "designed: nobody measured left along a designed transition"
        else:
            share = f"{tenths[j] / 10:.1f}%"
            note = f"measured: {_number(moves[j], k)} of {_number(total, k)} customers, {period}"
        text += f"    - to: {transition.to}\n"
        if share is not None:
            text += f"      share: {share}  # {note}\n"
        else:
            text += f"      # {note}\n"
        if extra:
            text += _indented(_dump(extra), 6)
    return text
