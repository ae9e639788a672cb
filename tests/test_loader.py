"""The loader: every YAML-level error at its exact line and column, and positions that survive loading."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
import yaml

from journeymap import loader
from journeymap.findings import Finding, Level
from journeymap.loader import ALIAS_EXPANSION_LIMIT, NESTING_LIMIT, Document, load_bytes, load_file, load_text

PATH = "test.journey.yaml"

BILLION_LAUGHS = """\
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def located(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(finding.code, finding.line, finding.column) for finding in findings]


def load(text: str) -> tuple[Document | None, list[Finding]]:
    return load_text(textwrap.dedent(text), PATH)


# One case per loader error code: a tiny YAML and the exact (line, column) of the problem.
LOADER_ERRORS = [
    pytest.param("title: a: b\n", "yaml-syntax", 1, 9, id="yaml-syntax-colon-in-value"),
    # An unclosed bracket or quote is reported where it opens: that is the line to change (syntax_hints.py).
    pytest.param("title: Minimal\nstages: [buy, after\n", "yaml-syntax", 2, 9, id="yaml-syntax-unclosed-bracket"),
    pytest.param('title: "unclosed\n', "yaml-syntax", 1, 8, id="yaml-syntax-unclosed-quote"),
    pytest.param("title: x\n---\ntitle: y\n", "yaml-syntax", 2, 1, id="yaml-syntax-second-document"),
    pytest.param('title: x\nowner: "a\x07b"\n', "yaml-syntax", 2, 10, id="yaml-syntax-control-character"),
    pytest.param("title: x\nstages:\n\t- buy\n", "tab", 3, 1, id="tab"),
    pytest.param("title: x\nstages:\n  -\tbuy\n", "tab", 3, 4, id="tab-after-dash"),
    pytest.param("", "empty-file", 1, 1, id="empty-file"),
    pytest.param("# only a comment\n\n# and another\n", "empty-file", 1, 1, id="empty-file-comments-only"),
    pytest.param("---\n", "empty-file", 1, 1, id="empty-file-document-marker-only"),
    pytest.param("- title: x\n- title: y\n", "bad-root", 1, 1, id="bad-root-list"),
    pytest.param("# a comment\njust some text\n", "bad-root", 2, 1, id="bad-root-scalar"),
    pytest.param("--- 42\n", "bad-root", 1, 5, id="bad-root-number"),
    pytest.param("title: !!python/object:os.system x\n", "yaml-tag", 1, 8, id="yaml-tag-python-object"),
    pytest.param("!!python/object/apply:os.system [ls]\n", "yaml-tag", 1, 1, id="yaml-tag-on-root"),
    pytest.param("title: x\nowner: !custom team\n", "yaml-tag", 2, 8, id="yaml-tag-custom"),
    pytest.param("title: !!binary aGVsbG8=\n", "yaml-tag", 1, 8, id="yaml-tag-binary"),
    pytest.param(BILLION_LAUGHS, "alias-expansion", 5, 4, id="alias-expansion"),
    pytest.param("title: x\nstages: &loop [*loop]\n", "recursive-alias", 2, 9, id="recursive-alias"),
    pytest.param("title: " + "[" * 100 + "]" * 100 + "\n", "too-deep", 1, 8 + NESTING_LIMIT - 1, id="too-deep"),
    pytest.param("title: x\nowner: a\ntitle: y\n", "duplicate-key", 3, 1, id="duplicate-key"),
    pytest.param("stages:\n  - id: a\n    id: b\n", "duplicate-key", 3, 5, id="duplicate-key-nested"),
    pytest.param("title: x\n[a, b]: c\n", "bad-value", 2, 1, id="bad-value-list-as-key"),
    pytest.param("title: x\n<<: 5\n", "bad-value", 2, 5, id="bad-value-merge-of-a-scalar"),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), LOADER_ERRORS)
