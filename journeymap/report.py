"""Report: the HTML report folder, one self-contained page per journey plus an index, swapped in atomically.

Pages are rendered on every core: drawing a diagram runs Graphviz's `dot` in a
subprocess, which dominates, so threads running `dot` side by side keep both
cores busy (see docs/reports.md for the measurements). A failed run leaves the
previous report as it was, and a folder that is not one of our reports is never
touched. Journeys that employees walked get a walkthrough section, and the index
the licence register, judged on a given day so the same input gives the same report.

Every `dot` runs within a budget (`DotBudget`); a journey too large to draw in full (by
its size up front, or when the full map runs out of its budget) gets the stage overview
and a note on its page instead, so a report always finishes. Only one run builds a
folder at a time (`.DIR.journeymap-lock`); a second one is told so and stops, and files saved
into the folder meanwhile stop the swap (`write_folder_atomic`), so none is deleted.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from journeymap.compare import compare_scored
from journeymap.errors import DestinationError
from journeymap.findings import Finding, errors
from journeymap.graph import JourneyGraph
from journeymap.model import Walkthrough
from journeymap.output import folder_lock, refuse_folder, write_folder_atomic
from journeymap.pdf import DEFAULT_TIMEOUT, find_chromium, print_pdf
from journeymap.project import JourneyFile, Project
from journeymap.render import graphviz, pictures
from journeymap.render.dot import DiagramOptions
from journeymap.render.graphviz import DEFAULT_BUDGET, BudgetExceeded, DotBudget
from journeymap.render.html import (
    FIX_FIRST,
    BrokenFile,
    IndexRow,
    JourneyPage,
    VersusSection,
    WalkthroughSection,
    broken_file,
    index_context,
    index_row,
    journey_page_context,
    licence_register_table,
    opportunity_section,
    page_name,
    paired_with_baselines,
    render_index,
    render_journey_page,
    versus_section,
    walkthrough_section,
    worth_fixing_first,
)
from journeymap.render.html.measured_section import MeasuredSection
from journeymap.render.html.printing import DEFAULT_PAPER, printing
from journeymap.render.overview import OVERVIEW_STAGES, OVERVIEW_TOUCHPOINTS, too_large_to_draw
from journeymap.render.text import plural
from journeymap.scoring import Scores, score
from journeymap.walkthroughs import JourneyPath, Licence, LicenceRules, compare, journey_path, licence_register
from journeymap.whatif import opportunities

MARKER = ".journeymap-report"
MARKER_TEXT = (
    "This folder is a report built by `journeymap report`.\n"
    "Running the command again replaces the whole folder, so keep nothing else in it.\n"
)
INDEX = "index.html"
PAGE_SUFFIXES = (".html", ".pdf")  # a report's pages, and their PDFs with `pdf=True`
# Maps up to this size are drawn until `dot` agrees with itself (twice the time; dot takes ~4 s for 100
# touchpoints here): Graphviz 2.43 lays out about one run in a hundred or two differently. docs/reports.md.
AGREED_TOUCHPOINTS = 100


@dataclass(frozen=True)
class Report:
    """What a run wrote: the journeys it has pages for, and the files left out with their errors."""

    folder: str
    journeys: tuple[str, ...]
    broken: tuple[BrokenFile, ...]
    errors: tuple[Finding, ...]
    overviews: tuple[str, ...] = ()  # journeys whose page shows the stage overview (or no diagram)


def available_cores() -> int:
    """Cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def check_destination(folder: str) -> None:
    """Refuse a folder the report would replace unless it is empty or holds only a previous report."""
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise DestinationError(f"{folder}: exists and is not a folder; name a folder for the report")
    if not os.path.isdir(folder):
        return
    entries = sorted(os.listdir(folder))
    if entries and MARKER not in entries:
        raise DestinationError(
            f"{folder}: the folder holds files that are not a journeymap report; the report replaces "
            "the whole folder, so name a new or empty folder"
        )
    foreign = foreign_entries(folder)
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise DestinationError(
            f"{folder}: the report would replace the whole folder, and it holds files journeymap did not "
            f"write ({shown}); move them out or name another folder"
        )


def foreign_entries(folder: str) -> list[str]:
    """What in a report folder journeymap did not write: anything but the marker and plain page files."""
    try:
        entries = sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    return [
        name for name in entries if name != MARKER and not (name.endswith(PAGE_SUFFIXES) and _is_file(folder, name))
    ]


