"""The JSON Schemas editors use: committed files match `journeymap schema`, and they describe the format truly."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, EXAMPLES, MINIMAL_JOURNEY, Result

from journeymap.codes import WarningCode
from journeymap.model import ID_PATTERN, ChannelKind, Outcome, Phase, Severity, TouchpointKind
from journeymap.schema import MODELS, json_schema

Cli = Callable[..., Result]
KINDS = sorted(MODELS)


def committed(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((EXAMPLES / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return schema


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_what_the_command_prints(cli: Cli, kind: str) -> None:
    result = cli("schema", kind)
    assert result.exit_code == 0
    text = (EXAMPLES / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert text == result.out, (
        f"journeys/{kind}.schema.json is out of date with the model; "
        f"regenerate it with `journeymap schema {kind} -o journeys/{kind}.schema.json`"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_output_option_writes_the_same_schema(cli: Cli, kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"{kind}.schema.json"
    result = cli("schema", kind, "-o", target)
    assert (result.exit_code, result.out) == (0, "")
    assert target.read_text(encoding="utf-8") == cli("schema", kind).out


def test_journey_is_the_default_kind(cli: Cli) -> None:
    assert cli("schema").out == cli("schema", "journey").out


def test_unknown_kind_is_a_usage_error(cli: Cli) -> None:
    assert cli("schema", "persona").exit_code == 2


# --- structural facts an editor relies on ---------------------------------------------------------------------


def subschemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object inside a schema (property values, items, anyOf branches, definitions)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for child in value.values():
                    yield from subschemas(child)
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                yield from subschemas(value)
            elif key == "anyOf":
                for child in value:
                    yield from subschemas(child)


@pytest.mark.parametrize("kind", KINDS)
def test_every_mapping_refuses_unknown_keys(kind: str) -> None:
    models = [node for node in subschemas(committed(kind)) if "properties" in node]
    assert len(models) >= (2 if kind == "walkthrough" else 7)
    assert all(node["additionalProperties"] is False for node in models)


@pytest.mark.parametrize("kind", KINDS)
def test_only_json_schema_keywords(kind: str) -> None:
    # pydantic leaks its own names (ge, le, gt) when a constraint follows a validator; editors ignore those.
    keywords = {key for node in subschemas(committed(kind)) for key in node if key not in ("properties", "$defs")}
    known = {
        "$schema",
        "$ref",
        "title",
        "description",
        "default",
        "examples",
        "type",
        "properties",
        "additionalProperties",
    }
    known |= {"required", "items", "minItems", "anyOf", "enum", "const", "pattern", "minimum", "maximum"}
    known |= {"exclusiveMinimum", "format", "minLength"}
    known |= {"markdownDescription"}  # yaml-language-server's own: the description rendered as markdown on hover
    assert keywords <= known, keywords - known


def test_journey_schema_facts() -> None:
    schema = committed("journey")
    definitions = schema["$defs"]
    assert schema["title"] == "journeymap journey, format version 1"
    assert schema["required"] == ["title", "stages", "touchpoints"]
    assert schema["properties"]["journeymap"]["const"] == 1
    stages = schema["properties"]["stages"]
    assert stages["minItems"] == 1
    assert stages["items"]["anyOf"] == [
        {"$ref": "#/$defs/Stage"},
        *[{"pattern": ID_PATTERN, "type": "string"}, {"minimum": 0, "type": "integer"}],
    ]  # `- buy` short form
    touchpoint = definitions["Touchpoint"]
    assert touchpoint["required"] == ["id", "title", "stage", "channel"]
    assert touchpoint["properties"]["next"]["items"]["anyOf"] == [
        {"$ref": "#/$defs/Transition"},
        *[{"pattern": ID_PATTERN, "type": "string"}, {"minimum": 0, "type": "integer"}],
    ]
    effort = touchpoint["properties"]["effort"]["anyOf"][0]
    assert (effort["type"], effort["minimum"], effort["maximum"]) == ("integer", 1, 7)
    emotion = touchpoint["properties"]["emotion"]["anyOf"][0]
    assert (emotion["minimum"], emotion["maximum"]) == (-2, 2)
    share = definitions["Transition"]["properties"]["share"]["anyOf"][0]
    assert (share["type"], share["exclusiveMinimum"], share["maximum"]) == ("number", 0, 1)
    percent = definitions["Transition"]["properties"]["share"]["anyOf"][1]
    assert (
        percent["type"] == "string" and re.match(percent["pattern"], "12.5%") and not re.match(percent["pattern"], "x")
    )
    codes = {"enum": [code.value for code in WarningCode], "description": "a warning code"}
    assert touchpoint["properties"]["ignore"]["anyOf"][0] == {"items": codes, "type": "array"}
    assert definitions["Transition"]["properties"]["ignore"]["anyOf"][0] == {"items": codes, "type": "array"}
    assert definitions["Transition"]["required"] == ["to"]
    assert touchpoint["properties"]["id"]["anyOf"][0]["pattern"] == ID_PATTERN  # or a number: `id: 2026`
    assert re.match(touchpoint["properties"]["duration"]["anyOf"][0]["pattern"], "1.5h")
    assert touchpoint["properties"]["metrics"]["additionalProperties"] == {"type": "number"}
    assert definitions["Channel"]["required"] == ["id", "kind"]
    assert definitions["Stage"]["required"] == ["id"]
    assert definitions["Persona"]["required"] == ["name"]
    for name, enum in [("ChannelKind", ChannelKind), ("TouchpointKind", TouchpointKind)]:
        assert definitions[name]["enum"] == [member.value for member in enum]
    # a phase is one of the journey's `phases:`, so any id; the defaults are offered as examples
    assert definitions["Stage"]["properties"]["phase"]["examples"] == [member.value for member in Phase]
    assert definitions["Outcome"]["enum"] == [member.value for member in Outcome]
    goals = schema["properties"]["goals"]["anyOf"]
    text = {"anyOf": [{"type": "string"}, {"type": "number"}]}  # numbers are taken as text
    assert goals == [{"items": text, "type": "array"}, {"type": "string"}]  # one goal may be a text


def test_walkthrough_schema_facts() -> None:
    schema = committed("walkthrough")
    definitions = schema["$defs"]
    assert schema["required"] == ["journey", "participant", "date", "steps"]
    date = {key: value for key, value in schema["properties"]["date"].items() if "escription" not in key}
    assert date == {"format": "date", "title": "Date", "type": "string"}
    assert schema["properties"]["walkthrough"]["const"] == 1
    findings = definitions["Step"]["properties"]["findings"]["items"]["anyOf"]
    assert findings == [{"$ref": "#/$defs/StepFinding"}, {"type": "string"}, {"type": "number"}]
    assert definitions["StepFinding"]["required"] == ["text"]
    assert definitions["Severity"]["enum"] == [member.value for member in Severity]
    assert "required" not in definitions["Step"]  # a touchpoint or a title, checked by journeymap itself


def test_schema_function_matches_the_command(cli: Cli) -> None:
    assert json.loads(cli("schema", "walkthrough").out) == json_schema("walkthrough")


# --- the schema accepts every example, as an editor would see it -------------------------------------------------


def check(schema: dict[str, Any], node: dict[str, Any], value: Any, where: str = "") -> list[str]:
    """Problems of `value` against the keywords these schemas use (a tiny JSON Schema subset, no dependency)."""
    if "$ref" in node:
        return check(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[1]], value, where)
    if "anyOf" in node:
        branches = [check(schema, branch, value, where) for branch in node["anyOf"]]
        if all(branches):
            return [f"{where}: no match ({'; '.join(problem for problems in branches for problem in problems)})"]
        return []
    kinds: dict[str, type | tuple[type, ...]] = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
        "integer": int,
        "number": (int, float),
    }
    if "type" in node:
        expected = kinds[node["type"]]
        if not isinstance(value, expected) or (isinstance(value, bool) and node["type"] != "boolean"):
            return [f"{where}: expected {node['type']}, got {value!r}"]
    problems: list[str] = []
    if "const" in node and value != node["const"]:
        problems.append(f"{where}: expected {node['const']!r}")
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{where}: {value!r} not in {node['enum']}")
    if "pattern" in node and not re.search(node["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {node['pattern']}")
    if "minimum" in node and value < node["minimum"]:
        problems.append(f"{where}: {value} < {node['minimum']}")
    if "maximum" in node and value > node["maximum"]:
        problems.append(f"{where}: {value} > {node['maximum']}")
    if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
        problems.append(f"{where}: {value} <= {node['exclusiveMinimum']}")
    if "minLength" in node and len(value) < node["minLength"]:
        problems.append(f"{where}: shorter than {node['minLength']} characters")
    if "minItems" in node and len(value) < node["minItems"]:
        problems.append(f"{where}: fewer than {node['minItems']} items")
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            problems += check(schema, node["items"], item, f"{where}[{i}]")
    if isinstance(value, dict):
        properties = node.get("properties", {})
        problems += [f"{where}: missing {key!r}" for key in node.get("required", []) if key not in value]
        for key, item in value.items():
            if key in properties:
                problems += check(schema, properties[key], item, f"{where}.{key}")
            elif node.get("additionalProperties") is False:
                problems.append(f"{where}: unknown key {key!r}")
            elif isinstance(node.get("additionalProperties"), dict):
                problems += check(schema, node["additionalProperties"], item, f"{where}.{key}")
    return problems


def as_an_editor_reads(path: Path) -> Any:
    """The data as VS Code's YAML extension sees it: YAML 1.2, where a date is a string."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", EXAMPLE_JOURNEYS + EXAMPLE_WALKTHROUGHS, ids=lambda path: path.name)
