"""What-if: the gains of the built-in changes to a journey, per "What-if and opportunities (normative)".

A change turns journey J into J'; its gains are the differences of J's and J''s
scores. Every changed chain is solved exactly, never simulated. Small journeys
are scored again in full for each change. Large ones reuse one sparse LU
factorisation of J's chain (`journeymap.sparse`, plain Python): a change at one touchpoint t
changes one row of the transition matrix P, so the visits of J' follow from J's
by a rank-one (Sherman-Morrison) update,

    v'ᵀ = vᵀ + v_t · dᵀN / (1 - dᵀN e_t),   N = (I - P)⁻¹,  d = the change of t's row,

and each score, a linear function fᵀv of the visits, needs only N f (solved
once per score) and column t of N (solved once per touchpoint). Removing t is
the chain watched only off t (the censored chain): every other touchpoint keeps
its visits, and digital completion changes by one more rank-one update. Where
an update would divide by nearly zero (a change that almost traps customers),
the change is solved in full instead.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from journeymap.graph import JourneyGraph, Link, journey_order, pushed_off_digital, strongly_connected_groups
from journeymap.results import Result
from journeymap.scoring import Solved, Unsolvable, effort_of, score, solved, success_rate
from journeymap.sparse import SparseLU

# A gain at or below this is no gain; a success rate lower by more than this is a loss (the format's 10⁻⁹).
GAIN_TOLERANCE = 1e-9
# Up to this many reachable touchpoints every change is scored in full: exact, and quick enough
# (measured: 40 touchpoints score all their changes in 0.19 s, 80 in 0.63 s).
EXACT_LIMIT = 60
# A rank-one update divides by v_t / v'_t; below this the changed chain nearly traps customers at t,
# the update would lose digits, and the change is solved in full instead.
SMALLEST_DENOMINATOR = 1e-6


class ChangeKind(enum.StrEnum):
    """The built-in changes, in the format's order (which is also their ranking order on a tie)."""

    EASE = "ease"
    FIRST_CONTACT = "first-contact"
    STAY_DIGITAL = "stay-digital"
    REMOVE = "remove"


CHANGE_DESCRIPTIONS: dict[ChangeKind, str] = {
    ChangeKind.EASE: "make it effortless (effort 1)",
    ChangeKind.FIRST_CONTACT: "solve it the first time: nobody has to go back",
    ChangeKind.STAY_DIGITAL: "keep customers digital instead of sending them to {to}",
    ChangeKind.REMOVE: "drop the step: customers skip it",
}


@dataclass(frozen=True)
class Change:
    """One built-in change at one touchpoint; `to` names the analog touchpoint a stay-digital change avoids."""

    touchpoint: str
    kind: ChangeKind
    to: str | None = None

    @property
    def description(self) -> str:
        return CHANGE_DESCRIPTIONS[self.kind].format(to=self.to)


@dataclass(frozen=True)
class Gains:
    """What a change does to the journey's scores; positive is better for every gain."""

    expected_effort: float  # of the changed journey J'
    effort_gain: float
    switch_gain: float
    digital_completion_gain: float | None  # None when the journey has no digital completion
    success_gain: float

    @property
    def improves(self) -> bool:
        """A gain above 10⁻⁹ in effort, switches or digital completion."""
        return (
            self.effort_gain > GAIN_TOLERANCE
            or self.switch_gain > GAIN_TOLERANCE
            or (self.digital_completion_gain or 0.0) > GAIN_TOLERANCE
        )

    @property
    def loses_customers(self) -> bool:
        return self.success_gain < -GAIN_TOLERANCE


@dataclass(frozen=True, repr=False)
class Opportunity(Result):
    """An applicable change with its gains, and the ideas the team wrote on the touchpoint."""

    change: Change
    gains: Gains
    title: str  # the touchpoint's title
    ideas: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The keys of the format's opportunities JSON; numbers unrounded."""
        return {
            "touchpoint": self.change.touchpoint,
            "change": self.change.kind.value,
            "to": self.change.to,
            "expected_effort": self.gains.expected_effort,
            "effort_gain": self.gains.effort_gain,
            "switch_gain": self.gains.switch_gain,
            "digital_completion_gain": self.gains.digital_completion_gain,
            "success_gain": self.gains.success_gain,
            "ideas": list(self.ideas),
        }