def test_loader_error_is_located(text: str, code: str, line: int, column: int) -> None:
    _, findings = load_text(text, PATH)
    assert located(findings) == [(code, line, column)]
    assert all(finding.level is Level.ERROR and finding.path == PATH for finding in findings)
    assert "\n" not in findings[0].message


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    document, findings = load_text(BILLION_LAUGHS, PATH)
    assert document is None  # nothing expanded reaches validation
    assert [finding.code for finding in findings] == ["alias-expansion"]
    assert f"{ALIAS_EXPANSION_LIMIT:,}" in findings[0].message


def test_recursive_alias_gives_no_document() -> None:
    document, findings = load("a: &a [*a]\n")
    assert document is None
    assert located(findings) == [("recursive-alias", 1, 4)]


def test_a_few_aliases_are_fine() -> None:
    document, findings = load(
        """\
        owner: &team Customer service
        notes: *team
        pain_points: &pains [Slow answer, Unclear bill]
        opportunities: *pains
        """
    )
    assert findings == []
    assert document is not None
    assert document.data["notes"] == "Customer service"
    assert document.data["opportunities"] == ["Slow answer", "Unclear bill"]


@pytest.mark.parametrize("brackets", [1_000, 10_000])
def test_nesting_far_too_deep_is_refused_before_parsing_it_into_nodes(brackets: int) -> None:
    # The nesting is refused on the event stream; far deeper files (a crash in libyaml) are run in a subprocess
    # by test_cli_check.py, so a regression fails a test instead of killing the test run.
    document, findings = load_text("title: " + "[" * brackets + "]" * brackets + "\n", PATH)
    assert document is None
    assert located(findings) == [("too-deep", 1, 7 + NESTING_LIMIT)]
    assert "unclosed brackets" in findings[0].message


def test_nesting_within_the_limit_loads() -> None:
    depth = NESTING_LIMIT - 1  # the root mapping is the first level
    document, findings = load_text("title: " + "[" * depth + "]" * depth + "\n", PATH)
    assert findings == []
    assert document is not None


def test_deep_nesting_through_block_indentation_is_refused() -> None:
    text = "a:\n" + "".join(" " * level + "-\n" for level in range(NESTING_LIMIT + 5))
    document, findings = load_text(text, PATH)
    assert document is None
    assert [finding.code for finding in findings] == ["too-deep"]


def test_block_nesting_deeper_than_libyaml_allows_is_our_too_deep_at_our_place() -> None:
    # libyaml stops at 1000 block levels with its own "exceeded maximum nesting depth"; the user sees ours.
    text = "a:\n" + "".join(" " * level + "-\n" for level in range(1_200))
    document, findings = load_text(text, PATH)
    assert document is None
    # the root mapping is level 1, the `-` on line n + 2 (column n + 1) opens level n + 2
    level = NESTING_LIMIT + 1
    assert located(findings) == [("too-deep", level, level - 1)]
    assert "unclosed brackets" in findings[0].message


def test_flow_and_block_nesting_together_are_counted_as_one_depth() -> None:
    text = "a:\n" + "".join(" " * level + "-\n" for level in range(10)) + " " * 10 + "[" * 2_000 + "]" * 2_000 + "\n"
    document, findings = load_text(text, PATH)
    assert document is None
    # levels 1-11 are the root and the ten `-`; the first `[` (line 12, column 11) opens level 12
    assert located(findings) == [("too-deep", 12, 11 + (NESTING_LIMIT + 1 - 12))]


def test_unsafe_tag_never_constructs_the_object() -> None:
    document, findings = load("title: !!python/object/apply:os.system [echo hacked]\n")
    assert [finding.code for finding in findings] == ["yaml-tag"]
    assert document is not None  # the rest of the file is still checked ...
    assert document.data["title"] == ["echo hacked"]  # ... and the tagged value stays plain data


def test_duplicate_key_message_names_the_first_line() -> None:
    _, findings = load("title: x\nowner: a\ntitle: y\n")
    assert findings[0].message.startswith("duplicate key 'title' (first on line 1)")


def test_tab_message_says_how_to_fix_it() -> None:
    _, findings = load("title: x\nstages:\n\t- buy\n")
    assert "replace the tab with spaces" in findings[0].message


