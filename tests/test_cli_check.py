"""`journeymap check`: located output, exit codes, formats, folders, examples, and a corpus of malformed files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, EXAMPLES, MINIMAL_JOURNEY, ROOT, Result

from journeymap.findings import Finding, Level
from journeymap.reporters import github, summary

Cli = Callable[..., Result]
Write = Callable[..., Path]

LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): (?P<level>error|warning)\[(?P<code>[a-z0-9-]+)\] \S.*$"
)
SUMMARY = re.compile(r"^\d+ files? checked: \d+ errors?, \d+ warnings?$")

# MINIMAL_JOURNEY with a high-effort step: valid, with exactly one warning (high-effort, line 13).
WARNED = MINIMAL_JOURNEY.replace("    effort: 2\n", "    effort: 6\n")


def located(output: str) -> list[tuple[str, str, int, int]]:
    """(path, code, line, column) of every finding line; fails on any other line but the summary."""
    found = []
    lines = output.splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, f"not a located finding: {line!r}"
        found.append((match["path"], match["code"], int(match["line"]), int(match["column"])))
    return found


# --- the malformed corpus -------------------------------------------------------------------------------------

MALFORMED = ROOT / "tests" / "malformed"
# Walkthroughs in the corpus walk this example journey.
WALKED = EXAMPLES / "phone-purchase.journey.yaml"

# File in tests/malformed -> every error it must give, as (code, line, column). A new case is one file and one line.
CORPUS: dict[str, list[tuple[str, int, int]]] = {
    "billion-laughs.journey.yaml": [("alias-expansion", 6, 4)],
    "comments-only.journey.yaml": [("empty-file", 1, 1)],
    "control-character.journey.yaml": [("yaml-syntax", 2, 11)],
    "deep-brackets.journey.yaml": [("too-deep", 1, 71)],
    "document-marker-only.journey.yaml": [("empty-file", 1, 1)],
    "duplicate-ids.journey.yaml": [("duplicate-id", 2, 18), ("duplicate-id", 14, 9)],
    "duplicate-key.journey.yaml": [("duplicate-key", 4, 1)],
    "empty.journey.yaml": [("empty-file", 1, 1)],
    "latin-1.journey.yaml": [("not-utf8", 2, 11)],
    "list-as-key.journey.yaml": [("missing-key", 1, 1), ("missing-key", 1, 1), ("bad-value", 2, 1)],
    "missing-keys.journey.yaml": [("missing-key", 2, 1), ("missing-key", 4, 5), ("missing-key", 4, 5)],
    "not-a-date.walkthrough.yaml": [("bad-value", 3, 7)],
    "png-image.journey.yaml": [("not-text", 1, 1)],
    "python-tag-root.journey.yaml": [("yaml-tag", 1, 1)],
    "python-tag.journey.yaml": [("bad-value", 2, 8), ("yaml-tag", 2, 8)],
    "recursive-alias.journey.yaml": [("recursive-alias", 3, 9)],
    "root-list.journey.yaml": [("bad-root", 2, 1)],
    "root-scalar.journey.yaml": [("bad-root", 2, 1)],
    "shares-above-one.journey.yaml": [("bad-shares", 9, 7)],
    "tab-indentation.journey.yaml": [("tab", 3, 1)],
    "trapped-loop.journey.yaml": [("trapped", 5, 9), ("trapped", 10, 9)],
    "two-documents.journey.yaml": [("yaml-syntax", 3, 1)],
    "unknown-keys.journey.yaml": [("unknown-key", 5, 5), ("unknown-key", 9, 5), ("unknown-key", 10, 1)],
    "unknown-references.journey.yaml": [
        ("unknown-reference", 6, 12),
        ("unknown-reference", 7, 14),
        ("unknown-reference", 8, 12),
    ],
    "unknown-touchpoint-and-channel.walkthrough.yaml": [("unknown-reference", 6, 17), ("unknown-reference", 9, 14)],
    "utf-16.journey.yaml": [("not-utf8", 1, 1)],
    "version-2.journey.yaml": [("unsupported-version", 1, 13)],
    "wrong-types.journey.yaml": [
        ("bad-value", 2, 8),  # title: yes
        ("bad-value", 3, 8),  # goals: 5
        ("bad-value", 6, 12),  # phase: [buying]
        ("bad-value", 7, 5),  # a stage that is a list
        ("bad-value", 9, 9),  # id: Bad Id
        ("bad-value", 13, 13),  # effort: high
        ("bad-value", 14, 14),  # emotion: 3
        ("bad-value", 15, 15),  # duration: 15
        ("bad-value", 16, 21),  # metrics: {csat: high}
        ("bad-value", 17, 11),  # next: 5
        ("bad-value", 22, 13),  # effort: 2.5
        ("bad-value", 23, 31),  # share: half
        ("bad-value", 24, 19),  # switch: -1
    ],
    "yaml-syntax.journey.yaml": [("yaml-syntax", 7, 4)],
}


def test_corpus_table_lists_every_file() -> None:
    assert sorted(path.name for path in MALFORMED.iterdir()) == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_malformed_file_gives_located_errors_and_exit_1(cli: Cli, name: str) -> None:
    path = str(MALFORMED / name)
    result = cli("check", WALKED, path)
    assert result.exit_code == 1
    assert result.err == ""
    mine = [(code, line, column) for where, code, line, column in located(result.out) if where == path]
    assert mine == CORPUS[name]
    assert all(f"{path}:" not in line or ": error[" in line for line in result.out.splitlines())


def test_malformed_corpus_through_the_real_command(tmp_path: Path) -> None:
    # One process for the whole corpus keeps this fast; it also gets a file nested so deep that
    # libyaml's recursive composer would crash the process instead of raising.
    abyss = tmp_path / "abyss.journey.yaml"
    abyss.write_text("title: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "journeymap", "check", str(WALKED), str(MALFORMED), str(abyss)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    assert result.returncode == 1
    found = located(result.stdout)
    for name, expected in CORPUS.items():
        assert [(code, line, column) for path, code, line, column in found if Path(path).name == name] == expected
    assert [(code, line) for path, code, line, _ in found if path == str(abyss)] == [("too-deep", 1)]
    assert result.stdout.splitlines()[-1].startswith(f"{len(CORPUS) + 2} files checked: ")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("billion-laughs.journey.yaml", "write the values out or use fewer nested aliases"),
        ("latin-1.journey.yaml", "save the file as UTF-8"),
        ("utf-16.journey.yaml", "the file is saved as UTF-16; save it as UTF-8"),
        ("png-image.journey.yaml", "this is a binary file, not YAML text"),
        ("tab-indentation.journey.yaml", "replace the tab with spaces"),
        ("two-documents.journey.yaml", "remove the `---` line or split the file in two"),
        ("unknown-keys.journey.yaml", "unknown key 'titel' in touchpoint 'order'; did you mean 'title'?"),
        ("shares-above-one.journey.yaml", "the shares add up to 1.2, more than 1; lower them"),
        ("trapped-loop.journey.yaml", "add a transition out of the loop or end the journey there"),
        ("version-2.journey.yaml", "this journeymap reads version 1"),
        ("not-a-date.walkthrough.yaml", "'last Tuesday' is not a date: write it as YYYY-MM-DD"),
        ("python-tag.journey.yaml", "is not allowed; journeymap reads plain YAML"),
    ],
)
def test_malformed_messages_say_the_fix(cli: Cli, name: str, fragment: str) -> None:
    assert fragment in cli("check", WALKED, MALFORMED / name).out


# --- hostile paths --------------------------------------------------------------------------------------------


def test_a_folder_named_like_a_journey_is_searched_not_read(cli: Cli, write: Write, tmp_path: Path) -> None:
    write(MINIMAL_JOURNEY, "odd.journey.yaml/inner.journey.yaml")
    result = cli("check", tmp_path)
    assert result.exit_code == 0
    assert result.out.endswith("1 file checked: 0 errors, 0 warnings\n")


def test_an_empty_folder_named_like_a_journey_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty.journey.yaml").mkdir()
    result = cli("check", tmp_path / "empty.journey.yaml")
    assert result.exit_code == 2
    assert "no *.journey.yaml or *.walkthrough.yaml files in" in result.err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_located_error(cli: Cli, write: Write) -> None:
    path = write(MINIMAL_JOURNEY, "locked.journey.yaml")
    path.chmod(0)
    try:
        result = cli("check", path)
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert located(result.out) == [(str(path), "read-error", 1, 1)]


# --- exit codes and the summary -------------------------------------------------------------------------------


def test_valid_journey_exits_0(cli: Cli, write: Write) -> None:
    result = cli("check", write(MINIMAL_JOURNEY))
    assert (result.exit_code, result.out, result.err) == (0, "1 file checked: 0 errors, 0 warnings\n", "")


def test_warnings_alone_exit_0(cli: Cli, write: Write) -> None:
    path = write(WARNED)
    result = cli("check", path)
    assert result.exit_code == 0
    assert located(result.out) == [(str(path), "high-effort", 13, 13)]
    assert result.out.endswith("1 file checked: 0 errors, 1 warning\n")


def test_strict_turns_warnings_into_exit_1(cli: Cli, write: Write) -> None:
    assert cli("check", "--strict", write(WARNED)).exit_code == 1
    assert cli("check", "--strict", write(MINIMAL_JOURNEY, "clean.journey.yaml")).exit_code == 0


def test_errors_exit_1(cli: Cli, write: Write) -> None:
    path = write(MINIMAL_JOURNEY.replace("stage: buy", "stage: bye"))
    result = cli("check", path)
    assert result.exit_code == 1
    assert located(result.out) == [(str(path), "unknown-reference", 11, 12)]
    assert result.out.endswith("1 file checked: 1 error, 0 warnings\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["check", "nowhere.journey.yaml"], "journeymap check: nowhere.journey.yaml: no such file or folder"),
        (["check"], "the following arguments are required: PATH"),
        (["check", "--format", "xml", "journeys"], "invalid choice: 'xml'"),
        (["check", "--ignore", "no-goal", "journeys"], "--ignore: unknown warning code no-goal; known codes: "),
        (["check", "--ignore", "no-goals,trapped", "journeys"], "unknown warning code trapped"),
        (["check", "--no-such-option", "journeys"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_usage_errors_exit_2(cli: Cli, arguments: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = cli(*arguments)
    assert result.exit_code == 2
    assert message in result.err
    assert result.out == ""


def test_missing_path_among_good_ones_is_still_a_usage_error(cli: Cli, write: Write) -> None:
    result = cli("check", write(MINIMAL_JOURNEY), "nowhere.journey.yaml")
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("errors", "warnings", "files", "expected"),
    [
        (0, 0, 1, "1 file checked: 0 errors, 0 warnings"),
        (1, 1, 2, "2 files checked: 1 error, 1 warning"),
        (2, 3, 0, "0 files checked: 2 errors, 3 warnings"),
    ],
)
def test_summary_line(errors: int, warnings: int, files: int, expected: str) -> None:
    findings = [Finding("a", 1, 1, Level.ERROR, "bad-value", "x")] * errors
    findings += [Finding("a", 1, 1, Level.WARNING, "no-goals", "x")] * warnings
    assert summary(findings, files) == expected


# --- --ignore on the command line -----------------------------------------------------------------------------


def test_ignore_on_the_command_line(cli: Cli, write: Write) -> None:
    path = write(WARNED.replace("goals: [Show the smallest valid journey]\n", ""))
    assert {code for _, code, _, _ in located(cli("check", path).out)} == {"high-effort", "no-goals"}
    assert located(cli("check", "--ignore", "high-effort", path).out) == [(str(path), "no-goals", 1, 1)]
    result = cli("check", "--strict", "--ignore", "no-goals, high-effort", path)
    assert (result.exit_code, located(result.out)) == (0, [])


def test_ignore_does_not_silence_errors(cli: Cli, write: Write) -> None:
    result = cli("check", "--ignore", "high-effort", write(WARNED.replace("stage: buy", "stage: bye")))
    assert result.exit_code == 1


# --- folders --------------------------------------------------------------------------------------------------


def test_folders_are_searched_recursively_and_findings_sorted(cli: Cli, write: Write, tmp_path: Path) -> None:
    broken = MINIMAL_JOURNEY.replace("effort: 2", "effort: 9").replace("effort: 1", "effort: 0")
    write(broken, "b.journey.yaml")
    write(broken, "a/deeper/z.journey.yaml")
    write(WARNED, "a/m.journey.yaml")
    write("journey: nowhere\n", "a/walk.walkthrough.yaml")
    write("title: ignored, not a journey file name\n", "a/notes.yaml")
    write("title: [broken\n", ".hidden/x.journey.yaml")
    result = cli("check", tmp_path)
    assert result.exit_code == 1
    found = located(result.out)
    assert [(Path(path).relative_to(tmp_path).as_posix(), line) for path, _, line, _ in found] == [
        ("a/deeper/z.journey.yaml", 13),
        ("a/deeper/z.journey.yaml", 21),
        ("a/m.journey.yaml", 13),
        ("a/walk.walkthrough.yaml", 1),  # needs participant, date and steps
        ("a/walk.walkthrough.yaml", 1),
        ("a/walk.walkthrough.yaml", 1),
        ("b.journey.yaml", 13),
        ("b.journey.yaml", 21),
    ]
    assert found == sorted(found, key=lambda item: (item[0], item[2], item[3]))
    assert result.out.endswith("4 files checked: 7 errors, 1 warning\n")


def test_two_journeys_with_one_id_is_an_error(cli: Cli, write: Write, tmp_path: Path) -> None:
    first = write("id: shop\n" + MINIMAL_JOURNEY, "a/first.journey.yaml")
    second = write("id: shop\n" + MINIMAL_JOURNEY, "b/second.journey.yaml")
    result = cli("check", tmp_path)
    assert result.exit_code == 1
    assert located(result.out) == [(str(second), "duplicate-id", 1, 5)]
    assert f"journey id 'shop' is also used by {first}" in result.out


def test_a_file_given_twice_is_checked_once(cli: Cli, write: Write) -> None:
    path = write(WARNED)
    assert cli("check", path, path).out.endswith("1 file checked: 0 errors, 1 warning\n")


# --- output formats -------------------------------------------------------------------------------------------


def test_json_format(cli: Cli, write: Write) -> None:
    warned = write(WARNED, "warned.journey.yaml")
    broken = write(MINIMAL_JOURNEY.replace("effort: 2", "effort: 9"), "broken.journey.yaml")
    result = cli("check", "--format", "json", warned, broken)
    assert result.exit_code == 1
    report = json.loads(result.out)
    assert {key: report[key] for key in ("files", "errors", "warnings")} == {"files": 2, "errors": 1, "warnings": 1}
    assert [(f["path"], f["line"], f["column"], f["level"], f["code"]) for f in report["findings"]] == [
        (str(broken), 13, 13, "error", "bad-value"),
        (str(warned), 13, 13, "warning", "high-effort"),
    ]
    assert set(report["findings"][0]) == {"path", "line", "column", "level", "code", "message"}
    assert "allowed: 1 (effortless) .. 7 (very hard)" in report["findings"][0]["message"]


def test_json_format_of_a_clean_run(cli: Cli, write: Write) -> None:
    result = cli("check", "--format", "json", write(MINIMAL_JOURNEY))
    assert json.loads(result.out) == {
        "format_version": 1,
        "files": 1,
        "errors": 0,
        "warnings": 0,
        "left_out": [],
        "findings": [],
    }


def test_summary_names_the_touchpoints_the_scores_leave_out(cli: Cli, write: Write) -> None:
    lost = "  - {id: lost, title: Lost, stage: after, channel: web, effort: 1}\n"
    path = write(MINIMAL_JOURNEY + lost)
    result = cli("check", path)
    assert result.out.splitlines()[-1].endswith("; the scores leave out 1 of 3 touchpoints")
    data = json.loads(cli("check", "--format", "json", path).out)
    assert data["left_out"] == [{"journey": "test", "touchpoints": 1, "of": 3}]


def test_github_format(cli: Cli, write: Write) -> None:
    warned = write(WARNED, "warned.journey.yaml")
    broken = write(MINIMAL_JOURNEY.replace("effort: 2", "effort: 9"), "broken.journey.yaml")
    lines = cli("check", "--format", "github", warned, broken).out.splitlines()
    assert lines[0].startswith(f"::error file={broken},line=13,col=13,title=bad-value::touchpoint 'order', effort: ")
    assert lines[1].startswith(f"::warning file={warned},line=13,col=13,title=high-effort::'order' has effort 6")
    assert lines[2] == "2 files checked: 1 error, 1 warning"


def test_github_format_escapes_properties_and_message(cli: Cli, write: Write, tmp_path: Path) -> None:
    # A path with ':' and ',' and a message with '%' must not break the workflow command.
    path = write(MINIMAL_JOURNEY.replace("id: order", 'id: "50%"'), "a,b:c.journey.yaml")
    line = cli("check", "--format", "github", path).out.splitlines()[0]
    escaped_path = str(tmp_path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + "/a%2Cb%3Ac.journey.yaml"
    assert line.startswith(
        f"::error file={escaped_path},line=9,col=9,title=bad-value::touchpoint '50%25', id: '50%25' is"
    )


def test_github_reporter_escaping() -> None:
    finding = Finding("x,y:z%.journey.yaml", 2, 3, Level.WARNING, "no-goals", "100% sure\nsecond line\r: a, b")
    assert github([finding], 1).splitlines() == [
        "::warning file=x%2Cy%3Az%25.journey.yaml,line=2,col=3,title=no-goals::100%25 sure%0Asecond line%0D: a, b",
        "1 file checked: 0 errors, 1 warning",
    ]


# --- the examples ---------------------------------------------------------------------------------------------


def test_examples_check_without_errors(cli: Cli) -> None:
    result = cli("check", EXAMPLES)
    assert result.exit_code == 0, result.out
    files = len(EXAMPLE_JOURNEYS) + len(EXAMPLE_WALKTHROUGHS)
    assert re.search(rf"^{files} files checked: 0 errors, \d+ warnings$", result.out, re.MULTILINE)
    assert all(level == "warning" for level in re.findall(r": (\w+)\[", result.out))


@pytest.mark.parametrize("path", EXAMPLE_JOURNEYS + EXAMPLE_WALKTHROUGHS, ids=lambda path: path.name)
def test_example_starts_with_the_schema_modeline(path: Path) -> None:
    kind = "journey" if path.name.endswith(".journey.yaml") else "walkthrough"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={kind}.schema.json"
    assert (path.parent / f"{kind}.schema.json").is_file()