Method = Literal["auto", "exact", "rank-one"]


# --- which changes there are ------------------------------------------------------------------------------------


def candidate_changes(graph: JourneyGraph) -> list[tuple[int, Change]]:
    """Every built-in change whose condition holds, for each reachable touchpoint, in ranking order.

    Whether a change traps or loses customers is judged after solving it (`evaluate`).
    """
    found: list[tuple[int, Change]] = []
    for i in sorted(graph.reachable):
        point = graph.touchpoints[i]
        links = graph.links[i]
        if point.effort is not None and point.effort > 1:
            found.append((i, Change(point.id, ChangeKind.EASE)))
        forward = [link for link in links if link.forward]
        if forward and len(forward) < len(links):
            found.append((i, Change(point.id, ChangeKind.FIRST_CONTACT)))
        if len(links) > 1:
            for link in links:
                if link.digital_to_analog:
                    target = graph.touchpoints[link.target].id
                    found.append((i, Change(point.id, ChangeKind.STAY_DIGITAL, target)))
        if i != graph.entry and links and point.can_be_removed:
            found.append((i, Change(point.id, ChangeKind.REMOVE)))
    return found


def _new_row(graph: JourneyGraph, index: int, change: Change) -> dict[int, float]:
    """Touchpoint `index`'s transition probabilities after a first-contact or stay-digital change."""
    links = graph.links[index]
    if change.kind is ChangeKind.FIRST_CONTACT:
        kept = [link for link in links if link.forward]
    else:
        kept = [link for link in links if graph.touchpoints[link.target].id != change.to]
    total = sum(link.probability for link in kept)
    return {link.target: link.probability / total for link in kept}


# --- the changed journey, built in full ---------------------------------------------------------------------------


def changed_graph(graph: JourneyGraph, index: int, change: Change) -> JourneyGraph:
    """J': the journey graph after `change` at touchpoint `index`, ready to be scored like any other."""
    if change.kind is ChangeKind.EASE:
        points = list(graph.touchpoints)
        points[index] = points[index].model_copy(update={"effort": 1})
        journey = graph.journey.model_copy(update={"touchpoints": points})
        return JourneyGraph(journey=journey, channels=graph.channels, entry=graph.entry, links=graph.links)
    links = [list(outgoing) for outgoing in graph.links]
    if change.kind is ChangeKind.REMOVE:
        _skip(graph, index, links)
    else:
        row = _new_row(graph, index, change)
        links[index] = [
            dataclasses.replace(link, probability=row[link.target]) for link in links[index] if link.target in row
        ]
    return dataclasses.replace(graph, links=tuple(tuple(outgoing) for outgoing in links))


def _skip(graph: JourneyGraph, skipped: int, links: list[list[Link]]) -> None:
    """Rule 4 of the changes: every a→t→c becomes a→c with p(a→t)·p(t→c)/(1 - p(t→t)), in place of a→t."""
    own = graph.links[skipped]
    stay = sum(link.probability for link in own if link.target == skipped)
    onward = [(link.target, link.probability / (1 - stay)) for link in own if link.target != skipped]
    order = journey_order(graph.journey)
    for source, outgoing in enumerate(graph.links):
        if source == skipped or not any(link.target == skipped for link in outgoing):
            continue
        probability: dict[int, float] = {}
        listed: list[int] = []
        for link in outgoing:
            targets = [(link.target, link.probability)]
            if link.target == skipped:
                targets = [(target, link.probability * share) for target, share in onward]
            for target, value in targets:
                if target not in probability:
                    listed.append(target)
                probability[target] = probability.get(target, 0.0) + value
        existing = {link.target: link for link in outgoing}
        links[source] = [
            dataclasses.replace(existing[target], probability=probability[target])
            if target in existing
            else _new_link(graph, order, source, target, probability[target])
            for target in listed
        ]


def _new_link(
    graph: JourneyGraph, order: Sequence[tuple[int, int]], source: int, target: int, probability: float
) -> Link:
    points = graph.touchpoints
    switch = points[source].channel != points[target].channel
    return Link(
        source=source,
        target=target,
        probability=probability,
        label=None,
        share_given=True,
        forward=order[target] > order[source],
        switch=switch,
        digital_to_analog=pushed_off_digital(
            points[source], graph.channel_of(source), points[target], graph.channel_of(target)
        ),
    )


