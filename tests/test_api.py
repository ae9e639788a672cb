"""Python API: load/loads give check's findings and never raise; networkx agrees with the scores, diagrams draw."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import networkx
import numpy
import pytest
from conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, ROOT, VALID_JOURNEY, changed

import journeymap
from journeymap.render.dot import DiagramOptions, journey_dot

MALFORMED = sorted((ROOT / "tests" / "malformed").iterdir())
Cli = Callable[..., object]


def check_lines(cli: Callable[..., object], path: Path) -> list[str]:
    """The finding lines `journeymap check PATH` prints (without the summary)."""
    result = cli("check", path)
    return [line for line in result.out.splitlines() if re.match(r".+:\d+:\d+: (error|warning)\[", line)]  # type: ignore[attr-defined]


# --- load and loads -----------------------------------------------------------------------------------------------


def test_loads_a_valid_journey_from_text() -> None:
    result = journeymap.loads(VALID_JOURNEY, path="phone.journey.yaml")
    assert result.ok and result.errors == []
    assert result.journey is not None and result.journey.title == "Buying a phone"
    assert result.journey.id == "phone"  # from the name, as for a file
    assert result.scores is not None and result.scores.expected_effort == pytest.approx(3.0)
    assert result.scores.visits == {"order": pytest.approx(1.0), "bill": pytest.approx(1.0)}


def test_loads_takes_bytes_as_a_file_would_be_read() -> None:
    result = journeymap.loads(b"\xef\xbb\xbf" + VALID_JOURNEY.encode("utf-8"))
    assert result.ok and result.path == "x.journey.yaml" and result.journey is not None
    assert result.journey.id == "x"


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_load_gives_the_findings_check_prints(cli: Cli, example: Path) -> None:
    result = journeymap.load(example)
    assert result.ok and result.journey is not None and result.scores is not None
    # Warnings about the other files of a run (a to-be's baseline) need those files: check gives them, load does not.
    printed = [line for line in check_lines(cli, example) if "warning[unknown-baseline]" not in line]
    assert [str(finding) for finding in result.findings] == printed
    assert result.path == str(example)


def test_load_and_loads_agree(tmp_path: Path) -> None:
    path = tmp_path / "a.journey.yaml"
    text = changed(("effort: 2", "effort: 7"))
    path.write_text(text, encoding="utf-8")
    from_file = journeymap.load(path)
    from_text = journeymap.loads(text, path=str(path))
    assert from_file.findings == from_text.findings
    assert [finding.code for finding in from_file.warnings] == ["high-effort"]
    assert from_file.scores == from_text.scores


def test_ignore_silences_warnings_as_check_does() -> None:
    text = changed(("effort: 2", "effort: 7"))
    assert [finding.code for finding in journeymap.loads(text).warnings] == ["high-effort"]
    assert journeymap.loads(text, ignore=["high-effort"]).warnings == []
    assert journeymap.loads(text, ignore="high-effort").warnings == []
    with pytest.raises(ValueError, match="unknown warning code no-such-code"):
        journeymap.loads(text, ignore=["no-such-code"])


def test_bad_journey_gives_located_errors_and_no_model_or_scores(cli: Cli, tmp_path: Path) -> None:
    text = changed(("stage: use", "stage: usr"))
    path = tmp_path / "bad.journey.yaml"
    path.write_text(text, encoding="utf-8")
    result = journeymap.loads(text, path=str(path))
    assert not result.ok and result.journey is None and result.scores is None
    assert [(finding.code, finding.line) for finding in result.errors] == [("unknown-reference", 17)]
    assert [str(finding) for finding in result.findings] == check_lines(cli, path)
    assert "not ok, 1 error" in repr(result)


@pytest.mark.parametrize("sample", MALFORMED, ids=lambda path: path.name)
def test_malformed_corpus_gives_findings_not_exceptions(cli: Cli, sample: Path) -> None:
    from_text = journeymap.loads(sample.read_bytes(), path=str(sample))
    from_file = journeymap.load(sample)
    assert not from_text.ok and from_text.errors and from_text.journey is None and from_text.scores is None
    assert from_text.findings == from_file.findings
    printed = [str(finding) for finding in from_file.findings]
    if sample.name.endswith(".walkthrough.yaml"):
        # A walkthrough's own problems as check finds them, and one error saying it is no journey.
        assert [finding.code for finding in from_file.findings].count("not-a-journey") == 1
        assert set(printed) - set(check_lines(cli, sample)) == {
            str(finding) for finding in from_file.findings if finding.code == "not-a-journey"
        }
    else:
        assert printed == check_lines(cli, sample)
    with pytest.raises(journeymap.JourneyError, match="has errors"):
        from_text.diagram()


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01", "- a\n- b\n", "title: [unclosed", "a: &x [*x]", "title: x\n" * 3, "\ud800", "[" * 5000],
    ids=repr,
)
def test_odd_text_gives_findings_not_exceptions(text: str) -> None:
    result = journeymap.loads(text)
    assert not result.ok and result.errors and all(finding.path == "x.journey.yaml" for finding in result.findings)


def test_a_lone_surrogate_is_located() -> None:
    (finding,) = journeymap.loads("title: a\nstages: [b\ud83d]\n").findings
    assert (finding.line, finding.column, finding.code) == (2, 11, "yaml-syntax") and "U+D83D" in finding.message


def test_missing_file_and_folder_are_findings(tmp_path: Path) -> None:
    missing = journeymap.load(tmp_path / "nowhere.journey.yaml")
    assert [finding.code for finding in missing.findings] == ["read-error"]
    folder = journeymap.load(tmp_path)
    assert [finding.code for finding in folder.findings] == ["read-error"] and not folder.ok


@pytest.mark.parametrize("walkthrough", EXAMPLE_WALKTHROUGHS, ids=lambda path: path.name)
def test_a_walkthrough_is_one_located_error_naming_the_fix(walkthrough: Path) -> None:
    result = journeymap.load(walkthrough)
    (finding,) = result.errors
    assert finding.code == "not-a-journey" and finding.is_error and not result.ok
    line = next(n for n, text in enumerate(walkthrough.read_text().splitlines(), 1) if text.startswith("journey:"))
    assert (finding.line, finding.column) == (line, 1)
    assert "load the journey it walks" in finding.message and "not a journey" in finding.message


def test_errors_block_drawing_with_the_errors_in_the_message() -> None:
    result = journeymap.loads("title: Only a title\n", path="t.journey.yaml")
    for use in (result.diagram, result.to_networkx, result.mermaid):
        with pytest.raises(journeymap.JourneyError) as raised:
            use()
        assert "t.journey.yaml:1:1: error[missing-key]" in str(raised.value)
        assert raised.value.findings == result.findings


# --- to_networkx --------------------------------------------------------------------------------------------------

UNREACHABLE = changed(
    (
        "    effort: 1\n",
        "    effort: 1\n  - id: lost\n    title: A step nobody reaches\n    stage: use\n    channel: phone\n"
        "    effort: 3\n    next: [bill]\n",
    )
)


@pytest.mark.parametrize(
    "result",
    [*(journeymap.load(path) for path in EXAMPLE_JOURNEYS), journeymap.loads(UNREACHABLE)],
    ids=[*(path.name for path in EXAMPLE_JOURNEYS), "unreachable"],
)
def test_networkx_graph_agrees_with_the_scores_graph(result: journeymap.JourneyResult) -> None:
    assert result.ok and result.journey is not None and result.scores is not None
    graph = result.to_networkx()
    scores = result.scores
    assert isinstance(graph, networkx.DiGraph)
    assert list(graph.nodes) == [point.id for point in result.journey.touchpoints]
    # Scored transitions are those customers can take (from reachable touchpoints): the same edges, same shares.
    scored = {(t.source, t.target): t for t in scores.transitions}
    reachable = set(scores.visits)
    taken = {(a, b): facts for a, b, facts in graph.edges(data=True) if a in reachable}
    assert set(taken) == set(scored)
    for pair, facts in taken.items():
        assert facts["probability"] == scored[pair].probability
        assert facts["forward"] == scored[pair].forward and facts["backward"] == (not scored[pair].forward)
        assert facts["switch"] == scored[pair].switch
        assert facts["digital_to_analog"] == scored[pair].digital_to_analog
    for point in result.journey.touchpoints:
        facts = graph.nodes[point.id]
        assert facts["visits"] == scores.visits.get(point.id, 0.0)
        assert facts["reachable"] == (point.id in reachable)
        assert (facts["title"], facts["stage"], facts["channel"], facts.get("effort"), facts.get("emotion")) == (
            point.title,
            point.stage,
            point.channel,
            point.effort,
            point.emotion,
        )
        assert facts["kind"] == point.kind.value and facts["exit"] == (not point.next)
    assert graph.graph["entry"] == next(node for node, facts in graph.nodes(data=True) if facts["entry"])
    assert graph.graph["expected_effort"] == scores.expected_effort


@pytest.mark.parametrize("example", EXAMPLE_JOURNEYS, ids=lambda path: path.name)
def test_visits_on_the_networkx_graph_solve_the_chain_independently(example: Path) -> None:
    """(I - Pᵀ) v = e_entry, solved by numpy from networkx's own adjacency matrix, gives the visits we attach."""
    graph = journeymap.load(example).to_networkx()
    nodes = list(graph.nodes)
    chain = networkx.to_numpy_array(graph, nodelist=nodes, weight="probability")
    start = numpy.array([1.0 if graph.nodes[node]["entry"] else 0.0 for node in nodes])
    visits = numpy.linalg.solve(numpy.eye(len(nodes)) - chain.T, start)
    for node, expected in zip(nodes, visits, strict=True):
        assert math.isclose(graph.nodes[node]["visits"], expected, rel_tol=1e-9, abs_tol=1e-12)


