"""Codes: the one registry of every error and warning code, each with the one line the docs tables show.

A finding's code is stable: people silence warnings by it and scripts match on it. Every code
used anywhere is a member here (a test greps the package for quoted codes elsewhere), and the
tables in docs/checks.md and docs/format.md are generated from these enums (`docs_table`).
"""

from __future__ import annotations

import enum


class _Code(enum.StrEnum):
    """A code whose value is its text and which carries a one-line description."""

    description: str

    def __new__(cls, value: str, description: str = "") -> _Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


class ErrorCode(_Code):
    """Errors: the file cannot be used until they are fixed."""

    READ_ERROR = "read-error", "the file cannot be read (missing, a folder, no permission)"
    NOT_TEXT = "not-text", "the file is binary, not text"
    NOT_UTF8 = "not-utf8", "the file is not saved as UTF-8"
    EMPTY_FILE = "empty-file", "the file holds nothing but comments or blank lines"
    YAML_SYNTAX = "yaml-syntax", "the YAML does not parse"
    TAB = "tab", "a tab in the indentation (YAML indents with spaces only)"
    BAD_ROOT = "bad-root", "the file is a list or a single value, not a mapping"
    DUPLICATE_KEY = "duplicate-key", "the same key twice in one mapping"
    YAML_TAG = "yaml-tag", "a YAML tag (`!!python/...`, `!custom`): only plain YAML is read"
    ALIAS_EXPANSION = "alias-expansion", "aliases that expand to far more data than the file holds"
    RECURSIVE_ALIAS = "recursive-alias", "an alias that refers to its own anchor"
    TOO_DEEP = "too-deep", "the YAML nests far deeper than a journey needs"
    TOO_LONG = "too-long", "a title longer than 500 characters, or any other text longer than 10 000"
    UNKNOWN_KEY = "unknown-key", "a key the format does not know here"
    MISSING_KEY = "missing-key", "a key the format requires here is missing"
    BAD_VALUE = "bad-value", "a value of the wrong type or outside its allowed range"
    UNSUPPORTED_VERSION = "unsupported-version", "a format version this journeymap does not read"
    DUPLICATE_ID = "duplicate-id", "two stages, channels, touchpoints or journeys with the same id"
    UNKNOWN_REFERENCE = "unknown-reference", "a name that points to no stage, channel, touchpoint, journey or code"
    DUPLICATE_TRANSITION = "duplicate-transition", "a touchpoint leads to the same touchpoint twice"
    BAD_SHARES = "bad-shares", "a touchpoint's shares do not add up"
    TRAPPED = "trapped", "customers who reach a touchpoint can never reach an exit"
    UNSOLVABLE = (
        "unsolvable",
        "the loops are so tight (or the weights so large) that the scores would overflow or lose all precision",
    )
    DIAGRAM_TOO_LARGE = (
        "diagram-too-large",
        "the diagram cannot be drawn within the time or memory budget of Graphviz's `dot`",
    )
    NOT_A_JOURNEY = "not-a-journey", "the Python API's `journeymap.load` was given a walkthrough, not a journey"
    DUPLICATE_EVENT = "duplicate-event", "an activity of the event log listed by two touchpoints (`events:`)"
    BAD_IMAGE = "bad-image", "a touchpoint's `image` is missing, unreadable, absolute, not PNG/JPEG/WebP or over 2 MB"


class WarningCode(_Code):
    """Warnings: advice from customer-experience practice; one check function each (`journeymap.checks`)."""

    UNREACHABLE = "unreachable", "A touchpoint no customer can reach from the entry."
    NO_INVOICE = "no-invoice", "No touchpoint of kind `invoice`."
    NO_POST_PURCHASE = (
        "no-post-purchase",
        "Nothing after the purchase: no stage with the last phase (`post-purchase`, or the last of `phases:`).",
    )
    FORCED_ANALOG = "forced-analog", "A transition from a digital to an analog channel."
    SLOW_RESPONSE = (
        "slow-response",
        "A positive response gap: the company answers slower than customers expect on that channel.",
    )
    SURVEY_FATIGUE = "survey-fatigue", "More than one touchpoint of kind `survey` in the journey."
    MISSING_EFFORT = "missing-effort", "A reachable touchpoint without effort."
    NO_GOALS = "no-goals", "The journey names no business goals."
    HIGH_EFFORT = "high-effort", "A touchpoint with effort 6 or 7 (not an exit where customers abandon)."
    REPEAT_CONTACT = (
        "repeat-contact",
        "A touchpoint of kind `contact` lies on a loop: customers may have to contact again.",
    )
    EARLY_EXIT = (
        "early-exit",
        "A successful exit whose stage comes before the last stage that holds a touchpoint: "
        "usually a forgotten `next`.",
    )
    STAGE_ORDER = (
        "stage-order",
        "A transition back to an earlier stage (or an earlier touchpoint of the same stage) that customers "
        "never come round from: the flow goes on, so the stages are listed out of time order.",
    )
    INCONSISTENT_OWNER = (
        "inconsistent-owner",
        "Two owner names that differ only in case, spaces or hyphens (`Finance`, `finance`).",
    )
    UNKNOWN_BASELINE = "unknown-baseline", "`baseline:` names no other journey among the files given."
    MISSING_EVIDENCE = (
        "missing-evidence",
        "A file named by `evidence:` does not exist: the report is built without its measured section.",
    )


Code = ErrorCode | WarningCode


def docs_table(codes: type[_Code]) -> str:
    """The Markdown table of `codes` as the docs show it: one row per code with its description."""
    rows = ["| code | when |", "| --- | --- |"]
    rows += [f"| `{code.value}` | {code.description} |" for code in codes]
    return "\n".join(rows)
