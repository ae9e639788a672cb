"""A seeded mutation fuzzer over the example journeys and walkthroughs, run in-process on every test run (issue 11).

Each mutant (a byte flipped, a line deleted or doubled, indentation changed, two values
swapped, random Unicode, a huge number, ...) goes through `check` and `score --format json`,
and every tenth through `render --format dot`. Whatever the mutant, journeymap must answer
like a tool, not crash like a program: no traceback, exit 0, 1 or 2, every finding located
at `path:line:column` with a line and column of at least 1 and a line inside the file, and
every JSON output strict JSON (no NaN or Infinity).

The studio's routes get the same rule: seeded requests with mutated paths, query fields, form
fields and headers, sent in-process to the ASGI app, never answer 500 and never log a traceback.

A failure names the seed and mutant number; rerun just that with
`JOURNEYMAP_FUZZ_SEED=S JOURNEYMAP_FUZZ_MUTANTS=N pytest tests/test_fuzz.py` (the mutant is written to
tests/artifacts/). More mutants: raise JOURNEYMAP_FUZZ_MUTANTS.
"""

from __future__ import annotations

import json
import os
import random
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeymap import cli
from tests.conftest import EXAMPLE_JOURNEYS, EXAMPLE_WALKTHROUGHS, ROOT

SEED = int(os.environ.get("JOURNEYMAP_FUZZ_SEED", "11"))
MUTANTS = int(os.environ.get("JOURNEYMAP_FUZZ_MUTANTS", "300"))
RENDER_EVERY = 10
ARTIFACTS = ROOT / "tests" / "artifacts"
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?:error|warning)\[[a-z0-9-]+\] \S")
SUMMARY = re.compile(r"^\d+ files? checked: \d+ errors?, \d+ warnings?$")
USAGE = re.compile(r"^journeymap (check|score|render): \S")
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
HUGE = ["1e308", "1e309", "-1e308", "10" * 200, "0.0000000000000000000001", ".inf", "-.inf", ".nan", "-0", "0x7fffffff"]
ODD_TEXT = ["\u202e", "\u0000", "\ufeff", "\U0001f600", "é", "\u2028", "\x85", "\t", "\r", '"', "'", "&", "*a", "!!"]


def _flip_byte(rng: random.Random, raw: bytes) -> bytes:
    position = rng.randrange(len(raw))
    return raw[:position] + bytes([raw[position] ^ (1 << rng.randrange(8))]) + raw[position + 1 :]


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _delete_line(rng: random.Random, raw: bytes) -> bytes:
    lines = _lines(raw)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def _duplicate_line(rng: random.Random, raw: bytes) -> bytes:
    lines = _lines(raw)
    position = rng.randrange(len(lines))
    lines.insert(position, lines[position])
    return b"\n".join(lines)


def _indent(rng: random.Random, raw: bytes) -> bytes:
    lines = _lines(raw)
    position = rng.randrange(len(lines))
    line = lines[position]
    lines[position] = line[rng.randint(1, 4) :] if line.startswith(b" ") and rng.random() < 0.5 else b"  " + line
    return b"\n".join(lines)


