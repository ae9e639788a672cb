"""YAML syntax errors explained: the common mistakes at the line to change, with the fix and libyaml's words."""

from __future__ import annotations

import pytest

from journeymap.loader import load_text

START = "title: Buying\nstages: [buy]\ntouchpoints:\n  - id: order\n    title: Orders\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            START + "    stage: buy\n    effort:2\n  - id: pay\n    title: Pays\n",
            7,
            5,
            "`effort:2` needs a space after the colon: write `effort: 2`",
            id="missing-space-after-colon",
        ),
        pytest.param(
            START + "   stage: buy\n    channel: web\n",
            6,
            4,
            "`stage:` is indented 3 spaces, `title:` on the line above 4 spaces: keys of one mapping line up",
            id="key-indented-too-little",
        ),
        pytest.param(
            START + "     stage: buy\n    channel: web\n",
            6,
            6,
            "`stage:` is indented 5 spaces, `title:` on the line above 4 spaces: keys of one mapping line up",
            id="key-indented-too-much",
        ),
        pytest.param(
            START + " - id: pay\n    title: Pays\n",
            6,
            1,
            "this list item is indented 1 space, the item on line 4 2 spaces: items of one list line up",
            id="list-item-indented-wrongly",
        ),
        pytest.param(
            START.replace("title: Orders", 'title: "Orders') + "    stage: buy\n",
            5,
            12,
            'the double quote " opened here is never closed: end the text with " on this line',
            id="unclosed-double-quote",
        ),
        pytest.param(
            START.replace("title: Orders", "title: 'it's ordered'"),
            5,
            16,
            "text goes on after the closing quote: write a ' inside '...' twice ('it''s ordered')",
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            START.replace("stages: [buy]", "stages: [buy, pay"),
            2,
            9,
            "the [ opened here is not closed: end it with ] (or write one `- item` per line)",
            id="unclosed-bracket",
        ),
        pytest.param(
            START.replace("title: Orders", "title: Note: call back"),
            5,
            16,
            "a colon and a space inside unquoted text start a new key: put the text in quotes: "
            "`title: 'Note: call back'`",
            id="colon-inside-unquoted-text",
        ),
    ],
)
def test_common_mistake_is_explained_at_the_line_to_change(text: str, line: int, column: int, message: str) -> None:
    document, findings = load_text(text, "x.journey.yaml")
    assert document is None
    (finding,) = findings
    assert (finding.code, finding.line, finding.column) == ("yaml-syntax", line, column)
    assert finding.message.startswith(message)
    assert "(YAML said: " in finding.message  # libyaml's wording stays, as a detail


def test_other_syntax_errors_keep_the_general_message() -> None:
    _, findings = load_text("title: x\n? [a\n", "x.journey.yaml")
    assert findings[0].code == "yaml-syntax"
    assert "YAML" in findings[0].message


def test_a_url_or_time_is_no_missing_space() -> None:
    text = START + "    stage: buy\n    notes: see https://example.com\n    channel: web\n  - bad: [\n"
    _, findings = load_text(text, "x.journey.yaml")
    assert "needs a space after the colon" not in findings[0].message
