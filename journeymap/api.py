"""Public Python API: load a journey from a file or text, read its findings and scores, draw it, hand it to networkx.

    import journeymap
    result = journeymap.load("journeys/phone-purchase.journey.yaml")
    result.ok, result.scores.expected_effort
    result.diagram(highlight="most-likely")      # shows inline in Jupyter

`load` and `loads` never raise for bad input: problems in the file are located findings,
the same ones `journeymap check` prints. Methods that need a valid journey (`diagram`,
`to_networkx`, `mermaid`) raise `JourneyError` when the journey has errors, and drawing
raises `GraphvizError` when Graphviz is not installed. This layer only wires the core
together (project → scoring → render); it computes nothing itself.
"""

from __future__ import annotations

import datetime
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from journeymap.codes import ErrorCode
from journeymap.findings import Finding, errors, warnings
from journeymap.graph import JourneyGraph
from journeymap.loader import Document, load_file
from journeymap.model import Journey
from journeymap.project import analyse_journey, is_walkthrough, load_text_or_bytes
from journeymap.scoring import Scores

if TYPE_CHECKING:
    import networkx

    from journeymap.render.dot import DiagramOptions

__all__ = ["Diagram", "JourneyError", "JourneyResult", "load", "loads", "measure_journey", "simulate"]

DEFAULT_TEXT_PATH = "x.journey.yaml"
PICTURE_FORMATS = ("svg", "png", "pdf", "dot")
NETWORKX_HINT = "install it with `pip install 'journeymap[networkx]'` (or `pip install networkx`)"

Direction = Literal["LR", "TB"]
Lanes = Literal["stage", "channel", "owner"]
Highlight = Literal["main", "most-likely", "worst"]
MermaidKind = Literal["flowchart", "journey"]


class JourneyError(ValueError):
    """The journey has errors, so it cannot be drawn or analysed; the message lists them as `check` prints them."""

    def __init__(self, path: str, what: str, findings: Sequence[Finding]) -> None:
        shown = "\n".join(str(finding) for finding in errors(findings))
        super().__init__(f"{path} has errors, so {what}; fix them first:\n{shown}")
        self.findings = tuple(findings)


def load(path: str | os.PathLike[str], *, ignore: Iterable[str] = ()) -> JourneyResult:
    """Load, validate, check and score one journey file; never raises for a bad or unreadable file.

    `ignore` silences warning codes, as `journeymap check --ignore` does. A walkthrough file
    gives one `not-a-journey` error: load the journey it walks instead.
    """
    name = os.fspath(path)
    ignored = _known_warnings(ignore)
    return _result(name, *load_file(name), ignored)


def loads(text: str | bytes, path: str = DEFAULT_TEXT_PATH, *, ignore: Iterable[str] = ()) -> JourneyResult:
    """`load` for a journey held in memory: `text` is the YAML (bytes are decoded as a file's would be).

    `path` names the text in findings and, as a file name does, gives the journey's default id.
    """
    ignored = _known_warnings(ignore)
    return _result(path, *load_text_or_bytes(text, path), ignored)


def _known_warnings(ignore: Iterable[str]) -> set[str]:
    from journeymap.checks import CHECKS

    codes = {ignore} if isinstance(ignore, str) else set(ignore)
    unknown = sorted(codes - set(CHECKS))
    if unknown:
        raise ValueError(f"ignore: unknown warning code {', '.join(unknown)}; known codes: {', '.join(CHECKS)}")
    return codes


def _result(path: str, document: Document | None, loaded: list[Finding], ignore: set[str]) -> JourneyResult:
    if document is not None and is_walkthrough(path, document):
        return JourneyResult(path, _walkthrough_findings(document, loaded), None)
    file = analyse_journey(path, document, loaded, ignore)
    return JourneyResult(path, file.findings, file.graph)