def _gains_by_difference(base: Solved, base_success: float, changed: JourneyGraph) -> Gains:
    after = solved(changed)  # the numbers alone: paths and hot spots of the changed journey are not needed
    completion = None
    if base.digital_completion is not None and after.digital_completion is not None:
        completion = after.digital_completion - base.digital_completion
    return Gains(
        expected_effort=after.expected_effort,
        effort_gain=base.expected_effort - after.expected_effort,
        switch_gain=base.expected_switch_score - after.expected_switch_score,
        digital_completion_gain=completion,
        success_gain=success_rate(changed, after) - base_success,
    )


# --- the ranking ----------------------------------------------------------------------------------------------------


def opportunities(
    graph: JourneyGraph, method: Method = "auto", kinds: Collection[ChangeKind] | None = None
) -> list[Opportunity]:
    """Every applicable change with a gain, ranked as the format says; only those of `kinds` when given.

    `method` is for tests and benchmarks.
    """
    candidates = candidate_changes(graph)
    if kinds is not None:
        candidates = [(index, change) for index, change in candidates if change.kind in kinds]
    if method == "exact" or (method == "auto" and len(graph.reachable) <= EXACT_LIMIT):
        evaluate = _exact_evaluator(graph)
    else:
        try:
            evaluate = _RankOne(graph, candidates).evaluate
        except _OffTheFullSolve:
            evaluate = _exact_evaluator(graph)
    found: list[tuple[int, int, Opportunity]] = []
    for position, (index, change) in enumerate(candidates):
        gains = _exact_zeros(graph, index, evaluate(index, change))
        if gains is None or gains.loses_customers or not gains.improves:
            continue
        point = graph.touchpoints[index]
        found.append((index, position, Opportunity(change, gains, point.title, tuple(point.opportunities))))
    found.sort(key=lambda item: (*_rank(item[2].gains), item[0], item[1]))
    return [opportunity for _, _, opportunity in found]


def _rank(gains: Gains) -> tuple[float, float, float]:
    # Rounded, so two ways of computing the same gain cannot reorder equal gains by float noise.
    return (
        -round(gains.effort_gain, 9),
        -round(gains.switch_gain, 9),
        -round(gains.digital_completion_gain or 0.0, 9),
    )


def evaluate(graph: JourneyGraph, index: int, change: Change) -> Gains | None:
    """The gains of one change, solved in full; None when it would trap customers (it does not apply)."""
    return _exact_zeros(graph, index, _exact_evaluator(graph)(index, change))


def _exact_zeros(graph: JourneyGraph, index: int, gains: Gains | None) -> Gains | None:
    """`gains` with the success gain exactly 0 where no change at `index` can alter any customer's outcome.

    Every change only moves customers among the touchpoints reachable from `index` (its targets, or
    for a removal the targets its predecessors are sent to instead). When all exits reachable from
    there share one outcome, everyone who reached `index` ends with that outcome before and after,
    so the success rate cannot move: the difference of two solves would only be float noise (1e-16).
    """
    if gains is None or gains.success_gain == 0.0:
        return gains
    seen = {index}
    queue = [index]
    outcomes: set[bool] = set()
    for node in queue:
        point = graph.touchpoints[node]
        if point.is_exit:
            outcomes.add(point.succeeds)
        for link in graph.links[node]:
            if link.target not in seen:
                seen.add(link.target)
                queue.append(link.target)
    return dataclasses.replace(gains, success_gain=0.0) if len(outcomes) <= 1 else gains


def _exact_evaluator(graph: JourneyGraph) -> Callable[[int, Change], Gains | None]:
    base = solved(graph)  # before and after alike: the chain's solve alone
    base_success = success_rate(graph, base)

    def evaluate(index: int, change: Change) -> Gains | None:
        changed = changed_graph(graph, index, change)
        if changed.trapped:
            return None
        try:
            return _gains_by_difference(base, base_success, changed)
        except Unsolvable:  # e.g. customers would loop a trillion times: no number we could print is right
            return None

    return evaluate


class _OffTheFullSolve(Exception):
    """The factorisation's visits differ from `score`'s guarded solve: the updates would not be right."""