def _is_file(folder: str, name: str) -> bool:
    return os.path.isfile(os.path.join(folder, name)) and not os.path.islink(os.path.join(folder, name))


def included_journeys(project: Project) -> list[JourneyFile]:
    """Journeys that get a page: those without errors.

    Ids name the pages, and `load_project` already makes a second journey with a taken id an error.
    """
    return [file for file in project.journeys if file.graph is not None]


def broken_files(findings: Iterable[Finding]) -> tuple[BrokenFile, ...]:
    """Every file with errors, journeys and walkthroughs alike, in the order of `findings` (as `check` lists them)."""
    by_file: dict[str, list[Finding]] = {}
    for finding in errors(findings):
        by_file.setdefault(finding.path, []).append(finding)
    return tuple(broken_file(path, found) for path, found in by_file.items())


@dataclass(frozen=True)
class Walks:
    """The valid walkthroughs of a report and the licence register they give, judged by one set of rules."""

    walkthroughs: tuple[Walkthrough, ...]
    licences: tuple[Licence, ...]
    rules: LicenceRules
    paths: dict[str, JourneyPath]  # per journey id: what a complete walk must cover

    @property
    def on(self) -> datetime.date:
        return self.rules.on

    @property
    def valid_for_months(self) -> int:
        return self.rules.valid_for_months


def journey_paths(project: Project) -> dict[str, JourneyPath]:
    """For every valid journey of `project`: the stages its main path passes through (else its most likely path)."""
    paths = {}
    for file in project.journeys:
        graph = file.graph
        if graph is not None and graph.journey.id is not None:
            path = score(graph).journey_path
            paths[graph.journey.id] = journey_path(graph, path.touchpoints if path is not None else ())
    return paths


def walks_of(project: Project, rules: LicenceRules) -> Walks:
    """The project's walkthroughs without errors and their licence register under `rules`."""
    walkthroughs = tuple(file.walkthrough for file in project.walkthroughs if file.walkthrough is not None)
    paths = journey_paths(project)
    return Walks(walkthroughs, licence_register(walkthroughs, paths, rules), rules, paths)


def walkthroughs_of_journey(file: JourneyFile, walks: Walks | None) -> WalkthroughSection | None:
    """The walkthrough section of a journey's page, or None when nobody walked it."""
    graph = file.graph
    if graph is None or walks is None or not any(walk.journey == graph.journey.id for walk in walks.walkthroughs):
        return None
    journey_id = graph.journey.id or ""
    path = walks.paths.get(journey_id, JourneyPath((), {}))
    return walkthrough_section(
        graph,
        compare(graph, walks.walkthroughs),
        walkthroughs=walks.walkthroughs,
        licences=walks.licences,
        path=path,
        rules=walks.rules,
    )


@dataclass(frozen=True)
class Diagram:
    """A page's diagram: the SVG (None if not even the overview could be drawn) and a note when it is not the map."""

    svg: str | None
    note: str | None = None


def draw_diagram(graph: JourneyGraph, scores: Scores, budget: DotBudget = DEFAULT_BUDGET) -> Diagram:
    """The full journey map, or the stage overview when the journey is too large for it; never a hang."""
    options = DiagramOptions(highlight="main")
    size = f"{plural(len(graph.touchpoints), 'touchpoint')} in {plural(len(graph.journey.stages), 'stage')}"
    if too_large_to_draw(graph):
        reason = (
            f"This journey is too large to draw touchpoint by touchpoint ({size}; a full map is drawn up to "
            f"{OVERVIEW_TOUCHPOINTS} touchpoints and {OVERVIEW_STAGES} stages)"
        )
    else:
        try:
            agreed = len(graph.touchpoints) <= AGREED_TOUCHPOINTS
            return Diagram(pictures.render_svg(graph, scores, options, budget, agreed=agreed))
        except BudgetExceeded as error:
            within = budget.time_text if error.limit == "time" else f"{budget.memory_text} of memory"
            reason = f"The full map of this journey ({size}) could not be drawn within {within}"
    try:
        svg = pictures.render_overview_svg(graph, scores, options, budget, agreed=True)
    except BudgetExceeded:
        return Diagram(None, f"{reason}, and neither could its stage overview; the tables below show it all.")
    return Diagram(svg, f"{reason}: this is its stage overview, one box per stage. The tables below show every step.")