def test_switch_weights_on_edges_follow_the_journeys_scoring() -> None:
    text = changed(("channel: email\n", "channel: letter\n")) + "scoring:\n  digital_to_analog: 5\n"
    graph = journeymap.loads(text).to_networkx()
    facts = graph.edges["order", "bill"]
    assert facts["digital_to_analog"] and facts["switch"] and facts["switch_weight"] == 5.0
    plain = journeymap.loads(VALID_JOURNEY.replace("channel: email", "channel: web")).to_networkx()
    assert plain.edges["order", "bill"]["switch_weight"] == 0.0 and not plain.edges["order", "bill"]["switch"]


def run_python(code: str) -> str:
    finished = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=ROOT, check=False, timeout=60
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.strip()


def test_import_journeymap_and_check_do_not_import_networkx() -> None:
    loaded = run_python(
        """
        import sys
        import journeymap
        assert "networkx" not in sys.modules and "pydantic" not in sys.modules, "import journeymap is not lazy"
        import runpy
        sys.argv = ["journeymap", "check", "journeys"]
        try:
            runpy.run_module("journeymap", run_name="__main__")
        except SystemExit:
            pass
        print(sorted(name for name in sys.modules if name.split(".")[0] in {"networkx", "journeymap"}))
        """
    )
    assert "networkx" not in loaded
    assert "'journeymap.checks'" in loaded  # the check really ran
    assert "journeymap.api" not in loaded and "journeymap.render.dot" not in loaded


