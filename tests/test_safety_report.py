"""The report folder is never lost: signals, concurrent runs, leftovers of killed runs, `id: index` (issue 11).

Real subprocesses and real signals. `JOURNEYMAP_TEST_PAUSE_BEFORE_SWAP` (a test hook read by
`journeymap.output`) holds a run between building its staging folder and swapping it in,
which is the moment a signal or a second run does the most harm.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.generate import journey_text
from journeymap import output
from journeymap.output import PAUSE_BEFORE_SWAP, remove_leftovers, write_folder_atomic
from tests.conftest import MINIMAL_JOURNEY, ROOT, Result, changed, default_signals
from tests.test_graphviz_budget import fake_dot


def _start(source: Path, report: Path, pause: float | None = None) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    if pause is not None:
        environment[PAUSE_BEFORE_SWAP] = str(pause)
    return subprocess.Popen(
        [sys.executable, "-m", "journeymap", "report", str(source), "-o", str(report), "--jobs", "1"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,  # noqa: PLW1509 (only resets three signals; the signals the tests send reach it)
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.name.startswith(".journeymap-") or ".lock" in path.name or "journeymap-lock" in path.name
    )


def _staging_built(folder: Path) -> bool:
    """A staging folder holding a finished report (the marker is written last) is waiting to be swapped in."""
    return any((path / ".journeymap-report").exists() for path in folder.glob(".journeymap-*"))


def _wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def old_report(tmp_path: Path, cli: Callable[..., Result]) -> tuple[Path, Path, dict[str, bytes]]:
    """A journey, a report of it in tmp/out/report, and that report's files."""
    source = tmp_path / "buy.journey.yaml"
    source.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (tmp_path / "out").mkdir()
    report = tmp_path / "out" / "report"
    assert cli("report", source, "-o", report).exit_code == 0
    source.write_text(MINIMAL_JOURNEY.replace("title: Minimal", "title: Changed"), encoding="utf-8")
    return source, report, {path.name: path.read_bytes() for path in report.iterdir()}


@pytest.mark.parametrize(("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_before_the_swap_keeps_the_old_report_and_leaves_no_staging_folder(
    stop: signal.Signals, code: int, old_report: tuple[Path, Path, dict[str, bytes]]
) -> None:
    source, report, before = old_report
    process = _start(source, report, pause=30)
    _wait_until(lambda: _staging_built(report.parent))
    process.send_signal(stop)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert {path.name: path.read_bytes() for path in report.iterdir()} == before
    assert _leftovers(report.parent) == []


def test_a_second_run_while_one_writes_is_told_and_the_first_finishes(
    old_report: tuple[Path, Path, dict[str, bytes]], cli: Callable[..., Result]
) -> None:
    source, report, before = old_report
    first = _start(source, report, pause=30)
    _wait_until(lambda: _staging_built(report.parent))
    second = cli("report", source, "-o", report)
    assert second.exit_code == 1
    assert f"another report is being written to {report}" in second.err
    assert {path.name: path.read_bytes() for path in report.iterdir()} == before
    first.send_signal(signal.SIGTERM)  # the first run would now swap its report in; stop it early instead
    first.communicate(timeout=30)
    assert _leftovers(report.parent) == []
    assert cli("report", source, "-o", report).exit_code == 0
    assert "Changed" in (report / "buy.html").read_text(encoding="utf-8")
    assert _leftovers(report.parent) == []


def test_two_runs_at_once_end_with_one_complete_report(tmp_path: Path) -> None:
    source = tmp_path / "buy.journey.yaml"
    source.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    report = tmp_path / "report"
    runs = [_start(source, report, pause=0.3) for _ in range(2)]
    results = [(run.wait(timeout=60), run.communicate()[1]) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 1]), results
    if codes == [0, 1]:
        assert any("another report is being written" in err for _, err in results)
    assert sorted(path.name for path in report.iterdir()) == [".journeymap-report", "buy.html", "index.html"]
    assert _leftovers(tmp_path) == []


def test_the_report_folder_is_never_missing_during_swaps(tmp_path: Path) -> None:
    report = tmp_path / "report"
    write_folder_atomic(str(report), lambda staging: Path(staging, "index.html").write_text("0", encoding="utf-8"))
    done = threading.Event()
    missing: list[int] = []

    def swap() -> None:
        for number in range(40):
            write_folder_atomic(
                str(report), lambda staging, n=number: Path(staging, "index.html").write_text(str(n), encoding="utf-8")
            )
        done.set()

    swapper = threading.Thread(target=swap)
    swapper.start()
    looks = 0
    while not done.is_set():
        looks += 1
        if not (report / "index.html").is_file():
            missing.append(looks)
    swapper.join()
    assert missing == []
    assert (report / "index.html").read_text(encoding="utf-8") == "39"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]


