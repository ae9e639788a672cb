"""Project: find the journey and walkthrough files under the given paths and run them through the pipeline."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from journeymap.analysis import analyse
from journeymap.checks import evidence_problems, project_checks
from journeymap.codes import ErrorCode
from journeymap.errors import InputNotFoundError, NothingToReadError
from journeymap.findings import Finding, LeftOut, Problem, errors
from journeymap.graph import JourneyGraph
from journeymap.images import Image, load_images
from journeymap.loader import Document, load_bytes, load_file, load_text
from journeymap.locate import locate, locate_all
from journeymap.model import Journey, Walkthrough
from journeymap.scoring import unsolvable
from journeymap.validate import (
    JOURNEY_SUFFIX,
    JOURNEY_SUFFIXES,
    WALKTHROUGH_SUFFIX,
    WALKTHROUGH_SUFFIXES,
    check_against_journey,
    id_from_file_name,
    validate_journey,
    validate_walkthrough,
)


@dataclass(frozen=True)
class JourneyFile:
    """One journey file after loading: the analysed journey, or None when it has errors."""

    path: str
    document: Document | None
    graph: JourneyGraph | None
    findings: tuple[Finding, ...]
    images: Mapping[str, Image] = field(default_factory=dict)
    """The checked pictures of the touchpoints, by touchpoint id (see `journeymap.images`)."""

    @property
    def journey(self) -> Journey | None:
        return self.graph.journey if self.graph is not None else None


@dataclass(frozen=True)
class WalkthroughFile:
    path: str
    document: Document | None
    walkthrough: Walkthrough | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Project:
    journeys: list[JourneyFile]
    walkthroughs: list[WalkthroughFile]

    @property
    def findings(self) -> list[Finding]:
        found = [finding for file in self.journeys for finding in file.findings]
        found += [finding for file in self.walkthroughs for finding in file.findings]
        return sorted(found)

    @property
    def files(self) -> int:
        return len(self.journeys) + len(self.walkthroughs)

    @property
    def left_out(self) -> list[LeftOut]:
        """Per usable journey whose scores leave touchpoints out (unreachable), how many of how many."""
        found = []
        for file in self.journeys:
            graph = file.graph
            if graph is not None and len(graph.reachable) < len(graph.touchpoints):
                total = len(graph.touchpoints)
                found.append(LeftOut(graph.journey.id or "", total - len(graph.reachable), total))
        return found


def discover(paths: Sequence[str]) -> list[str]:
    """Files named on the command line, and journey/walkthrough files under named folders, sorted; each file once."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, folders, names in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                found.extend(
                    os.path.join(folder, name)
                    for name in sorted(names)
                    if name.endswith((*JOURNEY_SUFFIXES, *WALKTHROUGH_SUFFIXES))
                )
        elif os.path.exists(path):
            found.append(path)
        else:
            raise InputNotFoundError(f"{path}: no such file or folder")
    if not found:
        raise NothingToReadError(f"no *{JOURNEY_SUFFIX} or *{WALKTHROUGH_SUFFIX} files in {', '.join(paths)}")
    # One file named two ways (`journeys` and `./journeys/x.journey.yaml`, as pre-commit passes them) is one file:
    # the first spelling is kept.
    unique: dict[str, str] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def is_walkthrough(path: str, document: Document | None) -> bool:
    """By name; a file named neither way is a walkthrough if it says so at the top."""
    if path.endswith(WALKTHROUGH_SUFFIXES):
        return True
    if path.endswith(JOURNEY_SUFFIXES) or document is None:
        return False
    return isinstance(document.data, dict) and ("walkthrough" in document.data or "participant" in document.data)


def load_journey(path: str, ignore: Iterable[str] = ()) -> JourneyFile:
    """Load, validate and check one journey file."""
    document, findings = load_file(path)
    return analyse_journey(path, document, findings, ignore)


def journey_from_text(text: str | bytes, path: str, ignore: Iterable[str] = ()) -> JourneyFile:
    """Load, validate and check one journey held in memory; `path` names it in findings and gives the default id.

    The same pipeline as `load_journey`, without touching the file system.
    """
    document, findings = load_text_or_bytes(text, path)
    return analyse_journey(path, document, findings, ignore)


