"""Security: what every request must pass before a route sees it, and the headers every answer carries.

- Host: a loopback name, an IP address, or the host the studio was started for. Another name
  means a page elsewhere made the browser come here under its own name (DNS rebinding): 400.
- Access token (workshop mode, `--host` other than loopback): the link printed at start-up carries
  it once; it is then kept in a same-site cookie. Without it: 401, and nothing else is served.
- State-changing requests (POST): the Origin must be this studio and the form must carry the
  per-run CSRF token: else 403. Bodies are limited in size (else 413) and in time (else 408).
- Redirects go to paths of this studio only; anything a route raises is one log line and a
  500 with the strict headers, never a traceback.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import re
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

MAX_BODY_BYTES = 64 * 1024  # a step's answers are well under 4 KiB
BODY_SECONDS = 10.0  # a request body must arrive within this (a phone on weak Wi-Fi sends 64 KiB in far less)
SERVER_ERROR = (
    "journeymap serve: something went wrong answering this request; nothing was changed. "
    "Go back and try again; the studio's terminal shows what happened."
)
LOG = logging.getLogger("journeymap.serve")
TOKEN_COOKIE = "journeymap-access"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
DEFAULT_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


_PORT = r"(?::[0-9]{1,5})?"
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_NAMED = re.compile(rf"(?P<name>{_LABEL}(?:\.{_LABEL})*){_PORT}")
_BRACKETED = re.compile(rf"\[(?P<name>[0-9a-f:.]+)\]{_PORT}")


def host_name(host: str) -> str:
    """The name in a Host header, without the port: 'localhost:8000' -> 'localhost', '[::1]:80' -> '::1'.

    Parsed strictly (RFC 3986 host and port): anything else is '' and refused, so '[::1].evil.com'
    is not taken for '::1', nor 'localhost:80:81' for 'localhost'.
    """
    host = host.strip().lower()
    bracketed = _BRACKETED.fullmatch(host)
    if bracketed:
        name = bracketed.group("name")
        return name if _is_address(name) and ":" in name else ""
    named = _NAMED.fullmatch(host)
    if named:
        return named.group("name")
    return host if ":" in host and _is_address(host) else ""  # a bare IPv6 address, as some clients send


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def token_cookie(port: int | None) -> str:
    """The access cookie's name: one per port, so two studios on one computer keep their own tokens."""
    return f"{TOKEN_COOKIE}-{port}" if port else TOKEN_COOKIE


def same_origin_location(path: str, query: str = "") -> str:
    """A redirect target that stays on this studio: one leading '/', the path percent-encoded.

    `//other.site/` (or `/%2F%2Fother.site`, or `/\\other.site`) would send a browser to another
    site; a CR or LF would break the header. Both become plain path characters here.
    """
    quoted = urllib.parse.quote(path, safe="/-._~!$&'()*+,;=:@%")
    return "/" + quoted.lstrip("/") + (f"?{query}" if query else "")


def is_allowed_host(host: str, served: Iterable[str]) -> bool:
    """A loopback name, an IP address (no DNS involved, so nothing to rebind) or a name we serve as."""
    name = host_name(host)
    if not name:
        return False
    if name in LOOPBACK_NAMES or name.endswith(".localhost") or name in {host.lower() for host in served}:
        return True
    return _is_address(name)


def _headers(scope: Scope) -> dict[str, str]:
    return {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope.get("headers", [])}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no token
        return None
    morsel = cookie.get(name)
    return morsel.value if morsel is not None else None


def _port(scope: Scope) -> int | None:
    server = scope.get("server")
    return int(server[1]) if server and len(server) > 1 and server[1] else None


def same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


