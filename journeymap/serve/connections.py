"""Connections: the studio stays reachable when clients open connections and send nothing, or send slowly.

uvicorn closes a connection that stays idle after an answer (`timeout_keep_alive`), but not one
that never finishes its request head, and it accepts until the process runs out of file
descriptors (a laptop's `ulimit -n` is often 256). `Protocol` is uvicorn's own HTTP protocol with:

- a deadline for the request head (`HEAD_SECONDS`, from the connection's start or the previous
  answer): a connection that has not sent a whole head by then is closed;
- at most `most` connections, which `serve` derives from the file-descriptor limit: when one more
  arrives, the oldest connection still waiting for its head is closed (a client that answers
  promptly is never the one closed), so the studio never runs out of descriptors;
- in workshop mode, at most `per_client` connections per client address, enforced the same way
  among that client's own waiting connections, so one device cannot crowd out the others.

A request that is not valid HTTP gets uvicorn's 400, with the strict headers of every answer.
`quiet_accept_errors` logs the event loop's "out of system resource" accept errors once per
interval, one line each, instead of a traceback for every try.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_SECONDS = 10.0  # a request head (a few hundred bytes) arrives in far less, even on weak Wi-Fi
KEEP_ALIVE_SECONDS = 5  # idle after an answer: browsers open a new connection when they need one
PER_CLIENT = 32  # connections one device may hold in workshop mode (a browser opens six per site)
RESERVED_DESCRIPTORS = 64  # for files, the watcher, the log: never used for connections
HEADROOM = 16  # uvicorn's limit_concurrency is this far above `most`, so shedding comes before any 503
LOG_INTERVAL = 30.0  # seconds between two log lines about the same trouble
LOG = logging.getLogger("journeymap.serve")


@dataclass
class Limits:
    """What all connections of one server share: how many there may be, and who is waiting for a head."""

    most: int
    per_client: int | None = None
    head_seconds: float = HEAD_SECONDS
    waiting: OrderedDict[Protocol, None] = field(default_factory=OrderedDict)  # oldest first
    open: set[Protocol] = field(default_factory=set)
    by_client: dict[str, int] = field(default_factory=dict)
    closed: int = 0  # connections closed for hogging, for the log and the tests

    def opened(self, connection: Protocol) -> None:
        self.open.add(connection)
        client = connection.client_host
        count = self.by_client.get(client, 0) + 1
        self.by_client[client] = count
        if self.per_client is not None and count > self.per_client:
            self._close_oldest(lambda other: other.client_host == client, connection)
        if len(self.open) > self.most:
            self._close_oldest(lambda other: True, connection)

    def lost(self, connection: Protocol) -> None:
        if connection not in self.open:
            return
        self.open.discard(connection)
        self.waiting.pop(connection, None)
        client = connection.client_host
        count = self.by_client.get(client, 1) - 1
        if count > 0:
            self.by_client[client] = count
        else:
            self.by_client.pop(client, None)

    def _close_oldest(self, matches: Any, newcomer: Protocol) -> None:
        for other in self.waiting:
            if other is not newcomer and matches(other):
                self.closed += 1
                other.close_idle()
                return


def descriptor_budget(per_client: int | None) -> Limits:
    """Limits for this process: connections fit in its file-descriptor limit with room to spare."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, ValueError, OSError):
        soft = 1024
    if soft in (-1, 0) or soft > 65536:
        soft = 65536
    return Limits(most=max(16, soft - RESERVED_DESCRIPTORS), per_client=per_client)


class Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline for every request head and a share of the connections."""

    limits: Limits  # set on a subclass per server (`protocol_for`)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.client_host = self.client[0] if self.client else ""
        self._head_timer: asyncio.TimerHandle | None = None
        self._wait_for_head()
        self.limits.opened(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        self.limits.lost(self)
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._stop_waiting()  # a whole head arrived: the answer is being made

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self._wait_for_head()  # kept alive: the next head has the same deadline

    def send_400_response(self, msg: str) -> None:
        """A request HTTP itself cannot parse: 400 with the strict headers of every answer, then closed."""
        import h11

        from journeymap.serve.security import DEFAULT_POLICY, strict_headers

        body = b"journeymap serve: the request is not valid HTTP.\n"
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *strict_headers(DEFAULT_POLICY),
        ]
        try:
            for event in (h11.Response(status_code=400, headers=headers), h11.Data(data=body), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event))
        except h11.LocalProtocolError:  # the connection is past answering
            pass
        self.transport.close()

    def _wait_for_head(self) -> None:
        self._stop_waiting()
        self.limits.waiting[self] = None
        self._head_timer = self.loop.call_later(self.limits.head_seconds, self.close_idle)

    def _stop_waiting(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None
        self.limits.waiting.pop(self, None)

    def close_idle(self) -> None:
        """Close a connection that has not sent a whole request head in time (or must make room)."""
        self._stop_waiting()
        if not self.transport.is_closing():
            self.transport.close()


def protocol_for(limits: Limits) -> type[Protocol]:
    """A protocol class for one server, sharing `limits` among its connections (uvicorn makes one per connection)."""
    return type("StudioProtocol", (Protocol,), {"limits": limits})


class _OncePerInterval(logging.Filter):
    """Lets one record of each message through per interval; the rest are counted, not printed."""

    def __init__(self, interval: float = LOG_INTERVAL) -> None:
        super().__init__()
        self.interval = interval
        self.last: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = str(record.msg)
        now = time.monotonic()
        if now - self.last.get(key, -self.interval) < self.interval:
            return False
        if len(self.last) > 256:
            self.last.clear()
        self.last[key] = now
        return True


def quiet_logs() -> None:
    """uvicorn's warnings ("Invalid HTTP request received.", "Exceeded concurrency limit.") once per interval."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(existing, _OncePerInterval) for existing in logger.filters):
        logger.addFilter(_OncePerInterval())


def quiet_accept_errors(loop: asyncio.AbstractEventLoop, interval: float = LOG_INTERVAL) -> None:
    """Accept errors (too many open files) as one line per interval; other loop errors as before."""
    previous = loop.get_exception_handler()
    last = [-interval]

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = str(context.get("message", ""))
        if message.startswith("socket.accept() out of system resource"):
            now = time.monotonic()
            if now - last[0] >= interval:
                last[0] = now
                error = context.get("exception")
                reason = getattr(error, "strerror", None) or str(error)
                LOG.warning(
                    "journeymap serve: cannot accept more connections (%s); new ones wait. Logged once per %g s.",
                    reason,
                    interval,
                )
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handle)
