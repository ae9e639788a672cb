"""Measuring helpers shared by the benchmarks: timing, and measuring journeymap as installed."""

from __future__ import annotations

import compileall
import importlib.metadata
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def installed_package() -> Path:
    """The folder of the journeymap package this Python imports (`make setup` installs it), compiled to bytecode.

    Benchmarks measure the package as installed, never a copy of its code. Compiling
    does what pip does on install: without it, a checkout run with PYTHONDONTWRITEBYTECODE=1
    compiles every module from source on every start (about 30 ms), which no user pays.
    """
    try:
        importlib.metadata.version("journeymap")
    except importlib.metadata.PackageNotFoundError:
        sys.exit("journeymap is not installed in this Python: run `make bench` (it sets up .venv first)")
    spec = importlib.util.find_spec("journeymap")
    assert spec is not None and spec.origin is not None
    package = Path(spec.origin).parent
    compileall.compile_dir(str(package), quiet=1)
    return package


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def verdict(value: float, goal: float, unit: str) -> str:
    """`met` or `MISSED`, with the goal, for the last column of a benchmark table."""
    return f"met (goal <= {goal:g}{unit})" if value <= goal else f"MISSED (goal <= {goal:g}{unit})"
