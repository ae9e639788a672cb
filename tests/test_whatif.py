"""What-if: each built-in change on small journeys whose gains are computed by hand, by both solvers.

Every case is a journey small enough to solve on paper; the numbers in the comments are that solution.
Both ways of solving (every change scored in full, and rank-one updates of one factorisation) must give them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

from journeymap.graph import JourneyGraph
from journeymap.project import load_journey
from journeymap.whatif import Opportunity, opportunities

Write = Callable[..., Path]
Cli = Callable[..., Result]
METHODS = ["exact", "rank-one"]


def graph_of(write: Write, body: str) -> JourneyGraph:
    head = "title: Case\ngoals: [Test]\nstages: [one, two]\n"
    path = write(head + textwrap.dedent(body))
    file = load_journey(str(path))
    assert file.graph is not None, file.findings
    return file.graph


def ranked(found: list[Opportunity]) -> list[tuple[str, str, str | None]]:
    return [(o.change.touchpoint, o.change.kind.value, o.change.to) for o in found]


def gains(found: list[Opportunity], touchpoint: str, kind: str) -> tuple[float, float, float | None, float]:
    match = next(o for o in found if o.change.touchpoint == touchpoint and o.change.kind.value == kind)
    g = match.gains
    return (g.effort_gain, g.switch_gain, g.digital_completion_gain, g.success_gain)


LOOP = """\
touchpoints:
  - {id: a, title: A, stage: one, channel: web, effort: 2, next: [b]}
  - id: b
    title: B
    stage: one
    channel: web
    effort: 3
    removable: true
    opportunities: [Answer it the first time]
    next: [{to: c, share: 0.8}, {to: a, share: 0.2}]
  - {id: c, title: C, stage: two, channel: web, effort: 1}
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_loop(write: Write, method: str) -> None:
    # v(a) = v(b) = 1 / (1 - 0.2) = 1.25, v(c) = 1: effort 1.25·2 + 1.25·3 + 1 = 7.25.
    found = opportunities(graph_of(write, LOOP), method)  # type: ignore[arg-type]
    # remove b: a→c 0.8, a→a 0.2, effort 1.25·2 + 1 = 3.5 (gain 3.75); ease b: 1.25·2 = 2.5;
    # ease a: 1.25·1; first-contact b: b→c 1, effort 2 + 3 + 1 = 6 (gain 1.25), tie broken by file order.
    assert ranked(found) == [
        ("b", "remove", None),
        ("b", "ease", None),
        ("a", "ease", None),
        ("b", "first-contact", None),
    ]
    assert gains(found, "b", "remove") == pytest.approx((3.75, 0.0, 0.0, 0.0))
    assert gains(found, "b", "ease") == pytest.approx((2.5, 0.0, 0.0, 0.0))
    assert gains(found, "b", "first-contact") == pytest.approx((1.25, 0.0, 0.0, 0.0))
    assert found[0].gains.expected_effort == pytest.approx(3.5)
    assert found[3].ideas == ("Answer it the first time",)


SWITCH = """\
touchpoints:
  - {id: order, title: Orders, stage: one, channel: web, effort: 2, next: [{to: confirm, share: 0.7}, call]}
  - {id: call, title: Calls, stage: one, channel: phone, kind: contact, effort: 5, next: [confirm]}
  - {id: confirm, title: Confirmation, stage: two, channel: email, effort: 1}
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_digital_to_analog_switch(write: Write, method: str) -> None:
    # v = 1, 0.3, 1: effort 2 + 1.5 + 1 = 4.5; switches 0.7·1 + 0.3·3 + 0.3·1 = 1.9; digital completion 0.7.
    found = opportunities(graph_of(write, SWITCH), method)  # type: ignore[arg-type]
    # stay-digital order→call and remove call both give order→confirm 1: effort 3, switches 1, completion 1.
    assert ranked(found) == [
        ("order", "stay-digital", "call"),
        ("call", "remove", None),
        ("call", "ease", None),
        ("order", "ease", None),
    ]
    assert gains(found, "order", "stay-digital") == pytest.approx((1.5, 0.9, 0.3, 0.0))
    assert gains(found, "call", "remove") == pytest.approx((1.5, 0.9, 0.3, 0.0))
    assert gains(found, "call", "ease") == pytest.approx((1.2, 0.0, 0.0, 0.0))
    assert found[0].to_dict()["to"] == "call"


SELF_LOOP = """\
touchpoints:
  - {id: a, title: A, stage: one, channel: web, effort: 1, next: [t]}
  - {id: t, title: T, stage: one, channel: app, effort: 3, removable: true, next: [{to: t, share: 0.5}, b]}
  - {id: b, title: B, stage: two, channel: web, effort: 2}
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_contraction_with_a_self_loop(write: Write, method: str) -> None:
    # v = 1, 2, 1: effort 1 + 6 + 2 = 9; switches a→t 1 + t→b 2·0.5 = 2.
    found = opportunities(graph_of(write, SELF_LOOP), method)  # type: ignore[arg-type]
    # remove t: a→b with 1·0.5 / (1 - 0.5) = 1, effort 3, no switch left.
    assert ranked(found) == [
        ("t", "remove", None),
        ("t", "ease", None),
        ("t", "first-contact", None),
        ("b", "ease", None),
    ]
    assert gains(found, "t", "remove") == pytest.approx((6.0, 2.0, 0.0, 0.0))
    assert gains(found, "t", "ease") == pytest.approx((4.0, 0.0, 0.0, 0.0))
    # first-contact t: the self-loop goes, t→b 1: v(t) = 1, effort 6, switches still 2.
    assert gains(found, "t", "first-contact") == pytest.approx((3.0, 0.0, 0.0, 0.0))


