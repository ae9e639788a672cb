"""The same input gives the same report bytes: the diagrams of the bundled report drawn 50 times (issue 23, item 10).

Graphviz 2.43 lays out the same DOT text differently in about one run in a hundred or two
(phone-purchase: an arrow within a rank curves and its label moves); the report draws each
map until `dot` agrees with itself (`run_dot_agreed`). The diagram step is the only one that
runs a program; everything else is pure, so this runs the diagram step of every bundled
journey 50 times in one process (two at a time), then builds the whole report twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from journeymap.project import load_project
from journeymap.report import draw_diagram
from journeymap.scoring import score
from tests.conftest import EXAMPLES, Result

RUNS = 50


@pytest.mark.dot
@pytest.mark.slow
def test_the_bundled_reports_diagrams_are_the_same_bytes_in_50_runs() -> None:
    project = load_project([str(EXAMPLES)])
    graphs = [file.graph for file in project.journeys if file.graph is not None]
    assert len(graphs) >= 4

    def drawn(index: int) -> str:
        graph = graphs[index % len(graphs)]
        svg = draw_diagram(graph, score(graph)).svg
        assert svg is not None
        return f"{graph.journey.id} {hashlib.sha256(svg.encode()).hexdigest()}"

    with ThreadPoolExecutor(max_workers=2) as pool:
        pictures = sorted(set(pool.map(drawn, range(RUNS * len(graphs)))))
    assert len(pictures) == len(graphs), pictures  # one picture per journey, whatever the run


@pytest.mark.dot
def test_the_bundled_report_is_the_same_bytes_when_built_again(tmp_path: Path, cli: Callable[..., Result]) -> None:
    for name in ("first", "second"):
        assert cli("report", EXAMPLES, "-o", tmp_path / name, "--on", "2026-11-30").exit_code == 0
    first = {path.name: path.read_bytes() for path in (tmp_path / "first").iterdir()}
    second = {path.name: path.read_bytes() for path in (tmp_path / "second").iterdir()}
    assert first == second
