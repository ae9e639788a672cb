"""journeymap: customer journeys as code; `journeymap.load(path)` is the way in from Python (see docs/api.md).

The public names are imported on first use, so `import journeymap` (and every command
line run, which reads `__version__`) stays as quick as before.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Not `from typing import TYPE_CHECKING`: every command line run imports this module, and typing is not free.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from journeymap.api import Diagram, JourneyError, JourneyResult, load, loads, measure_journey, simulate
    from journeymap.findings import Finding, Level
    from journeymap.model import Journey
    from journeymap.render.graphviz import GraphvizError
    from journeymap.scoring import Scores

__all__ = [
    "Diagram",
    "Finding",
    "GraphvizError",
    "Journey",
    "JourneyError",
    "JourneyResult",
    "Level",
    "Scores",
    "__version__",
    "load",
    "loads",
    "measure_journey",
    "simulate",
]

_HOMES = {
    "Diagram": "journeymap.api",
    "JourneyError": "journeymap.api",
    "JourneyResult": "journeymap.api",
    "load": "journeymap.api",
    "loads": "journeymap.api",
    "measure_journey": "journeymap.api",
    "simulate": "journeymap.api",
    "Finding": "journeymap.findings",
    "Level": "journeymap.findings",
    "Journey": "journeymap.model",
    "GraphvizError": "journeymap.render.graphviz",
    "Scores": "journeymap.scoring",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