def journey_page(
    file: JourneyFile,
    rows: str = "channel",
    walks: Walks | None = None,
    budget: DotBudget = DEFAULT_BUDGET,
    journeys: Mapping[str, JourneyGraph] | None = None,
) -> tuple[IndexRow, JourneyPage, bool]:
    """One journey's index row and page content, in memory (`journeymap serve` keeps them), and whether it
    shows the overview: score, draw (runs `dot`).

    `journeys` are the report's valid journeys by id: a journey whose `baseline` is among them gets the
    "As-is vs to-be" section.
    """
    graph = file.graph
    if graph is None:
        raise ValueError(f"{file.path}: a journey with errors has no page")
    scores = score(graph)
    diagram = draw_diagram(graph, scores, budget)
    ranked = opportunities(graph)
    page = journey_page_context(
        graph,
        scores,
        diagram.svg,
        source=file.path,
        findings=file.findings,
        rows=rows,
        walkthroughs=walkthroughs_of_journey(file, walks),
        diagram_note=diagram.note,
        opportunities=opportunity_section(graph, ranked),
        fix_first=opportunity_section(graph, worth_fixing_first(graph, ranked), FIX_FIRST),
        versus=as_is_to_be(graph, scores, journeys or {}),
        images={touchpoint: image.data_uri for touchpoint, image in file.images.items()},
        measured=designed_vs_measured(file, scores, budget),
    )
    return index_row(graph.journey, scores, file.findings), page, diagram.note is not None


def render_page(
    file: JourneyFile,
    rows: str = "channel",
    walks: Walks | None = None,
    budget: DotBudget = DEFAULT_BUDGET,
    journeys: Mapping[str, JourneyGraph] | None = None,
    *,
    paper: str = DEFAULT_PAPER,
) -> tuple[IndexRow, str, bool]:
    """One journey's index row and page, and whether it shows the overview: score, draw (runs `dot`), lay out."""
    row, page, overview = journey_page(file, rows, walks, budget, journeys)
    return row, render_journey_page(page, paper), overview


def designed_vs_measured(
    file: JourneyFile, scores: Scores, budget: DotBudget = DEFAULT_BUDGET
) -> MeasuredSection | None:
    """The "Designed vs measured" section of a journey that names `evidence:` whose files exist, else None.

    Evidence that cannot be measured (a bad log, a missing extra) gives a section saying why; the page is built.
    """
    from journeymap.codes import WarningCode
    from journeymap.errors import JourneymapError
    from journeymap.render.html.measured_section import diagram_notes, measured_section, unmeasured_section

    graph = file.graph
    if graph is None or graph.journey.evidence is None:
        return None
    if any(finding.code == WarningCode.MISSING_EVIDENCE for finding in file.findings):
        return None  # `check` and the report's findings say which file is missing
    try:
        from journeymap.measure.measurement import Evidence, evidence_of, measure

        data = measure(graph, evidence_of(graph, file.path, Evidence())).to_json()
    except JourneymapError as error:
        return unmeasured_section(str(error))
    svg = None
    notes = diagram_notes(graph, data)
    if notes and not too_large_to_draw(graph):
        try:
            svg = pictures.render_svg(graph, scores, DiagramOptions(measured=notes), budget)
        except BudgetExceeded:
            svg = None
    return measured_section(graph, data, svg)


def as_is_to_be(graph: JourneyGraph, scores: Scores, journeys: Mapping[str, JourneyGraph]) -> VersusSection | None:
    """The "As-is vs to-be" section of a journey whose `baseline` is among `journeys`, else None."""
    baseline = journeys.get(graph.journey.baseline or "")
    if baseline is None or baseline is graph:
        return None
    baseline_scores = score(baseline)
    return versus_section(
        compare_scored(baseline, baseline_scores, graph, scores),
        baseline=baseline,
        baseline_scores=baseline_scores,
        graph=graph,
        scores=scores,
        baseline_href=page_name(baseline.journey.id or ""),
    )


