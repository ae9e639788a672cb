"""Statistics of measured journeys: Wilson intervals for shares, Student's t for mean scores, NPS with its interval."""

from __future__ import annotations

import math

Z95 = 1.959963984540054
"""The 97.5 % point of the standard normal distribution: two-sided 95 % intervals."""


def wilson(successes: int, trials: int) -> tuple[float, float]:
    """The Wilson 95 % interval of `successes / trials`: exactly 0 below at 0 and exactly 1 above at `trials`."""
    if trials <= 0:
        raise ValueError("a share needs at least one trial")
    p = successes / trials
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = Z95 * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def mean_interval(values: list[float]) -> tuple[float, float | None, float | None]:
    """The mean with Student's t 95 % interval (n - 1 degrees of freedom, sample deviation); none for one value."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None, None
    from scipy.special import stdtrit  # Student's t quantile; scipy.stats would take seconds to import

    deviation = math.sqrt(math.fsum((value - mean) ** 2 for value in values) / (n - 1))
    half = float(stdtrit(n - 1, 0.975)) * deviation / math.sqrt(n)
    return mean, mean - half, mean + half


def net_promoter(values: list[float]) -> tuple[float, float, float]:
    """NPS in points (promoters 9-10 minus detractors 0-6) with ±1.96·√((p + d - (p - d)²)/n)·100 around it."""
    n = len(values)
    promoters = sum(1 for value in values if value >= 9) / n
    detractors = sum(1 for value in values if value <= 6) / n
    score = (promoters - detractors) * 100
    half = 1.96 * math.sqrt(max(0.0, promoters + detractors - (promoters - detractors) ** 2) / n) * 100
    return score, score - half, score + half
