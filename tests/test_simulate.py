"""`journeymap simulate`: a simulated log measured recovers every designed share; the same seed gives the same bytes."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

pytest.importorskip("ibis")

# Branches, a loop back to an earlier touchpoint, a loop to itself (which a log cannot show), several exits.
JOURNEY = """\
id: claim
title: Filing a claim
goals: [Fewer calls]
stages: [report, handle, close]
touchpoints:
  - id: report
    title: Reports the damage online
    stage: report
    channel: web
    effort: 2
    duration: 10m
    next:
      - {to: upload, share: 70%}
      - {to: call, share: 20%}
      - {to: gave-up, share: 10%}
  - id: upload
    title: Uploads photos
    stage: report
    channel: app
    effort: 3
    next:
      - {to: assess, share: 85%}
      - {to: report, share: 15%}
  - id: call
    title: Calls the insurer
    stage: handle
    channel: phone
    kind: contact
    effort: 5
    next:
      - {to: call, share: 30%}
      - {to: assess, share: 60%}
      - {to: gave-up, share: 10%}
  - id: assess
    title: Claim assessed
    stage: handle
    channel: email
    effort: 1
    duration: 2d
    next: [paid]
  - id: paid
    title: Paid out
    stage: close
    channel: email
    effort: 1
  - id: gave-up
    title: Gives up
    stage: close
    channel: web
    outcome: abandon
    effort: 4
"""


def test_simulate_then_measure_recovers_every_designed_share(cli: Callable[..., Result], tmp_path: Path) -> None:
    journey = tmp_path / "claim.journey.yaml"
    journey.write_text(JOURNEY, encoding="utf-8")
    log = tmp_path / "claims.parquet"
    assert cli("simulate", journey, "--customers", "20000", "--seed", "7", "-o", log).exit_code == 0
    result = cli("measure", journey, "--events", log, "--format", "json")
    assert result.exit_code == 0, result.err
    data = json.loads(result.out)
    assert data["cases"] == 20000 and data["unmapped"] == []
    visits = {row["touchpoint"]: row["visits"] for row in data["touchpoints"]}
    checked = 0
    for row in data["transitions"]:
        assert row["designed"], row  # the simulation never leaves the design
        if not row["measurable"]:
            assert (row["from"], row["to"]) == ("call", "call")
            continue
        p, n = row["designed_share"], visits[row["from"]]
        standard_error = math.sqrt(p * (1 - p) / n)
        assert abs(row["share"] - p) <= 4 * standard_error + 1e-12, row
        checked += 1
    assert checked == 8
    call = next(row for row in data["transitions"] if (row["from"], row["to"]) == ("call", "assess"))
    assert call["designed_share"] == pytest.approx(0.6 / 0.7)  # held against the customers who leave the call
    assert all(row["drop_outs"] == 0 for row in data["touchpoints"])  # everybody walks to an exit
    durations = {(row["from"], row["to"]): row["median_s"] for row in data["durations"]}
    assert durations["report", "upload"] == 600 and durations["assess", "paid"] == 2 * 86400
    assert durations["upload", "assess"] == 60  # no duration given: one minute


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_the_same_seed_gives_the_same_bytes(cli: Callable[..., Result], tmp_path: Path, suffix: str) -> None:
    journey = tmp_path / "claim.journey.yaml"
    journey.write_text(JOURNEY, encoding="utf-8")
    first, second, other = (tmp_path / f"{name}{suffix}" for name in ("first", "second", "other"))
    for path, seed in ((first, "3"), (second, "3"), (other, "4")):
        result = cli("simulate", journey, "--customers", "500", "--seed", seed, "--start", "2026-03-01", "-o", path)
        assert result.exit_code == 0, result.err
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    if suffix == ".csv":
        lines = first.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "case_id,activity,timestamp" and lines[1].startswith("case-1,report,2026-03-")


def test_simulate_refuses_other_outputs_and_leaves_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    journey = tmp_path / "claim.journey.yaml"
    journey.write_text(JOURNEY, encoding="utf-8")
    result = cli("simulate", journey, "--customers", "5", "-o", journey)
    assert result.exit_code == 2 and "FILE.parquet or FILE.csv" in result.err
    assert journey.read_text(encoding="utf-8") == JOURNEY
    assert sorted(path.name for path in tmp_path.iterdir()) == ["claim.journey.yaml"]