def test_without_an_atomic_exchange_the_swap_still_ends_with_the_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    report = tmp_path / "report"
    for text in ("old", "new"):
        write_folder_atomic(str(report), lambda staging, t=text: Path(staging, "index.html").write_text(t, "utf-8"))
    assert (report / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]


def _dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(finished.stdout)


def test_leftovers_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    dead = _dead_pid()
    staging = tmp_path / f".journeymap-{dead}-abcd1234"
    staging.mkdir()
    (staging / "index.html").write_text("half", encoding="utf-8")
    (tmp_path / f".journeymap-{dead}-efgh5678.tmp").write_text("half", encoding="utf-8")
    alive = tmp_path / f".journeymap-{os.getpid()}-ijkl9012"  # a run still going (here: this test)
    alive.mkdir()
    with_folder = tmp_path / f".journeymap-{dead}-mnop3456"  # not what we leave: it holds a folder
    (with_folder / "keep").mkdir(parents=True)
    (tmp_path / ".journeymap-notes").mkdir()
    removed = remove_leftovers(str(tmp_path))
    assert sorted(removed) == sorted([staging.name, f".journeymap-{dead}-efgh5678.tmp"])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [alive.name, with_folder.name, ".journeymap-notes"]
    )


def test_a_report_run_removes_the_staging_folder_a_killed_run_left(tmp_path: Path, cli: Callable[..., Result]) -> None:
    source = tmp_path / "buy.journey.yaml"
    source.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    report = tmp_path / "out" / "report"
    killed = _start(source, report, pause=30)
    _wait_until(lambda: _staging_built(report.parent))
    killed.send_signal(signal.SIGKILL)  # no handler runs: the staging folder and the lock file stay
    killed.communicate(timeout=30)
    assert len(_leftovers(report.parent)) == 2
    assert cli("report", source, "-o", report).exit_code == 0
    assert _leftovers(report.parent) == []
    assert (report / "index.html").is_file()


def test_a_journey_with_id_index_gets_its_own_page(
    tmp_path: Path, write: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    write(changed(("title: Buying a phone", "id: index\ntitle: Buying a phone")), "index.journey.yaml")
    write(MINIMAL_JOURNEY, "other.journey.yaml")
    result = cli("report", tmp_path / "index.journey.yaml", tmp_path / "other.journey.yaml", "-o", tmp_path / "rep")
    assert result.exit_code == 0, result.err
    pages = sorted(path.name for path in (tmp_path / "rep").iterdir())
    assert pages == [".journeymap-report", "index.html", "index.journey.html", "other.html"]
    index = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert 'href="index.journey.html"' in index
    assert "Buying a phone" in (tmp_path / "rep" / "index.journey.html").read_text(encoding="utf-8")
    assert "Buying a phone" not in index.split('href="index.journey.html"')[0].rsplit("<tr", 1)[0]


@pytest.mark.dot
def test_a_journey_too_large_to_draw_gets_the_stage_overview_and_a_note(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / "large.journey.yaml").write_text(journey_text(260), encoding="utf-8")
    result = cli("report", tmp_path / "large.journey.yaml", "-o", tmp_path / "rep")
    assert result.exit_code == 0, result.err
    assert "'generated-260' is too large to draw in full" in result.err
    page = (tmp_path / "rep" / "generated-260.html").read_text(encoding="utf-8")
    assert "too large to draw touchpoint by touchpoint (260 touchpoints in 26 stages" in page
    assert "Stage overview: Generated journey of 260 touchpoints" in page
    assert page.count('class="node"') == 26 + 1  # one box per stage, and the end


def test_sigterm_while_pages_are_drawn_on_two_cores_stops_at_once(
    old_report: tuple[Path, Path, dict[str, bytes]],
) -> None:
    source, report, before = old_report
    (source.parent / "other.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    bin_folder = fake_dot(source.parent, "time.sleep(60)\n")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-m", "journeymap", "report", str(source), str(source.parent / "other.journey.yaml")]
    process = subprocess.Popen(
        [*command, "-o", str(report), "--jobs", "2"], env=environment, stderr=subprocess.PIPE, text=True
    )
    _wait_until((source.parent / "dot.pid").exists)
    time.sleep(0.3)  # both workers have started their dot
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143, err
    assert time.monotonic() - started < 20  # not the 60 s the stand-in dots would sleep
    assert {path.name: path.read_bytes() for path in report.iterdir()} == before
    assert _leftovers(report.parent) == []
