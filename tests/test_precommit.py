"""The published pre-commit hook, installed by pre-commit itself from a clone of this repository.

Slow (pre-commit builds the hook's own environment from the package index), so it is one run, marked
`precommit`; CI runs it once, with the locked environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS = ROOT / "journeys"


def pre_commit() -> str | None:
    """pre-commit next to this Python (the project's environment), else on PATH."""
    beside = Path(sys.executable).parent / "pre-commit"
    return str(beside) if beside.exists() else shutil.which("pre-commit")


def git(*arguments: str, cwd: Path) -> None:
    subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.mark.precommit
@pytest.mark.skipif(pre_commit() is None, reason="pre-commit is not installed (it is in the `test` dependency group)")
@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_the_hook_checks_journeys_and_walkthroughs_in_a_scratch_repository(tmp_path: Path) -> None:
    command = pre_commit()
    assert command is not None
    if not (ROOT / ".git").exists():
        pytest.skip("the hook is installed from a git clone of this repository; this copy is not one")
    hook_repository = tmp_path / "hook"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(hook_repository), cwd=tmp_path)
    scratch = tmp_path / "scratch"
    (scratch / "maps").mkdir(parents=True)
    for name in ["phone-purchase.journey.yaml", "phone-purchase-finance.walkthrough.yaml"]:
        shutil.copy(JOURNEYS / name, scratch / "maps" / name)
    (scratch / "maps" / "broken.journey.yaml").write_text("title: Broken\nstages: [buy\n", encoding="utf-8")
    (scratch / "notes.yaml").write_text("not: [a journey\n", encoding="utf-8")  # not a journey: never looked at
    git("init", "--quiet", cwd=scratch)
    git("add", ".", cwd=scratch)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    result = subprocess.run(
        [command, "try-repo", str(hook_repository), "journeymap-check", "--all-files"],
        cwd=scratch,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "journeymap check" in output and "Failed" in output, output
    errors = [line for line in output.splitlines() if ": error[" in line]
    # the broken journey, at its place (an unclosed bracket is reported where it opens);
    # the walkthrough found its journey; notes.yaml was not read
    assert [line.split(" error[")[0] for line in errors] == ["./maps/broken.journey.yaml:2:9:"], output
    assert "error[yaml-syntax]" in errors[0]
    assert "3 files checked" in output, output
