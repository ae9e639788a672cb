"""Layout: how a journey map is arranged on the page, chosen from the journey's size; a pure function.

By size, a map of stage lanes is drawn as rows: time runs down the stages, one stage under the
other, and left to right inside a stage. Inside a stage the most likely path comes first, on rows
of at most `row_length` touchpoints, so it is drawn as a straight line; the detours (branches,
loops, exits where customers give up) hang on rows below it. `row_length` is chosen so the
picture stays between 1:2 and 2.5:1 and no wider than a page can show with readable text.
An explicit reading direction (`--direction LR|TB`) keeps the classic layout: one lane per
stage along that direction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from journeymap.graph import JourneyGraph
from journeymap.scoring import Path

# Sizes in points of what `dot` draws, measured on the example and generated journeys: a touchpoint
# box with its gap, a row of touchpoints with the space for the arrows between rows, a stage lane's
# title and margins (and the least width its title needs), and the title with the legend.
STAGE_HEIGHT = 55.0
TITLE_HEIGHT = 180.0
LANE_MARGIN = 55.0
NARROWEST_LANE = 250.0
LEGEND_WIDTH = 470.0  # the compact legend sets the least width of any picture
# The widest picture whose 10-point touchpoint titles still read at 9 px when it is shown 1 200 px
# wide (10 x 1200 / 1333 = 9), with room for what the estimate misses; the proportion a screen or a
# landscape page shows best, those that read comfortably, and the bounds no picture should leave.
WIDEST = 1150.0
TARGET_RATIO = 1.4
COMFORTABLE = (0.8, 2.0)
BOUNDS = (0.5, 2.5)
BUDGET_STEP = 25.0


@dataclass(frozen=True)
class Sizes:
    """How big a touchpoint is drawn: characters per title line, and the box's width and row height in points."""

    title_width: int
    touchpoint_width: float
    row_height: float


REGULAR = Sizes(28, 215.0, 120.0)
COMPACT = Sizes(20, 165.0, 135.0)
"""Narrower boxes with titles on more lines, for big journeys that would otherwise grow too tall."""


@dataclass(frozen=True)
class StageRows:
    """The rows of one stage lane, top to bottom: the most likely path first, then the detours."""

    stage: int
    rows: tuple[tuple[int, ...], ...]
    labels: tuple[float, ...] = ()
    """Per row, the width in points of the labels drawn between its touchpoints (arrows within the row)."""
    beside: float = 0.0
    """The widest label of an arrow between two rows of the lane: it stands beside the arrow, right of a box."""

    def width(self, sizes: Sizes) -> float:
        widest = (
            max(
                (len(row) * sizes.touchpoint_width + (self.labels[k] if k < len(self.labels) else 0.0))
                for k, row in enumerate(self.rows)
            )
            if self.rows
            else 0.0
        )
        return max(NARROWEST_LANE, widest + LANE_MARGIN, sizes.touchpoint_width + self.beside + LANE_MARGIN)


@dataclass(frozen=True)
class Layout:
    """Stage lanes side by side in bands, bands one under the other; `row_length` is the most a row holds."""

    row_length: int
    stages: tuple[StageRows, ...]
    bands: tuple[tuple[int, ...], ...]
    sizes: Sizes = REGULAR

    def size(self) -> tuple[float, float]:
        """Width and height in points that `dot` will roughly draw this layout at."""
        width = max(LEGEND_WIDTH, *(sum(self.stages[k].width(self.sizes) for k in band) for band in self.bands))
        height = TITLE_HEIGHT + sum(
            max(len(self.stages[k].rows) for k in band) * self.sizes.row_height + STAGE_HEIGHT for band in self.bands
        )
        return width, height


