"""Site: the report's pages for PATH, built in memory; a save rebuilds only the pages it affects.

Every build loads the project again (cheap) and renders a journey page (runs `dot`, the
expensive part) only when its inputs changed: the journey file's bytes, the walkthroughs of
that journey, the day licences are judged on. A journey saved with errors keeps its last good
page, dimmed and marked out of date under its located errors, until the file is fixed.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from journeymap import __version__
from journeymap.errors import JourneymapError
from journeymap.findings import Finding, errors
from journeymap.graph import JourneyGraph
from journeymap.loader import Document, load_file
from journeymap.project import JourneyFile, Project, load_project, load_text_or_bytes
from journeymap.render.html import (
    IndexRow,
    JourneyPage,
    environment,
    index_context,
    licence_register_table,
    page_name,
    render_index,
    render_journey_page,
)
from journeymap.report import INDEX, broken_files, journey_page, walks_of
from journeymap.serve.bounded import Bounded
from journeymap.validate import id_from_file_name
from journeymap.walkthroughs import JourneyPath, LicenceRules

LAST_GOOD = 4096  # journey files whose last good page is kept to show under their errors

# Where the studio's own files are served from; nothing else under this prefix exists.
STUDIO = "/_studio"
SCRIPTS = ("live.js",)


def studio_policy(report_policy: str, *, forms: bool = False) -> str:
    """The report's Content-Security-Policy plus what the studio needs: its own scripts and event stream.

    Scripts may load only from this server ('self', no inline code but the report's own hashed
    one); forms may post only here, and only on the recorder's pages.
    """
    directives: dict[str, list[str]] = {}
    for part in report_policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    directives["script-src"] = ["'self'", *[w for w in directives.get("script-src", []) if w != "'self'"]]
    directives["connect-src"] = ["'self'"]
    directives["form-action"] = ["'self'"] if forms else ["'none'"]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


BASE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@dataclass(frozen=True)
class Page:
    """A finished page: its HTML and the policy it is served with."""

    name: str
    html: str
    policy: str


@dataclass(frozen=True)
class Problem:
    """A file with errors, as the page shows it: `file:line:col` and the message, in the file's words."""

    path: str
    findings: tuple[Finding, ...]

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(str(finding) for finding in self.findings)


def digest(path: str) -> str:
    """The version of a file: a hash of its bytes ('' when it cannot be read)."""
    try:
        with open(path, "rb") as stream:
            return hashlib.sha256(stream.read()).hexdigest()
    except OSError:
        return ""


_BODY_OPEN = re.compile(r"<body[^>]*>")


def decorate(html: str, bar: str) -> str:
    """A report page with the studio bar at the top of its body and the live-update script at its end."""
    match = _BODY_OPEN.search(html)
    if match is None:
        raise ValueError("a page without <body>")
    scripts = "".join(f'<script src="{STUDIO}/{name}" defer></script>' for name in SCRIPTS)
    head, tail = html[: match.end()], html[match.end() :]
    closing = tail.rfind("</body>")
    return head + "\n" + bar + tail[:closing] + scripts + "\n" + tail[closing:]


def render_bar(
    *,
    kind: str,
    journey: str | None,
    problems: Sequence[Problem],
    stale: bool,
    failure: str | None = None,
) -> str:
    """The studio bar: what is shown, a link to record a walkthrough, and the located errors if any."""
    template = environment().get_template("serve/bar.html.j2")
    return template.render(kind=kind, journey=journey, problems=problems, stale=stale, failure=failure)


