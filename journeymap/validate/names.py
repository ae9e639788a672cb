"""Names: "did you mean" suggestions, and the one message for a name that points nowhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from journeymap.codes import ErrorCode
from journeymap.findings import ModelPath, Problem


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`did you mean 'title'?` for the closest known name, or "" when none is close enough to help.

    Close enough: the same name but for case, '-', '_' or spaces; a typo of one or two letters
    (one in short names, a swap of two neighbours counting as one); or one name starting the
    other (`webshop` for `web`). So `tittle` gets `title`, but `backstage` and `image` get no
    `stage`.
    """
    best = closest(name, [str(known_name) for known_name in known])
    return f"did you mean {best!r}?" if best is not None else ""


def closest(name: str, known: Sequence[str]) -> str | None:
    """The known name closest to `name` if it is close enough (see `did_you_mean`), else None."""
    wanted = _plain(name)
    scored = []
    for position, candidate in enumerate(known):
        plain = _plain(candidate)
        distance = _distance(wanted, plain)
        shorter = min(len(wanted), len(plain))
        prefix = shorter >= 3 and (plain.startswith(wanted) or wanted.startswith(plain))
        if distance <= _allowed_typos(len(wanted)) or prefix:
            scored.append((distance, position, candidate))
    return min(scored)[2] if scored else None


def _plain(name: str) -> str:
    return "".join(character for character in name.casefold() if character not in "-_ ")


def _allowed_typos(length: int) -> int:
    return 0 if length <= 2 else 1 if length <= 5 else 2 if length <= 12 else 3


def _distance(first: str, second: str) -> int:
    """Edit distance where inserting, deleting or changing a letter, or swapping two neighbours, costs one."""
    previous: list[int] | None = None
    row = list(range(len(second) + 1))
    for i, letter in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, other in enumerate(second, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (letter != other))
            if previous is not None and i > 1 and j > 1 and letter == second[j - 2] and first[i - 2] == other:
                current[j] = min(current[j], previous[j - 2] + 1)
        previous, row = row, current
    return row[-1]


def unknown_reference(path: ModelPath, kind: str, name: str, known: Iterable[str]) -> Problem:
    """The one message for a name that points nowhere, with the likely fix."""
    known = sorted({str(known_name) for known_name in known})
    hint = did_you_mean(name, known)
    if not hint:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        hint = f"known {kind}s: {shown}" if known else f"define the {kind} first"
    return Problem(ErrorCode.UNKNOWN_REFERENCE, path, f"there is no {kind} {name!r}; {hint}")
