"""Nothing journeymap did not write is touched: lock names, files saved into a report being built, rescues, modes.

Issue 23, items 1, 2, 9 and 11; each test reproduces what a user would type.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from journeymap.commands import walk as walk_command
from journeymap.output import OutputError, folder_lock, write_atomic, write_folder_atomic
from journeymap.recorder import Walk, walkthrough_yaml
from tests.conftest import EXAMPLE_WALKTHROUGHS, EXAMPLES, MINIMAL_JOURNEY, Result
from tests.test_safety_report import _staging_built, _start, _wait_until

# --- 1: the lock ------------------------------------------------------------------------------------------------


def test_a_users_dir_lock_file_is_neither_removed_nor_written(tmp_path: Path, cli: Callable[..., Result]) -> None:
    source = tmp_path / "buy.journey.yaml"
    source.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    notes = tmp_path / "out.lock"
    notes.write_text("notes\n", encoding="utf-8")
    precious = tmp_path / "precious.txt"
    precious.write_text("precious words\n", encoding="utf-8")
    (tmp_path / "out2.lock").symlink_to(precious)
    assert cli("report", source, "-o", tmp_path / "out").exit_code == 0
    assert cli("report", source, "-o", tmp_path / "out2").exit_code == 0
    assert notes.read_text(encoding="utf-8") == "notes\n"
    assert precious.read_text(encoding="utf-8") == "precious words\n"
    assert (tmp_path / "out2.lock").is_symlink()
    assert not [path.name for path in tmp_path.iterdir() if "journeymap-lock" in path.name]  # ours is removed


def test_the_lock_of_a_killed_run_is_taken_over_and_a_planted_link_refused(tmp_path: Path) -> None:
    stale = tmp_path / ".out.journeymap-lock"
    stale.write_text("12345\n", encoding="utf-8")  # nobody holds its flock: a killed run's
    with folder_lock(str(tmp_path / "out")):
        assert stale.read_text(encoding="utf-8") == f"{os.getpid()}\n"
    assert not stale.exists()
    precious = tmp_path / "precious.txt"
    precious.write_text("precious words\n", encoding="utf-8")
    stale.symlink_to(precious)
    with pytest.raises(OutputError, match="not a lock journeymap made"), folder_lock(str(tmp_path / "out")):
        pass
    assert precious.read_text(encoding="utf-8") == "precious words\n"


def test_a_lock_held_by_another_run_is_reported_and_left_alone(tmp_path: Path) -> None:
    with folder_lock(str(tmp_path / "out")):
        with pytest.raises(OutputError, match="another report is being written"), folder_lock(str(tmp_path / "out")):
            pass
        assert (tmp_path / ".out.journeymap-lock").exists()  # the refused run did not remove the holder's lock


# --- 2: files saved into the report folder during the build -----------------------------------------------------


def test_a_file_saved_into_the_report_folder_during_the_build_survives(tmp_path: Path) -> None:
    source = tmp_path / "buy.journey.yaml"
    source.write_text(MINIMAL_JOURNEY, encoding="utf-8")
    report = tmp_path / "report"
    process = _start(source, report, pause=1.5)
    _wait_until(lambda: _staging_built(tmp_path))
    report.mkdir(exist_ok=True)
    (report / "notes.txt").write_text("my notes\n", encoding="utf-8")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert (report / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
    kept = [path for path in tmp_path.iterdir() if path.name.startswith("report.new-")]
    assert len(kept) == 1 and (kept[0] / "index.html").is_file()
    assert "notes.txt" in err and str(kept[0]) in err


def test_a_file_that_appears_at_the_moment_of_the_swap_puts_the_old_folder_back(tmp_path: Path) -> None:
    target = tmp_path / "report"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    checks: list[str] = []

    def foreign(folder: str) -> list[str]:  # clean before the swap; the retired folder then holds notes.txt
        checks.append(folder)
        if len(checks) == 1:
            return []
        (Path(folder) / "notes.txt").write_text("mine", encoding="utf-8")
        return ["notes.txt"]

    def fill(staging: str) -> None:
        (Path(staging) / "index.html").write_text("new", encoding="utf-8")

    with pytest.raises(OutputError) as raised:
        write_folder_atomic(str(target), fill, foreign)
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    kept = Path(getattr(raised.value, "kept", ""))
    assert (kept / "index.html").read_text(encoding="utf-8") == "new"


# --- 9: the rescue file ------------------------------------------------------------------------------------------


def _walk() -> Walk:
    import datetime

    return Walk("shop", "Ann", None, datetime.date(2026, 11, 20), [{"touchpoint": "order"}])


def test_rescues_never_overwrite_each_other_nor_write_through_a_planted_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rescue = tmp_path / "tmp"
    rescue.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(rescue))
    monkeypatch.setenv("HOME", str(tmp_path / "nohome"))
    planted = tmp_path / "planted.txt"
    (rescue / "ann.walkthrough.yaml").symlink_to(planted)  # dangling: would be created through the link
    text = walkthrough_yaml(_walk())
    made = [walk_command._rescue(text, str(tmp_path / "ann.walkthrough.yaml")) for _ in range(3)]
    assert None not in made and len(set(made)) == 3
    assert not planted.exists()
    for path in made:
        assert path is not None and not os.path.islink(path) and "touchpoint: order" in Path(path).read_text()


# --- 11: atomic rewrites keep the mode, and refuse hard-linked files ---------------------------------------------


def test_a_private_walkthrough_stays_private_after_the_next_step(tmp_path: Path) -> None:
    path = tmp_path / "ann.walkthrough.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    write_atomic(str(path), "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_with_several_hard_links_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "ann.walkthrough.yaml"
    path.write_text("old\n", encoding="utf-8")
    os.link(path, tmp_path / "backup.yaml")
    with pytest.raises(OutputError, match="2 hard links"):
        write_atomic(str(path), "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert (tmp_path / "backup.yaml").read_text(encoding="utf-8") == "old\n"


def test_walk_resume_keeps_a_private_files_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_recorder import SHOP_JOURNEY, SKIP_STEP

    (tmp_path / "shop.journey.yaml").write_text(SHOP_JOURNEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(["", *SKIP_STEP]) + "\ne\n"))
    from journeymap.cli import main

    code = main(
        ["walk", "shop.journey.yaml", "--participant", "Ann", "-o", "a.walkthrough.yaml", "--date", "2026-11-20"]
    )
    assert code == 0
    os.chmod("a.walkthrough.yaml", 0o600)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(["", *SKIP_STEP]) + "\ne\n"))
    assert main(["walk", "shop.journey.yaml", "--resume", "-o", "a.walkthrough.yaml"]) == 0
    assert stat.S_IMODE(os.stat("a.walkthrough.yaml").st_mode) == 0o600


# --- 3: continuing a walk keeps what people wrote ---------------------------------------------------------------

COMMENTED_WALK = """\
# My notes on the walk with Ann (kept by hand).
# Line two of my notes.
walkthrough: 1
journey: shop
participant: Ann   # the participant, as she spells it
date: 2026-11-20
steps:
  # She started on the website, as planned.
  - touchpoint: order
    effort: 2       # "not bad"
    findings:
      - 'Could not find the delivery date'   # quoted on purpose
