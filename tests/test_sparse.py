"""journeymap.sparse: the plain-Python LU of I - P against numpy's dense solve, on random leaving chains."""

from __future__ import annotations

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.sparse import SparseLU


@st.composite
def leaving_chains(draw: st.DrawFn) -> list[dict[int, float]]:
    """Rows of I - P for a chain whose every state leaves with some probability: mostly forward links,
    a few back, and self-loops, as journeys have them."""
    size = draw(st.integers(1, 25))
    rows = []
    for i in range(size):
        targets = draw(st.lists(st.integers(0, size - 1), max_size=4, unique=True))
        weights = [draw(st.floats(0.01, 1.0)) for _ in targets]
        leave = draw(st.floats(0.01, 1.0))  # out of the chain
        total = sum(weights) + leave
        row = {i: 1.0}
        for target, weight in zip(targets, weights, strict=True):
            row[target] = row.get(target, 0.0) - weight / total
        rows.append(row)
    return rows


def _dense(rows: list[dict[int, float]]) -> numpy.ndarray:
    matrix = numpy.zeros((len(rows), len(rows)))
    for i, row in enumerate(rows):
        for k, value in row.items():
            matrix[i, k] = value
    return matrix


@settings(max_examples=200, deadline=None)
@given(leaving_chains(), st.data())
def test_solves_match_numpy(rows: list[dict[int, float]], data: st.DataObject) -> None:
    b = data.draw(st.lists(st.floats(0, 10), min_size=len(rows), max_size=len(rows)))
    lu = SparseLU(rows)
    matrix = _dense(rows)
    numpy.testing.assert_allclose(lu.solve(b), numpy.linalg.solve(matrix, b), rtol=1e-9, atol=1e-9)
    numpy.testing.assert_allclose(lu.solve_transposed(b), numpy.linalg.solve(matrix.T, b), rtol=1e-9, atol=1e-9)


def test_fill_in_left_of_the_diagonal_is_eliminated() -> None:
    # Row 2 links back to 0; row 0 links forward to 1: eliminating (2, 0) fills (2, 1), which must be eliminated too.
    rows = [{0: 1.0, 1: -0.5}, {1: 1.0, 2: -0.5}, {2: 1.0, 0: -0.5}]
    lu = SparseLU(rows)
    assert lu.lower[2] == {0: -0.5, 1: -0.25}
    numpy.testing.assert_allclose(lu.solve([1.0, 0.0, 0.0]), numpy.linalg.solve(_dense(rows), [1.0, 0.0, 0.0]))
