"""CLI conventions of the tools around journeymap: stdin, quiet/verbose, progress, `.yml`, one file given two ways,
JSON shapes that follow the arguments with a format version, and GitHub annotations relative to the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_JOURNEY, ROOT, Result

from journeymap.reporters import JSON_FORMAT_VERSION, repository_path

Cli = Callable[..., Result]
Write = Callable[..., Path]
GOLDEN = ROOT / "tests" / "golden" / "github"
BROKEN = MINIMAL_JOURNEY.replace("effort: 2", "effort: 9")


def test_one_file_given_two_ways_is_one_file(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(MINIMAL_JOURNEY.replace("title: Minimal", "id: minimal\ntitle: Minimal"), "journeys/x.journey.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "journeys", "./journeys/x.journey.yaml", "journeys/../journeys/x.journey.yaml")
    assert result.exit_code == 0, result.out
    assert result.out == "1 file checked: 0 errors, 0 warnings\n"


def test_yml_files_are_found_in_folders(cli: Cli, write: Write, tmp_path: Path) -> None:
    write(MINIMAL_JOURNEY, "a.journey.yml")
    write(MINIMAL_JOURNEY.replace("effort: 2", "effort: 6"), "deeper/b.journey.yml")
    result = cli("check", "--format", "json", tmp_path)
    report = json.loads(result.out)
    assert report["files"] == 2
    assert [(f["path"], f["code"]) for f in report["findings"]] == [
        (str(tmp_path / "deeper/b.journey.yml"), "high-effort")
    ]
    scores = json.loads(cli("score", "--format", "json", tmp_path).out)
    assert sorted(item["journey"] for item in scores) == ["a", "b"]  # ids from the names, without `.journey.yml`


def test_check_reads_standard_input(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode())))
    result = cli("check", "-", "--stdin-filename", "journeys/typed.journey.yaml")
    assert result.exit_code == 1
    assert result.out.splitlines()[0].startswith("journeys/typed.journey.yaml:13:13: error[bad-value]")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MINIMAL_JOURNEY.encode())))
    assert cli("check", "-").out == "1 file checked: 0 errors, 0 warnings\n"


def test_stdin_filename_needs_the_dash(cli: Cli, write: Write) -> None:
    result = cli("check", write(MINIMAL_JOURNEY), "--stdin-filename", "x.journey.yaml")
    assert result.exit_code == 2
    assert "give `-` as a path too" in result.err


def test_empty_folder_gives_a_json_object_with_zero_files(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", "--format", "json", tmp_path)
    assert result.exit_code == 0
    assert json.loads(result.out) == {
        "format_version": JSON_FORMAT_VERSION,
        "files": 0,
        "errors": 0,
        "warnings": 0,
        "left_out": [],
        "findings": [],
    }
    assert cli("check", tmp_path).exit_code == 2  # as text it stays a usage error: nothing was checked


def test_quiet_and_verbose(cli: Cli, write: Write) -> None:
    path = write(BROKEN)
    quiet = cli("check", "--quiet", path)
    assert len(quiet.out.splitlines()) == 1 and "error[bad-value]" in quiet.out  # no summary line
    verbose = cli("check", "-v", path)
    assert verbose.err == f"checked {path}\n"
    assert cli("check", "-q", "-v", path).exit_code == 2


def test_json_shape_follows_the_arguments(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write(MINIMAL_JOURNEY, "one/only.journey.yaml")
    one = json.loads(cli("score", "--format", "json", path).out)
    folder = json.loads(cli("score", "--format", "json", tmp_path / "one").out)
    assert isinstance(one, dict) and one["format_version"] == JSON_FORMAT_VERSION
    assert isinstance(folder, list) and folder == [one]  # a folder of one journey: still a list
    listed = json.loads(cli("opportunities", "--format", "json", path).out)
    assert isinstance(listed, list) and all(item["format_version"] == JSON_FORMAT_VERSION for item in listed)
    assert next(iter(one)) == "format_version"


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("/repo/./journeys/../journeys/a.journey.yaml", "/repo", "journeys/a.journey.yaml"),
        ("./a.journey.yaml", None, "a.journey.yaml"),
        ("/elsewhere/a.journey.yaml", "/repo", "/elsewhere/a.journey.yaml"),
    ],
)
def test_repository_path(path: str, root: str | None, expected: str) -> None:
    assert repository_path(path, root) == expected


def _git_repository(tmp_path: Path) -> Path:
    top = tmp_path / "repo"
    (top / "journeys" / "deep").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    (top / "journeys" / "broken.journey.yaml").write_text(BROKEN, encoding="utf-8")
    (top / "journeys" / "deep" / "warned.journey.yaml").write_text(
        MINIMAL_JOURNEY.replace("effort: 2", "effort: 6"), encoding="utf-8"
    )
    return top


@pytest.mark.parametrize("workspace", [False, True], ids=["git-root", "github-workspace"])
def test_github_annotations_golden(workspace: bool, tmp_path: Path) -> None:
    """As GitHub runs it: from a subfolder, with `./` and absolute paths; annotations relative to the root."""
    top = _git_repository(tmp_path)
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_WORKSPACE"}
    if workspace:
        env["GITHUB_WORKSPACE"] = str(top)
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymap",
            "check",
            "--format",
            "github",
            "./broken.journey.yaml",
            str(top / "journeys" / "deep"),
        ],
        cwd=top / "journeys",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 1, found.stderr
    golden = GOLDEN / "annotations.txt"
    if os.environ.get("JOURNEYMAP_UPDATE_GOLDEN"):
        golden.write_text(found.stdout, encoding="utf-8")
    assert found.stdout == golden.read_text(encoding="utf-8")
    assert "file=journeys/broken.journey.yaml," in found.stdout
    assert "file=journeys/deep/warned.journey.yaml," in found.stdout


def test_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    """A run over a second on a terminal shows a progress line, erased at the end; not with --quiet, not in a pipe."""
    pexpect = pytest.importorskip("pexpect")
    slow = tmp_path / "slow.py"
    slow.write_text(
        "import sys, time\n"
        "import journeymap.commands.check as check\n"
        "real = check.run\n"
        "def run(args):\n    time.sleep(2.5)\n    return real(args)\n"
        "check.run = run\n"
        "from journeymap.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    journey = tmp_path / "x.journey.yaml"
    journey.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    shown = pexpect.run(f"{sys.executable} {slow} check {journey}", env=env, timeout=30).decode()
    assert "journeymap check: working, 1 s" in shown
    assert shown.endswith("\x1b[K1 file checked: 0 errors, 0 warnings\r\n")  # erased before the output
    quiet = pexpect.run(f"{sys.executable} {slow} check -q {journey}", env=env, timeout=30).decode()
    assert "working" not in quiet
    piped = subprocess.run(
        [sys.executable, str(slow), "check", str(journey)], env=env, capture_output=True, text=True, check=False
    )
    assert "working" not in piped.stderr


@pytest.mark.parametrize("missing", ["starlette", "uvicorn", "watchfiles"])
def test_serve_without_its_extra_is_one_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # `import` raises ImportError, as without the extra
    result = cli("serve", tmp_path)
    assert result.exit_code == 2
    assert result.err == (
        "journeymap serve: journeymap serve needs Starlette, uvicorn and watchfiles: pip install 'journeymap[serve]'\n"
    )


def test_to_networkx_without_networkx_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import journeymap

    monkeypatch.setitem(sys.modules, "networkx", None)
    result = journeymap.loads(MINIMAL_JOURNEY)
    with pytest.raises(ImportError, match=r"pip install 'journeymap\[networkx\]'"):
        result.to_networkx()


def test_opportunities_of_a_large_journey_need_no_numpy(tmp_path: Path) -> None:
    """The core has no numpy or SciPy: ranking a 200-touchpoint journey (the sparse path) imports neither."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import journey_text
    finally:
        sys.path.pop(0)
    path = tmp_path / "large.journey.yaml"
    path.write_text(journey_text(200), encoding="utf-8")
    code = (
        "import sys, journeymap.cli as cli; code = cli.main(['opportunities', sys.argv[1], '--format', 'json']);"
        "assert 'numpy' not in sys.modules and 'scipy' not in sys.modules, 'numpy imported'; sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) > 100


def test_reference_errors_come_with_value_errors_in_one_run(cli: Cli, write: Write) -> None:
    """A wrong value no longer hides an unknown stage in the same file until it is fixed."""
    text = BROKEN.replace("    stage: after\n", "    stage: nowhere\n")
    result = cli("check", write(text))
    codes = [line.split("[")[1].split("]")[0] for line in result.out.splitlines()[:-1]]
    assert codes == ["bad-value", "unknown-reference"], result.out
    assert ":17:12: error[unknown-reference] there is no stage 'nowhere'" in result.out