def balanced_spans(count: int, most: int) -> list[tuple[int, int]]:
    """(first, last) 0-based positions of `count` things cut into as few runs of at most `most` as will do,
    their lengths as even as can be: 8 in runs of at most 4 are 4 + 4; 9 are 3 + 3 + 3 rather than 4 + 4 + 1.
    Used for the report's grid blocks of stages and the printed parts of a long curve.
    """
    if count == 0:
        return []
    runs = -(-count // most)
    size, extra = divmod(count, runs)
    spans, first = [], 0
    for run in range(runs):
        last = first + size + (1 if run < extra else 0) - 1
        spans.append((first, last))
        first = last + 1
    return spans


def _chunks(members: Sequence[int], length: int) -> list[tuple[int, ...]]:
    return [tuple(members[start : start + length]) for start in range(0, len(members), length)]


def stage_parts(graph: JourneyGraph, path: Path | None) -> list[tuple[list[int], list[int]]]:
    """Per stage (in stage order): its touchpoints on the most likely path, in path order, and the others."""
    index = {point.id: i for i, point in enumerate(graph.touchpoints)}
    on_path = [index[name] for name in path.touchpoints] if path is not None else []
    stage_of = {stage.id: k for k, stage in enumerate(graph.journey.stages)}
    parts: list[tuple[list[int], list[int]]] = [([], []) for _ in graph.journey.stages]
    seen = set()
    for i in on_path:
        if i not in seen:
            seen.add(i)
            parts[stage_of[graph.touchpoints[i].stage]][0].append(i)
    for i, point in enumerate(graph.touchpoints):
        if i not in seen:
            parts[stage_of[point.stage]][1].append(i)
    return parts


class LabelSize(NamedTuple):
    """How wide, in points, the label of an arrow is drawn in a row (0: it stays beside the arrow) and
    beside an arrow between rows."""

    in_row: float
    beside: float


def _stage_rows(
    parts: Sequence[tuple[list[int], list[int]]], length: int, labels: Mapping[tuple[int, int], LabelSize]
) -> tuple[StageRows, ...]:
    """Each stage's rows of at most `length`, with the width of the labels in and beside them (`choose_layout`)."""
    lanes = []
    for stage, (main, detours) in enumerate(parts):
        rows = tuple(_chunks(main, length) + _chunks(detours, length)) or ((),)
        lane = set(main) | set(detours)
        # a label between two touchpoints of the row, or at its end on an arrow on to another lane
        widths = tuple(
            sum(
                width
                for (source, target), (width, _) in labels.items()
                if source in row and (target in row or (source == row[-1] and target not in lane))
            )
            for row in rows
        )
        row_of = {i: k for k, row in enumerate(rows) for i in row}
        beside = max(
            (
                width
                for (source, target), (_, width) in labels.items()
                if source in row_of and target in row_of and row_of[source] != row_of[target]
            ),
            default=0.0,
        )
        lanes.append(StageRows(stage, rows, widths, beside))
    return tuple(lanes)


def _bands(widths: Sequence[tuple[int, float]], budget: float) -> tuple[tuple[int, ...], ...]:
    """Stages (number, width) packed into bands in order, each as many stages as fit `budget` points (at least one)."""
    bands: list[list[int]] = []
    used = 0.0
    for stage, width in widths:
        if bands and used + width <= budget:
            bands[-1].append(stage)
            used += width
        else:
            bands.append([stage])
            used = width
    return tuple(tuple(band) for band in bands)


def choose_layout(
    graph: JourneyGraph,
    path: Path | None,
    stages: Sequence[int] | None = None,
    labels: Mapping[tuple[int, int], LabelSize] | None = None,
) -> Layout:
    """The layout with the longest rows whose estimated picture has a COMFORTABLE proportion and fits WIDEST.

    Tried: regular and compact boxes, every row length up to the longest stage, and for each every
    band width up to twice WIDEST; the proportion BOUNDS come first, then the width. With `stages`
    (positions in `stages:`), only those stages are laid out: one part of a map split over pages.
    `labels` are the widths in points of the labels of arrows (source, target), drawn in a row and
    beside an arrow between rows: a label between two touchpoints of one row is drawn in the row, which
    makes it wider, and one beside an arrow down a lane of short rows makes the lane wider.
    """
    labels = labels or {}
    parts = stage_parts(graph, path)
    chosen = set(stages) if stages is not None else set(range(len(parts)))
    parts = [part if k in chosen else ([], []) for k, part in enumerate(parts)]
    longest = max((max(len(main), len(detours)) for main, detours in parts), default=1)
    best: tuple[tuple[bool, bool, bool, bool, float, float], Layout] | None = None
    for sizes in (REGULAR, COMPACT):
        for length in range(1, max(longest, 1) + 1):
            lanes = _stage_rows(parts, length, labels)
            widths = [(lane.stage, lane.width(sizes)) for lane in lanes if lane.stage in chosen]
            width_of = dict(widths)
            rows_of = {lane.stage: len(lane.rows) for lane in lanes}
            tried: set[tuple[tuple[int, ...], ...]] = set()
            for budget in (step * BUDGET_STEP for step in range(int(WIDEST * 2 // BUDGET_STEP) + 1)):
                bands = _bands(widths, budget)
                if bands in tried:
                    continue
                tried.add(bands)
                width = max(LEGEND_WIDTH, *(sum(width_of[k] for k in band) for band in bands))
                height = TITLE_HEIGHT + sum(
                    max(rows_of[k] for k in band) * sizes.row_height + STAGE_HEIGHT for band in bands
                )
                ratio = width / height
                distance = abs(math.log(ratio / TARGET_RATIO))
                comfortable = COMFORTABLE[0] <= ratio <= COMFORTABLE[1]
                # The bounds first, then fitting the width; then, among comfortable proportions,
                # regular boxes and the longest rows (the path drawn straight the furthest);
                # otherwise the proportion closest to the target.
                key = (
                    not BOUNDS[0] <= ratio <= BOUNDS[1],
                    width > WIDEST,
                    not comfortable,
                    sizes is COMPACT,
                    -length if comfortable else distance,
                    distance,
                )
                if best is None or key < best[0]:
                    best = (key, Layout(length, lanes, bands, sizes))
    assert best is not None
    return best[1]