async def plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """A short text answer (refusals), with the strict headers."""
    body = (text + "\n").encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *strict_headers(DEFAULT_POLICY),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def strict_headers(policy: str) -> list[tuple[bytes, bytes]]:
    """The headers of every answer; `frame-ancestors` only works in a header (pages repeat the rest in a meta tag)."""
    if "frame-ancestors" not in policy:
        policy += "; frame-ancestors 'none'"
    return [
        (b"content-security-policy", policy.encode("latin-1")),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send `Origin: null`
        (b"x-frame-options", b"DENY"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]


class Guard:
    """ASGI middleware in front of every route (see the module's docstring for the rules)."""

    def __init__(
        self,
        app: App,
        *,
        csrf_token: str,
        access_token: str | None,
        served_hosts: Iterable[str],
        max_body: int = MAX_BODY_BYTES,
        body_seconds: float = BODY_SECONDS,
    ) -> None:
        self.app = app
        self.body_seconds = body_seconds
        self.csrf_token = csrf_token
        self.access_token = access_token
        self.served_hosts = tuple(served_hosts)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._guarded(scope, receive, tracked)
        except Exception as error:  # the catch-all: one log line, never a traceback, and the strict headers
            LOG.error(
                "journeymap serve: %s %r failed: %s: %s",
                scope.get("method"),
                scope.get("path"),
                type(error).__name__,
                error,
            )
            if not started:
                await plain(send, 500, SERVER_ERROR)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        host = headers.get("host", "")
        if not is_allowed_host(host, self.served_hosts):
            await plain(send, 400, "journeymap serve: this studio does not answer to that host name.")
            return
        query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if self.access_token is not None:
            given = query.get("token", [None])[0]
            if same(given, self.access_token) and scope["method"] == "GET":
                await self._let_in(scope, send, query)
                return
            if not same(_cookie(headers, token_cookie(_port(scope))), self.access_token):
                await plain(
                    send,
                    401,
                    "journeymap serve: this studio needs its access token. Open the link that "
                    "`journeymap serve` printed when it started (it ends in ?token=...).",
                )
                return
        if scope["method"] not in ("GET", "HEAD"):
            body = await self._body(headers, receive, send)
            if body is None:
                return
            if not self._same_origin(headers, host):
                await plain(
                    send, 403, "journeymap serve: refused: the request did not come from a page of this studio."
                )
                return
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if not same(form.get("csrf", [headers.get("x-csrf-token")])[0], self.csrf_token):
                await plain(
                    send,
                    403,
                    "journeymap serve: refused: the form is from an earlier run of the studio or another site; "
                    "reload the page and answer again.",
                )
                return
            await self.app(scope, _replay(body), send)
            return
        await self.app(scope, receive, send)

    async def _let_in(self, scope: Scope, send: Send, query: dict[str, list[str]]) -> None:
        """The link with the token: keep the token in a cookie and go on to the same page without it in the URL."""
        rest = [(key, value) for key, values in query.items() if key != "token" for value in values]
        location = same_origin_location(scope.get("path") or "/", urllib.parse.urlencode(rest))
        cookie = f"{token_cookie(_port(scope))}={self.access_token}; Path=/; HttpOnly; SameSite=Strict"
        await plain(
            send,
            303,
            "Welcome to the studio.",
            [(b"location", location.encode("utf-8")), (b"set-cookie", cookie.encode("latin-1"))],
        )

    def _same_origin(self, headers: dict[str, str], host: str) -> bool:
        origin = headers.get("origin")
        return origin is not None and origin.lower() == f"http://{host}".lower()

    async def _body(self, headers: dict[str, str], receive: Receive, send: Send) -> bytes | None:
        """The whole request body, or None after answering 413 when it is larger than allowed."""
        too_large = f"journeymap serve: the request is larger than {self.max_body // 1024} KiB; nothing was saved."
        length = headers.get("content-length")
        if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > self.max_body):
            await plain(send, 413, too_large)
            return None
        chunks: list[bytes] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.body_seconds
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except TimeoutError:
                await plain(
                    send,
                    408,
                    f"journeymap serve: the request took over {self.body_seconds:g} s to arrive; send it again.",
                )
                return None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await plain(send, 413, too_large)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