def load_text_or_bytes(text: str | bytes, path: str) -> tuple[Document | None, list[Finding]]:
    """`load_bytes` for bytes (decoded as a file's are), `load_text` for text."""
    return load_bytes(text, path) if isinstance(text, bytes) else load_text(text, path)


def analyse_journey(
    path: str, document: Document | None, findings: Iterable[Finding], ignore: Iterable[str] = ()
) -> JourneyFile:
    """Validate, analyse and check a loaded journey: the one way from a document to a journey, for every caller.

    The checks across files (`unknown-baseline`) need the other files: `load_project` runs them.
    """
    return _journey_file(path, document, list(findings), set(ignore))


def load_project(
    paths: Sequence[str],
    ignore: Iterable[str] = (),
    load: Callable[[str], tuple[Document | None, list[Finding]]] = load_file,
    texts: Mapping[str, bytes] | None = None,
) -> Project:
    """Every journey and walkthrough under `paths`; walkthroughs checked against their journeys.

    `load` reads one file (`journeymap serve` passes one that keeps files it has read unchanged). `texts` holds
    files read elsewhere (`check -` reads standard input), by the path in `paths` that names them; they are
    not read from disk, whether or not a file of that name exists there.
    """
    texts = texts or {}
    ignored = set(ignore)
    journeys: list[JourneyFile] = []
    pending: list[tuple[str, Document | None, list[Finding]]] = []
    on_disk = [path for path in paths if path not in texts]
    for path in dict.fromkeys([*(discover(on_disk) if on_disk else []), *texts]):
        document, findings = load_bytes(texts[path], path) if path in texts else load(path)
        if is_walkthrough(path, document):
            pending.append((path, document, findings))
        else:
            journeys.append(_journey_file(path, document, findings, ignored))
    journeys = _with_unique_ids(journeys)
    by_id = _by_declared_id(journeys)
    wanted = {file.journey.baseline for file in journeys if file.journey is not None and file.journey.baseline}
    wanted |= {document.data.get("journey") for _, document, _ in pending if document is not None}
    missing = {name for name in wanted if isinstance(name, str) and name not in by_id}
    if missing:  # a file checked alone finds the journeys it names among its neighbours
        given = [path for path, _, _ in pending] + [file.path for file in journeys]
        by_id |= {name: journey for name, journey in neighbouring_journeys(given, ignored).items() if name in missing}
    journeys = _checked_across_files(journeys, set(by_id), ignored)
    walkthroughs = [load_walkthrough(path, by_id, (document, findings)) for path, document, findings in pending]
    return Project(journeys, walkthroughs)


def neighbouring_journeys(paths: Sequence[str], ignore: set[str]) -> dict[str, Journey | None]:
    """Journeys beside `paths`: the `*.journey.yaml` files in their folders and the folders above, up to the
    project root (the nearest folder holding `.git`; without one, only the files' own folders), by id.

    They let a walkthrough or a to-be checked on its own find the journey it names; they are not
    reported on (their own findings show when they are checked).
    """
    return _by_declared_id(neighbouring_journey_files(paths, ignore))


def neighbouring_journey_files(paths: Sequence[str], ignore: Iterable[str] = ()) -> list[JourneyFile]:
    """The journey files `neighbouring_journeys` finds, loaded and checked, nearest folder first."""
    ignore = set(ignore)
    folders: list[str] = []
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        chain = [folder]
        while not os.path.isdir(os.path.join(chain[-1], ".git")) and os.path.dirname(chain[-1]) != chain[-1]:
            chain.append(os.path.dirname(chain[-1]))
        if not os.path.isdir(os.path.join(chain[-1], ".git")):
            chain = [folder]
        folders.extend(name for name in chain if name not in folders)
    known = {os.path.abspath(path) for path in paths}
    found: list[JourneyFile] = []
    for folder in folders:
        try:
            names = sorted(name for name in os.listdir(folder) if name.endswith(JOURNEY_SUFFIXES))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if os.path.abspath(path) not in known and os.path.isfile(path):
                known.add(os.path.abspath(path))
                found.append(_journey_file(path, *load_file(path), ignore))
    return found


