"""Messages in the words of the file: places named as the writer sees them, values as YAML, one typo one finding."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, VALID_JOURNEY, changed

from journeymap.findings import Finding
from journeymap.project import load_project
from journeymap.validate.names import did_you_mean
from journeymap.validate.places import describe, yaml_text

MALFORMED = ROOT / "tests" / "malformed"
INDEX_NOTATION = re.compile(r"\[\d+\]")

Check = Callable[..., list[Finding]]


@pytest.fixture
def check(write: Callable[..., Path]) -> Check:
    def run(text: str) -> list[Finding]:
        return load_project([str(write(text, "phone.journey.yaml"))]).findings

    return run


def test_no_message_of_the_malformed_corpus_counts_list_items_from_zero() -> None:
    findings = load_project([str(MALFORMED)]).findings
    assert len(findings) > 30
    assert [str(finding) for finding in findings if INDEX_NOTATION.search(finding.message)] == []


def test_a_transition_is_named_by_its_touchpoint_its_number_and_what_it_says(check: Check) -> None:
    text = changed(("next: [bill]", "next: [order, bill, {to: bill, share: half}]"))
    messages = [f.message for f in check(text) if f.code == "bad-value"]
    assert messages == [
        "touchpoint 'order', transition 3 ('to: bill'), share: expected a number, got 'half'; "
        "allowed: probability, 0 < share <= 1, or a percentage from 0% (exclusive) to 100%, e.g. 10%"
    ]


def test_values_are_echoed_as_yaml_not_python(check: Check) -> None:
    text = changed(("title: Buying a phone\n", "title: Buying a phone\npersona: [{name: Sanne, description: 34}]\n"))
    (finding,) = check(text)
    assert "got [{name: 'Sanne', description: 34}]" in finding.message
    assert "{'name'" not in finding.message


def test_one_typo_gives_one_finding(check: Check) -> None:
    findings = check(changed(("title: Buying a phone", "tittle: Buying a phone")))
    assert [(f.code, f.line, f.column, f.message) for f in findings] == [
        ("unknown-key", 1, 1, "unknown key 'tittle' in the file; did you mean 'title'?")
    ]


def test_a_missing_key_lists_the_values_it_may_take(check: Check) -> None:
    text = changed(("touchpoints:\n", "channels:\n  - id: shop\ntouchpoints:\n"))
    (finding,) = check(text)
    assert finding.message == "channel 'shop' needs the key 'kind' (digital or analog); add it"


def test_the_classic_map_layers_are_keys_of_a_touchpoint_now(check: Check) -> None:
    assert check(changed(("    effort: 2\n", "    effort: 2\n    backstage: [Checks the stock]\n"))) == []


@pytest.mark.parametrize("key", ["colour", "priority"])
def test_keys_far_from_any_known_key_get_no_guess(check: Check, key: str) -> None:
    (finding,) = check(changed(("title: Buying a phone\n", f"title: Buying a phone\n{key}: x\n")))
    assert "did you mean" not in finding.message
    assert finding.message.startswith(f"unknown key '{key}' in the file; allowed here: ")


@pytest.mark.parametrize(
    ("name", "known", "suggestion"),
    [
        ("tittle", ["title", "stage"], "title"),
        ("titel", ["title"], "title"),  # two neighbours swapped count as one typo
        ("pain-points", ["pain_points"], "pain_points"),
        ("Finance", ["finance"], "finance"),
        ("webshop", ["web", "email"], "web"),  # one starts the other
        ("descripton", ["description"], "description"),
        ("backstage", ["stage"], None),
        ("image", ["stage", "id"], None),
        ("xy", ["x"], None),
    ],
)
def test_suggestions_only_when_close_enough_to_help(name: str, known: list[str], suggestion: str | None) -> None:
    assert did_you_mean(name, known) == (f"did you mean {suggestion!r}?" if suggestion else "")


@pytest.mark.parametrize(
    ("data", "location", "place"),
    [
        ({}, (), "the file"),
        ({"title": 1}, ("title",), "title"),
        ({"stages": ["buy", {"id": "pay"}, 5]}, ("stages", 1, "phase"), "stage 'pay', phase"),
        ({"stages": [{"title": "x"}]}, ("stages", 0), "stage 1"),
        (
            {"touchpoints": [{"id": "sign-offer", "next": ["a", "b", {"to": "notary"}]}]},
            ("touchpoints", 0, "next", 2, "share"),
            "touchpoint 'sign-offer', transition 3 ('to: notary'), share",
        ),
        (
            {"touchpoints": [{"id": "a", "next": ["b"]}]},
            ("touchpoints", 0, "next", 0),
            "touchpoint 'a', transition 1 ('b')",
        ),
        ({"goals": ["a", 5]}, ("goals", 1), "goals, item 2"),
        (
            {"touchpoints": [{"id": "a", "metrics": {"csat": "x"}}]},
            ("touchpoints", 0, "metrics", "csat"),
            "touchpoint 'a', metrics.csat",
        ),
        (
            {"steps": [{"touchpoint": "order"}, {"title": "Called"}]},
            ("steps", 1, "effort"),
            "step 2 ('Called'), effort",
        ),
    ],
)
def test_places_in_the_words_of_the_file(data: object, location: tuple[str | int, ...], place: str) -> None:
    assert describe(data, location) == place


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("high", "'high'"),
        ("it's", "'it''s'"),
        (2.5, "2.5"),
        (True, "true"),
        (None, "null"),
        ([{"name": "Sanne"}], "[{name: 'Sanne'}]"),
    ],
)
def test_values_as_yaml(value: object, shown: str) -> None:
    assert yaml_text(value) == shown


@pytest.mark.parametrize(
    ("share", "message"),
    [("0%", "more than 0% and at most 100%"), ("150%", "at most 100%"), ("ten%", "expected a number")],
)
def test_percent_shares_outside_the_range_say_so(check: Check, share: str, message: str) -> None:
    (finding,) = check(changed(("next: [bill]", f"next: [{{to: bill, share: {share}}}]")))
    assert (finding.code, finding.line) == ("bad-value", 14)
    assert message in finding.message


def test_valid_journey_stays_quiet(check: Check) -> None:
    assert check(VALID_JOURNEY) == []
    assert check(changed(("next: [bill]", "next: [{to: bill, share: 100%}]"))) == []
