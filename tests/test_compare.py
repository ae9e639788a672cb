"""`journeymap compare`: two files, or a file against itself at a git revision; JSON shape, markdown golden.

The markdown golden file tests/golden/compare-phone-purchase.md is the pull-request comment for the
example as-is and to-be; regenerate it on purpose with JOURNEYMAP_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, VALID_JOURNEY, Result, changed

from journeymap.compare import SCORE_KEYS, compare
from journeymap.project import load_journey

Write = Callable[..., Path]
Cli = Callable[..., Result]
GOLDEN = ROOT / "tests" / "golden" / "compare-phone-purchase.md"
UPDATE_GOLDEN = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"
AS_IS = EXAMPLES / "phone-purchase.journey.yaml"
TO_BE = EXAMPLES / "phone-purchase-to-be.journey.yaml"


def test_identical_files_give_all_zero_changes(cli: Cli) -> None:
    result = cli("compare", AS_IS, AS_IS, "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    data = json.loads(result.out)
    assert data["before"] == data["after"] == "phone-purchase"
    assert list(data["scores"]) == list(SCORE_KEYS)
    for triple in [*data["scores"].values(), *data["stage_effort"].values()]:
        assert triple["change"] == 0 and triple["before"] == triple["after"]
    assert data["touchpoints"] == {"added": [], "removed": [], "changed": []}
    assert data["transitions"] == {"added": [], "removed": [], "changed": []}


def test_a_renamed_touchpoint_is_removed_and_added(write: Write) -> None:
    before = write(VALID_JOURNEY, "before.journey.yaml")
    after = write(changed(("next: [bill]", "next: [invoice]"), ("- id: bill", "- id: invoice")), "after.journey.yaml")
    old, new = load_journey(str(before)).graph, load_journey(str(after)).graph
    assert old is not None and new is not None
    result = compare(old, new).to_dict()
    assert result["touchpoints"]["added"] == ["invoice"]
    assert result["touchpoints"]["removed"] == ["bill"]
    assert result["touchpoints"]["changed"] == [
        {"touchpoint": "order", "fields": {"next": [[{"to": "bill"}], [{"to": "invoice"}]]}}
    ]
    assert result["transitions"]["added"] == [["order", "invoice"]]
    assert result["transitions"]["removed"] == [["order", "bill"]]
    assert result["scores"]["expected_effort"] == {"before": 3.0, "after": 3.0, "change": 0.0}


def test_shares_are_compared_as_probabilities_after_rule_1(write: Write) -> None:
    text = changed(("next: [bill]", "next: [bill, {to: order, share: 0.5}]"))
    same = changed(("next: [bill]", "next: [{to: bill, share: 0.5}, {to: order, share: 0.5}]"))
    other = changed(("next: [bill]", "next: [{to: bill, share: 0.8}, {to: order, share: 0.2}]"))
    graphs = [load_journey(str(write(t, f"{k}.journey.yaml"))).graph for k, t in enumerate([text, same, other])]
    assert all(graph is not None for graph in graphs)
    assert compare(graphs[0], graphs[1]).to_dict()["transitions"]["changed"] == []  # type: ignore[arg-type]
    changes = compare(graphs[0], graphs[2]).to_dict()["transitions"]["changed"]  # type: ignore[arg-type]
    assert changes == [
        {"from": "order", "to": "bill", "share": [0.5, 0.8]},
        {"from": "order", "to": "order", "share": [0.5, 0.2]},
    ]


def test_the_examples_as_is_and_to_be(cli: Cli) -> None:
    result = cli("compare", AS_IS, TO_BE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.out)
    assert data["touchpoints"]["removed"] == ["call-again"]
    effort = data["scores"]["expected_effort"]
    assert effort["change"] == pytest.approx(effort["after"] - effort["before"]) and effort["change"] < 0
    changed_fields = {item["touchpoint"]: item["fields"] for item in data["touchpoints"]["changed"]}
    assert changed_fields["compare-models"]["effort"] == [4, 3]
    assert changed_fields["email-invoice-question"]["response_time"] == [86400.0, 14400.0]
    assert data["stage_effort"]["setup"]["change"] == pytest.approx(-2.7)


def test_stage_missing_on_one_side_counts_null(write: Write) -> None:
    before = write(VALID_JOURNEY, "before.journey.yaml")
    after = write(changed(("  - id: use\n", "  - id: later\n"), ("stage: use", "stage: later")), "after.journey.yaml")
    old, new = load_journey(str(before)).graph, load_journey(str(after)).graph
    stages = compare(old, new).to_dict()["stage_effort"]  # type: ignore[arg-type]
    assert stages["use"] == {"before": 1.0, "after": None, "change": None}
    assert stages["later"] == {"before": None, "after": 1.0, "change": None}


def test_markdown_golden(cli: Cli) -> None:
    result = cli(
        "compare",
        "journeys/phone-purchase.journey.yaml",
        "journeys/phone-purchase-to-be.journey.yaml",
        "--format",
        "markdown",
    )
    assert (result.exit_code, result.err) == (0, "")
    assert "**Expected effort −5.8 (−18 %), switch score −0.61, digital completion +11 points**" in result.out
    if UPDATE_GOLDEN:
        GOLDEN.write_text(result.out, encoding="utf-8")
    assert result.out == GOLDEN.read_text(encoding="utf-8")


def test_markdown_keeps_hostile_titles_as_text(cli: Cli, write: Write) -> None:
    before = write(VALID_JOURNEY, "before.journey.yaml")
    after = write(changed(("title: Orders online", "title: '<script>x</script> | ## [a](b)'")), "after.journey.yaml")
    result = cli("compare", before, after, "--format", "markdown")
    assert result.exit_code == 0
    assert "<script>" not in result.out and "[a](b)" not in result.out
    assert "&lt;script&gt;x&lt;/script&gt; &#124; ## \\[a\\](b)" in result.out


def test_bad_yaml_on_either_side_gives_located_errors(cli: Cli, write: Write) -> None:
    good = write(VALID_JOURNEY, "good.journey.yaml")
    bad = write("title: [unclosed\n", "bad.journey.yaml")
    for args in ((good, bad), (bad, good)):
        result = cli("compare", *args)
        assert result.exit_code == 1
        assert f"{bad}:1:8:" in result.err and "yaml-syntax" in result.err


def test_two_files_are_needed_without_git(cli: Cli) -> None:
    result = cli("compare", AS_IS)
    assert result.exit_code == 2 and "BEFORE and AFTER" in result.err


# --- --git ---------------------------------------------------------------------------------------------------------


def git(folder: Path, *args: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=environment)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    (folder / "journeys").mkdir(parents=True)
    git(folder, "init", "-q")
    (folder / "journeys" / "buy.journey.yaml").write_text(VALID_JOURNEY, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "first")
    (folder / "journeys" / "buy.journey.yaml").write_text(changed(("effort: 2", "effort: 5")), encoding="utf-8")
    (folder / "journeys" / "new.journey.yaml").write_text(VALID_JOURNEY.replace("Buying", "New"), encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "second")
    return folder


def test_git_compares_with_the_file_at_a_revision(cli: Cli, repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    result = cli("compare", "--git", "HEAD~1", "journeys", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.out)
    assert [(item["status"], item["before_path"], item["after_path"]) for item in data] == [
        ("changed", "HEAD~1:journeys/buy.journey.yaml", "journeys/buy.journey.yaml"),
        ("added", None, "journeys/new.journey.yaml"),
    ]
    assert data[0]["scores"]["expected_effort"] == {"before": 3.0, "after": 6.0, "change": 3.0}
    assert data[0]["touchpoints"]["changed"] == [{"touchpoint": "order", "fields": {"effort": [2, 5]}}]
    assert data[1]["after"] == "new" and data[1]["scores"]["expected_effort"] == {
        "before": None,
        "after": 3.0,
        "change": None,
    }
    assert result.err == ""


def test_git_markdown_is_a_pull_request_comment(cli: Cli, repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    result = cli("compare", "--git", "HEAD~1", "--format", "markdown")
    assert result.exit_code == 0
    assert result.out.startswith("## journeymap: what this change does to the journeys\n")
    assert "**Expected effort +3.0 (+100 %)**" in result.out
    unchanged = cli("compare", "--git", "HEAD", "--format", "markdown")
    assert "2 other journeys unchanged." in unchanged.out


def test_git_bad_yaml_at_the_revision_is_located(cli: Cli, repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repository / "journeys" / "buy.journey.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    git(repository, "commit", "-qam", "broken")
    (repository / "journeys" / "buy.journey.yaml").write_text(VALID_JOURNEY, encoding="utf-8")
    monkeypatch.chdir(repository)
    result = cli("compare", "--git", "HEAD", "journeys/buy.journey.yaml")
    assert result.exit_code == 1
    assert "HEAD:journeys/buy.journey.yaml:1:8:" in result.err and "yaml-syntax" in result.err


def test_git_messages(cli: Cli, repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    unknown = cli("compare", "--git", "no-such-branch")
    assert unknown.exit_code == 2 and "--git no-such-branch: no such revision" in unknown.err
    new = cli("compare", "--git", "HEAD~1", "journeys/new.journey.yaml")
    assert new.exit_code == 2 and "journeys/new.journey.yaml did not exist at HEAD~1" in new.err
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.journey.yaml").write_text(VALID_JOURNEY, encoding="utf-8")
    monkeypatch.chdir(outside)
    result = cli("compare", "--git", "HEAD", "a.journey.yaml")
    assert result.exit_code == 2 and "is not inside a git repository" in result.err


FRESH = """\
title: Fresh
goals: [Something new]
stages: [only]
touchpoints:
  - {id: start, title: Starts, stage: only, channel: app, effort: 1, next: [end]}
  - {id: end, title: Ends, stage: only, channel: app, effort: 1}
