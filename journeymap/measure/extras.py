"""Extras: Ibis with DuckDB (`journeymap[measure]`) and pyspark (`journeymap[spark]`), imported only when measuring.

A missing extra is one line naming the `pip install` that brings it, never a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from journeymap.errors import JourneymapError


class MissingExtraError(JourneymapError):
    """An optional dependency the command needs is not installed."""


def require(module: str, extra: str, what: str) -> ModuleType:
    """`module` imported, or MissingExtraError naming `pip install 'journeymap[EXTRA]'`."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{what} needs {module}, which is not installed: pip install 'journeymap[{extra}]'"
        ) from None


def ibis() -> ModuleType:
    """Ibis with its DuckDB backend: the query layer of `measure`, `simulate` and the report's measured section."""
    module = require("ibis", "measure", "measuring a journey")
    require("duckdb", "measure", "measuring a journey")
    return module
