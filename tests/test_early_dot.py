"""`dot` started early: `journeymap render` starts `dot` before the journey loads (issue 13).

The picture must be the one a `dot` started on its own draws, byte for byte; a `dot` started
early and not used must be stopped and reaped; every failure must read as it reads without it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE_JOURNEYS, ROOT
from test_render import fake_dot

from journeymap.project import load_journey
from journeymap.render import graphviz
from journeymap.render.dot import journey_dot
from journeymap.render.graphviz import BudgetExceeded, DotBudget, GraphvizError, discard_early, run_dot, start_early
from journeymap.scoring import score


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every `dot` this process starts during the test, in order; none left when it ends."""
    processes: list[subprocess.Popen[bytes]] = []
    real = graphviz._start

    def recording(executable: str, output_format: str, budget: DotBudget) -> subprocess.Popen[bytes]:
        process = real(executable, output_format, budget)
        processes.append(process)
        return process

    monkeypatch.setattr(graphviz, "_start", recording)
    yield processes
    discard_early()


def example_dot(example: Path) -> str:
    graph = load_journey(str(example)).graph
    assert graph is not None
    return journey_dot(graph, score(graph))


@pytest.mark.dot
@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_an_early_dot_draws_the_same_svg(example: Path, started: list[subprocess.Popen[bytes]]) -> None:
    text = example_dot(example)
    alone = run_dot(text, "svg")
    for _ in range(3):  # the same every time: dot draws the first graph it reads the same way
        start_early("svg")
        assert run_dot(text, "svg") == alone
    assert len(started) == 4  # each early one was used, none started beside it
    assert all(process.returncode == 0 for process in started)


@pytest.mark.dot
def test_an_early_dot_draws_the_same_png(started: list[subprocess.Popen[bytes]]) -> None:
    text = example_dot(EXAMPLE_JOURNEYS[0])
    alone = run_dot(text, "png")
    start_early("png")
    assert run_dot(text, "png") == alone
    assert len(started) == 2


@pytest.mark.dot
def test_a_dot_started_for_another_format_or_budget_is_stopped_and_reaped(
    started: list[subprocess.Popen[bytes]],
) -> None:
    text = example_dot(EXAMPLE_JOURNEYS[0])
    start_early("svg")
    assert run_dot(text, "pdf").startswith(b"%PDF")
    start_early("svg", DotBudget(seconds=30))
    assert run_dot(text, "svg").startswith(b"<?xml")
    early_svg, pdf, early_budget, svg = started
    assert early_svg.returncode is not None and early_budget.returncode is not None  # reaped, not zombies
    assert pdf.returncode == 0 and svg.returncode == 0
    assert early_svg.stdout is not None and early_svg.stdout.closed


@pytest.mark.dot
def test_an_unused_early_dot_is_stopped_and_reaped(started: list[subprocess.Popen[bytes]]) -> None:
    start_early("svg")
    discard_early()
    (early,) = started
    assert early.returncode is not None
    assert early not in graphviz._running


@pytest.mark.dot
def test_broken_dot_text_fails_as_it_does_without_an_early_dot(started: list[subprocess.Popen[bytes]]) -> None:
    broken = "digraph {\n  a;\n  b -> ;\n}\n"
    with pytest.raises(GraphvizError) as alone:
        run_dot(broken, "svg")
    start_early("svg")
    with pytest.raises(GraphvizError) as early:
        run_dot(broken, "svg")
    assert str(early.value) == str(alone.value)
    assert "line 3" in str(early.value)


def test_an_early_dot_keeps_the_time_budget(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    fake_dot(tmp_path, "exec /bin/sleep 30\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    budget = DotBudget(seconds=0.3)
    start_early("svg", budget)
    with pytest.raises(BudgetExceeded, match=r"ran out of its 0\.3 s") as error:
        run_dot("digraph { a }", "svg", budget)
    assert error.value.limit == "time"
    assert len(started) == 1 and started[0].returncode is not None


def test_without_dot_an_early_start_does_nothing_and_the_run_names_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    start_early("svg")
    assert started == []
    with pytest.raises(GraphvizError, match="install Graphviz"):
        run_dot("digraph { a }", "svg")


def test_a_dot_started_under_another_path_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    fake_dot(tmp_path, "/bin/cat > /dev/null\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    start_early("svg")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(GraphvizError, match="not found on PATH"):
        run_dot("digraph { a }", "svg")
    assert started[0].returncode is not None


# `render` as a user runs it: which `dot` runs start, and what Python had loaded by then.
WATCH = """
import subprocess, sys
from journeymap import cli
real = subprocess.Popen
class Watched(real):
    def __init__(self, command, *args, **kwargs):
        print("dot" if "dot" in str(command[0]) else command[0], "pydantic" in sys.modules, file=sys.stderr)
        super().__init__(command, *args, **kwargs)
subprocess.Popen = Watched
raise SystemExit(cli.main(sys.argv[1:]))
"""


@pytest.mark.dot
@pytest.mark.parametrize("chosen", ["svg", "png"])
def test_render_starts_one_dot_before_it_loads_the_journey(chosen: str, tmp_path: Path) -> None:
    output = tmp_path / f"map.{chosen}"
    run = subprocess.run(
        [sys.executable, "-c", WATCH, "render", str(EXAMPLE_JOURNEYS[0]), "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == ["dot False"]  # one `dot`, started before pydantic was imported
    assert output.stat().st_size > 0


@pytest.mark.dot
def test_render_of_a_broken_journey_leaves_no_dot_behind(tmp_path: Path) -> None:
    broken = tmp_path / "broken.journey.yaml"
    broken.write_text("format: 1\nid: broken\n", encoding="utf-8")
    program = WATCH.replace(
        "raise SystemExit(cli.main(sys.argv[1:]))",
        """
status = cli.main(sys.argv[1:])
from journeymap.render import graphviz
print("left", len(graphviz._running), file=sys.stderr)
raise SystemExit(status)
""",
    )
    run = subprocess.run(
        [sys.executable, "-c", program, "render", str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines[0] == "dot False" and lines[-1] == "left 0", run.stderr
