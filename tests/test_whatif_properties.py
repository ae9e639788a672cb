"""Property: every gain `opportunities` reports is the difference of two full `score` runs.

For random valid journeys, the test builds each changed journey J' itself, as a YAML file following the
format's wording of the change (not journeymap's code), loads it through the normal pipeline and scores it.
The listed changes must be exactly those whose J' loads without `trapped`, keeps every successful customer
and gains something; both ways of solving must agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.project import load_journey
from journeymap.scoring import score
from journeymap.whatif import opportunities

PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True)
DIGITAL = {"web": True, "app": True, "phone": False, "store": False}
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Random:
    stages: int
    points: list[dict[str, Any]]  # as written in YAML, shares all given (so the test knows every probability)


@st.composite
def journeys(draw: st.DrawFn) -> Random:
    size = draw(st.integers(2, 7))
    stages = draw(st.integers(1, 3))
    points: list[dict[str, Any]] = []
    for i in range(size):
        point: dict[str, Any] = {
            "id": f"t{i}",
            "title": f"T{i}",
            "stage": f"s{draw(st.integers(0, stages - 1))}",
            "channel": draw(st.sampled_from(sorted(DIGITAL))),
        }
        if draw(st.booleans()) or i == 0:
            point["effort"] = draw(st.integers(1, 7))
        kind = draw(st.sampled_from(["step", "contact", "service"]))
        if kind != "step":
            point["kind"] = kind
        removable = draw(st.sampled_from([None, True, False]))
        if removable is not None and not (kind == "service" and removable):
            point["removable"] = removable
        exit_here = i == size - 1 or (i > 0 and draw(st.integers(0, 4)) == 0)
        if exit_here:
            if draw(st.integers(0, 3)) == 0:
                point["outcome"] = "abandon"
        else:
            # A way forward in the file (so an exit is always reachable), and maybe others, loops included.
            targets = [draw(st.integers(i + 1, size - 1))]
            targets += draw(st.lists(st.integers(0, size - 1), max_size=2))
            targets = list(dict.fromkeys(targets))
            weights = [draw(st.integers(1, 4)) for _ in targets]
            point["next"] = [{"to": f"t{j}", "share": w / sum(weights)} for j, w in zip(targets, weights, strict=True)]
        points.append(point)
    return Random(stages, points)


def document(stages: int, points: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(
        {"title": "Random", "stages": [f"s{k}" for k in range(stages)], "touchpoints": points, "entry": "t0"},
        sort_keys=False,
    )


def probabilities(point: dict[str, Any]) -> dict[str, float]:
    return {step["to"]: step["share"] for step in point.get("next", [])}


def with_row(point: dict[str, Any], row: dict[str, float]) -> dict[str, Any]:
    changed = dict(point)
    changed["next"] = [{"to": to, "share": min(1.0, share)} for to, share in row.items()]
    return changed


def changed_points(journey: Random, index: int, change: str, to: str | None) -> list[dict[str, Any]]:
    """J' in the words of the format's list of changes."""
    points = [dict(point) for point in journey.points]
    t = points[index]
    order = {p["id"]: (int(p["stage"][1:]), k) for k, p in enumerate(points)}
    row = probabilities(t)
    if change == "ease":
        t["effort"] = 1
    elif change == "first-contact":
        forward = {j: p for j, p in row.items() if order[j] > order[t["id"]]}
        total = sum(forward.values())
        points[index] = with_row(t, {j: p / total for j, p in forward.items()})
    elif change == "stay-digital":
        kept = {j: p for j, p in row.items() if j != to}
        total = sum(kept.values())
        points[index] = with_row(t, {j: p / total for j, p in kept.items()})
    else:  # remove: p'(a→c) = p(a→c) + p(a→t) · p(t→c) / (1 - p(t→t))
        stay = row.get(t["id"], 0.0)
        for k, a in enumerate(points):
            into = probabilities(a)
            if k == index or t["id"] not in into:
                continue
            new: dict[str, float] = {}
            for j, p in into.items():
                if j != t["id"]:
                    new[j] = new.get(j, 0.0) + p
                else:
                    for c, q in row.items():
                        if c != t["id"]:
                            new[c] = new.get(c, 0.0) + p * q / (1 - stay)
            points[k] = with_row(a, new)
        del points[index]
    return points


def scored(path: Path, text: str) -> tuple[dict[str, Any] | None, float]:
    path.write_text(text, encoding="utf-8")
    file = load_journey(str(path))
    if file.graph is None:
        assert any(finding.code == "trapped" for finding in file.findings), file.findings
        return None, 0.0
    data = score(file.graph).to_dict()
    points = {point.id: point for point in file.graph.touchpoints}
    success = sum(v for t, v in data["visits"].items() if points[t].is_exit and points[t].outcome != "abandon")
    return json.loads(json.dumps(data)), success


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


@PROPERTY_SETTINGS
@given(journeys())
def test_every_gain_is_the_difference_of_two_score_runs(tmp_path_factory: Any, journey: Random) -> None:
    folder = tmp_path_factory.mktemp("whatif")
    base, base_success = scored(folder / "before.journey.yaml", document(journey.stages, journey.points))
    assert base is not None
    graph = load_journey(str(folder / "before.journey.yaml")).graph
    assert graph is not None
    listed = {(o.change.touchpoint, o.change.kind.value, o.change.to): o for o in opportunities(graph, "exact")}
    fast = {(o.change.touchpoint, o.change.kind.value, o.change.to): o for o in opportunities(graph, "rank-one")}
    assert list(listed) == list(fast)
    expected = set()
    for index, point in enumerate(journey.points):
        if point["id"] not in base["visits"]:
            continue
        changes = []
        if point.get("effort", 0) > 1:
            changes.append(("ease", None))
        order = [(int(p["stage"][1:]), k) for k, p in enumerate(journey.points)]
        targets = [int(j[1:]) for j in probabilities(point)]
        forward = [j for j in targets if order[j] > order[index]]
        if forward and len(forward) < len(targets):
            changes.append(("first-contact", None))
        service = point.get("kind") == "service"
        if len(targets) > 1 and DIGITAL[point["channel"]] and not service:
            changes += [
                ("stay-digital", f"t{j}")
                for j in targets
                if not DIGITAL[journey.points[j]["channel"]] and journey.points[j].get("kind") != "service"
            ]
        # Only what may be dropped: `removable`, by default a contact; never the service itself.
        removable = point.get("removable", point.get("kind") == "contact") and not service
        if index != 0 and targets and removable:
            changes.append(("remove", None))
        for change, to in changes:
            key = (point["id"], change, to)
            after, success = scored(
                folder / "after.journey.yaml", document(journey.stages, changed_points(journey, index, change, to))
            )
            if after is None or success - base_success < -TOLERANCE:
                assert key not in listed
                continue
            effort = base["expected_effort"] - after["expected_effort"]
            switch = base["expected_switch_score"] - after["expected_switch_score"]
            completion = None
            if base["digital_completion"] is not None:
                completion = after["digital_completion"] - base["digital_completion"]
            if max(effort, switch, completion or 0.0) <= TOLERANCE:
                assert key not in listed
                continue
            expected.add(key)
            for found in (listed[key], fast[key]):
                gains = found.gains
                assert close(gains.effort_gain, effort), (key, gains, effort)
                assert close(gains.switch_gain, switch), (key, gains, switch)
                assert close(gains.digital_completion_gain, completion), (key, gains, completion)
                assert close(gains.success_gain, success - base_success), (key, gains)
                assert close(gains.expected_effort, after["expected_effort"])
    assert set(listed) == expected