class _RankOne:
    """One factorisation of J's chain (and of its digital part), and the updates each change needs.

    The update at touchpoint t needs N[j, t] for t's targets j. A target can only come back to t
    when it lies in t's loop (its strongly connected group C, which t → j → ... → t closes), and
    every way back stays inside C; so N[j, t] is an entry of the small inverse (I - P_C)⁻¹ and is 0
    outside C. Journeys loop locally (asking again, calling back), so these inverses are tiny.
    """

    def __init__(self, graph: JourneyGraph, candidates: Iterable[tuple[int, Change]]) -> None:
        self.graph = graph
        self.order = journey_order(graph.journey)
        self._full: Callable[[int, Change], Gains | None] | None = None  # for ill-conditioned updates, made lazily
        points = graph.touchpoints
        self.weight = [[link.weight(graph.journey.scoring) for link in out] for out in graph.links]
        self.switch_of = [
            sum(link.probability * w for link, w in zip(out, self.weight[i], strict=True))
            for i, out in enumerate(graph.links)
        ]
        states = sorted(graph.reachable)
        self.loops = _Loops(graph, states)
        chain = _Chain(graph, states)
        effort = [float(effort_of(points[i])) for i in states]
        switch = [self.switch_of[i] for i in states]
        success = [1.0 if points[i].succeeds else 0.0 for i in states]
        effort_to_go, switch_to_go, success_to_go = chain.to_go([effort, switch, success])
        visits = chain.visits()
        # Checked against the full, guarded solve of `score` (one solve, which `score` keeps for later):
        # every update starts from these visits, so they must be right.
        full = score(graph)
        reference = [full.visits[points[i].id] for i in states]
        if not all(abs(a - b) <= 1e-12 + 1e-9 * abs(b) for a, b in zip(visits, reference, strict=True)):
            raise _OffTheFullSolve
        self.expected_effort = full.expected_effort
        self.visits = _by_touchpoint(states, visits)
        self.effort_to_go = _by_touchpoint(states, effort_to_go)
        self.switch_to_go = _by_touchpoint(states, switch_to_go)
        self.success_to_go = _by_touchpoint(states, success_to_go)
        self.incoming: dict[int, list[Link]] = {}
        for source in states:
            for link in graph.links[source]:
                if link.target != source:
                    self.incoming.setdefault(link.target, []).append(link)
        self.digital: _Loops | None = None
        self.detour: dict[int, float | None] = {}
        if graph.is_digital(graph.entry):
            digital = [i for i in states if graph.keeps_digital(i)]
            digital_chain = _Chain(graph, digital)
            completes = [1.0 if points[i].is_exit else 0.0 for i in digital]
            (completion_to_go,) = digital_chain.to_go([completes])
            self.digital_visits = _by_touchpoint(digital, digital_chain.visits())
            self.completion_to_go = _by_touchpoint(digital, completion_to_go)
            self.digital = _Loops(graph, digital, within=self.loops)
            self.detour = {i: self._detour(i) for i, change in candidates if change.kind is ChangeKind.REMOVE}

    def evaluate(self, index: int, change: Change) -> Gains | None:
        if change.kind is ChangeKind.EASE:
            gain = self.visits[index] * (effort_of(self.graph.touchpoints[index]) - 1)
            completion = 0.0 if self.digital is not None else None
            return Gains(self.expected_effort - gain, gain, 0.0, completion, 0.0)
        if change.kind is ChangeKind.REMOVE:
            return self._remove(index, change)
        row = _new_row(self.graph, index, change)
        if self._traps(index, row):
            return None
        return self._row_change(index, change, row)

    def _row_change(self, index: int, change: Change, row: dict[int, float]) -> Gains | None:
        old = {link.target: link.probability for link in self.graph.links[index]}
        delta = {j: row.get(j, 0.0) - old[j] for j in old}
        denominator = 1 - sum(d * self.loops.visits_of(index, j) for j, d in delta.items())
        if denominator < SMALLEST_DENOMINATOR:
            return self._solve_in_full(index, change)
        scale = self.visits[index] / denominator  # v'_t

        def change_of(to_go: dict[int, float]) -> float:
            return scale * sum(d * to_go[j] for j, d in delta.items())

        links = self.graph.links[index]
        new_switch = sum(row.get(link.target, 0.0) * w for link, w in zip(links, self.weight[index], strict=True))
        effort_change = change_of(self.effort_to_go)
        switch_change = change_of(self.switch_to_go) + scale * (new_switch - self.switch_of[index])
        completion: float | None = None
        if self.digital is not None:
            completion = self._completion_change(index, delta, self.digital)
            if completion is None:
                return self._solve_in_full(index, change)
        return Gains(
            expected_effort=self.expected_effort + effort_change,
            effort_gain=-effort_change,
            switch_gain=-switch_change,
            digital_completion_gain=completion,
            success_gain=change_of(self.success_to_go),
        )

    def _completion_change(self, index: int, delta: dict[int, float], digital: _Loops) -> float | None:
        """The change of digital completion when t's row changes by `delta`; None: solve in full."""
        if index not in self.digital_visits:  # an analog t: the digital part does not change
            return 0.0
        inside = {j: d for j, d in delta.items() if j in self.digital_visits}
        denominator = 1 - sum(d * digital.visits_of(index, j) for j, d in inside.items())
        if denominator < SMALLEST_DENOMINATOR:
            return None
        scale = self.digital_visits[index] / denominator
        return scale * sum(d * self.completion_to_go[j] for j, d in inside.items())

    def _remove(self, index: int, change: Change) -> Gains | None:
        """Skipping t keeps every other visit (the chain watched off t); only the links around t change weight."""
        graph = self.graph
        visits_t = self.visits[index]
        onward = _onward(graph, index)
        switch_gain = visits_t * self.switch_of[index]
        for link in self.incoming.get(index, ()):
            source = link.source
            w = self.weight[source][graph.links[source].index(link)]
            rerouted = sum(share * self._weight_between(source, target) for target, share in onward)
            switch_gain += self.visits[source] * link.probability * (w - rerouted)
        effort_gain = visits_t * effort_of(graph.touchpoints[index])
        completion: float | None = None
        if self.digital is not None:
            completion = self.detour[index]
            if completion is None:
                return self._solve_in_full(index, change)
        return Gains(self.expected_effort - effort_gain, effort_gain, switch_gain, completion, 0.0)

    def _detour(self, t: int) -> float | None:
        """The digital completion won by skipping t: 0 for a digital t, whose skipping changes no channel.

        For an analog t the digital chain gains the links a→c (a, c digital) through t,
        P'_D = P_D + x yᵀ with x_a = p(a→t), y_c = p(t→c)/(1 - p(t→t)): one more rank-one update,
        gain = (uᵀx)(yᵀ g_D) / (1 - yᵀ N_D x). N_D[c, a] is 0 unless a → t → c → a is a loop of J.
        """
        graph, digital = self.graph, self.digital
        assert digital is not None
        if graph.keeps_digital(t):
            return 0.0
        into = {
            link.source: link.probability for link in self.incoming.get(t, ()) if link.source in self.digital_visits
        }
        out = {c: share for c, share in _onward(graph, t) if c in self.digital_visits}
        if not into or not out:
            return 0.0
        back = sum(share * x * digital.visits_of(a, c) for c, share in out.items() for a, x in into.items())
        denominator = 1 - back
        if denominator < SMALLEST_DENOMINATOR:
            return None
        arriving = sum(self.digital_visits[a] * x for a, x in into.items())
        return arriving * sum(share * self.completion_to_go[c] for c, share in out.items()) / denominator

    def _weight_between(self, source: int, target: int) -> float:
        return _new_link(self.graph, self.order, source, target, 0.0).weight(self.graph.journey.scoring)

    def _traps(self, index: int, row: dict[int, float]) -> bool:
        """Whether t can no longer reach an exit once its row is `row` (only t's row changed, so only t can trap).

        A kept target outside t's loop never comes back to t, and from it, as from every touchpoint of
        J, an exit can be reached. Inside the loop, search for a way out of it that avoids t.
        """
        loops, graph = self.loops, self.graph
        group = loops.group_of[index]
        if any(loops.group_of[j] != group for j in row):
            return False
        seen = set(row) - {index}
        waiting = list(seen)
        while waiting:
            node = waiting.pop()
            if graph.touchpoints[node].is_exit:
                return False
            for target in graph.successors[node]:
                if loops.group_of[target] != group:
                    return False
                if target != index and target not in seen:
                    seen.add(target)
                    waiting.append(target)
        return True

    def _solve_in_full(self, index: int, change: Change) -> Gains | None:
        if self._full is None:
            self._full = _exact_evaluator(self.graph)
        return self._full(index, change)


