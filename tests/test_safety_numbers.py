"""Exact by construction, printed exactly: `success_gain` is 0 where no outcome can change (issue 23, item 13)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap.project import load_journey
from journeymap.whatif import opportunities
from tests.conftest import EXAMPLES, Result


@pytest.mark.parametrize("method", ["exact", "rank-one"])
def test_success_gain_is_exactly_zero_where_no_exit_outcome_can_change(method: str, cli: Callable[..., Result]) -> None:
    # phone-purchase has an abandon exit early on; every change after it can only move customers
    # between success exits, and the difference of two solves printed ±1.1e-16 for three of them.
    result = cli("opportunities", EXAMPLES / "phone-purchase.journey.yaml", "--format", "json")
    assert result.exit_code == 0, result.err
    gains = [item["success_gain"] for item in _items(json.loads(result.out))]
    assert gains and all(gain == 0.0 for gain in gains), gains
    graph = load_journey(str(EXAMPLES / "phone-purchase.journey.yaml")).graph
    assert graph is not None
    assert all(found.gains.success_gain == 0.0 for found in opportunities(graph, method))  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["exact", "rank-one"])
def test_a_success_gain_that_can_happen_is_kept(method: str, write: Callable[..., Path]) -> None:
    body = """\
    title: Case
    goals: [Test]
    stages: [one, two]
    touchpoints:
      - {id: order, title: Orders, stage: one, channel: web, effort: 2, next: [{to: done, share: 0.5}, call]}
      - {id: call, title: Calls, stage: one, channel: phone, effort: 5, next: [{to: done, share: 0.5}, lose]}
      - {id: done, title: Done, stage: two, channel: email, effort: 1}
      - {id: lose, title: Gives up, stage: two, channel: phone, effort: 1, outcome: abandon}
    """
    file = load_journey(str(write(textwrap.dedent(body))))
    assert file.graph is not None, file.findings
    found = {(o.change.touchpoint, o.change.kind.value): o.gains for o in opportunities(file.graph, method)}  # type: ignore[arg-type]
    # staying digital sends everyone to `done`: success 0.75 -> 1
    assert found[("order", "stay-digital")].success_gain == pytest.approx(0.25)


def _items(data: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(data, dict):
        if "success_gain" in data:
            found.append(data)
        for value in data.values():
            found.extend(_items(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(_items(value))
    return found
