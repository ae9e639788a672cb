"""Shares: a touchpoint's written shares as exact decimals, what is wrong with them, and their probabilities.

A designer writes `share: 0.9995`; YAML reads the float nearest to it. Sums and
the rest left for transitions without a share are computed from the decimals
as written (the float's 15 significant digits, which give back exactly what was
written), so `[0.5, 0.501]` and `[0.9995, 0.0015]`, both exactly 1.001, are
judged alike and `1 - 0.7` leaves exactly 0.3.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

# Complete shares may add up to 1 within this (0.333 three times). Partial shares may
# leave any rest of at least SMALLEST_SHARE per transition without a share.
SHARE_TOLERANCE = Fraction(1, 1000)
# One customer in a million: smaller shares are noise, and near-certain loops built
# from them would make the chain numerically unsolvable.
SMALLEST_SHARE = 1e-6


@functools.lru_cache(maxsize=1024)
def written(share: float) -> Fraction:
    """The share as the designer wrote it: a decimal of at most 15 significant digits."""
    return Fraction(Decimal(f"{share:.15g}"))


def _shown(value: Fraction) -> str:
    """An exact decimal sum as the designer would write it: 1.001, 0.5."""
    return f"{float(value):.15g}"


def share_problem(shares: Sequence[float | None]) -> str | None:
    """What is wrong with the shares of one touchpoint's transitions (None: not given), in the designer's words."""
    given = [share for share in shares if share is not None]
    tiny = [share for share in given if share < SMALLEST_SHARE]
    if tiny:
        return (
            f"a share of {tiny[0]:g} is too small to matter (and to compute with); "
            f"give it at least {SMALLEST_SHARE:g} or remove the transition"
        )
    if not given:
        return None
    total = sum((written(share) for share in given), Fraction(0))
    unshared = len(shares) - len(given)
    if total > 1 + SHARE_TOLERANCE:
        return f"the shares add up to {_shown(total)}, more than 1; lower them so they add up to 1 at most"
    if not unshared and abs(total - 1) > SHARE_TOLERANCE:
        return f"the shares add up to {_shown(total)}; when every transition has a share they must add up to 1"
    if unshared and total >= 1:
        return (
            f"the shares already add up to {_shown(total)}, leaving nothing for the {unshared} transition(s) "
            "without a share; lower the shares or give every transition one"
        )
    if unshared and (1 - total) / unshared < written(SMALLEST_SHARE):
        return (
            f"the shares add up to {_shown(total)}, leaving less than {SMALLEST_SHARE:g} (one customer in a "
            f"million) for each of the {unshared} transition(s) without a share; give those transitions a "
            "share of at least that, or remove them"
        )
    return None


def probabilities(shares: Sequence[float | None]) -> tuple[float, ...]:
    """Rule 1 of the scores for valid shares: a share is the probability, the others split the rest equally.

    Complete shares that add up to 1 within the tolerance are divided by their sum,
    so no customer is lost or created on the way. Each probability is the float
    nearest to the exact value.
    """
    return _probabilities(tuple(shares))


# Journeys repeat the same few patterns of shares (two ways, 0.1 and the rest) thousands of times.
@functools.lru_cache(maxsize=1024)
def _probabilities(shares: tuple[float | None, ...]) -> tuple[float, ...]:
    given = [share for share in shares if share is not None]
    if not given:
        return (1 / len(shares),) * len(shares)
    total = sum((written(share) for share in given), Fraction(0))
    unshared = len(shares) - len(given)
    if unshared:
        rest = float((1 - total) / unshared)
        return tuple(rest if share is None else float(written(share)) for share in shares)
    return tuple(float(written(share) / total) for share in given)