def test_schema_accepts_every_example(path: Path) -> None:
    kind = "journey" if path.name.endswith(".journey.yaml") else "walkthrough"
    schema = committed(kind)
    assert check(schema, schema, as_an_editor_reads(path)) == []


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("title: Minimal", "titel: Minimal", "unknown key 'titel'"),
        ("    effort: 2", "    effort: 9", "9 > 7"),
        ("    effort: 2", "    effort: 2\n    duration: 15", "expected string, got 15"),
        ("  - id: order", "  - id: Order", "does not match"),
        ("next: [bill]", "next: [{to: bill, share: 0}]", "next[0]: no match"),
        ("    kind: invoice", "    kind: bill", "'bill' not in"),
    ],
)
def test_schema_rejects_what_journeymap_rejects(tmp_path: Path, old: str, new: str, problem: str) -> None:
    path = tmp_path / "test.journey.yaml"
    path.write_text(MINIMAL_JOURNEY.replace(old, new), encoding="utf-8")
    schema = committed("journey")
    problems = check(schema, schema, as_an_editor_reads(path))
    assert any(problem in found for found in problems), problems


# --- the schema accepts exactly what `check` accepts (check-jsonschema, both ways) ---------------------------------

# Codes of findings about a file's shape and values: what a schema can say. Other errors (a reference to no
# stage, shares that do not add up, trapped customers, duplicate ids) need the whole file and are `check`'s alone.
SHAPE_CODES = {"bad-value", "missing-key", "unknown-key", "unsupported-version", "bad-root", "empty-file"}
# Files that do not parse as YAML (or not as one document) are no case for a schema: check-jsonschema refuses them.
UNREADABLE = {
    "read-error",
    "not-text",
    "not-utf8",
    "yaml-syntax",
    "tab",
    "duplicate-key",
    "yaml-tag",
    "alias-expansion",
    "recursive-alias",
    "too-deep",
}