def test_every_duplicate_key_is_reported_in_one_run() -> None:
    _, findings = load("title: x\ntitle: y\nowner: a\nowner: b\n")
    assert located(findings) == [("duplicate-key", 2, 1), ("duplicate-key", 4, 1)]


# --- bytes that are not UTF-8 text ----------------------------------------------------------------------------


BYTES_ERRORS = [
    pytest.param(b"title: caf\xe9\n", "not-utf8", 1, 11, "byte 0xe9", id="latin-1"),
    pytest.param(b"title: ok\nowner: J\xfcrgen\n", "not-utf8", 2, 9, "byte 0xfc", id="latin-1-second-line"),
    pytest.param("title: x\n".encode("utf-16"), "not-utf8", 1, 1, "UTF-16", id="utf-16"),
    pytest.param("title: x\n".encode("utf-32"), "not-utf8", 1, 1, "UTF-32", id="utf-32"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not-text", 1, 1, "binary", id="png"),
]


@pytest.mark.parametrize(("raw", "code", "line", "column", "hint"), BYTES_ERRORS)
def test_bytes_that_are_not_utf8_text(raw: bytes, code: str, line: int, column: int, hint: str) -> None:
    document, findings = load_bytes(raw, PATH)
    assert document is None
    assert located(findings) == [(code, line, column)]
    assert hint in findings[0].message


def test_utf8_with_byte_order_mark_loads() -> None:
    document, findings = load_bytes("\ufefftitle: Café\n".encode(), PATH)
    assert findings == []
    assert document is not None
    assert document.data == {"title": "Café"}


# --- files that cannot be read --------------------------------------------------------------------------------


def test_a_folder_cannot_be_read_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.journey.yaml"
    folder.mkdir()
    document, findings = load_file(str(folder))
    assert document is None
    assert located(findings) == [("read-error", 1, 1)]
    assert findings[0].message.startswith("this is not a regular file")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read files without permission")
def test_an_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "locked.journey.yaml"
    path.write_text("title: x\n", encoding="utf-8")
    path.chmod(0)
    try:
        document, findings = load_file(str(path))
    finally:
        path.chmod(0o644)
    assert document is None
    assert located(findings) == [("read-error", 1, 1)]
    assert "Permission denied" in findings[0].message


def test_permission_denied_is_a_finding_even_for_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(path: str, mode: str) -> None:
        raise PermissionError(13, "Permission denied", path)

    (tmp_path / "locked.journey.yaml").write_text("title: x\n", encoding="utf-8")
    monkeypatch.setattr(loader, "open", refuse, raising=False)  # shadows the builtin inside the loader only
    document, findings = load_file(str(tmp_path / "locked.journey.yaml"))
    assert document is None
    assert [str(finding) for finding in findings] == [
        f"{tmp_path / 'locked.journey.yaml'}:1:1: error[read-error] cannot read the file: Permission denied"
    ]


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    document, findings = load_file(str(tmp_path / "gone.journey.yaml"))
    assert document is None
    assert located(findings) == [("read-error", 1, 1)]


# --- values and positions -------------------------------------------------------------------------------------

JOURNEY = """\
# a comment first, so positions are not trivially line 1
title: Positions
stages: [buy]
touchpoints:
  - id: order
    title: Orders
    effort: 2
    next:
      - bill
      - to: call
        share: 0.1
  - id: bill
    title: "Pays"
"""


@pytest.fixture
def document() -> Document:
    loaded, findings = load_text(JOURNEY, PATH)
    assert findings == []
    assert loaded is not None
    return loaded


@pytest.mark.parametrize(
    ("location", "key", "expected"),
    [
        ((), False, (2, 1)),
        (("title",), False, (2, 8)),
        (("title",), True, (2, 1)),
        (("stages", 0), False, (3, 10)),
        (("touchpoints", 0, "effort"), False, (7, 13)),
        (("touchpoints", 0, "effort"), True, (7, 5)),
        (("touchpoints", 0, "next", 0), False, (9, 9)),
        (("touchpoints", 0, "next", 1, "share"), False, (11, 16)),
        (("touchpoints", 1, "title"), False, (13, 12)),
        # deeper than the file (a default, a short form): the deepest node that exists
        (("touchpoints", 0, "next", 0, "to"), False, (9, 9)),
        (("touchpoints", 1, "effort"), False, (12, 5)),
        (("touchpoints", 7), False, (5, 3)),
    ],
)
def test_position_of_values_and_keys(
    document: Document, location: tuple[str | int, ...], key: bool, expected: tuple[int, int]
) -> None:
    assert document.position(location, key=key) == expected


def test_plain_data_keeps_yaml_types(document: Document) -> None:
    assert document.data["touchpoints"][0]["effort"] == 2
    assert document.data["touchpoints"][0]["next"] == ["bill", {"to": "call", "share": 0.1}]


def test_dates_load_as_dates_and_impossible_dates_stay_text() -> None:
    document, findings = load("date: 2026-11-20\nlater: 2026-13-45\nstamp: 2026-11-20T10:30:00\n")
    assert findings == []
    assert document is not None
    assert str(document.data["date"]) == "2026-11-20"
    assert document.data["later"] == "2026-13-45"  # the model says what the field needs
    assert document.data["stamp"].hour == 10


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    document, findings = load(
        """\
        defaults: &defaults {channel: web, effort: 2}
        step:
          <<: *defaults
          effort: 5
        """
    )
    assert findings == []
    assert document is not None
    assert document.data["step"] == {"effort": 5, "channel": "web"}
    assert document.position(("step", "channel")) == (1, 31)  # found through the merge


def test_finding_helpers_use_the_document_path(document: Document) -> None:
    finding = document.error(("touchpoints", 0, "effort"), "bad-value", "too easy")
    assert str(finding) == f"{PATH}:7:13: error[bad-value] too easy"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.journey.yaml"
    os.mkfifo(pipe)
    document, [finding] = load_file(str(pipe))
    assert document is None
    assert (finding.line, finding.column, finding.code) == (1, 1, "read-error")
    assert "not a regular file" in finding.message


# --- a PyYAML built without libyaml ---------------------------------------------------------------------------


@pytest.fixture
def pure_python_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML as pip builds it where libyaml is missing: no `yaml.CSafeLoader`."""
    monkeypatch.delattr(yaml, "CSafeLoader")


@pytest.mark.usefixtures("pure_python_yaml")
@pytest.mark.parametrize(("text", "code", "line", "column"), LOADER_ERRORS)
def test_without_libyaml_every_loader_error_is_the_same(text: str, code: str, line: int, column: int) -> None:
    _, findings = load_text(text, PATH)
    assert located(findings) == [(code, line, column)]


@pytest.mark.usefixtures("pure_python_yaml")
@pytest.mark.parametrize(("raw", "code", "line", "column", "hint"), BYTES_ERRORS)
def test_without_libyaml_bytes_errors_are_the_same(raw: bytes, code: str, line: int, column: int, hint: str) -> None:
    _, findings = load_bytes(raw, PATH)
    assert located(findings) == [(code, line, column)]


def test_without_libyaml_the_same_data_and_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml, _ = load_text(JOURNEY, PATH)
    monkeypatch.delattr(yaml, "CSafeLoader")
    without, findings = load_text(JOURNEY, PATH)
    assert findings == []
    assert with_libyaml is not None and without is not None
    assert without.data == with_libyaml.data
    assert without.position(("touchpoints", 0, "next", 1, "share")) == (11, 16)


@pytest.mark.usefixtures("pure_python_yaml")
def test_without_libyaml_deep_nesting_is_still_refused_at_our_place() -> None:
    document, findings = load_text("title: " + "[" * 5_000 + "]" * 5_000 + "\n", PATH)
    assert document is None
    assert located(findings) == [("too-deep", 1, 7 + NESTING_LIMIT)]


# --- the one-pass loader against PyYAML's own composer and constructor ----------------------------------------

SNIPPETS = [
    "a: 1\nb: [x, 'y', \"z\", 2.5, true, null, ~, 0x1f]\nc: {d: e, f: [g, {h: i}]}\n",
    "defaults: &d {channel: web, effort: 2}\nlist: &l [a, b]\nstep:\n  <<: *d\n  effort: 5\nagain: *l\n",
    "one: &one {a: 1}\ntwo: &two {b: 2, a: 3}\nboth:\n  <<: [*one, *two]\n  c: 4\n",
    "inline:\n  <<: {x: 1}\n  y: 2\nempty: {}\nnone: []\nblank:\nquoted: ''\n",
    "key with spaces: value\n'quoted key': 1\n\"double\": [1, [2, [3, [4]]]]\n? explicit\n: value\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\nanchored: &s text\nalias: *s\n",
    "date: 2026-11-20\nstamp: 2026-11-20T10:30:00Z\nversion: 1.10\n",
    "- not\n- a mapping\n",
]


def reference_position(root: yaml.Node, location: tuple[str | int, ...], *, key: bool) -> tuple[int, int]:
    """Where PyYAML's composed node tree says the value (or key) at `location` starts, followed as YAML merges."""

    def child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            return (None, node.value[part]) if 0 <= part < len(node.value) else None
        if isinstance(node, yaml.MappingNode):
            merged = []
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    merged.extend(value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node])
                elif key_node.value == str(part):
                    return key_node, value_node
            for source in merged:
                found = child(source, part)
                if found is not None:
                    return found
        return None

    node, key_node = root, None
    for part in location:
        found = child(node, part)
        if found is None:
            break
        key_node, node = found
    target = key_node if key and key_node is not None else node
    return target.start_mark.line + 1, target.start_mark.column + 1


