"""Measuring helpers shared by the benchmarks: timing, and measuring journeymap as installed."""

from __future__ import annotations

import compileall
import statistics
import time
from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "journeymap"


def compile_package() -> None:
    """Compile bytecode as pip does on install.

    Without it, an editable checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every
    module from source on every start (about 30 ms), which no installed user pays.
    """
    compileall.compile_dir(str(PACKAGE), quiet=1)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
