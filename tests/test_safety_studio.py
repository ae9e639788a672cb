"""The studio stays up and answers every request sanely (issue 23: items 4-8, 12, 14, and the soak test).

A real `journeymap serve` on a free loopback port. Workshop mode (the access token) runs on
loopback through the suite's hook, so nothing here listens on the network; the attacking
clients connect from other loopback addresses (127.0.0.2 to 127.0.0.15), as other devices would.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import http.client
import re
import resource
import socket
import threading
import time
import tracemalloc
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeymap.project import load_journey
from journeymap.serve.security import DEFAULT_POLICY, Guard, host_name, is_allowed_host
from journeymap.serve.store import NotFound, Store
from tests.test_serve import ON, SHOP, Server, request, start_server, version_in

WORKSHOP_ON_LOOPBACK = "JOURNEYMAP_TEST_WORKSHOP_ON_LOOPBACK"  # the hook journeymap.commands.serve reads


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source = tmp_path / "journeys"
    source.mkdir()
    (source / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    return source


def _workshop(folder: Path, monkeypatch: pytest.MonkeyPatch, preexec: Callable[[], None] | None = None) -> Server:
    monkeypatch.setenv(WORKSHOP_ON_LOOPBACK, "1")
    return start_server(folder, preexec=preexec)


def _token(server: Server) -> str:
    found = re.search(r"\?token=([\w-]+)", server.url)
    assert found, server.url
    return found.group(1)


@pytest.fixture
def workshop(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    server = _workshop(folder, monkeypatch)
    yield server
    server.stop()


def _cookie(server: Server) -> str:
    welcome = request(server, "GET", f"/?token={_token(server)}")
    assert welcome.status == 303
    return welcome.headers["set-cookie"].split(";")[0]


def _log(server: Server) -> str:
    return "".join(server.output)


# --- 6: a superscript digit is no step number ----------------------------------------------------------------


def test_a_superscript_step_number_is_not_found_not_a_traceback(workshop: Server) -> None:
    cookie = {"Cookie": _cookie(workshop)}
    csrf = re.search(r'name="csrf" value="([^"]+)"', request(workshop, "GET", "/record/shop", headers=cookie).text)
    assert csrf
    walk = request(
        workshop, "POST", "/record/shop", {"csrf": csrf.group(1), "participant": "Ann", "date": ON}, headers=cookie
    )
    assert walk.status == 303
    page = request(workshop, "GET", walk.headers["location"] + "?at=browse", headers=cookie)
    saved = request(
        workshop,
        "POST",
        walk.headers["location"],
        {"csrf": csrf.group(1), "version": version_in(page.text), "at": "browse", "step": ""},
        headers=cookie,
    )
    assert saved.status == 303, saved.text
    for digit in ("²", "¹", "١"):
        query = urllib.parse.urlencode({"step": digit})
        answer = request(workshop, "GET", walk.headers["location"] + f"?{query}", headers=cookie)
        assert answer.status == 404, answer.text
        form = {"csrf": csrf.group(1), "version": saved.headers["x-walkthrough-version"], "step": digit}
        posted = request(workshop, "POST", walk.headers["location"], form, headers=cookie)
        assert posted.status < 500, posted.text
    assert "Traceback" not in _log(workshop)


def test_a_route_that_fails_answers_500_with_the_strict_headers_and_one_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def failing(scope: Any, receive: Any, send: Any) -> None:
        raise ValueError("invalid literal for int() with base 10: '²'")

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    guard = Guard(failing, csrf_token="c", access_token=None, served_hosts=())
    scope = {"type": "http", "method": "GET", "path": "/x", "query_string": b"", "headers": [(b"host", b"localhost")]}
    asyncio.run(guard(scope, receive, send))
    headers = dict(sent[0]["headers"])
    assert sent[0]["status"] == 500
    assert headers[b"content-security-policy"].decode().startswith(DEFAULT_POLICY)
    assert headers[b"x-content-type-options"] == b"nosniff"
    lines = [record for record in caplog.records if record.name == "journeymap.serve"]
    assert len(lines) == 1 and "ValueError" in lines[0].getMessage() and lines[0].exc_info is None


# --- 7 and 8: the token link --------------------------------------------------------------------------------------


def test_the_token_link_redirects_only_to_this_studio(workshop: Server) -> None:
    token = _token(workshop)
    for path in (
        f"//other.site/?token={token}",
        f"/%2F%2Fother.site?token={token}",
        f"/%5C%5Cother.site?token={token}",
    ):
        answer = request(workshop, "GET", path)
        assert answer.status == 303, (path, answer.status)
        location = answer.headers["location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_a_crlf_in_the_token_links_path_gets_an_answer(workshop: Server) -> None:
    answer = request(workshop, "GET", f"/a%0D%0ASet-Cookie:%20x=1?token={_token(workshop)}")
    assert answer.status == 303
    assert "\r" not in answer.headers["location"] and "\n" not in answer.headers["location"]
    assert "x=1" not in answer.headers.get("set-cookie", "").split(";")[0]
    assert "Traceback" not in _log(workshop)


# --- 14: Host parsing and the cookie's name ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["[::1].evil.com", "[::1]evil.com:80", "localhost:80:81", "127.0.0.1:80x", "[::1"])
def test_a_host_that_only_starts_like_a_loopback_address_is_refused(host: str) -> None:
    assert not is_allowed_host(host, [])
    assert host_name("[::1]:8000") == "::1" and is_allowed_host("[::1]:8000", [])


def test_each_studio_port_has_its_own_access_cookie(workshop: Server) -> None:
    assert request(workshop, "GET", "/", headers={"Host": "[::1].evil.com"}).status == 400
    cookie = _cookie(workshop)
    assert cookie.split("=")[0].endswith(str(workshop.port))
    other = f"journeymap-access-{workshop.port + 1}={_token(workshop)}"
    assert request(workshop, "GET", "/", headers={"Cookie": other}).status == 401
    assert request(workshop, "GET", "/", headers={"Cookie": cookie}).status == 200


# --- 12: a participant name too long for a file name ---------------------------------------------------------


def test_a_participant_name_too_long_for_a_file_is_refused_before_the_walk_starts(workshop: Server) -> None:
    cookie = {"Cookie": _cookie(workshop)}
    csrf = re.search(r'name="csrf" value="([^"]+)"', request(workshop, "GET", "/record/shop", headers=cookie).text)
    assert csrf
    body = {"csrf": csrf.group(1), "participant": "Ann " + "x" * 240, "date": ON}
    answer = request(workshop, "POST", "/record/shop", body, headers=cookie)
    assert answer.status == 422, answer.headers.get("location")
    assert "file name would be" in answer.text and "shorter name" in answer.text


# --- 5: memory per made-up name ----------------------------------------------------------------------------------


def test_distinct_unknown_walk_names_keep_no_memory(folder: Path) -> None:
    graph = load_journey(str(folder / "shop.journey.yaml")).graph
    assert graph is not None
    store = Store()
    for number in range(200):  # warm up
        with pytest.raises(NotFound):
            store.load(str(folder), f"warm-{number}.walkthrough.yaml", graph)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for number in range(3000):
        with pytest.raises(NotFound):
            store.load(str(folder), f"unknown-{number}.walkthrough.yaml", graph)
    gc.collect()  # the tracebacks pytest.raises keeps are cycles
    grown = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
    tracemalloc.stop()
    assert grown < 32 * 1024, f"{grown} bytes kept for 3000 unknown names"


# --- 4: the soak test ------------------------------------------------------------------------------------------

IDLE, SLOW, WALKERS, STEPS, DISTINCT = 500, 200, 5, 6, 10_000


def _descriptor_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    return apply


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _open_idle(port: int, source: str, count: int) -> list[socket.socket]:
    """`count` connections from `source` that send nothing (connects are not waited for)."""
    sockets = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((source, 0))
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        sockets.append(sock)
    return sockets


def _slowly(sockets: list[socket.socket], port: int, stop: threading.Event) -> None:
    """A request head, one byte per half second on every connection (reconnecting when closed)."""
    head = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: " + "a" * 100
    position = 0
    while not stop.wait(0.5):
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.send(head[position % len(head)].encode())
        position += 1


def _get(port: int, path: str, cookie: str, connection: http.client.HTTPConnection | None = None) -> int:
    own = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        own.request("GET", path, headers={"Host": f"127.0.0.1:{port}", "Cookie": cookie})
        response = own.getresponse()
        response.read()
        return response.status
    finally:
        if connection is None:
            own.close()


def _walk_while_loading_pages(server: Server, cookie: str, folder: Path) -> float:
    """5 walkers save steps while the token holder loads pages; the slowest page's seconds (steps all checked)."""
    csrf_match = re.search(
        r'name="csrf" value="([^"]+)"', request(server, "GET", "/record/shop", headers={"Cookie": cookie}).text
    )
    assert csrf_match
    csrf = csrf_match.group(1)
    errors: list[str] = []
    files: list[str] = []

    def walker(number: int) -> None:
        try:
            body = {"csrf": csrf, "participant": f"Walker {number}", "date": ON}
            walk = request(server, "POST", "/record/shop", body, headers={"Cookie": cookie}).headers["location"]
            files.append(walk.rsplit("/", 1)[1])
            version = "new"
            for step in range(STEPS):
                answer = {"csrf": csrf, "version": version, "at": "unplanned", "step": "", "title": f"s{step}"}
                answer["finding"] = f"w{number}-s{step}"
                saved = request(server, "POST", walk, answer, headers={"Cookie": cookie})
                if saved.status != 303:
                    errors.append(f"{number}/{step}: {saved.status}")
                    return
                version = saved.headers["x-walkthrough-version"]
        except Exception as problem:  # reported below with the walker's number
            errors.append(f"{number}: {problem!r}")

    walkers = [threading.Thread(target=walker, args=(number,)) for number in range(WALKERS)]
    for thread in walkers:
        thread.start()
    slowest = 0.0
    for _ in range(3):
        for path in ("/", "/shop.html", "/record/shop"):
            started = time.monotonic()
            assert _get(server.port, path, cookie) == 200, path
            slowest = max(slowest, time.monotonic() - started)
    for thread in walkers:
        thread.join(60)
    assert errors == []
    steps = [
        finding
        for name in files
        for step in yaml.safe_load((folder / name).read_text(encoding="utf-8"))["steps"]
        for finding in step["findings"]
    ]
    assert sorted(steps) == sorted(f"w{n}-s{s}" for n in range(WALKERS) for s in range(STEPS))  # none lost
    return slowest


