"""The Ibis expression of a measurement: events mapped to touchpoints, collapsed into visits, followed to the next.

Per case, events are ordered by time (ties: their order in the log), events of no touchpoint left out,
consecutive events of one touchpoint made one visit (`lag`), and each visit followed by the next (`lead`).
Then group-bys: the engine returns counts and percentiles only; no event ever comes to Python.
The same expression runs on DuckDB, Spark and any engine Ibis reaches.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from journeymap.measure import extras
from journeymap.measure.log import engine_rows
from journeymap.measure.results import LogCounts


def visits(table: Any, mapping: Mapping[str, str]) -> Any:
    """One row per visit: `case`, `touchpoint`, `seconds` (of its first event), `next`, `next_seconds` (null at end)."""
    ibis = extras.ibis()
    numbered = table.mutate(_row=ibis.row_number())
    mapped = numbered.mutate(touchpoint=numbered.activity.substitute(dict(mapping), else_=ibis.null()))
    mapped = mapped.filter(mapped.touchpoint.notnull())
    order = ibis.window(group_by=mapped.case, order_by=[mapped.time, mapped._row])
    marked = mapped.mutate(_before=mapped.touchpoint.lag().over(order))
    starts = marked.filter(marked._before.isnull() | (marked._before != marked.touchpoint))
    starts = starts.mutate(seconds=starts.time.epoch_seconds().cast("float64"))
    after = ibis.window(group_by=starts.case, order_by=[starts.time, starts._row])
    return starts.select(
        "case",
        "touchpoint",
        "seconds",
        first=starts._before.isnull(),
        next=starts.touchpoint.lead().over(after),
        next_seconds=starts.seconds.lead().over(after),
    )


def _rows(expression: Any) -> list[dict[str, Any]]:
    return engine_rows(expression)


def aggregate(table: Any, mapping: Mapping[str, str]) -> LogCounts:
    """Every count of the format's "Event logs" for `table` (columns case, activity, time), touchpoints by `mapping`."""
    ibis = extras.ibis()
    totals = _rows(
        table.aggregate(events=table.count(), cases=table.case.nunique(), first=table.time.min(), last=table.time.max())
    )[0]
    unmapped = _rows(
        table.filter(~table.activity.isin(list(mapping))).group_by("activity").aggregate(events=ibis._.count())
    )
    mapped = table.mutate(touchpoint=table.activity.substitute(dict(mapping), else_=ibis.null()))
    cases_at = _rows(
        mapped.filter(mapped.touchpoint.notnull()).group_by("touchpoint").aggregate(cases=ibis._.case.nunique())
    )
    visited = visits(table, mapping)
    duration = visited.next_seconds - visited.seconds
    grouped = _rows(
        visited.group_by(["touchpoint", "next", "first"]).aggregate(
            visits=visited.count(),
            cases=visited.case.nunique(),
            median=duration.quantile(0.5),
            p90=duration.quantile(0.9),
        )
    )
    return _counts(totals, unmapped, cases_at, grouped, visited)


def _counts(
    totals: dict[str, Any],
    unmapped: list[dict[str, Any]],
    cases_at: list[dict[str, Any]],
    grouped: list[dict[str, Any]],
    visited: Any,
) -> LogCounts:
    entry: dict[str, int] = {}
    visits_at: dict[str, int] = {}
    drop_outs: dict[str, int] = {}
    moves: dict[tuple[str, str], int] = {}
    split: set[tuple[str, str]] = set()
    for row in grouped:
        point, target, count = row["touchpoint"], row["next"], int(row["visits"])
        visits_at[point] = visits_at.get(point, 0) + count
        if row["first"]:
            entry[point] = entry.get(point, 0) + int(row["cases"])
        if target is None:
            drop_outs[point] = drop_outs.get(point, 0) + count
        else:
            pair = (point, target)
            if pair in moves:
                split.add(pair)
            moves[pair] = moves.get(pair, 0) + count
    # A move seen both from a case's first visit and later is grouped twice: its cases and percentiles
    # are asked again over the move alone (rare: only moves out of an entry that customers come back to).
    duration = visited.next_seconds - visited.seconds
    taken = visited.filter(visited.next.notnull())
    per_move = (
        _rows(
            taken.group_by(["touchpoint", "next"]).aggregate(
                cases=taken.case.nunique(), median=duration.quantile(0.5), p90=duration.quantile(0.9)
            )
        )
        if split
        else [row for row in grouped if row["next"] is not None]
    )
    move_cases = {(row["touchpoint"], row["next"]): int(row["cases"]) for row in per_move}
    durations = {(row["touchpoint"], row["next"]): (_float(row["median"]), _float(row["p90"])) for row in per_move}
    return LogCounts(
        events=int(totals["events"]),
        cases=int(totals["cases"]),
        first=_day(totals["first"]),
        last=_day(totals["last"]),
        unmapped=tuple(
            sorted(((row["activity"], int(row["events"])) for row in unmapped), key=lambda r: (-r[1], r[0]))
        ),
        entry=entry,
        cases_at={row["touchpoint"]: int(row["cases"]) for row in cases_at},
        visits=visits_at,
        drop_outs=drop_outs,
        moves=moves,
        move_cases=move_cases,
        durations=durations,
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _day(value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