def _onward(graph: JourneyGraph, index: int) -> list[tuple[int, float]]:
    """Where customers go from t once they leave it: p(t→c)/(1 - p(t→t)) for c ≠ t."""
    own = graph.links[index]
    stay = sum(link.probability for link in own if link.target == index)
    return [(link.target, link.probability / (1 - stay)) for link in own if link.target != index]


def _by_touchpoint(states: list[int], values: list[float]) -> dict[int, float]:
    return dict(zip(states, values, strict=True))


class _Loops:
    """The strongly connected groups of a chain's touchpoints, each with (I - P_C)⁻¹ made when first needed.

    With `within`, the groups of a sub-chain (the digital touchpoints) are those of the whole
    journey cut down to the sub-chain: every way from j back to t runs inside t's group of J.
    """

    def __init__(self, graph: JourneyGraph, states: list[int], within: _Loops | None = None) -> None:
        self.graph = graph
        self.inside = set(states)
        if within is None:
            successors = [
                tuple(j for j in graph.successors[i] if j in self.inside) for i in range(len(graph.touchpoints))
            ]
            groups = [sorted(group) for group in strongly_connected_groups(successors) if group[0] in self.inside]
        else:
            groups = [kept for group in within.groups if (kept := [i for i in group if i in self.inside])]
        self.groups: list[list[int]] = groups
        self.group_of = {i: k for k, group in enumerate(groups) for i in group}
        self._inverse: dict[int, tuple[dict[int, int], SparseLU]] = {}
        self._columns: dict[int, list[float]] = {}  # t -> column t of (I - P_C)⁻¹, solved when first needed

    def visits_of(self, t: int, j: int) -> float:
        """N[j, t]: the expected visits of t for a customer now at j, within this chain."""
        group = self.group_of[t]
        if self.group_of.get(j) != group:
            return 0.0
        members = self.groups[group]
        if len(members) == 1:  # t alone, maybe with a link to itself
            stay = sum(link.probability for link in self.graph.links[t] if link.target == t)
            return 1 / (1 - stay)
        position, lu = self._inverse_of(group)
        if t not in self._columns:
            unit = [0.0] * len(members)
            unit[position[t]] = 1.0
            self._columns[t] = lu.solve(unit)
        return self._columns[t][position[j]]

    def _inverse_of(self, group: int) -> tuple[dict[int, int], SparseLU]:
        if group not in self._inverse:
            members = self.groups[group]
            position = {i: k for k, i in enumerate(members)}
            self._inverse[group] = (position, SparseLU(_rows(self.graph, members, position)))
        return self._inverse[group]