def _memory_growth_kib(server: Server, cookie: str) -> int:
    """How much the server's resident memory grows over DISTINCT GETs of unknown walk names."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for number in range(500):  # warm up: the caches every request fills anyway
            _get(server.port, f"/walk/shop/warm-{number}.walkthrough.yaml", cookie, connection)
        before = _rss_kib(server.process.pid)
        for number in range(DISTINCT):
            assert _get(server.port, f"/walk/shop/unknown-{number}.walkthrough.yaml", cookie, connection) == 404
    finally:
        connection.close()
    return _rss_kib(server.process.pid) - before


@pytest.mark.slow
def test_workshop_mode_stays_up_under_idle_and_slow_connections(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = _workshop(folder, monkeypatch, preexec=_descriptor_limit(256))
    stop = threading.Event()
    attackers: list[socket.socket] = []
    try:
        cookie = _cookie(server)
        # from ten and four other addresses, so the per-client limit alone cannot help: the global one must
        attackers = [sock for n in range(10) for sock in _open_idle(server.port, f"127.0.0.{2 + n}", IDLE // 10)]
        slow = [sock for n in range(4) for sock in _open_idle(server.port, f"127.0.0.{12 + n}", SLOW // 4)]
        attackers += slow
        threading.Thread(target=_slowly, args=(slow, server.port, stop), daemon=True).start()
        time.sleep(1)  # the server accepts (and sheds) the flood
        slowest = _walk_while_loading_pages(server, cookie, folder)
        assert slowest < 2.0, f"a page took {slowest:.2f} s"
        stop.set()
        for sock in attackers:
            sock.close()
        attackers = []
        grown = _memory_growth_kib(server, cookie)
        assert grown < 5 * 1024, f"memory grew by {grown} KiB over {DISTINCT} unknown names"
        log = _log(server)
        assert len(log.encode()) < 1024 * 1024, f"{len(log)} characters of log"
        assert "Traceback" not in log
    finally:
        stop.set()
        for sock in attackers:
            sock.close()
        server.stop()


def test_accept_errors_are_one_log_line_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    from journeymap.serve.connections import quiet_accept_errors

    loop = asyncio.new_event_loop()
    try:
        quiet_accept_errors(loop, interval=60)
        for _ in range(1000):  # what asyncio reports on every try while the descriptors are used up
            loop.call_exception_handler(
                {"message": "socket.accept() out of system resource", "exception": OSError(24, "Too many open files")}
            )
    finally:
        loop.close()
    lines = [record.getMessage() for record in caplog.records if record.name == "journeymap.serve"]
    assert len(lines) == 1 and "Too many open files" in lines[0]
    assert not [record for record in caplog.records if record.exc_info]


def test_a_body_that_does_not_arrive_in_time_is_refused_with_408() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the route must not be reached")

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    chunks = [{"type": "http.request", "body": b"c", "more_body": True}]

    async def receive() -> dict[str, Any]:  # one byte, then nothing more: a slow sender
        if chunks:
            return chunks.pop()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    guard = Guard(app, csrf_token="c", access_token=None, served_hosts=(), body_seconds=0.2)
    headers = [(b"host", b"localhost"), (b"origin", b"http://localhost")]
    scope = {"type": "http", "method": "POST", "path": "/record/shop", "query_string": b"", "headers": headers}
    started = time.monotonic()
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 408 and time.monotonic() - started < 5


def test_a_bounded_mapping_keeps_the_most_recently_used() -> None:
    from journeymap.serve.bounded import Bounded

    kept: Bounded[str, int] = Bounded(3)
    for number in range(6):
        kept[f"k{number}"] = number
    assert list(kept) == ["k3", "k4", "k5"]
    assert kept["k3"] == 3  # read: now the most recent, so k4 goes first
    kept["k6"] = 6
    assert list(kept) == ["k5", "k3", "k6"] and len(kept) == 3


def test_a_request_that_is_not_http_gets_400_with_the_strict_headers(workshop: Server) -> None:
    with socket.create_connection(("127.0.0.1", workshop.port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 400")
    assert "content-security-policy: default-src 'none'" in head and "x-content-type-options: nosniff" in head
