"""Names: "did you mean" suggestions, and the one message for a name that points nowhere."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from journeymap.codes import ErrorCode
from journeymap.findings import ModelPath, Problem


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`did you mean 'title'?` for the closest known name, or "" when none is close."""
    close = difflib.get_close_matches(name, [str(known_name) for known_name in known], n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def unknown_reference(path: ModelPath, kind: str, name: str, known: Iterable[str]) -> Problem:
    """The one message for a name that points nowhere, with the likely fix."""
    known = sorted({str(known_name) for known_name in known})
    hint = did_you_mean(name, known)
    if not hint:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        hint = f"known {kind}s: {shown}" if known else f"define the {kind} first"
    return Problem(ErrorCode.UNKNOWN_REFERENCE, path, f"there is no {kind} {name!r}; {hint}")