def _walkthrough_findings(document: Document, loaded: list[Finding]) -> tuple[Finding, ...]:
    """A walkthrough's own problems, as `check` finds them before comparing it with its journey, and why it is none."""
    from journeymap.validate import validate_walkthrough

    _, problems = validate_walkthrough(document)
    data = document.data
    walked = data.get("journey") if isinstance(data, dict) else None
    of_journey = f" of journey {walked!r}" if isinstance(walked, str) else ""
    message = (
        f"this is a walkthrough{of_journey}, not a journey; journeymap.load reads *.journey.yaml files: "
        "load the journey it walks, and compare walkthroughs with `journeymap walkthroughs`"
    )
    location = ("journey",) if of_journey else ()
    finding = document.error(location, ErrorCode.NOT_A_JOURNEY, message, key=True)
    return tuple(sorted([*loaded, *problems, finding]))


@dataclass(frozen=True, eq=False)
class JourneyResult:
    """One loaded journey: its findings, and when it has no errors, its model, graph and scores."""

    path: str
    findings: tuple[Finding, ...]
    graph: JourneyGraph | None = field(repr=False)

    @property
    def ok(self) -> bool:
        """True when the journey has no errors (warnings do not count)."""
        return self.graph is not None and not errors(self.findings)

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings(self.findings)

    @property
    def journey(self) -> Journey | None:
        """The validated journey (the pydantic model), or None when the file has errors."""
        return self.graph.journey if self.ok and self.graph is not None else None

    @cached_property
    def scores(self) -> Scores | None:
        """Every score of the journey (the keys of `journeymap score`), or None when the file has errors."""
        from journeymap.scoring import score

        return score(self.graph) if self.ok and self.graph is not None else None

    def _analysed(self, what: str) -> tuple[JourneyGraph, Scores]:
        if self.graph is None or self.scores is None:
            raise JourneyError(self.path, what, self.findings)
        return self.graph, self.scores

    def diagram(
        self, *, lanes: Lanes = "stage", direction: Direction | None = None, highlight: Highlight | None = None
    ) -> Diagram:
        """The journey map `journeymap render` draws, with the same options and defaults (`direction=None`: chosen
        by the journey's size, as `render` chooses it); shows inline in Jupyter."""
        from journeymap.render.dot import DiagramOptions

        graph, scores = self._analysed("it has no diagram")
        return Diagram(graph, scores, DiagramOptions(direction=direction, lanes=lanes, highlight=highlight))

    def mermaid(
        self,
        kind: MermaidKind = "flowchart",
        *,
        lanes: Lanes = "stage",
        direction: Direction | None = None,
        highlight: Highlight | None = None,
    ) -> str:
        """Mermaid text, as `render --format mermaid` (`kind="flowchart"`) or `mermaid-journey` writes it.

        Without a `direction` the flowchart runs left to right, top to bottom for more than 12 touchpoints.

        For the journey diagram, `highlight="worst"` draws the highest-effort path instead of the most likely one.
        """
        from journeymap.render.dot import DiagramOptions
        from journeymap.render.mermaid import mermaid_flowchart, mermaid_journey

        if kind not in ("flowchart", "journey"):
            raise ValueError(f"kind must be 'flowchart' or 'journey', not {kind!r}")
        graph, scores = self._analysed("it has no Mermaid diagram")
        options = DiagramOptions(direction=direction, lanes=lanes, highlight=highlight)
        return (
            mermaid_flowchart(graph, scores, options)
            if kind == "flowchart"
            else mermaid_journey(graph, scores, options)
        )

    def to_networkx(self) -> networkx.DiGraph:
        """The journey as a `networkx.DiGraph`: a node per touchpoint (by id), an edge per transition.

        Nodes carry title, stage, channel, kind, effort, emotion, visits and the other facts of the
        touchpoint; edges carry probability, `weight` = -log(probability) (so `networkx.shortest_path(g, a, b,
        weight="weight")` is the most likely way), the `effort` of the touchpoint they lead to, label, switch
        and digital_to_analog with their switch_weight, and forward/backward. Every value is a string, number
        or boolean and a fact the file leaves out is left out (no None), so `write_graphml` and `write_gexf`
        take the graph as it is. See docs/api.md for the full list.
        """
        try:
            import networkx
        except ImportError as error:
            raise ImportError(f"to_networkx needs networkx; {NETWORKX_HINT}") from error
        graph, scores = self._analysed("it has no graph")
        return _to_networkx(networkx, graph, scores)

    def __repr__(self) -> str:
        found = len(self.errors), len(self.warnings)
        counts = f"{found[0]} error{'s' * (found[0] != 1)}, {found[1]} warning{'s' * (found[1] != 1)}"
        journey = self.journey
        named = f" {journey.id!r}" if journey is not None else ""
        return f"<JourneyResult{named} from {self.path}: {'ok' if self.ok else 'not ok'}, {counts}>"