def _by_declared_id(files: list[JourneyFile]) -> dict[str, Journey | None]:
    """Journeys by id, None for those with errors (by the id they declare or their file name).

    A walkthrough of a journey with errors is then not told its journey does not exist.
    """
    found: dict[str, Journey | None] = {}
    for file in files:
        declared = file.document.data.get("id") if file.document is not None else None
        journey_id = file.journey.id if file.journey is not None else declared
        if not isinstance(journey_id, str):
            journey_id = id_from_file_name(file.path)
        found.setdefault(journey_id, file.journey)
    return found


def _checked_across_files(files: list[JourneyFile], known: set[str], ignore: set[str]) -> list[JourneyFile]:
    """The warnings only the files of one run together show (`unknown-baseline`), added to each file."""
    checked = []
    for file in files:
        found: list[Finding] = []
        if file.graph is not None and file.document is not None:
            found = locate_all(file.document, project_checks(file.graph, known, ignore))
        checked.append(dataclasses.replace(file, findings=tuple(sorted([*file.findings, *found]))) if found else file)
    return checked


def _with_unique_ids(files: list[JourneyFile]) -> list[JourneyFile]:
    """Walkthroughs and report pages find journeys by id: a second journey with a taken id is an error."""
    taken: dict[str, str] = {}
    checked: list[JourneyFile] = []
    for file in files:
        journey_id = file.journey.id if file.journey is not None else None
        if journey_id is None or file.document is None:
            checked.append(file)
        elif journey_id in taken:
            message = (
                f"journey id {journey_id!r} is also used by {taken[journey_id]}; walkthroughs and report pages "
                "find journeys by id: give each journey its own `id:`"
            )
            duplicate = locate(file.document, Problem(ErrorCode.DUPLICATE_ID, ("id",), message))
            checked.append(JourneyFile(file.path, file.document, None, tuple(sorted([*file.findings, duplicate]))))
        else:
            taken[journey_id] = file.path
            checked.append(file)
    return checked


def _journey_file(path: str, document: Document | None, findings: list[Finding], ignore: set[str]) -> JourneyFile:
    if document is None:
        return JourneyFile(path, None, None, tuple(findings))
    journey, problems = validate_journey(document)
    findings = findings + problems
    if journey is None:
        return JourneyFile(path, document, None, tuple(sorted(findings)))
    graph, analysed = analyse(journey, ignore, checks=not errors(findings))
    findings.extend(locate_all(document, analysed))
    if graph is None or errors(findings):
        return JourneyFile(path, document, None, tuple(sorted(findings)))
    problem = unsolvable(graph)
    if problem is not None:
        return JourneyFile(path, document, None, tuple(sorted([*findings, locate(document, problem)])))
    images, unusable = load_images(document, graph.journey)
    if unusable:
        return JourneyFile(path, document, None, tuple(sorted(findings + unusable)))
    findings.extend(locate_all(document, evidence_problems(graph, evidence_exists(path), ignore)))
    return JourneyFile(path, document, graph, tuple(sorted(findings)), images)


def evidence_exists(journey_path: str) -> Callable[[str], bool]:
    """Whether a file `evidence:` names exists, relative to the journey file; a glob exists when it matches a file."""
    import glob

    folder = os.path.dirname(os.path.abspath(journey_path))

    def exists(written: str) -> bool:
        path = os.path.join(folder, written)
        if glob.has_magic(written):
            return bool(glob.glob(path, recursive=True))
        return os.path.exists(path) or "://" in written

    return exists


def load_walkthrough(
    path: str, journeys: Mapping[str, Journey | None], loaded: tuple[Document | None, list[Finding]] | None = None
) -> WalkthroughFile:
    """Load, validate and check one walkthrough against its journey, found by id in `journeys`."""
    document, findings = loaded if loaded is not None else load_file(path)
    if document is None:
        return WalkthroughFile(path, None, None, tuple(findings))
    walkthrough, problems = validate_walkthrough(document)
    findings = findings + problems
    if walkthrough is not None:
        findings.extend(locate_all(document, check_against_journey(walkthrough, journeys)))
    usable = None if errors(findings) else walkthrough
    return WalkthroughFile(path, document, usable, tuple(sorted(findings)))