TRAP = """\
touchpoints:
  - {id: s, title: S, stage: one, channel: web, effort: 2, next: [t, done]}
  - {id: t, title: T, stage: one, channel: web, effort: 3, removable: true, next: [u, s]}
  - {id: u, title: U, stage: one, channel: web, effort: 4, removable: true, next: [t]}
  - {id: done, title: Done, stage: two, channel: web, effort: 1}
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_change_that_would_trap_customers_does_not_apply(write: Write, method: str) -> None:
    # first-contact at t keeps only t→u, and u leads only back to t: nobody could finish.
    found = opportunities(graph_of(write, TRAP), method)  # type: ignore[arg-type]
    assert ("t", "first-contact", None) not in ranked(found)
    assert {("t", "ease", None), ("u", "remove", None), ("t", "remove", None)} <= set(ranked(found))


LOSING = """\
touchpoints:
  - {id: s, title: S, stage: one, channel: web, effort: 1, next: [t]}
  - {id: t, title: T, stage: one, channel: web, effort: 2, next: [call, lose]}
  - {id: call, title: Call, stage: one, channel: phone, kind: contact, effort: 5, next: [win]}
  - {id: lose, title: Gives up, stage: two, channel: web, effort: 1, outcome: abandon}
  - {id: win, title: Done, stage: two, channel: web, effort: 1}
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_change_that_loses_successful_customers_does_not_apply(write: Write, method: str) -> None:
    # stay-digital t→call would send everyone to `lose`: less effort, but half the customers lost.
    found = opportunities(graph_of(write, LOSING), method)  # type: ignore[arg-type]
    assert ("t", "stay-digital", "call") not in ranked(found)
    # remove call keeps them: t→win 0.5 directly; effort 0.5·5 less, switches 0.5·(3 + 1) less.
    assert gains(found, "call", "remove") == pytest.approx((2.5, 2.0, 0.5, 0.0))


def test_an_analog_entry_has_no_digital_completion_gain(write: Write) -> None:
    body = SWITCH.replace("channel: web, effort: 2", "channel: store, effort: 2")
    for method in METHODS:
        found = opportunities(graph_of(write, body), method)  # type: ignore[arg-type]
        assert found and all(o.gains.digital_completion_gain is None for o in found)
        assert all(o.to_dict()["digital_completion_gain"] is None for o in found)


def test_unreachable_touchpoints_and_exits_get_no_changes(write: Write) -> None:
    body = LOOP + "  - {id: lost, title: Lost, stage: one, channel: web, effort: 7, next: [c]}\n"
    found = opportunities(graph_of(write, body), "exact")
    assert "lost" not in {o.change.touchpoint for o in found}
    assert ("c", "remove", None) not in ranked(found)


def test_json_has_the_keys_of_the_format(cli: Cli, write: Write) -> None:
    import json

    path = write("title: Case\ngoals: [Test]\nstages: [one, two]\n" + LOOP)
    result = cli("opportunities", path, "--format", "json", "--top", "2")
    assert (result.exit_code, result.err) == (0, "")
    data = json.loads(result.out)
    assert [item["change"] for item in data] == ["remove", "ease"]
    assert list(data[0]) == [
        "format_version",
        "touchpoint",
        "change",
        "to",
        "expected_effort",
        "effort_gain",
        "switch_gain",
        "digital_completion_gain",
        "success_gain",
        "ideas",
    ]
    assert data[0]["effort_gain"] == pytest.approx(3.75)


def test_table_shows_gains_beside_the_ideas(cli: Cli, write: Write) -> None:
    path = write("title: Case\ngoals: [Test]\nstages: [one, two]\n" + LOOP)
    result = cli("opportunities", path)
    assert result.exit_code == 0
    line = next(line for line in result.out.splitlines() if "first-contact" in line)
    assert "1.25 (17.2%)" in line and "Answer it the first time" in line


def test_markdown_escapes_the_ideas(cli: Cli, write: Write) -> None:
    body = LOOP.replace("[Answer it the first time]", "['<img src=x onerror=alert(1)> | [link](http://x)']")
    path = write("title: Case\ngoals: [Test]\nstages: [one, two]\n" + body)
    result = cli("opportunities", path, "--format", "markdown")
    assert result.exit_code == 0
    assert "<img" not in result.out and "[link](http" not in result.out
    assert "&lt;img src=x onerror=alert(1)&gt; &#124; \\[link\\](http&#58;//x)" in result.out