def _to_networkx(networkx: Any, graph: JourneyGraph, scores: Scores) -> Any:
    journey = graph.journey
    weights = journey.scoring
    stages = {stage.id: stage for stage in journey.stages}
    result = networkx.DiGraph(
        **_present(
            id=journey.id,
            title=journey.title,
            entry=graph.touchpoints[graph.entry].id,
            expected_effort=scores.expected_effort,
            expected_switch_score=scores.expected_switch_score,
            digital_completion=scores.digital_completion,
        )
    )
    for i, point in enumerate(graph.touchpoints):
        channel = graph.channel_of(i)
        stage = stages[point.stage]
        result.add_node(
            point.id,
            **_present(
                position=i,
                title=point.title,
                stage=point.stage,
                stage_title=stage.display_title,
                phase=stage.phase,
                channel=point.channel,
                channel_title=channel.display_title,
                channel_kind=channel.kind.value,
                kind=point.kind.value,
                owner=point.owner,
                effort=point.effort,
                emotion=point.emotion,
                duration=point.duration,
                response_time=point.response_time,
                outcome=point.outcome.value if point.outcome is not None else None,
                pain_points=_lines(point.pain_points),
                opportunities=_lines(point.opportunities),
                notes=point.notes,
                entry=i == graph.entry,
                exit=point.is_exit,
                reachable=i in graph.reachable,
                visits=scores.visits.get(point.id, 0.0),
                **{f"metric_{name}": value for name, value in point.metrics.items()},
            ),
        )
    for link in graph.all_links():
        weight = weights.digital_to_analog if link.digital_to_analog else weights.switch if link.switch else 0.0
        target = graph.touchpoints[link.target]
        result.add_edge(
            graph.touchpoints[link.source].id,
            target.id,
            **_present(
                probability=link.probability,
                weight=-math.log(link.probability) if link.probability > 0 else math.inf,
                effort=target.effort,
                share_given=link.share_given,
                label=link.label,
                forward=link.forward,
                backward=not link.forward,
                switch=link.switch,
                digital_to_analog=link.digital_to_analog,
                switch_weight=weight,
            ),
        )
    return result


def _present(**attributes: Any) -> dict[str, Any]:
    """The attributes that have a value: GraphML and GEXF have no None."""
    return {name: value for name, value in attributes.items() if value is not None}


def _lines(texts: Sequence[str]) -> str | None:
    """A list of texts as one text, a line each (GraphML and GEXF hold no lists); None when empty."""
    return "\n".join(texts) if texts else None