def _values(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) of every value after `key: ` on a line."""
    return [match.span(1) for match in re.finditer(rb"^[ -]*[A-Za-z_]+: (.+)$", raw, re.MULTILINE)]


def _swap_values(rng: random.Random, raw: bytes) -> bytes:
    spans = _values(raw)
    if len(spans) < 2:
        return raw
    first, second = sorted(rng.sample(spans, 2))
    a, b = raw[first[0] : first[1]], raw[second[0] : second[1]]
    return raw[: first[0]] + b + raw[first[1] : second[0]] + a + raw[second[1] :]


def _replace_value(rng: random.Random, raw: bytes, values: list[str]) -> bytes:
    spans = _values(raw)
    if not spans:
        return raw
    start, end = rng.choice(spans)
    return raw[:start] + rng.choice(values).encode("utf-8", "surrogatepass") + raw[end:]


def _huge_number(rng: random.Random, raw: bytes) -> bytes:
    numbers = [match.span() for match in re.finditer(rb"(?<![\w.])\d+(\.\d+)?(?![\w.])", raw)]
    if not numbers or rng.random() < 0.3:
        return _replace_value(rng, raw, HUGE)
    start, end = rng.choice(numbers)
    return raw[:start] + rng.choice(HUGE).encode() + raw[end:]


def _random_unicode(rng: random.Random, raw: bytes) -> bytes:
    position = rng.randrange(len(raw) + 1)
    if rng.random() < 0.5:
        text = rng.choice(ODD_TEXT)
    else:
        text = "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x2FFF)])) for _ in range(3))
    return raw[:position] + text.encode("utf-8", "surrogatepass") + raw[position:]


def _truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[: rng.randrange(len(raw))]


def _line_endings(rng: random.Random, raw: bytes) -> bytes:
    return raw.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n"]))


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _flip_byte,
    _delete_line,
    _duplicate_line,
    _indent,
    _swap_values,
    _huge_number,
    _random_unicode,
    _truncate,
    _line_endings,
    lambda rng, raw: _replace_value(rng, raw, ["", "[]", "{}", "null", "~", "[a, b", "{x: 1}", "- x", "*x", "&x y"]),
]


def mutant(rng: random.Random, raw: bytes) -> bytes:
    """One to three mutations of `raw`."""
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if raw:
            raw = rng.choice(MUTATIONS)(rng, raw)
    return raw


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *arguments: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(arguments))
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 2
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


def _check_located(lines: list[str], path: str, line_count: int, problem: Callable[[str], str]) -> None:
    for line in lines:
        if SUMMARY.match(line) or USAGE.match(line):
            continue
        match = FINDING.match(line)
        assert match is not None, problem(f"not a located finding: {line!r}")
        assert match["path"] == path, problem(f"finding for another file: {line!r}")
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1, problem(f"position below 1: {line!r}")
        assert int(match["line"]) <= line_count + 1, problem(f"line beyond the file's {line_count}: {line!r}")


def test_mutants_of_the_examples_get_located_answers_never_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Building the argument parser costs more than checking a file; one parser serves every run.
    parser = cli.build_parser()  # every command's options
    monkeypatch.setattr(cli, "build_parser", lambda argv=None: parser)
    rng = random.Random(SEED)
    run = Run(capsys)
    sources = [(path, path.read_bytes()) for path in EXAMPLE_JOURNEYS + EXAMPLE_WALKTHROUGHS]
    exits: dict[int, int] = {}
    for number in range(MUTANTS):
        source, original = rng.choice(sources)
        raw = mutant(rng, original)
        target = tmp_path / source.name
        target.write_bytes(raw)
        path = str(target)
        line_count = len(LINE_BREAK.split(raw.decode("utf-8", "replace")))

        def problem(message: str, number: int = number, raw: bytes = raw, name: str = source.name) -> str:
            ARTIFACTS.mkdir(exist_ok=True)
            saved = ARTIFACTS / f"fuzz-{SEED}-{number}-{name}"
            saved.write_bytes(raw)
            return f"seed {SEED}, mutant {number} of {name} (saved as {saved}): {message}"

        walkthrough = source.name.endswith(".walkthrough.yaml")
        try:
            code, out, err = run("check", path)
            assert code in {0, 1}, problem(f"check exited {code}: {err}")
            assert "Traceback" not in out + err, problem(err)
            _check_located(out.splitlines() + err.splitlines(), path, line_count, problem)
            exits[code] = exits.get(code, 0) + 1
            code, out, err = run("check", path, "--format", "json")
            _strict_json(out)
            if walkthrough:
                continue
            code, out, err = run("score", path, "--format", "json")
            assert code in {0, 1, 2}, problem(f"score exited {code}: {err}")
            assert "Traceback" not in err, problem(err)
            _check_located(err.splitlines(), path, line_count, problem)
            if code == 0:
                try:
                    _strict_json(out)
                except ValueError as error:
                    raise AssertionError(problem(f"score printed invalid JSON: {error}")) from None
            if number % RENDER_EVERY == 0:
                code, out, err = run("render", path, "--format", "dot", "-o", "-")
                assert code in {0, 1, 2}, problem(f"render exited {code}: {err}")
                assert "Traceback" not in err, problem(err)
                _check_located(err.splitlines(), path, line_count, problem)
                if code == 0:
                    assert out.startswith("digraph journey {") and out.rstrip().endswith("}"), problem("odd DOT")
        except AssertionError:
            raise
        except BaseException as error:  # a traceback in-process: name the mutant that caused it
            raise AssertionError(problem(f"{type(error).__name__}: {error}")) from error
    # The fuzzer must reach both sides: mutants that still pass, and mutants with findings.
    assert exits.get(0, 0) > 0 and exits.get(1, 0) > 0, exits


# --- the studio's routes ----------------------------------------------------------------------------------------

SERVE_REQUESTS = int(os.environ.get("JOURNEYMAP_FUZZ_REQUESTS", "1200"))
QUERY_FIELDS = ["step", "at", "from", "skipped", "end", "token"]
ODD_FIELD = [
    "",
    "²",
    "¹",
    "١",
    "0",
    "-1",
    "99999999999999999999",
    "1e3",
    " 2 ",
    "\x00",
    "\r\n",
    "%",
    "%ZZ",
    "../../etc/passwd",
    "unplanned",
    "order",
    "pay,call,,x",
    "yes",
    "no",
    "2026-02-30",
    "x" * 5000,
    "\ud800",
    "<script>",
]
FIELDS = ["csrf", "version", "at", "step", "effort", "emotion", "channel", "duration", "completed", "title"]
FIELDS += ["finding", "severity", "skipped", "from", "participant", "role", "date", "end", "token"]


def _odd(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x2FFF)])) for _ in range(4))
    return rng.choice(ODD_FIELD)


def _version(path: Path) -> str:
    from journeymap.serve.store import NEW, version_of

    return version_of(path.read_bytes()) if path.exists() else NEW


def _fuzz_path(rng: random.Random, walk: str) -> str:
    if rng.random() < 0.5:
        return walk
    base = rng.choice(["/", "/index.html", "/shop.html", "/_studio/live.js", "/record/shop", walk, "/walk/shop/x"])
    if rng.random() < 0.4:
        base += "/" + urllib.parse.quote(_odd(rng).encode("utf-8", "surrogatepass"), safe="")
    if rng.random() < 0.2:
        base = rng.choice(["//evil.example", "/%2F%2Fevil", "/%0d%0a", "/..%2f..", "/walk/%00/x", "/record/"]) + base
    return base


Header = tuple[bytes, bytes]
ACCESS = [(b"host", b"localhost:8000"), (b"origin", b"http://localhost:8000"), (b"cookie", b"journeymap-access-8000=T")]


async def _call(app: Any, method: str, target: str, headers: list[Header], body: bytes) -> int:
    """One request sent to the ASGI app in-process; its status."""
    import asyncio

    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": urllib.parse.unquote(path, errors="surrogatepass"),
        "raw_path": path.encode("utf-8", "surrogateescape"),
        "query_string": query.encode("utf-8", "surrogateescape"),
        "root_path": "",
        "headers": headers,
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
    }
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            await asyncio.sleep(3600)
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await asyncio.wait_for(app(scope, receive, send), 10)
    return int(next(message["status"] for message in sent if message["type"] == "http.response.start"))


def _fuzz_request(rng: random.Random, walk: str, folder: Path) -> tuple[str, str, list[Header], bytes]:
    """A seeded request: method, target (path and query), headers and a form body, each field maybe mutated."""
    method = rng.choice(["GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"])
    target = _fuzz_path(rng, walk)
    query = {rng.choice(QUERY_FIELDS): _odd(rng) for _ in range(rng.randrange(4))}
    if query:
        target += "?" + urllib.parse.urlencode(query, errors="surrogatepass")
    form = [("csrf", "c" if rng.random() < 0.8 else _odd(rng))]
    if rng.random() < 0.5:  # the version of the walk as saved: the form gets past the conflict check
        form.append(("version", _version(folder / walk.rsplit("/", 1)[1])))
    if rng.random() < 0.4:  # a step as a page sends it, with a field or two changed
        form += [("at", rng.choice(["order", "unplanned"])), ("title", "Asked"), ("effort", "3")]
        form += [(rng.choice(FIELDS), _odd(rng)) for _ in range(rng.randrange(3))]
    else:
        form += [(rng.choice(FIELDS), _odd(rng)) for _ in range(rng.randrange(8))]
    body = urllib.parse.urlencode(form, errors="surrogatepass").encode()
    host = "localhost:8000"
    if rng.random() < 0.2:
        host = rng.choice(["[::1].evil.com", "", "a" * 300, "localhost:x", "[::1]:8000", "127.0.0.1"])
    headers = [(b"host", host.encode())]
    if rng.random() < 0.9:
        origin = b"http://localhost:8000" if rng.random() < 0.8 else rng.choice([b"null", b"http://evil"])
        headers.append((b"origin", origin))
    if rng.random() < 0.8:
        headers.append((b"cookie", rng.choice([b"journeymap-access-8000=T", b"=;;", "x=²".encode()])))
    if rng.random() < 0.2:
        headers.append((b"content-length", rng.choice([b"\xc2\xb2", b"-1", b"99999999", b"12"])))
    if rng.random() < 0.2:
        headers.append((b"x-csrf-token", _odd(rng).encode("utf-8", "surrogatepass")))
    return method, target, headers, body


def test_the_studios_routes_answer_every_mutated_request_without_a_500(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Paths, query fields, form fields and headers, mutated and seeded: never a 500, never a traceback."""
    import asyncio

    from journeymap.serve.app import create_app
    from journeymap.serve.site import Site
    from tests.test_recorder import SHOP_JOURNEY

    (tmp_path / "shop.journey.yaml").write_text(SHOP_JOURNEY, encoding="utf-8")
    site = Site([str(tmp_path)])
    site.build()
    assert "shop" in site.graphs
    rng = random.Random(SEED)
    statuses: dict[int, int] = {}
    walk = "/walk/shop/shop-ann-2026-11-20.walkthrough.yaml"

    async def fuzz() -> None:
        for token in (None, "T"):
            app = create_app(site, csrf_token="c", access_token=token, served_hosts=["localhost"], watching=False)
            started = await _call(app, "POST", "/record/shop", ACCESS, b"csrf=c&participant=Ann&date=2026-11-20")
            assert started == 303
            statuses[started] = statuses.get(started, 0) + 1
            for number in range(SERVE_REQUESTS // 2):
                method, target, headers, body = _fuzz_request(rng, walk, tmp_path)
                try:
                    status = await _call(app, method, target, headers, body)
                except Exception as error:  # a traceback in-process
                    raise AssertionError(f"seed {SEED}, request {number}: {method} {target!r}: {error!r}") from error
                statuses[status] = statuses.get(status, 0) + 1
                assert status < 500 or status == 507, f"seed {SEED}, request {number}: {method} {target!r} -> {status}"

    asyncio.run(fuzz())
    assert not [record for record in caplog.records if record.exc_info or record.name == "journeymap.serve"]
    # the fuzzer must get past the guard: pages, refusals of the routes, saved or refused steps
    assert all(statuses.get(status, 0) > 0 for status in (200, 303, 404, 422)), statuses
    assert statuses.get(303, 0) > 2, statuses  # steps were saved
