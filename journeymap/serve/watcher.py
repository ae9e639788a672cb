"""Watcher: rebuild the site when a journey or walkthrough file under PATH is saved, and tell the hub."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence

from watchfiles import Change, awatch

from journeymap.serve.hub import Hub
from journeymap.serve.site import Site
from journeymap.validate import JOURNEY_SUFFIXES, WALKTHROUGH_SUFFIXES

# Editors write a file in bursts (truncate, write, rename); changes this close together make one rebuild.
DEBOUNCE_MS = 20
STEP_MS = 5

log = logging.getLogger("journeymap.serve")


def watched_folders(paths: Sequence[str]) -> list[str]:
    """The folders to watch: a folder as given, a file's own folder (editors often replace files by renaming)."""
    folders = [path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)) for path in paths]
    return list(dict.fromkeys(os.path.abspath(folder) for folder in folders))


def is_journey_file(change: Change, path: str) -> bool:
    """A journey or walkthrough file; or a new folder, whose files may be written before it is watched."""
    name = os.path.basename(path)
    if name.startswith("."):
        return False
    return name.endswith((*JOURNEY_SUFFIXES, *WALKTHROUGH_SUFFIXES)) or (change == Change.added and os.path.isdir(path))


async def rebuild(site: Site, hub: Hub) -> None:
    """One build in a worker thread (it runs `dot`); a failure is logged and the last pages stay up."""
    try:
        changed = await asyncio.to_thread(site.build)
    except Exception:  # a bug must not stop the studio: keep serving the last pages
        log.exception("journeymap serve: rebuilding the pages failed; the last pages stay up")
        return
    if changed:
        hub.publish(site.version, changed)


async def watch(site: Site, hub: Hub, stop: asyncio.Event) -> None:
    """Rebuild on every burst of saves until `stop` is set."""
    folders = watched_folders(site.paths)
    async for _ in awatch(
        *folders, watch_filter=is_journey_file, debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop, recursive=True
    ):
        await rebuild(site, hub)