class Diagram:
    """A journey map drawn by Graphviz: `.dot` text, `.svg()`, `.pipe(format)`, `.save(path)`; inline in Jupyter.

    Nothing runs Graphviz until a picture is asked for; a missing `dot` raises `GraphvizError`,
    whose message says how to install it.
    """

    def __init__(self, graph: JourneyGraph, scores: Scores, options: DiagramOptions) -> None:
        from journeymap.render.dot import journey_dot

        self.options = options
        self._graph = graph
        self._scores = scores
        self.dot: str = journey_dot(graph, scores, options)
        self._svg: str | None = None

    def svg(self) -> str:
        """The SVG `journeymap render` writes: drawn by `dot`, with title, description and tooltips."""
        if self._svg is None:
            from journeymap.render.pictures import render_svg

            self._svg = render_svg(self._graph, self._scores, self.options)
        return self._svg

    def pipe(self, format: str = "svg") -> bytes:
        """The picture as bytes in `format`: svg, png, pdf, or dot (the DOT text itself)."""
        from journeymap.render.graphviz import run_dot

        if format not in PICTURE_FORMATS:
            raise ValueError(f"format must be one of {', '.join(PICTURE_FORMATS)}, not {format!r}")
        if format == "svg":
            return self.svg().encode("utf-8")
        if format == "dot":
            return self.dot.encode("utf-8")
        return run_dot(self.dot, format)

    def save(self, path: str | os.PathLike[str], format: str | None = None) -> None:
        """Write the picture to `path` atomically; the format follows the extension unless `format` says.

        As `journeymap render`, it refuses to write over a YAML file.
        """
        from journeymap.output import write_atomic

        name = os.fspath(path)
        extension = os.path.splitext(name)[1].lower()
        if extension in {".yaml", ".yml"}:
            raise ValueError(f"{name}: refusing to write a diagram over a YAML file; choose a name like map.svg")
        chosen = format or {".gv": "dot"}.get(extension, extension.lstrip("."))
        if chosen not in PICTURE_FORMATS:
            raise ValueError(f"{name}: give format= (one of {', '.join(PICTURE_FORMATS)}) or end the name in one")
        write_atomic(name, self.pipe(chosen))

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: Any
    ) -> dict[str, str]:
        """What Jupyter shows: the SVG (as the `graphviz` package's objects do)."""
        wanted = "image/svg+xml"
        if (include is not None and wanted not in include) or (exclude is not None and wanted in exclude):
            return {}
        return {wanted: self.svg()}

    def __repr__(self) -> str:
        options = self.options
        highlight = f", highlight={options.highlight!r}" if options.highlight else ""
        return (
            f"<Diagram of {self._graph.journey.id!r}: lanes={options.lanes!r}, "
            f"direction={options.direction!r}{highlight}>"
        )


def measure_journey(
    path: str | os.PathLike[str],
    *,
    events: str | None = None,
    survey: str | None = None,
    case: str | None = None,
    activity: str | None = None,
    time: str | None = None,
    invited: int | None = None,
    min_cases: int = 10,
    engine: str = "duckdb",
    write: str | None = None,
) -> dict[str, Any]:
    """`journeymap measure` as a function: the measurement as the format's "Measurement as JSON" (a dict).

    Options left out come from the journey's `evidence:`. Raises `JourneyError` when the journey has
    errors, and a `journeymap.errors.JourneymapError` (with a one-line message) for a log or survey that
    cannot be measured or a missing extra (`pip install 'journeymap[measure]'`).
    """
    from journeymap.measure.measurement import Evidence, measure_file
    from journeymap.project import load_journey

    name = os.fspath(path)
    file = load_journey(name)
    if file.graph is None:
        raise JourneyError(name, "it cannot be measured", file.findings)
    given = Evidence(events, survey, case, activity, time, invited)
    measured, _ = measure_file(file, given, min_cases=min_cases, engine=engine, write=write)
    return measured.to_json()


def simulate(
    path: str | os.PathLike[str], customers: int, output: str, *, seed: int = 1, start: datetime.date | None = None
) -> int:
    """`journeymap simulate` as a function: write a simulated event log of the journey; returns the events written."""
    from journeymap.measure.simulate import simulate_to
    from journeymap.project import load_journey

    name = os.fspath(path)
    file = load_journey(name)
    if file.graph is None:
        raise JourneyError(name, "it cannot be simulated", file.findings)
    return simulate_to(file.graph, customers, output, seed=seed, start=start)
