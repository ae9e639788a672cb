"""Bounded: a mapping that keeps at most a given number of entries, dropping the least recently used.

Every structure the studio keeps per name a request can make up (a walk started, a journey file
seen) is one of these, so no sequence of requests can grow the server's memory without end.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class Bounded(MutableMapping[Key, Value], Generic[Key, Value]):
    """At most `size` entries; reading or writing one makes it the most recent, and the oldest goes first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a bounded mapping holds at least one entry")
        self.size = size
        self._entries: OrderedDict[Key, Value] = OrderedDict()

    def __getitem__(self, key: Key) -> Value:
        value = self._entries[key]
        self._entries.move_to_end(key)
        return value

    def __setitem__(self, key: Key, value: Value) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __delitem__(self, key: Key) -> None:
        del self._entries[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