def render_pages(
    files: Sequence[JourneyFile],
    *,
    rows: str = "channel",
    walks: Walks | None = None,
    jobs: int = 1,
    budget: DotBudget = DEFAULT_BUDGET,
    paper: str = DEFAULT_PAPER,
) -> list[tuple[IndexRow, str, bool]]:
    """Every page, in the order of `files` however many run at once.

    On Ctrl-C or SIGTERM the pages not started are dropped and every running `dot` is killed,
    so the run stops at once instead of finishing the pages being drawn.
    """
    graphviz.resume_drawing()
    journeys = {file.graph.journey.id or "": file.graph for file in files if file.graph is not None}
    if jobs <= 1 or len(files) <= 1:
        return [render_page(file, rows, walks, budget, journeys, paper=paper) for file in files]
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="journeymap-report")
    try:
        return list(pool.map(lambda file: render_page(file, rows, walks, budget, journeys, paper=paper), files))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # no worker starts another page
        graphviz.stop_drawing()  # and the pages being drawn end now
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def build_report(
    project: Project,
    folder: str,
    *,
    on: datetime.date,
    valid_for_months: int = 12,
    require_presentation: bool = False,
    rows: str = "channel",
    jobs: int | None = None,
    budget: DotBudget = DEFAULT_BUDGET,
    inputs: Sequence[str] = (),
    paper: str = DEFAULT_PAPER,
    pdf: bool = False,
    pdf_timeout: float = DEFAULT_TIMEOUT,
) -> Report:
    """Write the report of `project` into `folder` (replacing a previous report there) and say what it holds.

    Licences are judged on `on` and run for `valid_for_months` from a participant's latest complete walk
    (presented, with `require_presentation`). `folder` must not hold `inputs` or any file of the project
    (see `refuse_folder`). Pages print on landscape `paper` (A4, A3); with `pdf`, every page gets its PDF
    beside it (ID.pdf, index.pdf), printed by headless Chromium in the staging folder before the swap, so
    a failed print leaves the previous report as it was. Without Chromium, `pdf` raises `ChromiumNotFound`
    before anything is written.
    """
    printing(paper)  # a paper we cannot print on is refused before anything is read or written
    chromium = find_chromium() if pdf else None
    sources = [*inputs, *(file.path for file in project.journeys), *(file.path for file in project.walkthroughs)]
    refuse_folder(folder, sources)
    with folder_lock(folder):
        return _build_report(
            project,
            folder,
            rules=LicenceRules(on, valid_for_months, require_presentation),
            rows=rows,
            jobs=jobs,
            budget=budget,
            paper=paper,
            pdf=PdfSettings(chromium, pdf_timeout) if chromium is not None else None,
        )


@dataclass(frozen=True)
class PdfSettings:
    """How a report's pages are printed to PDF: with which Chromium, and how long one page may take."""

    chromium: str
    timeout: float = DEFAULT_TIMEOUT


def print_pages(folder: Path, names: Sequence[str], settings: PdfSettings, jobs: int = 1) -> None:
    """Print every page `names` of `folder` to its PDF beside it (ID.html to ID.pdf), `jobs` at a time."""

    def one(name: str) -> None:
        page = folder / name
        print_pdf(settings.chromium, page, page.with_suffix(".pdf"), timeout=settings.timeout)

    if jobs <= 1 or len(names) <= 1:
        for name in names:
            one(name)
        return
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="journeymap-pdf") as pool:
        for _ in pool.map(one, names):  # the first failure ends the run with its error
            pass


def _build_report(
    project: Project,
    folder: str,
    *,
    rules: LicenceRules,
    rows: str,
    jobs: int | None,
    budget: DotBudget,
    paper: str = DEFAULT_PAPER,
    pdf: PdfSettings | None = None,
) -> Report:
    check_destination(folder)
    included = included_journeys(project)
    findings = project.findings  # sorted anew on every read
    broken = broken_files(findings)
    walks = walks_of(project, rules)
    overviews: list[str] = []

    def fill(staging: str) -> None:
        workers = jobs or available_cores()
        pages = render_pages(included, rows=rows, walks=walks, jobs=workers, budget=budget, paper=paper)
        target = Path(staging)
        for row, text, overview in pages:
            (target / row.href).write_text(text, encoding="utf-8", errors="backslashreplace")
            if overview:
                overviews.append(row.id)
        index_rows = paired_with_baselines([row for row, _, _ in pages])
        register = licence_register_table(walks.licences, index_rows, walks.rules)
        index = index_context(index_rows, broken, register=register)
        (target / INDEX).write_text(render_index(index, paper), encoding="utf-8", errors="backslashreplace")
        (target / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if pdf is not None:
            print_pages(target, [INDEX, *(row.href for row, _, _ in pages)], pdf, workers)

    write_folder_atomic(folder, fill, foreign_entries)
    return Report(
        folder,
        tuple(file.journey.id for file in included if file.journey and file.journey.id),
        broken,
        tuple(errors(findings)),
        tuple(overviews),
    )