def test_to_networkx_names_the_fix_without_networkx() -> None:
    out = run_python(
        """
        import sys
        sys.modules["networkx"] = None  # as if it were not installed
        import journeymap
        try:
            journeymap.load("journeys/energy-move.journey.yaml").to_networkx()
        except ImportError as error:
            print(error)
        """
    )
    assert "to_networkx needs networkx" in out and "pip install" in out


# --- diagrams -----------------------------------------------------------------------------------------------------


@pytest.mark.dot
def test_diagram_shows_as_svg_in_jupyter() -> None:
    diagram = journeymap.load(ROOT / "journeys" / "phone-purchase.journey.yaml").diagram(highlight="most-likely")
    bundle = diagram._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml"}
    svg = bundle["image/svg+xml"]
    assert "<svg" in svg and svg.rstrip().endswith("</svg>")
    assert "<title" in svg and "Journey map: Buying a smartphone online" in svg
    assert diagram._repr_mimebundle_(include=["text/plain"]) == {}
    assert diagram._repr_mimebundle_(exclude=["image/svg+xml"]) == {}


@pytest.mark.dot
def test_diagram_is_what_render_draws(cli: Cli) -> None:
    path = ROOT / "journeys" / "energy-move.journey.yaml"
    result = journeymap.load(path)
    diagram = result.diagram(lanes="owner", direction="TB", highlight="worst")
    assert result.graph is not None and result.scores is not None
    options = DiagramOptions(direction="TB", lanes="owner", highlight="worst")
    assert diagram.dot == journey_dot(result.graph, result.scores, options)
    options_given = ("--lanes", "owner", "--direction", "TB", "--highlight", "worst")
    rendered = cli("render", path, "--format", "dot", "-o", "-", *options_given)
    assert diagram.dot == rendered.out  # type: ignore[attr-defined]
    assert diagram.pipe("dot") == diagram.dot.encode("utf-8")
    assert diagram.pipe("png").startswith(b"\x89PNG\r\n\x1a\n")
    assert diagram.pipe("pdf").startswith(b"%PDF")
    assert diagram.pipe() == diagram.svg().encode("utf-8")
    with pytest.raises(ValueError, match="format must be one of svg, png, pdf, dot"):
        diagram.pipe("gif")
    with pytest.raises(ValueError, match="lanes must be one of"):
        result.diagram(lanes="department")  # type: ignore[arg-type]


