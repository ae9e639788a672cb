"""`journeymap score`: JSON and table output, golden scores of the examples, files with errors.

The golden files in tests/golden/scores/ hold `journeymap score EXAMPLE --format json` for each example
journey. After an intended change to the scores or the examples, regenerate them with

    JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/test_cli_score.py

and review the diff. Floats are compared after rounding to 9 digits, so tiny differences in the sparse
solver across machines do not break them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_JOURNEYS, EXAMPLES, MINIMAL_JOURNEY, ROOT, Result
from test_scoring import SPEC_KEYS

Write = Callable[..., Path]
Cli = Callable[..., Result]

GOLDEN = ROOT / "tests" / "golden" / "scores"
UPDATE_GOLDEN = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"


def rounded(value: Any) -> Any:
    """The same data with every float rounded to 9 digits."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def golden_path(example: Path) -> Path:
    return GOLDEN / (example.name.removesuffix(".journey.yaml") + ".json")


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_golden_scores_of_the_examples(cli: Cli, example: Path) -> None:
    result = cli("score", example, "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    golden = golden_path(example)
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.out, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with JOURNEYMAP_UPDATE_GOLDEN=1 to create it"
    assert rounded(json.loads(result.out)) == rounded(json.loads(golden.read_text(encoding="utf-8")))


def test_every_golden_file_belongs_to_an_example() -> None:
    assert sorted(GOLDEN.glob("*.json")) == sorted(golden_path(example) for example in EXAMPLE_JOURNEYS)


def test_json_of_one_file_is_one_object_with_the_spec_keys(cli: Cli, write: Write) -> None:
    result = cli("score", write(MINIMAL_JOURNEY, "minimal.journey.yaml"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.out)
    assert isinstance(data, dict)
    assert set(data) >= SPEC_KEYS
    # order (web, effort 2) -> bill (email, effort 1): effort 3, one plain switch, all digital.
    assert data["journey"] == "minimal"
    assert data["expected_effort"] == pytest.approx(3.0)
    assert data["expected_switch_score"] == pytest.approx(1.0)
    assert data["digital_completion"] == pytest.approx(1.0)
    assert data["most_likely_path"] == {
        "touchpoints": ["order", "bill"],
        "effort": 3,
        "switches": 1,
        "probability": 1.0,
    }
    assert data["worst_path"] == {"touchpoints": ["order", "bill"], "effort": 3}


def test_json_of_several_files_is_a_list_in_path_order(cli: Cli) -> None:
    result = cli("score", EXAMPLES, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.out)
    assert [item["journey"] for item in data] == [
        "energy-move",
        "insurance-claim",
        "phone-purchase-to-be",
        "phone-purchase",
    ]


def test_json_of_an_analog_entry_has_null_digital_completion(cli: Cli, write: Write) -> None:
    path = write(MINIMAL_JOURNEY.replace("channel: web", "channel: store"))
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0
    assert '"digital_completion": null' in result.out


def test_effort_per_step_compares_long_and_short_journeys(cli: Cli, write: Write) -> None:
    # Each step of the minimal journey is passed once: 2 rated steps, effort 2 + 1.
    data = json.loads(cli("score", write(MINIMAL_JOURNEY), "--format", "json").out)
    assert (data["rated_steps"], data["effort_per_step"]) == (2.0, 1.5)
    # Twice as long with the same efforts: twice the expected effort, the same effort per step.
    longer = MINIMAL_JOURNEY.replace("next: [bill]", "next: [reorder]") + (
        "    next: [rebill]\n"
        "  - id: reorder\n    title: Orders again\n    stage: buy\n    channel: web\n    effort: 2\n"
        "    next: [bill]\n"
        "  - id: rebill\n    title: Second invoice\n    stage: after\n    channel: email\n    effort: 1\n"
    )
    data = json.loads(cli("score", write(longer, "longer.journey.yaml"), "--format", "json").out)
    assert (data["expected_effort"], data["rated_steps"]) == (pytest.approx(6.0), pytest.approx(4.0))
    assert data["effort_per_step"] == pytest.approx(1.5)


def test_a_journey_without_efforts_has_no_effort_per_step(cli: Cli, write: Write) -> None:
    path = write(MINIMAL_JOURNEY.replace("    effort: 2\n", "").replace("    effort: 1\n", ""))
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.out)
    assert (data["rated_steps"], data["effort_per_step"]) == (0.0, None)
    table = cli("score", path).out
    assert "  Effort per step             —  no touchpoint a customer reaches has an effort" in table


BROKEN = """\
title: Broken
stages: [buy]
touchpoints:
  - id: order
    title: Orders
    stage: buy
    channel: fax
"""


def test_files_with_errors_are_reported_as_check_reports_them_and_exit_1(cli: Cli, write: Write) -> None:
    broken = write(BROKEN, "broken.journey.yaml")
    good = write(MINIMAL_JOURNEY, "good.journey.yaml")
    result = cli("score", broken, good, "--format", "json")
    assert result.exit_code == 1
    checked = cli("check", broken)
    error_lines = [line for line in checked.out.splitlines() if "error[" in line]
    assert len(error_lines) == 1
    assert error_lines[0].startswith(f"{broken}:7:14: error[unknown-reference] there is no channel 'fax'")
    assert result.err.splitlines() == error_lines
    # The valid file is still scored, and the shape still follows the two files given: a list.
    assert [item["journey"] for item in json.loads(result.out)] == ["good"]


def test_a_single_file_with_errors_prints_no_scores(cli: Cli, write: Write) -> None:
    result = cli("score", write(BROKEN, "broken.journey.yaml"), "--format", "json")
    assert (result.exit_code, result.out) == (1, "")
    assert "error[unknown-reference]" in result.err
    table = cli("score", write(BROKEN, "broken.journey.yaml"))
    assert (table.exit_code, table.out) == (1, "")


def test_table_scores_valid_files_next_to_files_with_errors(cli: Cli, write: Write) -> None:
    result = cli("score", write(BROKEN, "broken.journey.yaml"), write(MINIMAL_JOURNEY, "good.journey.yaml"))
    assert result.exit_code == 1
    assert result.out.startswith("Minimal  (good)\n")
    assert "broken.journey.yaml:7:14: error[unknown-reference]" in result.err


def test_warnings_do_not_fail_score(cli: Cli, write: Write) -> None:
    # No goals and an unreachable touchpoint are warnings: scores print and the exit status is 0.
    text = MINIMAL_JOURNEY.replace("goals: [Show the smallest valid journey]\n", "") + (
        "  - id: lost\n    title: Lost\n    stage: buy\n    channel: web\n    effort: 3\n"
    )
    result = cli("score", write(text))
    assert (result.exit_code, result.err) == (0, "")
    assert "Unreachable, left out of the scores: lost" in result.out


def test_unknown_format_is_a_usage_error(cli: Cli, write: Write) -> None:
    result = cli("score", write(MINIMAL_JOURNEY), "--format", "yaml")
    assert result.exit_code == 2
    assert "invalid choice: 'yaml'" in result.err


def test_missing_path_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("score", tmp_path / "nowhere.journey.yaml")
    assert result.exit_code == 2
    assert "no such file or folder" in result.err


def test_table_of_the_examples(cli: Cli) -> None:
    result = cli("score", EXAMPLES)
    assert (result.exit_code, result.err) == (0, "")
    out = result.out
    for title in ("Moving house with an energy contract", "Claiming water damage", "Buying a smartphone online"):
        assert title in out
    # Paths are wrapped between touchpoints, never inside an id, to lines a terminal shows whole.
    path_lines = [line for line in out.splitlines() if line.startswith("    ") and " → " in line]
    assert len(path_lines) >= 12
    assert max(len(line) for line in path_lines) <= 100
    assert not any(line.lstrip().startswith("→") for line in path_lines)


def test_table_explains_each_score(cli: Cli) -> None:
    out = cli("score", EXAMPLES / "phone-purchase.journey.yaml").out
    data = json.loads(cli("score", EXAMPLES / "phone-purchase.journey.yaml", "--format", "json").out)
    lines = out.splitlines()
    assert lines[0] == "Buying a smartphone online  (phone-purchase)"
    assert f"  Expected effort        {data['expected_effort']:>6.2f}  effort (1..7) × visits" in out
    assert f"  Effort per step        {data['effort_per_step']:>6.2f}  the average step's effort (1..7)" in out
    assert data["effort_per_step"] == pytest.approx(data["expected_effort"] / data["rated_steps"])
    assert f"  Expected switch score  {data['expected_switch_score']:>6.2f}  weighted channel switches" in out
    assert "(a switch counts 1, digital → analog 3)" in out
    # The courier's delivery is the service itself (kind: service): being handed the phone is no analog failure.
    assert data["digital_completion"] == pytest.approx(0.66)
    assert f"  Digital completion     {'66%':>6}  of customers finish" in out
    assert "— off target (target ≥ 80%)" in out
    # Every stage by its title, with its effort and its share of the expected effort.
    assert "    Orientation   " in out
    assert "  Effort per stage" in out
    main = data["main_path"]
    # A share reads as on the diagram: one decimal where a whole percent would round it (0.339 is 33.9%).
    assert main["probability"] == pytest.approx(0.33915)
    assert main == data["most_likely_path"]  # here the most likely path ends in success
    assert (
        f"  Main path: 33.9% of customers go this way, effort {main['effort']}, {main['switches']} channel switches"
    ) in out
    start = next(k for k, line in enumerate(lines) if line.startswith("  Main path:")) + 1
    end = next(k for k in range(start, len(lines)) if not lines[k].startswith("    "))
    path_text = " ".join(line.strip() for line in lines[start:end])
    assert path_text == " → ".join(main["touchpoints"])
    assert lines[end] == "  Customers who give up: 10%, most of them at leave-compare (10%)"
    assert f"  Worst path: effort {data['worst_path']['effort']}" in out
    # Hot spots: score = visits · effort, then the touchpoint and its title.
    heading = lines.index("  Hot spots: where customers spend the most effort (top 5 of 20)")
    assert lines[heading + 1].split() == ["score", "visits", "effort", "touchpoint", "title"]
    top = lines[heading + 2]
    assert top.split()[:4] == ["4.50", "0.90", "5", "transfer-data"]
    assert top.endswith("  Transfers photos, chats and apps from her old phone")
    # The e-mail question is answered in 1d where customers expect 4h.
    assert "email-invoice-question (E-mail): answers in 1d, customers expect 4h: 20h too slow" in out


TABLE_EDGES = """\
title: Starts in the store
stages: [buy, lost]
channels:
  - id: chat
    kind: digital
    expected_response: 1h
touchpoints:
  - id: visit-store
    title: Visits the store
    stage: buy
    channel: store
    next:
      - to: ask
        share: 0.25
      - order
  - id: ask
    title: Asks in the chat
    stage: buy
    channel: chat
    effort: 2
    response_time: 10m
    next: [order]
  - id: order
    title: Orders in the store
    stage: lost
    channel: store
    effort: 4
    next: [visit-store-again]
  - id: visit-store-again
    title: Comes back to pick it up
    stage: buy
    channel: store
    effort: 1
  - id: forgotten
    title: Never reached
    stage: lost
    channel: web
    effort: 2
    next: [order]
"""


def test_table_edge_cases(cli: Cli, write: Write) -> None:
    out = cli("score", write(TABLE_EDGES)).out
    assert "does not apply: the journey starts on an analog channel (store)" in out
    # The only exit is in an earlier stage than `order`: no way through over forward transitions.
    assert "Worst path: none, no exit can be reached without going back" in out
    assert "Main path: 75% of customers go this way, effort 5, 0 channel switches" in out
    # Part of the map cannot be reached: the table says so before any score.
    assert out.splitlines()[2] == "  INCOMPLETE MAP: the scores below describe only part of the journey"
    assert out.index("INCOMPLETE MAP") < out.index("Expected effort")
    assert "ask (chat): answers in 10m, customers expect 1h: 50m faster" in out
    assert "Unreachable, left out of the scores: forgotten" in out
    assert "Without effort, counted as 0: visit-store" in out
    # Stage `lost` holds `order`: 1 · 4 = 4 of 4 + 0.25 · 2 + 1 = 5.5, that is 72.7%.
    assert re.search(r"^    lost +4\.00 +72\.7%$", out, re.MULTILINE)


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_percent_shares_score_exactly_like_the_decimal_shares(cli: Cli, write: Write, example: Path) -> None:
    """`share: 30%` is `share: 0.3`: the golden JSON, and bit for bit the scores of the decimal shares."""
    text = example.read_text(encoding="utf-8")
    percent = re.sub(r"share: (0?\.[0-9]+|1(?:\.0*)?)\b", lambda m: f"share: {Decimal(m[1]) * 100:f}%", text)
    assert percent.count("%") >= text.count("share:") >= 5
    result = cli("score", write(percent, example.name), "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    assert rounded(json.loads(result.out)) == rounded(json.loads(golden_path(example).read_text(encoding="utf-8")))
    assert json.loads(result.out) == json.loads(cli("score", write(text, example.name), "--format", "json").out)
