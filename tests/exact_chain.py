"""An exact rational solve of an absorbing chain, independent of journeymap: the yardstick of the solver tests.

Expected visits v solve v = e_entry + Qᵀ v over the kept states; transitions to a state
that is not kept end the walk. Gaussian elimination on sparse rows of Fractions: no
rounding at all, so any difference is journeymap's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction


def exact_visits(
    transitions: Mapping[int, Sequence[tuple[int, Fraction]]], states: Sequence[int], entry: int
) -> dict[int, Fraction]:
    """Expected visits of each of `states` for a customer starting at `entry`."""
    position = {state: k for k, state in enumerate(states)}
    size = len(states)
    # Row r of (I - Qᵀ): visits of state r minus the flow into it.
    rows: list[dict[int, Fraction]] = [{k: Fraction(1)} for k in range(size)]
    for state in states:
        column = position[state]
        for target, probability in transitions.get(state, ()):
            row = position.get(target)
            if row is not None:
                rows[row][column] = rows[row].get(column, Fraction(0)) - probability
    right = [Fraction(0)] * size
    right[position[entry]] = Fraction(1)
    for k in range(size):
        pivot_row = rows[k]
        pivot = pivot_row[k]
        assert pivot != 0, "singular chain: some state cannot reach an exit"
        for i in range(k + 1, size):
            factor = rows[i].pop(k, None)
            if factor:
                ratio = factor / pivot
                for j, value in pivot_row.items():
                    if j > k:
                        rows[i][j] = rows[i].get(j, Fraction(0)) - ratio * value
                right[i] -= ratio * right[k]
    solution = [Fraction(0)] * size
    for k in reversed(range(size)):
        known = sum((value * solution[j] for j, value in rows[k].items() if j > k), Fraction(0))
        solution[k] = (right[k] - known) / rows[k][k]
    return {state: solution[position[state]] for state in states}