TRICKY: dict[str, str] = {
    # numbers and dates where text is expected: check takes them as text
    "number-title": MINIMAL_JOURNEY.replace("title: Minimal", "title: 2026"),
    "number-goal": MINIMAL_JOURNEY.replace("goals: [Show the smallest valid journey]", "goals: [2026, 3.5]"),
    "number-owner": MINIMAL_JOURNEY.replace("owner: finance", "owner: 42"),
    "date-description": MINIMAL_JOURNEY.replace("title: Minimal", "title: Minimal\ndescription: 2026-11-20"),
    "number-label": MINIMAL_JOURNEY.replace("next: [bill]", "next: [{to: bill, label: 2026}]"),
    "number-id": MINIMAL_JOURNEY.replace("title: Minimal", "id: 2026\ntitle: Minimal"),
    "single-goal": MINIMAL_JOURNEY.replace("goals: [Show the smallest valid journey]", "goals: One goal"),
    "backstage-number": MINIMAL_JOURNEY.replace(
        "    effort: 1\n", "    effort: 1\n    backstage: [42, {action: Mails}]\n"
    ),
    # percentages: more than 0%, at most 100%
    "share-100-percent": MINIMAL_JOURNEY.replace("next: [bill]", "next: [{to: bill, share: 100%}]"),
    "share-150-percent": MINIMAL_JOURNEY.replace("next: [bill]", "next: [{to: bill, share: 150%}]"),
    "share-0-percent": MINIMAL_JOURNEY.replace("next: [bill]", "next: [{to: bill, share: 0%}]"),
    "share-above-one": MINIMAL_JOURNEY.replace("next: [bill]", "next: [{to: bill, share: 1.5}]"),
    # yes/no where text is expected: check refuses them
    # (`title: yes` is the one case left out: YAML 1.2, which editors and check-jsonschema read, takes it as the
    # text "yes", PyYAML's YAML 1.1 as a yes-or-no value that check refuses; the schema cannot tell the two
    # apart from a quoted "yes", which is valid, so it does not refuse either.)
    "blank-title": MINIMAL_JOURNEY.replace("title: Minimal", 'title: "  "'),
    "bad-stage-id": MINIMAL_JOURNEY.replace("  - id: after\n", "  - id: After\n").replace(
        "stage: after", "stage: After"
    ),
    "bad-short-stage": MINIMAL_JOURNEY.replace("  - id: after\n    phase: post-purchase\n", "  - After\n"),
    "unknown-ignore-code": MINIMAL_JOURNEY.replace("title: Minimal", "title: Minimal\nignore: [no-such-code]"),
    "ignore-code": MINIMAL_JOURNEY.replace("title: Minimal", "title: Minimal\nignore: no-goals"),
    "own-channel": MINIMAL_JOURNEY.replace("channel: web", "channel: kiosk").replace(
        "touchpoints:", "channels: [{id: kiosk, kind: analog}]\ntouchpoints:"
    ),
    "effort-eight": MINIMAL_JOURNEY.replace("effort: 2", "effort: 8"),
    "effort-yes": MINIMAL_JOURNEY.replace("effort: 2", "effort: yes"),
    "bare-duration": MINIMAL_JOURNEY.replace("effort: 2", "effort: 2\n    duration: 15"),
    "version-2": "journeymap: 2\n" + MINIMAL_JOURNEY,
}