"""


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Three commits: the journeys `stay`, `move`, `gone` (none writes `id:`: ids from the file names);
    then `move` renamed (git's R100) and `gone` deleted, `fresh` added, and a stage of `stay` retitled and a
    channel of its own added; then `stay` moved to another folder with its content changed (the same id at
    another path, beyond git's rename detection).
    """
    folder = tmp_path / "history"
    (folder / "journeys").mkdir(parents=True)
    git(folder, "init", "-q")
    journeys = folder / "journeys"
    (journeys / "stay.journey.yaml").write_text(VALID_JOURNEY, encoding="utf-8")
    (journeys / "move.journey.yaml").write_text(VALID_JOURNEY.replace("Buying a phone", "Moving"), encoding="utf-8")
    (journeys / "gone.journey.yaml").write_text(VALID_JOURNEY.replace("Buying a phone", "Gone"), encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "first")
    git(folder, "mv", "journeys/move.journey.yaml", "journeys/moved.journey.yaml")
    git(folder, "rm", "-q", "journeys/gone.journey.yaml")
    (journeys / "fresh.journey.yaml").write_text(FRESH, encoding="utf-8")  # unlike `gone`: no rename for git
    retitled = changed(
        ("  - id: choose\n", "  - id: choose\n    title: Choosing a phone\n"),
        ("touchpoints:", "channels:\n  - {id: kiosk, kind: analog}\ntouchpoints:"),
    )
    (journeys / "stay.journey.yaml").write_text(retitled, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "second")
    return folder


