"""Hub: tells every open tab which pages changed, as server-sent events; one queue per tab."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable

HEARTBEAT_SECONDS = 15.0  # a comment line now and then, so a closed tab is noticed and proxies keep the stream
QUEUE_SIZE = 64  # a tab that stops reading misses changes, and never holds the server up


class Hub:
    """Subscribers are asyncio queues owned by the event loop; `publish` may be called from any thread."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[str | None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.version = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def listeners(self) -> int:
        return len(self._queues)

    def publish(self, version: int, pages: Iterable[str]) -> None:
        """Every tab hears that `pages` changed in build `version`."""
        message = _event("change", {"version": version, "pages": sorted(pages)})
        self.version = version
        if self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._put, message)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._put, None)

    def _put(self, message: str | None) -> None:
        for queue in list(self._queues):
            if queue.full():
                continue
            queue.put_nowait(message)

    async def stream(self) -> AsyncIterator[str]:
        """One tab's events: `hello` with the current build, then a `change` whenever pages change."""
        queue: asyncio.Queue[str | None] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield "retry: 500\n" + _event("hello", {"version": self.version})
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if message is None:
                    return
                yield message
        finally:
            self._queues.discard(queue)


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"