def _corpus(tmp_path: Path) -> list[Path]:
    files = [*EXAMPLE_JOURNEYS, *EXAMPLE_WALKTHROUGHS, *sorted((EXAMPLES.parent / "tests").glob("*/*.*.yaml"))]
    for name, text in TRICKY.items():
        path = tmp_path / f"{name}.journey.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def _schema_verdicts(schema: Path, files: list[Path]) -> dict[str, bool | None]:
    """File -> whether check-jsonschema finds it valid (None: it cannot read the file)."""
    import subprocess
    import sys

    tool = Path(sys.executable).parent / "check-jsonschema"
    found = subprocess.run(
        [str(tool), "--schemafile", str(schema), "-o", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(found.stdout)
    failed = {error["filename"] for error in report["errors"]}
    unreadable = {error["filename"] for error in report["parse_errors"]}
    return {str(file): None if str(file) in unreadable else str(file) not in failed for file in files}


def test_schema_accepts_exactly_what_check_accepts(cli: Cli, tmp_path: Path) -> None:
    """check-jsonschema against `check` on every bundled and test file and the tricky cases: a file `check`
    accepts passes the schema, and a file `check` refuses for its shape or values fails it."""
    every = _corpus(tmp_path)
    report = json.loads(cli("check", "--format", "json", *every).out)
    codes: dict[str, set[str]] = {str(file): set() for file in every}
    for finding in report["findings"]:
        if finding["level"] == "error":
            codes[finding["path"]].add(finding["code"])
    # Not even YAML (alias bombs, runaway nesting): nothing for a schema to judge, and no file to hand its loader.
    files = [file for file in every if not codes[str(file)] & UNREADABLE]
    verdicts: dict[str, bool | None] = {}
    for kind in KINDS:
        chosen = [file for file in files if file.name.endswith(f".{kind}.yaml")]
        verdicts |= _schema_verdicts(EXAMPLES / f"{kind}.schema.json", chosen)
    wrong = []
    for file in files:
        found = codes[str(file)]
        if verdicts[str(file)] is None:
            continue
        if found and not found & SHAPE_CODES:
            continue  # refused for what only the whole file shows: the schema may pass it or not
        check_clean = not found
        if check_clean != verdicts[str(file)]:
            wrong.append(
                f"{file.name}: check {'clean' if check_clean else sorted(found)}, schema "
                f"{'clean' if verdicts[str(file)] else 'refuses'}"
            )
    assert not wrong, "\n".join(wrong)
    assert sum(1 for verdict in verdicts.values() if verdict) >= 20  # the corpus holds clean files, and
    assert sum(1 for verdict in verdicts.values() if verdict is False) >= 10  # refused ones


def test_every_property_has_the_text_of_docs_format() -> None:
    """Every property of both schemas is described, with the text docs/format.md gives its key in a table."""
    from journeymap.format_keys import DESCRIPTIONS

    rows: dict[str, set[str]] = {}
    for line in (EXAMPLES.parent / "docs" / "format.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 3 and cells[0].startswith("`"):
            for key in re.findall(r"`([a-z_]+)`", cells[0]):
                rows.setdefault(key, set()).add(cells[2].replace("\\|", "|"))
    for name in KINDS:
        schema = committed(name)
        model_name = schema.get("title", "")
        for model, definition in [(MODELS[name].__name__, schema), *schema["$defs"].items()]:
            for key, node in definition.get("properties", {}).items():
                text = DESCRIPTIONS.get(model, {}).get(key)
                assert text is not None, f"{model}.{key} has no text in journeymap/format_keys.py ({model_name})"
                assert node["description"] == text
                assert text in rows.get(key, set()), f"docs/format.md has no row for {model}.{key} saying {text!r}"


def test_ignore_offers_the_warning_codes_and_channel_the_built_in_channels() -> None:
    from journeymap.codes import WarningCode
    from journeymap.model import BUILT_IN_CHANNELS

    schema = committed("journey")
    ignore = schema["$defs"]["Touchpoint"]["properties"]["ignore"]
    assert ignore["anyOf"][0]["items"]["enum"] == [code.value for code in WarningCode]
    assert schema["properties"]["ignore"]["anyOf"][1]["enum"] == [code.value for code in WarningCode]
    channel = schema["$defs"]["Touchpoint"]["properties"]["channel"]
    assert channel["anyOf"][0]["enum"] == list(BUILT_IN_CHANNELS)
    assert channel["anyOf"][1]["pattern"] == ID_PATTERN
