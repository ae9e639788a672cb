"""Options and habits several commands share, defined once."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from journeymap.findings import Finding, errors

if TYPE_CHECKING:
    from journeymap.render.graphviz import DotBudget
    from journeymap.walkthroughs import LicenceRules


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="journey or walkthrough files, or folders searched recursively"
    )


def versioned(item: dict[str, Any]) -> dict[str, Any]:
    """`item` with `format_version` as its first key."""
    from journeymap.reporters import JSON_FORMAT_VERSION

    return {"format_version": JSON_FORMAT_VERSION, **item}


def one_file(paths: Sequence[str]) -> bool:
    """The arguments name one file (not a folder, not several paths): JSON is then one object, else a list.

    The shape follows the arguments, never the data: a folder of one journey still prints a list.
    """
    return len(paths) == 1 and not os.path.isdir(paths[0])


def write_json(value: dict[str, Any] | list[dict[str, Any]]) -> None:
    """Standard output gets `value` as indented JSON, each object (or each object of the list) versioned."""
    import json  # only when asked for

    shown: Any = versioned(value) if isinstance(value, dict) else [versioned(item) for item in value]
    sys.stdout.write(json.dumps(shown, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def add_ignore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ignore", metavar="CODE,...", default="", help="warning codes to silence, comma-separated (e.g. no-goals)"
    )


def ignored_codes(args: argparse.Namespace) -> set[str]:
    """The codes of `--ignore`, each one a warning that exists."""
    from journeymap.codes import WarningCode
    from journeymap.errors import UsageError

    codes = {code.strip() for code in args.ignore.split(",") if code.strip()}
    unknown = sorted(codes - set(WarningCode))
    if unknown:
        known = ", ".join(WarningCode)
        raise UsageError(f"--ignore: unknown warning code {', '.join(unknown)}; known codes: {known}")
    return codes


LONGEST_LICENCE_MONTHS = 1200  # a century; beyond it licence ends soon pass the last date Python knows (9999)


def iso_date(text: str) -> datetime.date:
    """An option's day written as YYYY-MM-DD (an argparse `type`, so a bad day is a usage error)."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20") from None


def _months(text: str) -> int:
    try:
        months = int(text)
    except ValueError:
        months = 0
    if not 1 <= months <= LONGEST_LICENCE_MONTHS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a licence is valid for at least 1 month; give a whole number of months up to "
            f"{LONGEST_LICENCE_MONTHS}"
        )
    return months


def positive_count(text: str) -> int:
    """A whole number of at least 1 (an argparse `type`, so anything else is a usage error)."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of at least 1")
    return count


def change_kinds(text: str) -> frozenset[str]:
    """`ease,first-contact`: built-in what-if changes by name (an argparse `type`; an unknown name is a usage error)."""
    from journeymap.whatif import ChangeKind

    names = [name.strip() for name in text.split(",") if name.strip()]
    known = [kind.value for kind in ChangeKind]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        shown = ", ".join(repr(name) for name in unknown) or repr(text)
        raise argparse.ArgumentTypeError(f"{shown}: name the changes to list, from {', '.join(known)}")
    return frozenset(names)


def add_licence_options(parser: argparse.ArgumentParser) -> None:
    """`--on`, `--valid-for` and `--require-presentation`: customer driving licences judged alike everywhere."""
    parser.add_argument(
        "--on",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day to judge the customer driving licences on (default: today)",
    )
    parser.add_argument(
        "--valid-for",
        type=_months,
        default=12,
        metavar="MONTHS",
        help="months a customer driving licence is valid (default: 12)",
    )
    parser.add_argument(
        "--require-presentation",
        action="store_true",
        help="grant a licence only once the walk's findings were presented (`presented:` in the walkthrough)",
    )


def licence_rules(args: argparse.Namespace) -> LicenceRules:
    """The licence rules the options `--on`, `--valid-for` and `--require-presentation` give."""
    from journeymap.walkthroughs import LicenceRules

    return LicenceRules(args.on or datetime.date.today(), args.valid_for, args.require_presentation)


def print_errors(findings: Iterable[Finding]) -> bool:
    """Print the errors among `findings` to standard error as `journeymap check` prints them; True if there were any.

    A command that meets them still does what it can with the valid files, then exits with EXIT_FINDINGS.
    """
    found = errors(findings)
    for finding in found:
        print(finding, file=sys.stderr)
    return bool(found)


def add_dot_budget(parser: argparse.ArgumentParser) -> None:
    """`--dot-timeout` and `--dot-memory`: what Graphviz's `dot` may spend on one diagram."""
    parser.add_argument(
        "--dot-timeout",
        type=_argument(seconds=True),
        metavar="SECONDS",
        help="time one diagram may take to draw (default: $JOURNEYMAP_DOT_TIMEOUT, else 60)",
    )
    parser.add_argument(
        "--dot-memory",
        type=_argument(seconds=False),
        metavar="MB",
        help="memory one diagram may take to draw, in megabytes (default: $JOURNEYMAP_DOT_MEMORY, else 2048)",
    )


def _argument(*, seconds: bool) -> Callable[[str], float]:
    def parse(text: str) -> float:
        from journeymap.render.graphviz import parse_megabytes, parse_seconds

        try:
            return parse_seconds(text) if seconds else parse_megabytes(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def dot_budget(args: argparse.Namespace) -> DotBudget:
    """The budget the options (or the environment, or the defaults) give `dot`."""
    from journeymap.render.graphviz import budget_from

    memory = args.dot_memory
    return budget_from(args.dot_timeout, int(memory) if memory is not None else None)  # SettingError: exit 2