@pytest.mark.dot
def test_diagram_saves_atomically_and_never_over_yaml(tmp_path: Path) -> None:
    diagram = journeymap.loads(VALID_JOURNEY).diagram()
    diagram.save(tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG")
    diagram.save(tmp_path / "map.gv")
    assert (tmp_path / "map.gv").read_text(encoding="utf-8") == diagram.dot
    diagram.save(tmp_path / "picture", format="svg")
    assert "<svg" in (tmp_path / "picture").read_text(encoding="utf-8")
    journey = tmp_path / "a.journey.yaml"
    journey.write_text(VALID_JOURNEY, encoding="utf-8")
    with pytest.raises(ValueError, match="refusing to write a diagram over a YAML file"):
        diagram.save(journey)
    assert journey.read_text(encoding="utf-8") == VALID_JOURNEY
    with pytest.raises(ValueError, match="give format="):
        diagram.save(tmp_path / "map.jpeg")


def test_missing_graphviz_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    diagram = journeymap.loads(VALID_JOURNEY).diagram()
    assert diagram.dot.startswith("digraph journey {")  # DOT text needs no Graphviz
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    for draw in (diagram.svg, lambda: diagram.pipe("png"), diagram._repr_mimebundle_):
        with pytest.raises(journeymap.GraphvizError, match=r"`dot` program was not found.*install Graphviz"):
            draw()


# --- the package --------------------------------------------------------------------------------------------------


def test_public_names_are_exported_and_typed() -> None:
    for name in journeymap.__all__:
        assert getattr(journeymap, name) is not None
    assert set(journeymap.__all__) <= set(dir(journeymap))
    assert (ROOT / "journeymap" / "py.typed").exists()
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        journeymap.nothing_here  # type: ignore[attr-defined]  # noqa: B018


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


@pytest.mark.dot
def test_the_worked_example_in_docs_api_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = python_blocks((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    shutil.copytree(ROOT / "journeys", tmp_path / "journeys")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"docs/api.md block {number}", "exec"), namespace)
    out = capsys.readouterr().out
    assert "expected effort per customer: 32.67" in out
    assert "return.journey.yaml:6:12: error[unknown-reference]" in out
    assert "```mermaid\njourney\n" in out
    assert (tmp_path / "phone-purchase-channels.svg").read_text(encoding="utf-8").startswith("<svg")