def test_a_file_with_errors_gives_located_errors(cli: Cli, write: Write) -> None:
    path = write("title: Case\nstages: [one]\ntouchpoints:\n  - {id: a, title: A, stage: two, channel: web}\n")
    result = cli("opportunities", path)
    assert result.exit_code == 1
    assert f"{path}:4:" in result.err and "unknown-reference" in result.err


def test_top_must_be_a_positive_count(cli: Cli, write: Write) -> None:
    path = write("title: Case\ngoals: [Test]\nstages: [one, two]\n" + LOOP)
    result = cli("opportunities", path, "--top", "0")
    assert result.exit_code == 2 and "at least 1" in result.err


NEAR_TRAP = """\
touchpoints:
  - {id: s, title: S, stage: one, channel: web, effort: 2, next: [t]}
  - {id: back, title: Back, stage: one, channel: web, effort: 1, next: [done]}
  - {id: t, title: T, stage: one, channel: web, effort: 3, next: [u, {to: back, share: 0.5}]}
  - {id: u, title: U, stage: one, channel: web, effort: 4,
     next: [{to: t, share: 0.999999}, {to: w, share: 0.000001}]}
  - {id: w, title: W, stage: one, channel: web, effort: 4,
     next: [{to: t, share: 0.999999}, {to: done, share: 0.000001}]}
  - {id: done, title: Done, stage: two, channel: web, effort: 1}
"""


def test_an_ill_conditioned_update_is_solved_in_full(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    # `back` comes before t in the file, so t → back is backward. first-contact at t keeps only t → u, from
    # where customers return to t all but once in 10¹²: the update would divide by v(t)/v'(t) ≈ 2e-12, so the
    # change is scored in full instead (and, costing customers a fortune in effort, is not listed).
    from journeymap import whatif

    graph = graph_of(write, NEAR_TRAP)
    calls = []
    original = whatif._exact_evaluator

    def counting(graph: JourneyGraph) -> object:
        calls.append(graph)
        return original(graph)

    monkeypatch.setattr(whatif, "_exact_evaluator", counting)
    fast = {(o.change.touchpoint, o.change.kind.value): o.gains for o in opportunities(graph, "rank-one")}
    assert len(calls) == 1
    monkeypatch.undo()
    exact = {(o.change.touchpoint, o.change.kind.value): o.gains for o in opportunities(graph, "exact")}
    assert fast.keys() == exact.keys()
    for key, gains in exact.items():
        assert fast[key].effort_gain == pytest.approx(gains.effort_gain, rel=1e-9, abs=1e-9)
        assert fast[key].switch_gain == pytest.approx(gains.switch_gain, rel=1e-9, abs=1e-9)


def generated(size: int, back_to_start: bool) -> str:
    """A larger journey with mixed channels and loops; with `back_to_start` every loop returns to the entry."""
    channels = ["web", "app", "phone", "email", "store", "chat"]
    lines = ["touchpoints:"]
    for i in range(size):
        stage = "one" if i < size // 2 else "two"
        head = (
            f"  - {{id: t{i}, title: T{i}, stage: {stage}, channel: {channels[i * 7 % 6]}, effort: {1 + i * 5 % 7}, "
            "removable: true"
        )
        if i == size - 1:
            lines.append(head + "}")
            continue
        targets = [f"t{i + 1}"]
        if i % 3 == 0 and i + 3 < size:
            targets.append(f"{{to: t{i + 3}, share: 0.2}}")
        if i % 4 == 3:
            targets.append(f"{{to: t{0 if back_to_start else i - 2}, share: 0.1}}")
        lines.append(head + f", next: [{', '.join(targets)}]}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("back_to_start", [False, True], ids=["local-loops", "one-big-loop"])
def test_both_solvers_agree_on_larger_journeys(write: Write, back_to_start: bool) -> None:
    graph = graph_of(write, generated(90, back_to_start))
    exact = opportunities(graph, "exact")
    fast = opportunities(graph, "rank-one")
    assert ranked(exact) == ranked(fast) and len(exact) > 150
    for a, b in zip(exact, fast, strict=True):
        for name in ("effort_gain", "switch_gain", "success_gain", "expected_effort"):
            assert getattr(b.gains, name) == pytest.approx(getattr(a.gains, name), rel=1e-9, abs=1e-9)
        assert b.gains.digital_completion_gain == pytest.approx(a.gains.digital_completion_gain, rel=1e-9, abs=1e-9)


def test_a_journey_without_opportunities_says_so(cli: Cli, write: Write) -> None:
    single = "  - {id: a, title: A, stage: one, channel: web, effort: 1}\n"
    path = write("title: Case\ngoals: [Test]\nstages: [one]\ntouchpoints:\n" + single)
    result = cli("opportunities", path)
    assert result.exit_code == 0
    assert "0 opportunities" in result.out and "No change to a single touchpoint" in result.out