"""


def test_walk_resume_keeps_the_comments_and_layout_of_a_hand_written_walkthrough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.cli import main
    from tests.test_recorder import SHOP_JOURNEY, SKIP_STEP

    (tmp_path / "shop.journey.yaml").write_text(SHOP_JOURNEY, encoding="utf-8")
    (tmp_path / "ann.walkthrough.yaml").write_text(COMMENTED_WALK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(["", *SKIP_STEP] * 2) + "\n"))
    main(["walk", "shop.journey.yaml", "--resume", "-o", "ann.walkthrough.yaml"])
    text = (tmp_path / "ann.walkthrough.yaml").read_text(encoding="utf-8")
    assert text.startswith(COMMENTED_WALK), text
    assert len(yaml.safe_load(text)["steps"]) >= 2


@pytest.mark.parametrize("example", EXAMPLE_WALKTHROUGHS, ids=lambda path: path.name)
def test_continuing_each_bundled_walkthrough_with_comments_keeps_every_line(example: Path) -> None:
    from journeymap.project import load_project
    from journeymap.recorder import walk_from_file
    from journeymap.roundtrip import continued_yaml

    project = load_project([str(EXAMPLES)])
    original = example.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    first_step = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- touchpoint:"))
    lines.insert(first_step, "  # a comment added by hand before the first step\n")
    lines[first_step + 1] = lines[first_step + 1].rstrip("\n") + "   # and one after it\n"
    commented = "".join(lines)
    walkthrough = yaml.safe_load(original)
    journey = next(file for file in project.journeys if file.journey and file.journey.id == walkthrough["journey"])
    assert journey.graph is not None
    walk, findings = walk_from_file(str(example), journey.graph)
    assert walk is not None, findings
    walk.steps.append({"title": "Looked for the invoice", "effort": 3, "findings": ["Took a while"]})
    continued = continued_yaml(commented, walk)
    assert continued.startswith(commented.rstrip("\n") + "\n"), continued[-800:]
    data = yaml.safe_load(continued)
    assert data["steps"][-1] == {"title": "Looked for the invoice", "effort": 3, "findings": ["Took a while"]}
    assert data["steps"][:-1] == yaml.safe_load(original)["steps"]


def test_the_studio_keeps_the_comments_when_a_step_is_added_or_changed(tmp_path: Path) -> None:
    from journeymap.project import load_journey
    from journeymap.serve.store import Store
    from tests.test_recorder import SHOP_JOURNEY

    (tmp_path / "shop.journey.yaml").write_text(SHOP_JOURNEY, encoding="utf-8")
    (tmp_path / "ann.walkthrough.yaml").write_text(COMMENTED_WALK, encoding="utf-8")
    graph = load_journey(str(tmp_path / "shop.journey.yaml")).graph
    assert graph is not None
    store = Store()
    loaded = store.load(str(tmp_path), "ann.walkthrough.yaml", graph)
    saved = store.save_step(
        str(tmp_path), "ann.walkthrough.yaml", graph, version=loaded.version, step={"touchpoint": "pay"}, at=None
    )
    text = (tmp_path / "ann.walkthrough.yaml").read_text(encoding="utf-8")
    assert text.startswith(COMMENTED_WALK)
    store.save_step(
        str(tmp_path),
        "ann.walkthrough.yaml",
        graph,
        version=saved.version,
        step={"touchpoint": "pay", "effort": 4},
        at=1,
    )
    text = (tmp_path / "ann.walkthrough.yaml").read_text(encoding="utf-8")
    assert text.startswith(COMMENTED_WALK) and yaml.safe_load(text)["steps"][1] == {"touchpoint": "pay", "effort": 4}
