"""Graphviz within a budget: `dot` is stopped at its time and memory limits, never outlives journeymap (issue 11).

Most tests put a stand-in `dot` first on PATH: a real program that sleeps or allocates,
so the limits are enforced on a real child process in a fraction of a second. One test
kills journeymap while the real `dot` draws a large journey.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.generate import journey_text
from journeymap.errors import SettingError
from journeymap.render.graphviz import DotBudget, GraphvizError, budget_from, run_dot
from tests.conftest import EXAMPLES, ROOT, Result

PHONE = EXAMPLES / "phone-purchase.journey.yaml"


def fake_dot(folder: Path, body: str) -> Path:
    """A stand-in `dot` program (Python) in folder/bin; it writes its process id to folder/dot.pid first."""
    bin_folder = folder / "bin"
    bin_folder.mkdir(exist_ok=True)
    program = bin_folder / "dot"
    program.write_text(
        f"#!{sys.executable}\n"
        "import os, sys, time\n"
        f"open({str(folder / 'dot.pid')!r}, 'w').write(str(os.getpid()))\n" + textwrap.dedent(body),
        encoding="utf-8",
    )
    program.chmod(0o755)
    return bin_folder


def _gone(pid: int) -> bool:
    """True once the process no longer runs (a zombie waiting for its new parent counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except FileNotFoundError:
        return True


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


SLEEPING = "time.sleep(60)\n"


def test_dot_past_its_time_budget_is_stopped_with_a_located_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    monkeypatch.setenv("PATH", f"{fake_dot(tmp_path, SLEEPING)}{os.pathsep}{os.environ['PATH']}")
    start = time.monotonic()
    result = cli("render", PHONE, "-o", tmp_path / "map.svg", "--dot-timeout", "0.5")
    assert time.monotonic() - start < 10
    assert result.exit_code == 1
    line = result.err.strip()
    assert line.startswith(f"{PHONE}:")
    assert int(line.split(":")[1]) >= 1 and int(line.split(":")[2]) >= 1
    assert "error[diagram-too-large] the diagram of 'phone-purchase' is too large to draw within 0.5 s" in line
    assert "draw the stage overview with --overview, or raise --dot-timeout" in line
    assert not (tmp_path / "map.svg").exists()
    assert _gone(int((tmp_path / "dot.pid").read_text()))


def test_the_time_budget_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    monkeypatch.setenv("PATH", f"{fake_dot(tmp_path, SLEEPING)}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("JOURNEYMAP_DOT_TIMEOUT", "0.3")
    result = cli("render", PHONE, "-o", tmp_path / "map.svg")
    assert result.exit_code == 1
    assert "within 0.3 s" in result.err


def test_dot_past_its_memory_budget_is_reported_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    # Allocates 400 MB: fine without a limit, a MemoryError under a 150 MB address-space limit.
    hungry = "data = bytearray(400 * 1024 * 1024)\nsys.stdout.write('<svg/>')\n"
    monkeypatch.setenv("PATH", f"{fake_dot(tmp_path, hungry)}{os.pathsep}{os.environ['PATH']}")
    result = cli("render", PHONE, "-o", tmp_path / "map.svg", "--dot-memory", "150")
    assert result.exit_code == 1
    assert "too large to draw within 150 MB of memory" in result.err
    assert "raise --dot-memory" in result.err


def test_a_failing_dot_within_budget_is_not_called_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing = "sys.stderr.write('syntax error')\nsys.exit(1)\n"
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path, failing)))
    with pytest.raises(GraphvizError, match="failed \\(exit status 1\\): syntax error"):
        run_dot("digraph {}", "svg")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--dot-timeout", "0"),
        ("--dot-timeout", "-1"),
        ("--dot-timeout", "nan"),
        ("--dot-timeout", "soon"),
        ("--dot-memory", "50"),
        ("--dot-memory", "2GB"),
    ],
)
def test_bad_budget_options_are_usage_errors(option: str, value: str, cli: Callable[..., Result]) -> None:
    result = cli("render", PHONE, "--format", "dot", "-o", "-", option, value)
    assert result.exit_code == 2
    assert option in result.err


def test_a_bad_budget_variable_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]) -> None:
    monkeypatch.setenv("JOURNEYMAP_DOT_MEMORY", "lots")
    result = cli("render", PHONE, "--format", "dot", "-o", "-")
    assert result.exit_code == 2
    assert "JOURNEYMAP_DOT_MEMORY: 'lots' is not a memory budget" in result.err


def test_bad_budget_variables_are_named() -> None:
    with pytest.raises(SettingError, match="JOURNEYMAP_DOT_TIMEOUT"):
        budget_from(environment={"JOURNEYMAP_DOT_TIMEOUT": "inf"})
    with pytest.raises(SettingError, match="JOURNEYMAP_DOT_MEMORY"):
        budget_from(environment={"JOURNEYMAP_DOT_MEMORY": "lots"})
    assert budget_from(environment={}) == DotBudget(60, 2048)
    assert budget_from(5, None, {"JOURNEYMAP_DOT_TIMEOUT": "9", "JOURNEYMAP_DOT_MEMORY": "512"}) == DotBudget(5, 512)


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                stat = stream.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry), name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stream:
            fields = stream.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.dot
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux's")
def test_dot_dies_with_a_killed_journeymap(tmp_path: Path) -> None:
    journey = tmp_path / "large.journey.yaml"
    journey.write_text(journey_text(300), encoding="utf-8")  # the real dot needs far more than this test waits
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "journeymap",
        "render",
        str(journey),
        "-o",
        str(tmp_path / "large.svg"),
        "--direction",
        "LR",
    ]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_until(lambda: any(name == "dot" for _, name in _children(process.pid)), 30), "dot never started"
        dot = next(pid for pid, name in _children(process.pid) if name == "dot")
        # Laying out, that is: it has read all its input and spent a fifth of a second of CPU on it.
        assert _wait_until(lambda: _cpu_seconds(dot) >= 0.2, 30), "dot never got to work"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert _wait_until(lambda: _gone(dot), 5), "dot outlived journeymap"
    finally:
        process.kill()
        process.wait()


def test_sigterm_stops_dot_too(tmp_path: Path) -> None:
    bin_folder = fake_dot(tmp_path, SLEEPING)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-m", "journeymap", "render", str(PHONE), "-o", str(tmp_path / "map.svg")]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_until((tmp_path / "dot.pid").exists, 20)
        dot = int(_wait_text(tmp_path / "dot.pid"))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
        assert process.returncode == 128 + signal.SIGTERM
        assert b"stopped" in err and b"Traceback" not in err
        assert _wait_until(lambda: _gone(dot), 5)
        assert sorted(path.name for path in tmp_path.iterdir()) == ["bin", "dot.pid"]
    finally:
        process.kill()
        process.wait()


def _wait_text(path: Path) -> str:
    assert _wait_until(lambda: path.read_text(encoding="utf-8").strip() != "", 5)
    return path.read_text(encoding="utf-8")