class _Chain:
    """I - P over some touchpoints (leaving them absorbs), factorised once (`journeymap.sparse`)."""

    def __init__(self, graph: JourneyGraph, states: list[int]) -> None:
        self.graph = graph
        self.states = states
        self.position = {state: k for k, state in enumerate(states)}
        # States in file order are nearly triangular (most transitions go forward): that order keeps fill low.
        self.lu = SparseLU(_rows(graph, states, self.position))

    def visits(self) -> list[float]:
        """vᵀ = e_entryᵀ N: expected visits of each state for a customer starting at the entry."""
        start = [0.0] * len(self.states)
        start[self.position[self.graph.entry]] = 1.0
        return self.lu.solve_transposed(start)

    def to_go(self, values: list[list[float]]) -> list[list[float]]:
        """N f for each f: what is still to come (effort, switches, ...) for a customer now at each state."""
        return [self.lu.solve(value) for value in values]


def _rows(graph: JourneyGraph, states: list[int], position: dict[int, int]) -> list[dict[int, float]]:
    """The rows of I - P over `states` (in that order); links leaving them are left out (they absorb)."""
    rows: list[dict[int, float]] = []
    for state in states:
        row = {position[state]: 1.0}
        for link in graph.links[state]:
            k = position.get(link.target)
            if k is not None:
                row[k] = row.get(k, 0.0) - link.probability
        rows.append(row)
    return rows
