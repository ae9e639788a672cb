"""The graph walks agree with networkx, the reference implementation, on random graphs."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.graph import reachable_from, strongly_connected_groups

graphs = st.integers(min_value=1, max_value=12).flatmap(
    lambda size: st.lists(
        st.lists(st.integers(min_value=0, max_value=size - 1), max_size=4, unique=True), min_size=size, max_size=size
    )
)


def reference(successors: list[list[int]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(successors)))
    graph.add_edges_from((source, target) for source, targets in enumerate(successors) for target in targets)
    return graph


@settings(max_examples=300, derandomize=True, deadline=None)
@given(graphs)
def test_strongly_connected_groups_match_networkx(successors: list[list[int]]) -> None:
    ours = {frozenset(group) for group in strongly_connected_groups(successors)}
    theirs = {frozenset(group) for group in nx.strongly_connected_components(reference(successors))}
    assert ours == theirs


@settings(max_examples=300, derandomize=True, deadline=None)
@given(graphs)
def test_walk_matches_networkx_descendants(successors: list[list[int]]) -> None:
    assert reachable_from([0], successors) == nx.descendants(reference(successors), 0) | {0}


def test_a_long_chain_does_not_overflow_the_stack() -> None:
    size = 50_000
    successors = [[i + 1] for i in range(size - 1)] + [[0]]
    groups = strongly_connected_groups(successors)
    assert len(groups) == 1 and len(groups[0]) == size
