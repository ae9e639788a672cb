"""pydantic's plugins switched off for the command line, without paying to import their loader.

pydantic looks for plugins (entry points in the `pydantic` group of every installed package)
when it builds the first model; the CLI switches that off with PYDANTIC_DISABLE_PLUGINS unless
the user set it. Even switched off, pydantic imports its loader module, and that imports
`importlib.metadata` (and the `email` package behind it): about 30 ms of a 150 ms `check`.
While the setting says "off", `switch_off` puts a stand-in for that module in its place, one
that answers "no plugins" as pydantic's own `get_plugins` does for these values, and hands
everything else (or a setting changed later) to the real loader, imported then.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable

VARIABLE = "PYDANTIC_DISABLE_PLUGINS"
# The values for which pydantic's `get_plugins` returns no plugins without looking for any.
OFF = ("__all__", "1", "true")
LOADER = "pydantic.plugin._loader"


def switch_off() -> None:
    """Plugins off unless the user set PYDANTIC_DISABLE_PLUGINS; while off, pydantic's loader is not imported."""
    os.environ.setdefault(VARIABLE, "__all__")
    if os.environ[VARIABLE] in OFF and LOADER not in sys.modules:
        sys.modules[LOADER] = _StandIn(LOADER)


class _StandIn(types.ModuleType):
    """`pydantic.plugin._loader` while plugins are off; the real module, imported on first need, for the rest."""

    def get_plugins(self) -> Iterable[object]:
        if os.environ.get(VARIABLE) in OFF:
            return ()
        plugins: Iterable[object] = self._real().get_plugins()
        return plugins

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # the import system asks for `__path__` and the like: a stand-in has none
            raise AttributeError(name)
        return getattr(self._real(), name)

    def _real(self) -> types.ModuleType:
        if sys.modules.get(LOADER) is self:
            del sys.modules[LOADER]
        return importlib.import_module(LOADER)
