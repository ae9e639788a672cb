"""Sparse: an LU factorisation of I - P for the what-if updates, in plain Python (no numpy or SciPy).

`whatif` needs, for one journey, the visits vᵀ = e_entryᵀ N and a few "still to come" vectors N f,
N = (I - P)⁻¹, and single columns of the inverse of small loops. A journey's matrix is sparse and, in
file order, nearly upper triangular (most transitions go forward), so Gaussian elimination in that order
creates little fill: each row is reduced by the few earlier rows its backward links reach. I - P of a
chain that leaves (every touchpoint reaches an exit) is weakly diagonally dominant by rows, where
elimination without pivoting is stable; `whatif` still checks the visits against `score`'s exact solve.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence


class SingularError(ArithmeticError):
    """A zero pivot: the chain does not leave (cannot happen for a chain `score` solved)."""


class SparseLU:
    """A = L U for an n x n matrix given as rows {column: value}; L unit lower, U upper, both by rows."""

    def __init__(self, rows: Sequence[Mapping[int, float]]) -> None:
        self.size = len(rows)
        self.lower: list[dict[int, float]] = []  # row i: {k: l_ik} for k < i
        self.upper: list[dict[int, float]] = []  # row i: {k: u_ik} for k > i
        self.diagonal: list[float] = []
        for i, given in enumerate(rows):
            row = dict(given)
            below = [k for k in row if k < i]
            heapq.heapify(below)
            lower: dict[int, float] = {}
            while below:
                k = heapq.heappop(below)
                value = row.pop(k, 0.0)
                if k in lower or value == 0.0:
                    continue
                factor = value / self.diagonal[k]
                lower[k] = factor
                for j, u in self.upper[k].items():
                    if j not in row and j < i:
                        heapq.heappush(below, j)  # fill-in left of the diagonal: eliminated in turn
                    row[j] = row.get(j, 0.0) - factor * u
            pivot = row.pop(i, 0.0)
            if pivot == 0.0:
                raise SingularError(f"zero pivot at row {i}")
            self.lower.append(lower)
            self.diagonal.append(pivot)
            self.upper.append({j: u for j, u in row.items() if u != 0.0})

    def solve(self, b: Sequence[float]) -> list[float]:
        """x with A x = b."""
        y = list(b)
        for i in range(self.size):
            y[i] -= sum(factor * y[k] for k, factor in self.lower[i].items())
        x = [0.0] * self.size
        for i in reversed(range(self.size)):
            x[i] = (y[i] - sum(u * x[j] for j, u in self.upper[i].items())) / self.diagonal[i]
        return x

    def solve_transposed(self, b: Sequence[float]) -> list[float]:
        """x with Aᵀ x = b (Uᵀ y = b, then Lᵀ x = y), scattering row by row."""
        y = list(b)
        for i in range(self.size):
            y[i] /= self.diagonal[i]
            if y[i]:
                for j, u in self.upper[i].items():
                    y[j] -= u * y[i]
        x = y
        for i in reversed(range(self.size)):
            if x[i]:
                for k, factor in self.lower[i].items():
                    x[k] -= factor * x[i]
        return x
