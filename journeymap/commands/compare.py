"""Compare two journeys: score deltas, effort per stage, touchpoints and transitions added, removed or changed.

`journeymap compare BEFORE AFTER` compares two journey files (as-is and to-be);
`journeymap compare --git REV [PATH...]` compares each journey file in PATH (default: the current folder)
as it was at git revision REV with the file as it is now. --format markdown writes a pull-request
comment. A file with errors on either side is reported as `journeymap check` reports it (exit 1).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.commands.options import add_ignore, ignored_codes, print_errors
from journeymap.errors import UsageError

if TYPE_CHECKING:
    from journeymap.compare import Comparison


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="BEFORE AFTER: two journey files; with --git: journey files or folders (default: the current folder)",
    )
    parser.add_argument("--git", metavar="REV", help="compare with the files as they were at this git revision")
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table", help="output format")
    add_ignore(parser)


@dataclass(frozen=True)
class Side:
    label: str  # how the output names it: a path, or REV:path
    raw: bytes | None  # None: read the file at `label`


def run(args: argparse.Namespace) -> int:
    from journeymap.cli import EXIT_FINDINGS, EXIT_OK
    from journeymap.render.comparison import comparison_markdown, comparison_table

    ignore = ignored_codes(args)
    if args.git is None:
        if len(args.paths) != 2:
            raise UsageError("give two journey files, BEFORE and AFTER, or --git REV [PATH...]")
        pairs = [(Side(args.paths[0], None), Side(args.paths[1], None))]
        notes: list[str] = []
    else:
        pairs, notes = _git_pairs(args.git, args.paths or ["."])
    for note in notes:
        print(f"journeymap compare: {note}", file=sys.stderr)
    failed, objects, texts, unchanged = False, [], [], 0
    for before, after in pairs:
        comparison = _compare(before, after, ignore)
        if comparison is None:
            failed = True
        elif args.format == "json":
            objects.append(comparison.to_json())
        elif args.format == "markdown" and args.git is not None and comparison.unchanged:
            unchanged += 1
        elif args.format == "markdown":
            texts.append(comparison_markdown(comparison, before.label, after.label))
        else:
            texts.append(comparison_table(comparison, before.label, after.label))
    _write(args, objects, texts, unchanged)
    return EXIT_FINDINGS if failed else EXIT_OK


def _write(args: argparse.Namespace, objects: list[dict[str, Any]], texts: list[str], unchanged: int) -> None:
    from journeymap.render.comparison import comparisons_markdown

    if args.format == "json":
        # Two files: one object; --git: a list, however many journeys the paths hold.
        if args.git is None:
            if objects:
                sys.stdout.write(json.dumps(objects[0], indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(objects, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown" and args.git is not None:
        sys.stdout.write(comparisons_markdown(texts, unchanged))
    else:
        sys.stdout.write("\n".join(texts))


def _compare(before: Side, after: Side, ignore: set[str]) -> Comparison | None:
    """The comparison of two sides, or None when either has errors (printed as `check` prints them)."""
    from journeymap.compare import compare
    from journeymap.project import journey_from_text, load_journey

    files = [
        load_journey(side.label, ignore) if side.raw is None else journey_from_text(side.raw, side.label, ignore)
        for side in (before, after)
    ]
    if print_errors(finding for file in files for finding in file.findings):
        return None
    old, new = files[0].graph, files[1].graph
    if old is None or new is None:
        return None
    return compare(old, new)


# --- git ------------------------------------------------------------------------------------------------------------


def _git(folder: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", folder, *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--git needs the `git` program, which is not installed or not on the PATH") from None


def _repository(path: str) -> str:
    folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise UsageError(f"--git: {path} is not inside a git repository; run it in a checkout, or give two files")
    return found.stdout.decode("utf-8", "surrogateescape").strip()


def _git_pairs(revision: str, paths: list[str]) -> tuple[list[tuple[Side, Side]], list[str]]:
    """(as at REV, as now) for every journey file in `paths`; notes for journeys new or deleted since REV."""
    from journeymap.project import discover
    from journeymap.validate import JOURNEY_SUFFIX, WALKTHROUGH_SUFFIX

    for path in paths:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    top = _repository(paths[0])
    if _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise UsageError(f"--git {revision}: no such revision in {top}; give a commit, branch or tag (e.g. HEAD~1)")
    named = {os.path.abspath(path) for path in paths if not os.path.isdir(path)}
    from journeymap.errors import NothingToReadError

    try:
        found = discover(paths)
    except NothingToReadError:
        found = []
    pairs, notes, now = [], [], set()
    for path in found:
        if path.endswith(WALKTHROUGH_SUFFIX):
            continue
        relative = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
        now.add(relative)
        old = _git(top, "show", f"{revision}:{relative}")
        if old.returncode != 0:
            message = f"{path} did not exist at {revision}: nothing to compare it with"
            if os.path.abspath(path) in named:
                raise UsageError(message + "; give an older revision, or compare two files")
            notes.append(message + " (a new journey)")
            continue
        pairs.append((Side(f"{revision}:{relative}", old.stdout), Side(path, None)))
    for path in paths:
        if os.path.isdir(path):
            folder = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
            listed = _git(top, "ls-tree", "-r", "--name-only", revision, "--", folder)
            for name in listed.stdout.decode("utf-8", "surrogateescape").splitlines():
                if name.endswith(JOURNEY_SUFFIX) and name not in now:
                    notes.append(f"{name} was deleted since {revision}")
    return pairs, notes
