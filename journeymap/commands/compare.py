"""Compare two journeys: score deltas, effort per stage, touchpoints and transitions added, removed or changed.

`journeymap compare BEFORE AFTER` compares two journey files (as-is and to-be);
`journeymap compare --git REV [PATH...]` compares each journey file in PATH (default: the current folder)
as it was at git revision REV with the file as it is now; `--git A..B` (or `--git A B`) compares two
revisions. Journeys added, removed and moved (git's rename detection, or the same id at another path) are
listed in every format. --format markdown writes a pull-request comment. A file with errors on either side
is reported as `journeymap check` reports it (exit 1).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journeymap.commands.options import add_ignore, ignored_codes, print_errors
from journeymap.errors import UsageError

if TYPE_CHECKING:
    from journeymap.compare import FileChange
    from journeymap.project import JourneyFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="BEFORE AFTER: two journey files; with --git: journey files or folders (default: the current folder)",
    )
    parser.add_argument(
        "--git",
        metavar="REV",
        help="compare with the files as they were at this git revision; A..B (or --git A B) compares two revisions",
    )
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table", help="output format")
    add_ignore(parser)


@dataclass(frozen=True)
class Side:
    path: str  # the file's own path (its name gives the default id)
    label: str  # how the output names it: the path, or REV:path
    raw: bytes | None  # None: read the file at `path`


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.commands.options import write_json
    from journeymap.render.comparison import comparison_markdown, comparison_table

    ignore = ignored_codes(args)
    if args.git is None:
        if len(args.paths) != 2:
            raise UsageError("give two journey files, BEFORE and AFTER, or --git REV [PATH...]")
        before, after = (Side(path, path, None) for path in args.paths)
        files = [_load(before, ignore), _load(after, ignore)]
        if print_errors(finding for file in files for finding in file.findings) or None in (f.graph for f in files):
            return EXIT_FINDINGS
        from journeymap.compare import compare

        old, new = files[0].graph, files[1].graph
        assert old is not None and new is not None
        comparison = compare(old, new)
        if args.format == "json":
            write_json(comparison.to_dict())
        elif args.format == "markdown":
            sys.stdout.write(comparison_markdown(comparison, before.label, after.label))
        else:
            sys.stdout.write(comparison_table(comparison, before.label, after.label))
        return EXIT_OK
    changes, failed = _git_changes(args, ignore)
    _write_changes(args.format, changes)
    return EXIT_FINDINGS if failed else EXIT_OK


def _write_changes(output: str, changes: list[FileChange]) -> None:
    from journeymap.commands.options import write_json
    from journeymap.render.comparison import comparisons_markdown, file_change_markdown, file_change_table

    if output == "json":
        write_json([change.to_dict() for change in changes])  # --git: a list, however many journeys
    elif output == "markdown":
        shown = [file_change_markdown(change) for change in changes if not change.unchanged]
        sys.stdout.write(comparisons_markdown(shown, sum(change.unchanged for change in changes)))
    else:
        sys.stdout.write("\n".join(file_change_table(change) for change in changes))


def _load(side: Side, ignore: set[str]) -> JourneyFile:
    """One side loaded; its findings named by its label (REV:path), its default id by its own file name."""
    from journeymap.project import journey_from_text, load_journey

    if side.raw is None:
        return load_journey(side.path, ignore)
    file = journey_from_text(side.raw, side.path, ignore)
    if side.label == side.path:
        return file
    findings = tuple(dataclasses.replace(finding, path=side.label) for finding in file.findings)
    return dataclasses.replace(file, path=side.label, findings=findings)


# --- git ------------------------------------------------------------------------------------------------------------


def _git(folder: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", folder, *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--git needs the `git` program, which is not installed or not on the PATH") from None


def _lines(result: subprocess.CompletedProcess[bytes]) -> list[str]:
    return result.stdout.decode("utf-8", "surrogateescape").splitlines()


def _repository(path: str) -> str:
    folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise UsageError(f"--git: {path} is not inside a git repository; run it in a checkout, or give two files")
    return found.stdout.decode("utf-8", "surrogateescape").strip()


def _is_revision(top: str, revision: str) -> bool:
    return _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode == 0


def _revisions(top: str, given: str, paths: list[str]) -> tuple[str, str | None, list[str]]:
    """(old, new or None for the working tree, the paths left): `A`, `A..B`, `A...B` (from where B left A), `A B`."""
    if "..." in given:
        first, second = given.split("...", 1)
        for named in (first, second):
            _known(top, named or "HEAD")
        base = _git(top, "merge-base", first or "HEAD", second or "HEAD")
        return _lines(base)[0], second or "HEAD", paths
    new: str | None
    if ".." in given:
        first, second = given.split("..", 1)
        old, new = first or "HEAD", second or "HEAD"
    elif paths and not os.path.exists(paths[0]) and _is_revision(top, paths[0]):
        old, new, paths = given, paths[0], paths[1:]
    else:
        old, new = given, None
    _known(top, old)
    if new is not None:
        _known(top, new)
    return old, new, paths


def _known(top: str, revision: str) -> None:
    if not _is_revision(top, revision):
        raise UsageError(f"--git {revision}: no such revision in {top}; give a commit, branch or tag (e.g. HEAD~1)")


def _git_changes(args: argparse.Namespace, ignore: set[str]) -> tuple[list[FileChange], bool]:
    """Every journey file in the paths, compared between the two revisions (or a revision and the working tree)."""
    from journeymap.compare import file_change, match_files

    paths: list[str] = list(args.paths)
    existing = [path for path in paths if os.path.exists(path)]
    top = _repository(existing[0] if existing else ".")
    old, new, paths = _revisions(top, args.git, paths)
    paths = paths or ["."]
    if new is None:
        for path in paths:
            if not os.path.exists(path):
                raise UsageError(f"{path}: no such file or folder")
    scope = [_relative(top, path) for path in paths]
    named = {_relative(top, path) for path in paths if not os.path.isdir(path) and new is None}
    before = {path: Side(path, f"{old}:{path}", None) for path in _tree(top, old, scope)}
    after = (
        _working_files(top, paths) if new is None else {p: Side(p, f"{new}:{p}", None) for p in _tree(top, new, scope)}
    )
    renamed = _renames(top, old, new)
    loaded = {
        (which, path): _load(_with_text(top, rev, side), ignore)
        for which, rev, sides in (("before", old, before), ("after", new, after))
        for path, side in sides.items()
    }
    failed = print_errors(finding for file in loaded.values() for finding in file.findings)
    ids = {key: _journey_id(file, key[1]) for key, file in loaded.items()}
    pairs, added, removed = match_files(
        {path: ids["before", path] for path in before}, {path: ids["after", path] for path in after}, renamed
    )
    for path in named & set(added):
        raise UsageError(
            f"{after[path].label} did not exist at {old}: nothing to compare it with; give an older revision, "
            "or compare two files"
        )
    changes = []
    for old_path, new_path in pairs:
        first, second = loaded["before", old_path], loaded["after", new_path]
        if first.graph is not None and second.graph is not None:
            changes.append(
                file_change(first.path, second.path, first.graph, second.graph, renamed=old_path != new_path)
            )
    for path in added:
        file = loaded["after", path]
        if file.graph is not None:
            changes.append(file_change(None, file.path, None, file.graph))
    for path in removed:
        file = loaded["before", path]
        if file.graph is not None:
            changes.append(file_change(file.path, None, file.graph, None))
    return changes, failed


def _relative(top: str, path: str) -> str:
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top)).replace(os.sep, "/")
    return "" if relative == "." else relative


def _is_journey(name: str) -> bool:
    from journeymap.validate import JOURNEY_SUFFIXES

    return name.endswith(JOURNEY_SUFFIXES)


def _tree(top: str, revision: str, scope: list[str]) -> list[str]:
    """The journey files at `revision` under `scope` (paths relative to the top), sorted."""
    listed = _git(top, "ls-tree", "-r", "--name-only", "--full-tree", revision, "--", *(s or "." for s in scope))
    return sorted(name for name in _lines(listed) if _is_journey(name))


def _working_files(top: str, paths: list[str]) -> dict[str, Side]:
    """The journey files on disk under `paths`, by path relative to the top; named as given."""
    from journeymap.errors import NothingToReadError
    from journeymap.project import discover

    try:
        found = discover(paths)
    except NothingToReadError:
        found = []
    return {_relative(top, path): Side(path, path, None) for path in found if _is_journey(path)}


def _with_text(top: str, revision: str | None, side: Side) -> Side:
    if revision is None:
        return side
    shown = _git(top, "show", f"{revision}:{side.path}")
    return dataclasses.replace(side, raw=shown.stdout)


def _renames(top: str, old: str, new: str | None) -> dict[str, str]:
    """Journey files git sees renamed between the revisions (or into the working tree): old path -> new path."""
    listed = _git(top, "diff", "--name-status", "-M", "-z", old, *([new] if new else []), "--")
    words = listed.stdout.decode("utf-8", "surrogateescape").split("\0")
    renamed: dict[str, str] = {}
    k = 0
    while k < len(words) - 1:
        status = words[k]
        if status.startswith(("R", "C")):
            if status.startswith("R") and _is_journey(words[k + 1]) and _is_journey(words[k + 2]):
                renamed[words[k + 1]] = words[k + 2]
            k += 3
        else:
            k += 2
    return renamed


def _journey_id(file: JourneyFile, path: str) -> str:
    """The id a journey file gives: its own, else the one it declares, else its file name's."""
    from journeymap.validate import id_from_file_name

    if file.journey is not None and file.journey.id:
        return file.journey.id
    declared = (
        file.document.data.get("id") if file.document is not None and isinstance(file.document.data, dict) else None
    )
    return declared if isinstance(declared, str) else id_from_file_name(path)