def _statuses(data: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(item["status"], item["before"], item["after"], item["before_path"], item["after_path"]) for item in data]


SECOND = [
    ("renamed", "moved", "moved", "HEAD~1:journeys/move.journey.yaml", "HEAD:journeys/moved.journey.yaml"),
    ("changed", "stay", "stay", "HEAD~1:journeys/stay.journey.yaml", "HEAD:journeys/stay.journey.yaml"),
    ("added", None, "fresh", None, "HEAD:journeys/fresh.journey.yaml"),
    ("removed", "gone", None, "HEAD~1:journeys/gone.journey.yaml", None),
]


@pytest.mark.parametrize("revisions", [("HEAD~1..HEAD",), ("HEAD~1", "HEAD")], ids=["A..B", "A B"])
def test_git_two_revisions_list_added_removed_and_renamed_json(
    cli: Cli, history: Path, monkeypatch: pytest.MonkeyPatch, revisions: tuple[str, ...]
) -> None:
    monkeypatch.chdir(history)
    result = cli("compare", "--git", *revisions, "journeys", "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    data = json.loads(result.out)
    # The old `move` has the id of its old name; moved, the file gives the new name's id: still one journey.
    assert [row[0] for row in _statuses(data)] == [row[0] for row in SECOND]
    assert [row[2:] for row in _statuses(data)][1:] == [row[2:] for row in SECOND][1:]
    assert data[0]["before_path"] == "HEAD~1:journeys/move.journey.yaml"
    stay = data[1]
    assert stay["stages"] == {
        "added": [],
        "removed": [],
        "changed": [{"stage": "choose", "fields": {"title": [None, "Choosing a phone"]}}],
    }
    assert stay["channels"]["added"] == ["kiosk"]
    assert all(item["format_version"] == 1 for item in data)


def test_git_rename_delete_and_add_in_table_and_markdown(
    cli: Cli, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(history)
    table = cli("compare", "--git", "HEAD~1..HEAD", "journeys")
    assert (table.exit_code, table.err) == (0, "")
    assert "moved: HEAD~1:journeys/move.journey.yaml → HEAD:journeys/moved.journey.yaml" in table.out
    assert "New journey: Fresh  (fresh)\n  HEAD:journeys/fresh.journey.yaml" in table.out
    assert "Removed journey: Gone  (gone)\n  HEAD~1:journeys/gone.journey.yaml" in table.out
    assert "  Stages:\n    choose: title — → Choosing a phone" in table.out
    assert "  Channels:\n    added: kiosk" in table.out
    comment = cli("compare", "--git", "HEAD~1", "HEAD", "journeys", "--format", "markdown").out
    assert "### New journey: Fresh (`fresh`)" in comment
    assert "### Removed journey: Gone (`gone`)" in comment
    assert "Moved: HEAD\\~1:journeys/move&#46;journey&#46;yaml → HEAD:journeys/moved&#46;journey&#46;yaml" in comment
    assert "**Stages**\n\n- `choose`: title — → Choosing a phone" in comment
    assert "unchanged" not in comment


def test_git_same_id_at_another_path_is_one_journey(cli: Cli, history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moved to another folder and rewritten (beyond rename detection): the same id pairs the files."""
    (history / "other").mkdir()
    text = (history / "journeys" / "stay.journey.yaml").read_text(encoding="utf-8")
    (history / "journeys" / "stay.journey.yaml").unlink()
    (history / "other" / "stay.journey.yaml").write_text(text.replace("effort: 2", "effort: 4"), encoding="utf-8")
    monkeypatch.chdir(history)
    result = cli("compare", "--git", "HEAD", "journeys", "other", "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    data = json.loads(result.out)
    assert [(item["status"], item["before_path"], item["after_path"]) for item in data] == [
        ("unchanged", "HEAD:journeys/fresh.journey.yaml", "journeys/fresh.journey.yaml"),
        ("unchanged", "HEAD:journeys/moved.journey.yaml", "journeys/moved.journey.yaml"),
        ("renamed", "HEAD:journeys/stay.journey.yaml", "other/stay.journey.yaml"),
    ]
    assert data[2]["touchpoints"]["changed"] == [{"touchpoint": "order", "fields": {"effort": [2, 4]}}]


def test_git_id_from_the_file_name_not_the_revision(cli: Cli, history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(history)
    result = cli("compare", "--git", "HEAD", "journeys/fresh.journey.yaml", "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    [item] = json.loads(result.out)
    assert (item["before"], item["after"], item["status"]) == ("fresh", "fresh", "unchanged")
