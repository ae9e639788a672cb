"""Simulated logs: customers drawn through the journey's chain, vectorised and seeded, written as Parquet or CSV.

Each customer starts at the entry at a moment drawn uniformly from the 28 days after `start`, takes each
transition with its probability, and spends the touchpoint's `duration` there (one minute where none is
given) before the next event. One event per visit, named by the touchpoint id. Customers are drawn in
chunks, each with its own seed spawned from `seed`, so the same seed gives the same file, however large.
A customer still walking after 10 000 steps (a loop almost nobody leaves) stops there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import numpy as np

from journeymap.graph import JourneyGraph
from journeymap.measure import extras

CHUNK = 1_000_000  # customers drawn at once
MOST_STEPS = 10_000
DEFAULT_STEP_SECONDS = 60.0
SPREAD_SECONDS = 28 * 24 * 3600
DEFAULT_START = datetime.date(2026, 1, 1)


def _chain(graph: JourneyGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative probabilities and targets per touchpoint (padded), exits, and the seconds spent at each."""
    size = len(graph.touchpoints)
    width = max((len(links) for links in graph.links), default=0) or 1
    cumulative = np.ones((size, width))
    targets = np.zeros((size, width), dtype=np.int64)
    for i, links in enumerate(graph.links):
        running = 0.0
        for j, link in enumerate(links):
            running += link.probability
            cumulative[i, j] = running
            targets[i, j] = link.target
        if links:
            cumulative[i, len(links) - 1 :] = np.inf  # float noise never leaves a customer without a way on
            targets[i, len(links) :] = targets[i, len(links) - 1]
    exits = np.array([point.is_exit for point in graph.touchpoints])
    seconds = np.array([point.duration or DEFAULT_STEP_SECONDS for point in graph.touchpoints])
    return cumulative, targets, exits, seconds


def walks(
    graph: JourneyGraph, customers: int, seed: int, start: datetime.date = DEFAULT_START
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Chunks of events as arrays (case number, touchpoint index, epoch milliseconds), in case then time order."""
    cumulative, targets, exits, seconds = _chain(graph)
    origin = datetime.datetime(start.year, start.month, start.day, tzinfo=datetime.UTC).timestamp()
    chunks = range(0, customers, CHUNK)
    seeds = np.random.SeedSequence(seed).spawn(len(chunks))
    for first, chunk_seed in zip(chunks, seeds, strict=True):
        rng = np.random.default_rng(chunk_seed)
        n = min(CHUNK, customers - first)
        case = np.arange(first, first + n, dtype=np.int64)
        at = np.full(n, graph.entry, dtype=np.int64)
        clock = origin + np.floor(rng.random(n) * SPREAD_SECONDS)
        steps: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for _ in range(MOST_STEPS):
            steps.append((case, at, np.round(clock * 1000).astype(np.int64)))
            walking = ~exits[at]
            if not walking.any():
                break
            case, at, clock = case[walking], at[walking], clock[walking] + seconds[at[walking]]
            draw = rng.random(len(at))
            choice = (draw[:, None] >= cumulative[at]).sum(axis=1)
            at = targets[at, choice]
        cases = np.concatenate([step[0] for step in steps])
        points = np.concatenate([step[1] for step in steps])
        times = np.concatenate([step[2] for step in steps])
        order = np.lexsort((times, cases))  # by case, then time (visits of a case have increasing times)
        yield cases[order], points[order], times[order]


def write_log(graph: JourneyGraph, customers: int, seed: int, start: datetime.date, path: str) -> int:
    """Write the simulated log to `path` (.parquet or .csv) through a temporary file; returns the events written."""
    extras.require("pyarrow", "measure", "simulate")
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    ids = pa.array([point.id for point in graph.touchpoints], type=pa.string())
    written = 0

    def table(cases: np.ndarray, points: np.ndarray, times: np.ndarray) -> Any:
        case_ids = pc.binary_join_element_wise("case-", pc.cast(pa.array(cases + 1), pa.string()), "")
        activity = pc.take(ids, pa.array(points))
        stamp = pa.array(times, type=pa.timestamp("ms"))
        return pa.table({"case_id": case_ids, "activity": activity, "timestamp": stamp})

    if path.lower().endswith(".parquet"):
        schema = pa.schema([("case_id", pa.string()), ("activity", pa.string()), ("timestamp", pa.timestamp("ms"))])
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for chunk in walks(graph, customers, seed, start):
                part = table(*chunk)
                writer.write_table(part, row_group_size=1_000_000)
                written += part.num_rows
        return written
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write("case_id,activity,timestamp\n")
        for cases, points, times in walks(graph, customers, seed, start):
            stamps = np.datetime_as_string(times.astype("datetime64[ms]"), unit="s")
            names = np.array([point.id for point in graph.touchpoints], dtype=object)[points]
            file.writelines(
                f"case-{case + 1},{name},{stamp}\n" for case, name, stamp in zip(cases, names, stamps, strict=True)
            )
            written += len(cases)
    return written


def simulate_to(
    graph: JourneyGraph, customers: int, output: str, seed: int = 1, start: datetime.date | None = None
) -> int:
    """Write the simulated log to `output` in one step (a temporary file beside it, then renamed): a failed run
    leaves nothing. Refuses any name but .parquet or .csv, so a journey or other YAML is never replaced.
    """
    import os
    import tempfile

    from journeymap.errors import DestinationError

    if not output.lower().endswith((".parquet", ".csv")):
        raise DestinationError(f"{output}: a simulated log is written as FILE.parquet or FILE.csv")
    if os.path.isdir(output):
        raise DestinationError(f"{output}: a folder; name a file, e.g. simulated.parquet")
    folder = os.path.dirname(os.path.abspath(output))
    suffix = ".parquet" if output.lower().endswith(".parquet") else ".csv"
    handle, temporary = tempfile.mkstemp(prefix=".journeymap-", suffix=suffix, dir=folder)
    os.close(handle)
    try:
        events = write_log(graph, customers, seed, start or DEFAULT_START, temporary)
        os.replace(temporary, output)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return events