class Site:
    """The pages of PATH, rebuilt by `build()`; reads may come from any thread at any time."""

    def __init__(
        self,
        paths: Sequence[str],
        *,
        rows: str = "channel",
        valid_for_months: int = 12,
        ignore: Iterable[str] = (),
        today: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        self.paths = list(paths)
        self.rows = rows
        self.valid_for_months = valid_for_months
        self.ignore = tuple(ignore)
        self.today = today
        self.version = 0
        self.pages: dict[str, Page] = {}
        self.graphs: dict[str, JourneyGraph] = {}  # valid journeys by id, for the recorder
        self.journey_paths: dict[str, str] = {}  # journey id -> its file
        self.licence_paths: dict[str, JourneyPath] = {}  # journey id -> what a complete walk of it covers
        self.failure: str | None = None  # why the last build found nothing to show (e.g. no files)
        self._memo: dict[tuple[str, ...], tuple[IndexRow, JourneyPage]] = {}
        # journey file -> (id, last good page); bounded, as every structure kept per name
        self._last_good: Bounded[str, tuple[str, JourneyPage]] = Bounded(LAST_GOOD)
        self._lock = threading.Lock()
        self._files: dict[str, tuple[str, Document | None, list[Finding]]] = {}  # path -> (version, loaded)
        self.parsed = 0  # files parsed (not taken from `_files`), for the tests

    def _load_file(self, path: str) -> tuple[Document | None, list[Finding]]:
        """A file as `load_file` loads it; parsed again only when its bytes changed since the last build."""
        data: bytes | None = None
        if os.path.isfile(path):  # never open a pipe or device: it could block the build
            try:
                with open(path, "rb") as stream:
                    data = stream.read()
            except OSError:
                data = None
        if data is None:
            self._files.pop(path, None)
            return load_file(path)  # the located finding for a file that cannot be read
        version = hashlib.sha256(data).hexdigest()
        cached = self._files.get(path)
        if cached is not None and cached[0] == version:
            return cached[1], list(cached[2])
        self.parsed += 1
        document, findings = load_text_or_bytes(data, path)
        self._files[path] = (version, document, list(findings))
        return document, findings

    def build(self) -> set[str]:
        """Load PATH again and rebuild what changed; returns the names of the pages that changed."""
        with self._lock:
            try:
                project = load_project(self.paths, self.ignore, self._load_file)
            except JourneymapError as problem:  # e.g. the last journey file was deleted: show why, keep serving
                project = Project([], [])
                self.failure = str(problem)
            else:
                self.failure = None
            present = {file.path for file in project.journeys} | {file.path for file in project.walkthroughs}
            self._files = {path: loaded for path, loaded in self._files.items() if path in present}
            pages = self._pages(project)
            changed = {name for name, page in pages.items() if self.pages.get(name) != page}
            changed |= set(self.pages) - set(pages)
            if changed:
                self.version += 1
            self.pages = pages
            return changed

    def _pages(self, project: Project) -> dict[str, Page]:
        on = self.today()
        walks = walks_of(project, LicenceRules(on, self.valid_for_months))
        valid = {file.graph.journey.id or "": file for file in project.journeys if file.graph is not None}
        journeys = {journey_id: file.graph for journey_id, file in valid.items() if file.graph is not None}
        problems = [
            Problem(broken.path, tuple(_errors_of(project, broken.path))) for broken in broken_files(project.findings)
        ]
        by_path = {problem.path: problem for problem in problems}
        memo: dict[tuple[str, ...], tuple[IndexRow, JourneyPage]] = {}
        rows: list[IndexRow] = []
        pages: dict[str, Page] = {}
        graphs: dict[str, JourneyGraph] = {}
        journey_paths: dict[str, str] = {}
        walk_versions = _walk_versions(project)
        for file in project.journeys:
            if file.graph is not None:
                journey_id = file.graph.journey.id or ""
                baseline = valid.get(file.graph.journey.baseline or "")  # its as-is: shown beside it
                baseline_version = digest(baseline.path) if baseline is not None else ""
                key = (
                    file.path,
                    digest(file.path),
                    baseline_version,
                    *walk_versions.get(journey_id, ()),
                    on.isoformat(),
                    self.rows,
                )
                built = self._memo.get(key) or journey_page(file, self.rows, walks, journeys=journeys)[:2]
                memo[key] = built
                row, page = built
                rows.append(row)
                graphs[journey_id] = file.graph
                journey_paths[journey_id] = file.path
                self._last_good[file.path] = (journey_id, page)
                shown = [*_walkthrough_problems(project, journey_id, by_path)]
                pages[row.href] = self._journey(page, journey_id, shown, stale=False)
            else:
                journey_id, last = self._last_good.get(file.path, (_declared_id(file), None))
                shown = (
                    [by_path[file.path], *_walkthrough_problems(project, journey_id, by_path)]
                    if file.path in by_path
                    else []
                )
                name = page_name(journey_id)
                if last is not None:
                    pages[name] = self._journey(last, journey_id, shown, stale=True)
                else:
                    pages[name] = self._broken(journey_id, shown)
        self._memo = memo
        self.graphs = graphs
        self.journey_paths = journey_paths
        self.licence_paths = dict(walks.paths)
        register = licence_register_table(walks.licences, rows, walks.rules)
        index = index_context(rows, broken_files(project.findings), register=register)
        policy = studio_policy(index.content_security_policy)
        index = dataclasses.replace(index, content_security_policy=policy)
        bar = render_bar(kind="index", journey=None, problems=problems, stale=False, failure=self.failure)
        pages[INDEX] = Page(INDEX, decorate(render_index(index), bar), policy)
        return pages

    def _journey(self, page: JourneyPage, journey_id: str, problems: Sequence[Problem], *, stale: bool) -> Page:
        policy = studio_policy(page.content_security_policy)
        html = render_journey_page(dataclasses.replace(page, content_security_policy=policy))
        bar = render_bar(kind="journey", journey=journey_id, problems=problems, stale=stale)
        return Page(page_name(journey_id), decorate(html, bar), policy)

    def _broken(self, journey_id: str, problems: Sequence[Problem]) -> Page:
        policy = studio_policy(BASE_POLICY)
        template = environment().get_template("serve/broken.html.j2")
        html = template.render(title=journey_id, policy=policy, version=__version__)
        bar = render_bar(kind="broken", journey=journey_id, problems=problems, stale=False)
        return Page(page_name(journey_id), decorate(html, bar), policy)


def _errors_of(project: Project, path: str) -> list[Finding]:
    return [finding for finding in errors(project.findings) if finding.path == path]


def _declared_id(file: JourneyFile) -> str:
    """The id a journey with errors would have: the one it declares, else its file name's."""
    data = file.document.data if file.document is not None else None
    declared = data.get("id") if isinstance(data, dict) else None
    if isinstance(declared, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", declared):
        return declared
    return id_from_file_name(file.path)


def _walk_versions(project: Project) -> dict[str, tuple[str, ...]]:
    """For each journey id, the versions of the walkthrough files that name it (they change its page)."""
    versions: dict[str, list[str]] = {}
    for file in project.walkthroughs:
        data = file.document.data if file.document is not None else None
        journey = data.get("journey") if isinstance(data, dict) else None
        if isinstance(journey, str):
            versions.setdefault(journey, []).append(f"{file.path}={digest(file.path)}")
    return {journey: tuple(sorted(found)) for journey, found in versions.items()}


def _walkthrough_problems(project: Project, journey_id: str, by_path: dict[str, Problem]) -> list[Problem]:
    """Walkthroughs of this journey that have errors: shown on its page as well as on the index."""
    found: list[Problem] = []
    for file in project.walkthroughs:
        data = file.document.data if file.document is not None else None
        if file.path in by_path and isinstance(data, dict) and data.get("journey") == journey_id:
            found.append(by_path[file.path])
    return found
