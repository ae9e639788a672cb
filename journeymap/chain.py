"""Chain: expected visits of an absorbing Markov chain, solved without a single subtraction.

A customer walks from state to state; a transition to a state outside the chain,
or a state without transitions (an exit), ends the walk. The expected visits
v = e_entry · (I - Q)⁻¹ come from state elimination in the style of
Grassmann, Taksar and Heyman (GTH): removing a state k reroutes every way
through it, p(i→j) += p(i→k) · p(k→j) / d(k), where d(k) = 1 - p(k→k) is
computed as the sum of k's outflows to other states and out of the chain, never
by subtracting from 1. Every step then adds, multiplies and divides
non-negative numbers, so each result is exact to a few roundings however tight
the loops are (Gaussian elimination on I - Q loses all digits once a loop
returns with probability 1 - 10⁻¹⁶).

Back substitution uses the same numbers: in the chain left when k was removed,
v(k) · d(k) = Σ v(i) · p(i→k) over the states i still there, and the entry,
removed last, has v(entry) = 1 / d(entry).

States are removed cheapest first (fewest new ways created: in-degree x
out-degree, a minimum-degree order), so a journey, which is close to a chain,
costs time linear in its size.
"""

from __future__ import annotations

import enum
import heapq
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Below this a float loses digits (subnormal numbers): a visit or an escape probability
# that small cannot be computed to the accuracy every printed number must have.
SMALLEST_NORMAL = sys.float_info.min


class Trouble(enum.Enum):
    """Why a chain has no accurate solution in floating point."""

    TIGHT_LOOP = "tight-loop"  # customers who reach the state return to it with probability 1 - d, d below 1e-308
    TOO_MANY_VISITS = "too-many-visits"  # expected visits beyond the largest float
    TOO_RARE = "too-rare"  # the state is reached with a probability below the smallest normal float


@dataclass(frozen=True)
class ChainError(Exception):
    """The chain cannot be solved accurately: `state` is where the numbers leave the range of floats."""

    state: int
    trouble: Trouble
    returns: float  # expected visits of `state` per customer who reaches it (1 / d), inf when d underflows

    def __str__(self) -> str:
        return f"state {self.state}: {self.trouble.value} (about {self.returns:.2g} visits per arrival)"


def expected_visits(
    states: Sequence[int], entry: int, transitions: Mapping[int, Sequence[tuple[int, float]]]
) -> dict[int, float]:
    """Expected visits of every state for a customer who starts at `entry` (one of `states`).

    `transitions[s]` lists (target, probability) of state s; targets outside
    `states` end the walk, as does a state without transitions. Self-loops only
    lower d(s), which is computed from the other outflows. States the customer
    cannot reach without leaving the chain get exactly 0. Raises ChainError when a
    visit or an escape probability leaves the range where floats are exact to rounding.
    """
    chain = _reached(entry, set(states), transitions)
    ahead: dict[int, dict[int, float]] = {}  # state -> {next state: probability}, self-loops left out
    behind: dict[int, set[int]] = {state: set() for state in chain}  # state -> states leading to it
    leave: dict[int, float] = {}  # state -> probability of ending the walk from it
    for state in chain:
        row: dict[int, float] = {}
        ending: list[float] = []
        links = transitions.get(state, ())
        for target, probability in links:
            if target == state:
                continue
            if target in chain:
                row[target] = row.get(target, 0.0) + probability
                behind[target].add(state)
            else:
                ending.append(probability)
        ahead[state] = row
        leave[state] = math.fsum(ending) if links else 1.0
    removals = _remove_all(entry, ahead, behind, leave)
    outflow = leave[entry]  # everything else is gone: the entry's only way on is out of the chain
    if outflow < SMALLEST_NORMAL:
        raise ChainError(entry, Trouble.TIGHT_LOOP, math.inf if outflow == 0 else 1 / outflow)
    visits = {entry: 1 / outflow}
    for state, outflow, incoming in reversed(removals):
        try:
            value = math.fsum([visits[source] * into for source, into in incoming]) / outflow
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise ChainError(state, Trouble.TOO_MANY_VISITS, 1 / outflow)
        if value < SMALLEST_NORMAL:
            raise ChainError(state, Trouble.TOO_RARE, 1 / outflow)
        visits[state] = value
    return {state: visits.get(state, 0.0) for state in states}


# One removed state: (state, d(state), the ways into it from the states still there then).
Removal = tuple[int, float, list[tuple[int, float]]]


def _remove_all(
    entry: int, ahead: dict[int, dict[int, float]], behind: dict[int, set[int]], leave: dict[int, float]
) -> list[Removal]:
    """Remove every state but the entry, cheapest first, rerouting the ways through each one around it.

    The cost of a state is the number of ways its removal creates at most, its
    in-degree x out-degree (Markowitz); ties go to the later state, so a chain goes
    from its exits back to its entry. Costs change as neighbours go: a state is
    queued again at its new cost, and a queued cost that is no longer its own is skipped.
    """
    queue = [(len(behind[state]) * len(ahead[state]), -state, state) for state in ahead if state != entry]
    heapq.heapify(queue)
    pop, push = heapq.heappop, heapq.heappush
    removals: list[Removal] = []
    while queue:
        price, _, state = pop(queue)
        targets = ahead.get(state)
        if targets is None or price != len(behind[state]) * len(targets):
            continue
        del ahead[state]
        sources = behind.pop(state)
        ends = leave.pop(state)
        outflow = math.fsum([*targets.values(), ends])
        if outflow < SMALLEST_NORMAL:
            raise ChainError(state, Trouble.TIGHT_LOOP, math.inf if outflow == 0 else 1 / outflow)
        incoming = []
        for source in sources:
            row = ahead[source]
            into = row.pop(state)
            incoming.append((source, into))
            through = into / outflow
            for target, probability in targets.items():
                if target == source:
                    continue  # a way back to the source is a self-loop: it only lowers d(source), never computed
                if target in row:
                    row[target] += through * probability
                else:
                    row[target] = through * probability
                    behind[target].add(source)
            if ends:
                leave[source] += through * ends
            if source != entry:
                push(queue, (len(behind[source]) * len(row), -source, source))
        for target in targets:
            behind[target].discard(state)
            if target != entry:
                push(queue, (len(behind[target]) * len(ahead[target]), -target, target))
        removals.append((state, outflow, incoming))
    return removals


def _reached(entry: int, chain: set[int], transitions: Mapping[int, Sequence[tuple[int, float]]]) -> set[int]:
    """The states a customer starting at `entry` can reach without leaving the chain: the others get 0 visits."""
    seen = {entry}
    waiting = [entry]
    while waiting:
        for target, _ in transitions.get(waiting.pop(), ()):
            if target in chain and target not in seen:
                seen.add(target)
                waiting.append(target)
    return seen
