"""Badly conditioned journeys: scores equal an exact rational solve, or a located `unsolvable` error; never NaN.

Each journey is built here from written shares, and its exact scores come from
`tests/exact_chain.py` (Fractions, no rounding), not from journeymap. Through the
CLI too: `score --format json` must be strict JSON, the table must never show
`inf` or `nan`, nothing may leak to stderr but findings, and no traceback.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pytest

from journeymap.project import load_journey
from journeymap.scoring import Scores, score
from tests.conftest import ROOT, Result
from tests.exact_chain import exact_visits

Cli = Callable[..., Result]
RELATIVE = 1e-9
DIGITAL = {"web", "app", "email", "chat"}


@dataclass
class Spec:
    """A journey as touchpoint id -> [(target, written share or None)], in file order; exits lead nowhere."""

    next: dict[str, list[tuple[str, str | None]]]
    channel: dict[str, str] = field(default_factory=dict)  # default web
    effort: dict[str, int] = field(default_factory=dict)  # default 1
    scoring: str = ""

    def yaml(self) -> str:
        lines = ["title: Badly conditioned", "goals: [Exact scores]", "stages: [s]"]
        if self.scoring:
            lines.append(f"scoring: {self.scoring}")
        lines.append("touchpoints:")
        for point, targets in self.next.items():
            ways = ", ".join(to if share is None else f"{{to: {to}, share: {share}}}" for to, share in targets)
            lines.append(
                f"  - {{id: {point}, title: {point}, stage: s, channel: {self.channel.get(point, 'web')}, "
                f"effort: {self.effort.get(point, 1)}" + (f", next: [{ways}]}}" if targets else "}")
            )
        return "\n".join(lines) + "\n"

    def probabilities(self, point: str) -> list[tuple[str, Fraction]]:
        """Rule 1, exactly: shares as written; the rest split equally; complete shares divided by their sum."""
        targets = self.next[point]
        given = sum((Fraction(share) for _, share in targets if share is not None), Fraction(0))
        unshared = sum(1 for _, share in targets if share is None)
        if not unshared:
            return [(to, Fraction(share) / given) for to, share in targets if share is not None]
        rest = (1 - given) / unshared
        return [(to, rest if share is None else Fraction(share)) for to, share in targets]


@dataclass(frozen=True)
class Exact:
    visits: dict[str, Fraction]
    effort: Fraction
    switches: Fraction
    ending: Fraction
    digital_completion: Fraction | None


def exact_scores(spec: Spec) -> Exact:
    names = list(spec.next)
    number = {name: i for i, name in enumerate(names)}
    chances = {number[name]: [(number[to], p) for to, p in spec.probabilities(name)] for name in names}
    reached = _reachable(chances)
    visits = exact_visits(chances, sorted(reached), 0)
    effort = sum((visits[i] * spec.effort.get(names[i], 1) for i in reached), Fraction(0))
    switches = Fraction(0)
    for i in reached:
        for target, p in chances[i]:
            a, b = spec.channel.get(names[i], "web"), spec.channel.get(names[target], "web")
            if a != b:
                switches += visits[i] * p * (3 if a in DIGITAL and b not in DIGITAL else 1)
    ending = sum((visits[i] for i in reached if not chances[i]), Fraction(0))
    completion = None
    if spec.channel.get(names[0], "web") in DIGITAL:
        digital = sorted(i for i in reached if spec.channel.get(names[i], "web") in DIGITAL)
        only_digital = exact_visits(chances, digital, 0)
        completion = sum((only_digital[i] for i in digital if not chances[i]), Fraction(0))
    return Exact({names[i]: visits[i] for i in reached}, effort, switches, ending, completion)


def _reachable(chances: dict[int, list[tuple[int, Fraction]]]) -> set[int]:
    seen, waiting = {0}, [0]
    while waiting:
        for target, _ in chances[waiting.pop()]:
            if target not in seen:
                seen.add(target)
                waiting.append(target)
    return seen


def close(value: float, exact: Fraction) -> bool:
    """Within RELATIVE of the exact value (exact zero must be zero)."""
    return abs(Fraction(value) - exact) <= RELATIVE * abs(exact)


def assert_exact(scores: Scores, spec: Spec) -> None:
    exact = exact_scores(spec)
    assert scores.visits.keys() == exact.visits.keys()
    wrong = {name: (value, float(exact.visits[name])) for name, value in scores.visits.items()}
    wrong = {name: pair for name, pair in wrong.items() if not close(pair[0], exact.visits[name])}
    assert not wrong, wrong
    assert close(scores.expected_effort, exact.effort), (scores.expected_effort, float(exact.effort))
    assert close(scores.expected_switch_score, exact.switches), (scores.expected_switch_score, float(exact.switches))
    if exact.digital_completion is None:
        assert scores.digital_completion is None
    else:
        assert scores.digital_completion is not None
        assert close(scores.digital_completion, exact.digital_completion)
    assert exact.ending == 1


# --- the journeys of issue 11 ------------------------------------------------------------------------------------


def nested_loops(depth: int = 4, back: str = "0.999999") -> Spec:
    """n0 → n1 → … → end, where every n_i (i ≥ 1) goes back to n_{i-1} with `back`: loops inside loops."""
    ways: dict[str, list[tuple[str, str | None]]] = {"n0": [("n1", None)]}
    for i in range(1, depth):
        ways[f"n{i}"] = [(f"n{i - 1}", back), (f"n{i + 1}" if i < depth - 1 else "end", None)]
    ways["end"] = []
    return Spec(ways)


def back_shares(size: int, back: str = "0.9") -> Spec:
    """t0 … t{size-1}: each goes back one step with `back` and on with the rest; channels alternate, one analog."""
    ways: dict[str, list[tuple[str, str | None]]] = {"t0": [("t1", None)]}
    for i in range(1, size - 1):
        ways[f"t{i}"] = [(f"t{i - 1}", back), (f"t{i + 1}", None)]
    ways[f"t{size - 1}"] = []
    channels = {f"t{i}": ["web", "chat", "app"][i % 3] for i in range(size)}
    channels[f"t{size // 2}"] = "phone"
    return Spec(ways, channel=channels)


def back_to_start(size: int, forward: str) -> Spec:
    """t0 … end: each t_i goes on with `forward` and back to the start with the rest: reaching the end is rare."""
    ways: dict[str, list[tuple[str, str | None]]] = {}
    for i in range(size):
        on = f"t{i + 1}" if i < size - 1 else "end"
        ways[f"t{i}"] = [(on, forward), ("t0", None)]
    ways["end"] = []
    return Spec(ways)


def forward_chain(size: int, forward: str = "0.000001") -> Spec:
    """Each t_i stays (a loop to itself) except with `forward`: one customer in a million moves on each time."""
    ways: dict[str, list[tuple[str, str | None]]] = {}
    for i in range(size):
        on = f"t{i + 1}" if i < size - 1 else "end"
        ways[f"t{i}"] = [(on, forward), (f"t{i}", None)]
    ways["end"] = []
    return Spec(ways)


SOLVABLE = {
    "nested-0.999999-loops": nested_loops(),
    "20-touchpoints-0.9-back": back_shares(20),
    "20-touchpoints-0.9-back-to-start": back_to_start(20, "0.1"),
    "151-touchpoints-0.9-back": back_shares(151),
    "1e-6-forward-back-to-start": back_to_start(3, "0.000001"),
    "1e-6-forward-self-loops": forward_chain(5),
    "0.5-back-to-start-60": back_to_start(60, "0.5"),
}


@pytest.fixture
def journey_path(tmp_path: Path) -> Callable[[Spec], Path]:
    def write(spec: Spec) -> Path:
        path = tmp_path / "conditioned.journey.yaml"
        path.write_text(spec.yaml(), encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("name", SOLVABLE)
def test_badly_conditioned_journeys_score_exactly(journey_path: Callable[[Spec], Path], name: str) -> None:
    spec = SOLVABLE[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        file = load_journey(str(journey_path(spec)))
        assert file.graph is not None, [str(finding) for finding in file.findings if finding.is_error]
        assert_exact(score(file.graph), spec)


def test_nested_loops_have_the_exact_effort_of_the_issue(journey_path: Callable[[Spec], Path]) -> None:
    # Gaussian elimination gave 6.7e16 and P(end) 0.034 here; the exact values are 1.999998000004e18 and 1.
    file = load_journey(str(journey_path(nested_loops())))
    assert file.graph is not None
    scores = score(file.graph)
    assert scores.expected_effort == pytest.approx(1.999998000004e18, rel=1e-12)
    assert scores.visits["end"] == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("name", SOLVABLE)
def test_the_cli_prints_the_exact_scores_as_strict_json_and_a_table(
    cli: Cli, journey_path: Callable[[Spec], Path], name: str
) -> None:
    spec = SOLVABLE[name]
    path = journey_path(spec)
    result = cli("score", path, "--format", "json")
    assert (result.exit_code, result.err) == (0, "")
    data = json.loads(result.out, parse_constant=_refuse)
    exact = exact_scores(spec)
    assert close(data["expected_effort"], exact.effort)
    assert all(close(data["visits"][name], value) for name, value in exact.visits.items())
    assert all(visits > 0 for visits in data["visits"].values())
    table = cli("score", path)
    assert (table.exit_code, table.err) == (0, "")
    assert not any(word in table.out.lower() for word in ("nan", "inf", "−", "-0."))


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} in JSON")


# --- journeys whose scores leave the range of floats --------------------------------------------------------------

UNSOLVABLE = {
    # 2^1100 ≈ 1e331 tries before a customer gets through: more visits than a float holds.
    "0.5-back-to-start-1100": (back_to_start(1100, "0.5"), "t0", "so tight"),
    # (1e6)^60 = 1e360 returns to t0.
    "1e-6-forward-back-to-start-60": (back_to_start(60, "0.000001"), "t0", "so tight"),
}


@pytest.mark.parametrize("name", UNSOLVABLE)
def test_scores_beyond_the_range_of_floats_are_a_located_error(
    cli: Cli, journey_path: Callable[[Spec], Path], name: str
) -> None:
    spec, touchpoint, words = UNSOLVABLE[name]
    path = journey_path(spec)
    [line] = [n for n, text in enumerate(spec.yaml().splitlines(), 1) if f"{{id: {touchpoint}," in text]
    for command in (["check"], ["score", "--format", "json"]):
        result = cli(*command, path)
        assert result.exit_code == 1, command
        errors = [text for text in (result.out + result.err).splitlines() if "error[" in text]
        assert len(errors) == 1, errors
        assert errors[0].startswith(f"{path}:{line}:"), errors[0]
        assert "error[unsolvable]" in errors[0]
        assert repr(touchpoint) in errors[0] and words in errors[0]
        assert "check the shares" in errors[0]
    assert cli("score", path, "--format", "json").out == ""


def test_a_huge_switch_weight_is_a_located_error(cli: Cli, journey_path: Callable[[Spec], Path]) -> None:
    spec = Spec(
        {"a": [("b", None)], "b": [("c", None)], "c": []},
        channel={"b": "chat"},
        scoring="{switch: 1e308}",
    )
    path = journey_path(spec)
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 1
    assert result.out == ""
    [error] = [text for text in result.err.splitlines() if "error[" in text]
    assert error.startswith(f"{path}:4:")  # the scoring line
    assert "error[unsolvable]" in error and "switch weight of 1e+308" in error and "smaller weight" in error
    assert cli("check", path).exit_code == 1


def test_a_large_but_finite_switch_weight_is_exact(journey_path: Callable[[Spec], Path]) -> None:
    spec = Spec({"a": [("b", None)], "b": [("c", None)], "c": []}, channel={"b": "chat"}, scoring="{switch: 1e300}")
    file = load_journey(str(journey_path(spec)))
    assert file.graph is not None
    assert score(file.graph).expected_switch_score == 2e300


def test_effort_beyond_the_range_of_floats_is_located_at_the_most_visited_touchpoint(
    journey_path: Callable[[Spec], Path],
) -> None:
    # Visits near the top of the float range: each one is finite, effort 7 times them is not.
    spec = back_to_start(1021, "0.5")
    spec.effort.update(dict.fromkeys(spec.next, 7))
    file = load_journey(str(journey_path(spec)))
    [error] = [finding for finding in file.findings if finding.is_error]
    assert error.code == "unsolvable"
    assert "'t0'" in error.message
    assert file.graph is None


def test_the_real_command_prints_no_warning_and_no_traceback(tmp_path: Path) -> None:
    """In a real process, as users run it: stderr holds the findings and nothing else."""
    cases = [(back_shares(151), ["--format", "json"]), (back_to_start(1100, "0.5"), [])]
    for number, (spec, options) in enumerate(cases):
        path = tmp_path / f"case-{number}.journey.yaml"
        path.write_text(spec.yaml(), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-W", "default", "-m", "journeymap", "score", str(path), *options],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert "Traceback" not in run.stderr and "Warning" not in run.stderr, run.stderr
        assert all(line.startswith(str(path)) for line in run.stderr.splitlines()), run.stderr
        if options:
            assert run.returncode == 0
            data = json.loads(run.stdout, parse_constant=_refuse)
            assert all(math.isfinite(value) and value > 0 for value in data["visits"].values())
        else:
            assert (run.returncode, run.stdout) == (1, "")
            assert "error[unsolvable]" in run.stderr
