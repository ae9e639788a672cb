"""Options several commands share, defined once."""

from __future__ import annotations

import argparse


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="journey or walkthrough files, or folders searched recursively"
    )


def add_ignore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ignore", metavar="CODE,...", default="", help="warning codes to silence, comma-separated (e.g. no-goals)"
    )


def ignored_codes(args: argparse.Namespace) -> set[str]:
    """The codes of `--ignore`, each one a warning that exists."""
    from journeymap.checks import CHECKS
    from journeymap.errors import UsageError

    codes = {code.strip() for code in args.ignore.split(",") if code.strip()}
    unknown = sorted(codes - set(CHECKS))
    if unknown:
        raise UsageError(f"--ignore: unknown warning code {', '.join(unknown)}; known codes: {', '.join(CHECKS)}")
    return codes
