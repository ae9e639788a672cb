"""Analysis: a validated journey to its graph, with the errors only the graph shows and the checks' warnings.

Validation (`journeymap.validate`) makes sure the parts of a journey fit together; here the journey
becomes a graph of transition probabilities, which can still be unusable: customers who reach a
loop without a way out can never finish, so the chain has no scores. A usable graph then gets the
warnings of every check not ignored. Everything is a `Problem` at a model path; the caller locates it.
"""

from __future__ import annotations

from collections.abc import Iterator, Set

from journeymap.checks import run_checks
from journeymap.codes import ErrorCode
from journeymap.findings import Problem
from journeymap.graph import JourneyGraph, build_graph
from journeymap.model import Journey


def analyse(
    journey: Journey, ignore: Set[str] = frozenset(), *, checks: bool = True
) -> tuple[JourneyGraph | None, list[Problem]]:
    """The graph of a valid journey (None when customers can be trapped) and its problems.

    With `checks=False` only the errors are looked for (e.g. while the file has other errors).
    """
    graph = build_graph(journey)
    problems = list(graph_errors(graph))
    if problems:
        return None, problems
    return graph, silenced(graph, run_checks(graph, set(ignore))) if checks else []


def silenced(graph: JourneyGraph, problems: list[Problem]) -> list[Problem]:
    """The problems left once a touchpoint's `ignore:` (for it and its transitions) and a transition's are applied."""
    return [problem for problem in problems if problem.code not in _ignored_at(graph, problem.path)]


def _ignored_at(graph: JourneyGraph, path: tuple[str | int, ...]) -> set[str]:
    """The codes silenced at a model path: by its touchpoint, and by its transition when it lies on one."""
    if len(path) < 2 or path[0] != "touchpoints" or not isinstance(path[1], int):
        return set()
    point = graph.touchpoints[path[1]]
    codes = set(point.ignore)
    if len(path) >= 4 and path[2] == "next" and isinstance(path[3], int):
        codes.update(point.next[path[3]].ignore)
    return codes


def graph_errors(graph: JourneyGraph) -> Iterator[Problem]:
    """Customers who reach a touchpoint from which no exit can be reached: the journey cannot be scored."""
    for index in graph.trapped:
        point = graph.touchpoints[index]
        message = (
            f"customers who reach {point.id!r} can never finish: no exit (a touchpoint without `next`) "
            "can be reached from it; add a transition out of the loop or end the journey there"
        )
        yield Problem(ErrorCode.TRAPPED, ("touchpoints", index, "id"), message)
