"""Check journeys and walkthroughs; print every finding as `path:line:col: level[code] message`.

`check -` reads one file from standard input (as editors' linters pass it); `--stdin-filename` names it in
findings and gives its default id and kind (default: stdin.journey.yaml). `--format github` writes GitHub
Actions annotations with paths relative to the repository root ($GITHUB_WORKSPACE, else the top of the git
checkout, else the working folder). A folder holding no journey gives `--format json` an object with zero files.

Exit status: 0 without errors, 1 with errors (or warnings under --strict), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys

from journeymap.commands.options import add_ignore, add_paths, ignored_codes

STDIN = "-"
STDIN_NAME = "stdin.journey.yaml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=["text", "json", "github"], default="text", help="output format")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help=f"with `-`: the name of the file read from standard input (default: {STDIN_NAME})",
    )
    add_ignore(parser)


def run(args: argparse.Namespace) -> int:
    from journeymap.errors import NothingToReadError, UsageError
    from journeymap.findings import errors
    from journeymap.project import load_project
    from journeymap.reporters import REPORTERS, github

    if args.stdin_filename is not None and STDIN not in args.paths:
        raise UsageError("--stdin-filename names the file read from standard input: give `-` as a path too")
    texts: dict[str, bytes] = {}
    paths = list(args.paths)
    if STDIN in paths:
        name = args.stdin_filename or STDIN_NAME
        texts[name] = sys.stdin.buffer.read()
        paths = [name if path == STDIN else path for path in paths]
    try:
        project = load_project(paths, ignored_codes(args), texts=texts)
    except NothingToReadError:
        if args.format != "json":
            raise
        sys.stdout.write(REPORTERS["json"]([], 0))  # an empty folder is zero files, still one object
        return 0
    findings = project.findings
    if args.verbose:
        for path in [file.path for file in project.journeys] + [file.path for file in project.walkthroughs]:
            print(f"checked {path}", file=sys.stderr)
    if args.format == "github":
        sys.stdout.write(github(findings, project.files, project.left_out, repository_root()))
    elif args.quiet and args.format == "text":
        sys.stdout.write("".join(f"{finding}\n" for finding in findings))  # no summary line
    else:
        sys.stdout.write(REPORTERS[args.format](findings, project.files, project.left_out))
    failing = findings if args.strict else errors(findings)
    return 1 if failing else 0


def repository_root() -> str:
    """Where GitHub's paths start: $GITHUB_WORKSPACE, else the top of the git checkout, else the working folder."""
    import subprocess  # only for --format github: a plain check starts without it

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return workspace
    try:
        found = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, check=False)
    except OSError:  # no git installed
        return os.getcwd()
    top = found.stdout.decode("utf-8", "surrogateescape").strip()
    return top if found.returncode == 0 and top else os.getcwd()
