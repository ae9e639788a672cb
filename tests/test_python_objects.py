"""Results behave like Python: frozen dataclasses of plain values (`dataclasses.asdict`, deepcopy), `to_dict()`,
`to_json()` as text, a short repr and a small notebook table; `to_networkx()` writes to GraphML and GEXF as it is
and its `weight` gives the most likely path; `diagram()` draws what `render` draws with the same defaults."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import networkx
import pytest
from conftest import EXAMPLE_JOURNEYS, EXAMPLES, Result

import journeymap
from journeymap.compare import compare
from journeymap.whatif import opportunities

Cli = Callable[..., Result]
AS_IS = EXAMPLES / "phone-purchase.journey.yaml"
TO_BE = EXAMPLES / "phone-purchase-to-be.journey.yaml"


def _results() -> list[object]:
    before, after = journeymap.load(AS_IS), journeymap.load(TO_BE)
    assert before.graph is not None and after.graph is not None and after.scores is not None
    return [after.scores, compare(before.graph, after.graph), opportunities(after.graph)[0]]


@pytest.mark.parametrize("result", _results(), ids=lambda result: type(result).__name__)
def test_results_are_plain_frozen_dataclasses(result: object) -> None:
    assert dataclasses.is_dataclass(result)
    copied = dataclasses.asdict(result)  # type: ignore[call-overload]
    assert copy.deepcopy(result) == result
    json.dumps(copied, default=str)  # plain values all the way down (enums print as their text)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.journey = "other"  # type: ignore[attr-defined]
    text = result.to_json()  # type: ignore[attr-defined]
    assert isinstance(text, str) and json.loads(text) == result.to_dict()  # type: ignore[attr-defined]
    shown = repr(result)
    assert shown.startswith(type(result).__name__ + "(") and len(shown) < 400 and "\n" not in shown
    table = result._repr_html_()  # type: ignore[attr-defined]
    assert table.startswith("<table>") and table.count("<tr>") <= 8 and len(table) < 2000


def test_scores_to_dict_is_the_score_json(cli: Cli) -> None:
    scores = journeymap.load(AS_IS).scores
    assert scores is not None
    printed = json.loads(cli("score", AS_IS, "--format", "json").out)
    assert {"format_version": 1, **scores.to_dict()} == printed
    assert repr(scores).startswith("Scores(journey='phone-purchase', visits=<")


def test_a_new_field_follows_into_to_dict() -> None:
    """Serialisation is generic: a field without a key of its own shows under its name."""
    scores = journeymap.load(AS_IS).scores
    assert scores is not None
    fields = [(field.name, field.type, field) for field in dataclasses.fields(scores)]
    extended = dataclasses.make_dataclass(
        "Extended",
        [(name, kind, field) for name, kind, field in fields] + [("measured_share", float)],
        bases=(type(scores),),
        frozen=True,
        repr=False,
    )
    values = {field.name: getattr(scores, field.name) for field in dataclasses.fields(scores)}
    assert extended(**values, measured_share=0.75).to_dict()["measured_share"] == 0.75


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_networkx_writes_graphml_and_gexf_as_it_is(example: Path, tmp_path: Path) -> None:
    graph = journeymap.load(example).to_networkx()
    for facts in [
        graph.graph,
        *(facts for _, facts in graph.nodes(data=True)),
        *(f for *_, f in graph.edges(data=True)),
    ]:
        assert all(value is not None for value in facts.values())
    networkx.write_graphml(graph, tmp_path / "g.graphml")
    networkx.write_gexf(graph, tmp_path / "g.gexf")
    back = networkx.read_graphml(tmp_path / "g.graphml")
    assert list(back.nodes) == list(graph.nodes)
    assert {(a, b) for a, b in back.edges} == set(graph.edges)
    for a, b, facts in graph.edges(data=True):
        assert back.edges[a, b]["weight"] == pytest.approx(facts["weight"])
        assert back.edges[a, b]["probability"] == pytest.approx(facts["probability"])
    for node, facts in graph.nodes(data=True):
        assert back.nodes[node]["title"] == facts["title"]
    assert set(networkx.read_gexf(tmp_path / "g.gexf").nodes) == set(graph.nodes)


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_shortest_path_by_weight_is_the_most_likely_path(example: Path) -> None:
    result = journeymap.load(example)
    assert result.scores is not None and result.scores.most_likely_path is not None
    graph = result.to_networkx()
    entry = graph.graph["entry"]
    exits = [node for node, facts in graph.nodes(data=True) if facts["exit"] and facts["reachable"]]
    lengths = networkx.single_source_dijkstra_path_length(graph, entry, weight="weight")
    best = min((node for node in exits if node in lengths), key=lambda node: lengths[node])
    path = networkx.shortest_path(graph, entry, best, weight="weight")
    assert tuple(path) == result.scores.most_likely_path.touchpoints
    effort = graph.nodes[entry]["effort"] + sum(graph.edges[a, b]["effort"] for a, b in itertools.pairwise(path))
    assert effort == result.scores.most_likely_path.effort


@pytest.mark.dot
def test_diagram_defaults_are_renders(cli: Cli) -> None:
    """No options: the picture `render` draws (the direction chosen by the journey's size, as render chooses it)."""
    for path in EXAMPLE_JOURNEYS:
        rendered = cli("render", path, "--format", "dot", "-o", "-")
        assert journeymap.load(path).diagram().dot == rendered.out, path.name
