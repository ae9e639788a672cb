"""Store: walkthrough files recorded in the browser, next to their journey; one lock per file.

A walk is known by its journey and its file name (letters, digits, '-', ending in
`.walkthrough.yaml`): no path is taken from a request, so nothing outside the journey's folder
can be read or written, and a file that is a symbolic link out of the folder is refused.
Every change is written at once and atomically (`journeymap.output`), in the same format and
through the same step logic as `journeymap walk`. The page holds the file's version (a hash of
its bytes); a change against another version is refused, so no one overwrites another's steps.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import threading
import zlib
from dataclasses import dataclass
from typing import Any

from journeymap.findings import Finding
from journeymap.graph import JourneyGraph
from journeymap.output import write_atomic
from journeymap.recorder import MAX_STEPS, Walk, default_file_name, walk_from_file, walkthrough_yaml
from journeymap.roundtrip import continued_yaml
from journeymap.serve.bounded import Bounded
from journeymap.validate import WALKTHROUGH_SUFFIX

NEW = "new"  # the version of a walk whose first step is not saved yet
LOCKS = 64  # walks saved at once without waiting for each other (a workshop has a few dozen)
PENDING = 1024  # walks started in the browser whose first step is not saved yet, kept in memory
NAME = re.compile(r"[a-z0-9][a-z0-9-]*" + re.escape(WALKTHROUGH_SUFFIX))
RECORDED_WITH = "journeymap serve"


class NotFound(Exception):
    """No such walk (or a name that could point outside the journey's folder)."""


class Conflict(Exception):
    """The file changed since the page was loaded."""


class Unusable(Exception):
    """The file exists but has errors, so it cannot be continued here."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("the walkthrough has errors")
        self.findings = findings


@dataclass(frozen=True)
class Loaded:
    walk: Walk
    version: str
    text: str | None = None  # the file as it was read, edited in place when a step is saved


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class Store:
    """Walks of the journeys in `folders` (journey id -> the folder of its file)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        # A fixed set of locks, a file's chosen by its path: bounded whatever names requests make up
        # (a lock per name kept 11 KB per unknown name forever), and never one dropped while held.
        self._locks = tuple(threading.Lock() for _ in range(LOCKS))
        # started, no step saved yet (lost on a restart: nothing to lose); the oldest go beyond PENDING
        self._pending: Bounded[str, Walk] = Bounded(PENDING)

    def _lock(self, path: str) -> threading.Lock:
        return self._locks[zlib.crc32(path.encode("utf-8", "surrogateescape")) % len(self._locks)]

    @staticmethod
    def path(folder: str, name: str) -> str:
        """The file `name` in `folder`; NotFound for any name that is not a plain walkthrough file name in it."""
        if not NAME.fullmatch(name):
            raise NotFound(name)
        path = os.path.join(folder, name)
        real_folder = os.path.realpath(folder)
        if os.path.dirname(os.path.realpath(path)) != real_folder:  # a symbolic link out of the folder
            raise NotFound(name)
        return path

    def start(self, folder: str, journey: str, participant: str, role: str | None, date: datetime.date) -> str:
        """A new walk's file name: the participant's default, numbered when taken (twenty Jans, twenty files)."""
        base = default_file_name(journey, participant, date)[: -len(WALKTHROUGH_SUFFIX)]
        with self._guard:
            number = 1
            while True:
                name = f"{base}{WALKTHROUGH_SUFFIX}" if number == 1 else f"{base}-{number}{WALKTHROUGH_SUFFIX}"
                path = os.path.join(folder, name)
                if not os.path.lexists(path) and path not in self._pending:
                    self._pending[path] = Walk(journey, participant, role, date)
                    return name
                number += 1

    def load(self, folder: str, name: str, graph: JourneyGraph) -> Loaded:
        path = self.path(folder, name)
        with self._lock(path):
            return self._load(path, graph)

    def _load(self, path: str, graph: JourneyGraph) -> Loaded:
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except FileNotFoundError:
            pending = self._pending.get(path)
            if pending is None:
                raise NotFound(path) from None
            return Loaded(Walk(pending.journey, pending.participant, pending.role, pending.date), NEW)
        except OSError as error:
            raise NotFound(path) from error
        walk, findings = walk_from_file(path, graph)
        if walk is None:
            raise Unusable(findings)
        if walk.journey != graph.journey.id:
            raise NotFound(path)
        return Loaded(walk, version_of(data), data.decode("utf-8", "replace"))

    def save_step(
        self, folder: str, name: str, graph: JourneyGraph, *, version: str, step: dict[str, Any], at: int | None
    ) -> Loaded:
        """Append `step` (or replace step `at`, counted from 0) if the file is still at `version`; write it atomically.

        Raises Conflict when the file changed meanwhile, OutputError when it cannot be written
        (the previous file is then left as it was).
        """
        path = self.path(folder, name)
        with self._lock(path):
            loaded = self._load(path, graph)
            if loaded.version != version:
                raise Conflict(path)
            walk = loaded.walk
            if at is None:
                if len(walk.steps) >= MAX_STEPS:
                    raise ValueError(f"a walkthrough records at most {MAX_STEPS} steps; this one is full")
                walk.steps.append(step)
            elif 0 <= at < len(walk.steps):
                walk.steps[at] = step
            else:
                raise NotFound(path)
            if loaded.text is None:
                text = walkthrough_yaml(walk, RECORDED_WITH)
            else:  # a file people may have edited: their comments and layout stay
                text = continued_yaml(loaded.text, walk, RECORDED_WITH)
            write_atomic(path, text)
            self._pending.pop(path, None)
            return Loaded(walk, version_of(text.encode("utf-8")))