def locations(data: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for name, value in data.items():
            found += locations(value, (*prefix, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += locations(value, (*prefix, index))
    return found


def corpus() -> list[str]:
    files = sorted((Path(__file__).parent.parent / "journeys").glob("*.yaml"))
    return SNIPPETS + [path.read_text(encoding="utf-8") for path in files if not path.name.endswith(".json")]


@pytest.mark.parametrize("text", corpus())
def test_data_and_every_position_agree_with_pyyaml(text: str) -> None:
    document, findings = load_text(text, PATH)
    expected = yaml.load(text, Loader=yaml.CSafeLoader)  # the safe C loader
    if not isinstance(expected, dict):
        assert document is None and [finding.code for finding in findings] == ["bad-root"]
        return
    assert findings == []
    assert document is not None
    assert document.data == expected
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    for location in locations(document.data):
        for key in (False, True):
            assert document.position(location, key=key) == reference_position(root, location, key=key), location


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: *x\n", [("yaml-syntax", 1, 4)], id="undefined-alias"),
        pytest.param("*a : b\n", [("yaml-syntax", 1, 1)], id="undefined-alias-as-key"),
        pytest.param("a: &x 1\nb: &x 2\n", [("yaml-syntax", 2, 4)], id="duplicate-anchor"),
        pytest.param("? [a]\n: b\nc: d\n", [("bad-value", 1, 3)], id="list-as-explicit-key"),
        pytest.param("l: &l [a]\n*l : b\n", [("bad-value", 1, 4)], id="alias-of-a-list-as-key"),
        pytest.param("a: &a [*a]\nb: [x\n", [("yaml-syntax", 2, 4)], id="syntax-error-after-a-fatal-one"),
        pytest.param("- a\n---\n- b\n", [("yaml-syntax", 2, 1)], id="second-document-after-a-bad-root"),
    ],
)
def test_what_pyyaml_composer_caught_is_still_caught(text: str, expected: list[tuple[str, int, int]]) -> None:
    document, findings = load_text(text, PATH)
    assert document is None or expected[0][0] == "bad-value"
    assert located(findings) == expected


def test_an_alias_of_a_text_is_a_fine_key() -> None:
    document, findings = load("name: &n effort\nvalues:\n  *n : 3\n")
    assert findings == []
    assert document is not None
    assert document.data["values"] == {"effort": 3}
