"""Property: on random small journeys with tight loops the solver equals exact rational arithmetic to 1e-9.

Shares are drawn from the extremes designers write (0.999999 back to an earlier step,
one in a million onwards, complete shares that add up to exactly 1), so the loops are
as badly conditioned as valid journeys get. The yardstick is `tests/exact_chain.py`.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, target
from hypothesis import strategies as st

from journeymap.project import load_journey
from journeymap.scoring import score
from tests.test_solver import Spec, assert_exact

# Deterministic in CI: the same examples every run.
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)
# Mostly near-certain returns: nested, they make loops that customers pass up to 1e30 times.
TIGHT = ["0.999999"] * 4 + ["0.99999", "0.9999", "0.999", "0.99", "0.9", "0.5", "0.1", "0.01", "0.000001"]
STEP_BACK = ["0.999999", "0.999999", "0.99999", "0.9999", "0.9"]
CHANNELS = ["web", "chat", "app", "phone", "store"]


@st.composite
def tight_journeys(draw: st.DrawFn) -> Spec:
    size = draw(st.integers(2, 7))
    names = [f"t{i}" for i in range(size - 1)] + ["end"]
    ways: dict[str, list[tuple[str, str | None]]] = {}
    for i, name in enumerate(names[:-1]):
        onward = names[i + 1]
        # The way on keeps an exit reachable from everywhere; the others go anywhere, often back.
        extras = draw(st.lists(st.sampled_from(names[:-1]), max_size=3, unique=True))
        back = i > 0 and draw(st.integers(0, 3)) > 0
        if back:
            extras.insert(0, names[i - 1])  # a step back first: steps back in a row nest the loops
        extras = list(dict.fromkeys(extra for extra in extras if extra != onward))
        shares: list[tuple[str, str | None]] = []
        total = Fraction(0)
        for number, extra in enumerate(extras):
            share = draw(st.sampled_from(STEP_BACK if back and number == 0 else [*TIGHT, None]))
            # Leave at least one in a million for the way on (and every transition without a share).
            if share is not None and total + Fraction(share) <= 1 - Fraction(len(extras) + 1, 1_000_000):
                total += Fraction(share)
                shares.append((extra, share))
            else:
                shares.append((extra, None))
        complete = draw(st.booleans()) and all(share is not None for _, share in shares) and total < 1
        onward_share = str(float(1 - total)) if complete and Fraction(str(float(1 - total))) == 1 - total else None
        position = draw(st.integers(0, len(shares)))
        shares.insert(position, (onward, onward_share))
        ways[name] = shares
    ways["end"] = []
    channels = {name: draw(st.sampled_from(CHANNELS)) for name in names}
    efforts = {name: draw(st.integers(1, 7)) for name in names}
    return Spec(ways, channel=channels, effort=efforts)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tight-journeys")


@PROPERTY_SETTINGS
@given(spec=tight_journeys())
def test_the_solver_equals_exact_rational_arithmetic(folder: Path, spec: Spec) -> None:
    path = folder / "tight.journey.yaml"
    path.write_text(spec.yaml(), encoding="utf-8")
    file = load_journey(str(path))
    assert file.graph is not None, [str(finding) for finding in file.findings if finding.is_error]
    scores = score(file.graph)
    # Steer the search towards the worst conditioned journeys: the most visits.
    target(math.log10(max(scores.visits.values())), label="log10 of the most visits")
    assert_exact(scores, spec)
    # Highest first; equal scores (within the relative tie tolerance) in file order.
    spots = [spot.score for spot in scores.hot_spots]
    assert all(earlier >= later * (1 - 1e-9) for earlier, later in itertools.pairwise(spots))
