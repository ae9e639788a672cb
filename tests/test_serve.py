"""`journeymap serve`: a real server subprocess on a free port, driven over HTTP and by Chromium.

Live preview (edit → the open page changes without reload; break → located error over the
dimmed last good map; fix → clears), the walkthrough recorder at 375 x 812 through branches,
an unplanned step, a skip, a server killed mid-walk and resumed; twenty participants at once;
a full disk during a save; a taken port; and the security rules (Host, token, Origin, CSRF,
paths, body size). Screenshots land in tests/artifacts/serve-*.png.
"""

from __future__ import annotations

import http.client
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT
from playwright.sync_api import expect
from test_report import hostile_journey
from test_report_browser import CHROMIUM_ARGUMENTS, chromium

from journeymap.project import load_project

ARTIFACTS = ROOT / "tests" / "artifacts"
PHONE = {"width": 375, "height": 812}
ON = "2026-11-30"

# A small journey with a branch, a loop back and two exits; every test copies it to its own folder.
SHOP = """\
id: shop
title: Buying a kettle
goals: [Fewer calls about orders]
stages:
  - {id: choose, phase: purchase}
  - {id: pay, phase: purchase}
  - {id: after, phase: post-purchase}
touchpoints:
  - id: browse
    title: Browses kettles
    stage: choose
    channel: web
    effort: 2
    next: [basket]
  - id: basket
    title: Puts a kettle in the basket
    stage: choose
    channel: web
    effort: 2
    next:
      - {to: pay-card, share: 0.7}
      - {to: pay-invoice, share: 0.3, label: pays later}
  - id: pay-card
    title: Pays by card
    stage: pay
    channel: web
    kind: payment
    effort: 3
    next: [delivery]
  - id: pay-invoice
    title: Gets an invoice
    stage: pay
    channel: email
    kind: invoice
    owner: finance
    effort: 4
    next: [delivery]
  - id: delivery
    title: Receives the kettle
    stage: after
    channel: visit
    effort: 1
"""


@dataclass
class Server:
    """A running `journeymap serve` and how to reach it."""

    process: subprocess.Popen[str]
    url: str
    folder: Path
    output: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(self.url).port or 0)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(folder: Path, *arguments: str, port: int = 0, preexec: Callable[[], None] | None = None) -> Server:
    command = [sys.executable, "-m", "journeymap", "serve", str(folder), "--port", str(port), "--on", ON, *arguments]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        preexec_fn=preexec,  # noqa: PLW1509 - only resource limits, set before exec
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"open (http://\S+)", line)
        if found:
            server = Server(process, found.group(1), folder, lines)
            threading.Thread(target=_drain, args=(process, lines), daemon=True).start()
            _wait_until_up(server)
            return server
    process.kill()
    with process.stdout:
        rest = process.stdout.read()
    process.wait()
    raise AssertionError("journeymap serve did not start:\n" + "".join(lines) + (rest or ""))


def _drain(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    with process.stdout:  # closed when the server has ended, not left to the garbage collector
        for line in process.stdout:
            lines.append(line)


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            request(server, "GET", "/")
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("journeymap serve does not answer")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


def request(
    server: Server,
    method: str,
    path: str,
    body: dict[str, Any] | bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One HTTP request sent exactly as given (no path normalisation), with a same-origin Origin on POSTs."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    sent = {"Host": server.host}
    if method == "POST":
        sent["Origin"] = f"http://{server.host}"
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    sent.update(headers or {})
    data = urllib.parse.urlencode(body, doseq=True).encode() if isinstance(body, dict) else body
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for key, value in sent.items():
            connection.putheader(key, value)
        if data is not None and "Content-Length" not in sent:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode())
    finally:
        connection.close()


def csrf_of(server: Server, journey: str = "shop") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', request(server, "GET", f"/record/{journey}").text)
    assert found, "the start form carries the CSRF token"
    return found.group(1)


def version_in(text: str) -> str:
    found = re.search(r'name="version" value="([^"]*)"', text)
    assert found
    return found.group(1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own with the shop journey, for a test that starts its own server."""
    source = tmp_path / "journeys"
    source.mkdir()
    (source / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that can share it (starting one costs seconds on a busy machine).

    Each test works on journeys of its own in a subfolder: `NAME/NAME.journey.yaml` with id NAME.
    """
    source = tmp_path_factory.mktemp("shared")
    (source / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    examples = source / "examples"
    shutil.copytree(EXAMPLES, examples, ignore=shutil.ignore_patterns("*.json"))
    running = start_server(source)
    yield running
    running.stop()


def own_journey(server: Server, name: str, text: str = SHOP) -> Path:
    """A journey with id `name` in a subfolder of the shared server's folder, once the server shows it."""
    folder = server.folder / name
    folder.mkdir()
    path = folder / f"{name}.journey.yaml"
    path.write_text(re.sub(r"\Aid: shop\n", f"id: {name}\n", text), encoding="utf-8")
    eventually(lambda: request(server, "GET", f"/record/{name}").status == 200, f"the server never showed {name}")
    return path


def eventually(condition: Callable[[], bool], what: str, seconds: float = 20) -> None:
    """Wait for the studio to catch up with a save (a busy machine may take a while)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGUMENTS)
        yield launched
        launched.close()


def new_page(browser: Any, viewport: dict[str, int] | None = None) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


LIVE = SHOP.replace("id: shop", "id: live")

# --- the studio stays out of the other commands --------------------------------------------------------------


def test_check_does_not_import_the_server_stack(folder: Path) -> None:
    code = (
        "import sys; from journeymap.cli import main; code = main(['check', sys.argv[1]]);"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'watchfiles') if m in sys.modules)); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("[]")


# --- live preview ----------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.dot
def test_saved_title_shows_on_the_open_page_then_errors_then_fixed(browser: Any, shared: Server) -> None:
    server = shared
    journey = own_journey(server, "live")
    page, problems = new_page(browser)
    page.goto(server.url + "live.html")
    expect(page.locator("html")).to_have_attribute("data-studio-connected", "yes")
    page.evaluate("window.notReloaded = true; window.scrollTo(0, 400)")
    assert page.locator("h1").first.inner_text() == "Buying a kettle"

    journey.write_text(LIVE.replace("title: Buying a kettle", "title: Buying a teapot"), encoding="utf-8")
    expect(page.locator("h1").first).to_have_text("Buying a teapot", timeout=10_000)
    assert page.evaluate("window.notReloaded") is True  # swapped in place, not reloaded
    assert page.evaluate("window.scrollY") == pytest.approx(400, abs=2)

    broken = LIVE.replace("title: Buying a kettle", "title: Buying a teapot").replace("effort: 3", "effort: 9")
    journey.write_text(broken, encoding="utf-8")
    bar = page.locator(".studio-bar.stale")
    bar.wait_for(timeout=10_000)
    error = page.locator(".studio-problems li").first.inner_text()
    line = broken.splitlines().index("    effort: 9") + 1
    assert re.search(rf"live\.journey\.yaml:{line}:13: error\[\w[\w-]*\] ", error), error
    assert "Out of date" in bar.inner_text()
    assert page.locator("h1").first.inner_text() == "Buying a teapot"  # the last good map stays, dimmed
    assert float(page.evaluate("getComputedStyle(document.querySelector('main')).opacity")) < 0.5
    page.screenshot(path=str(ARTIFACTS / "serve-error-over-stale-map.png"))

    journey.write_text(LIVE.replace("title: Buying a kettle", "title: Buying a jug"), encoding="utf-8")
    expect(page.locator("h1").first).to_have_text("Buying a jug", timeout=10_000)
    assert page.locator(".studio-problems").count() == 0
    assert page.locator(".studio-bar.stale").count() == 0
    assert page.evaluate("window.notReloaded") is True
    assert problems == []


def test_an_unreadable_file_never_takes_the_server_down(shared: Server) -> None:
    server = shared
    journey = own_journey(server, "unreadable")
    for text in [b"\xff\xfe not utf-8 \x00", b"title: [unclosed", b"- a list\n- not a journey\n", b"&a [*a, *a]"]:
        journey.write_bytes(text)
        eventually(lambda: "unreadable.journey.yaml:1:" in request(server, "GET", "/unreadable.html").text, str(text))
        assert "Out of date" in request(server, "GET", "/unreadable.html").text
    journey.chmod(0)
    eventually(lambda: "unreadable.journey.yaml" in request(server, "GET", "/index.html").text, "unreadable")
    journey.chmod(0o644)
    journey.unlink()
    eventually(lambda: request(server, "GET", "/unreadable.html").status == 404, "deleted")
    assert request(server, "GET", "/index.html").status == 200
    assert server.process.poll() is None


# --- recording in the browser ----------------------------------------------------------------------------------


def _tap_targets_are_big_enough(page: Any) -> None:
    page.wait_for_load_state()  # a click on a link may still be loading the next page
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                 'a.button, button, .tile span, input:not([type=radio]):not([type=hidden]), select'))
             .map(e => [e.id || e.textContent.trim().slice(0, 20), e.getBoundingClientRect()])
             .filter(([_, r]) => r.width > 0 && (r.height < 44 || r.width < 44))
             .map(([name, r]) => name + ' ' + r.width + 'x' + r.height)"""
    )
    assert small == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=radio]), select'))
             .filter(e => !(e.labels && e.labels.length && e.labels[0].textContent.trim())).map(e => e.name)"""
    )
    assert unlabelled == []


def _answer_step(page: Any, *, effort: str, emotion: str, finding: str = "", severity: str = "") -> None:
    page.locator(f"input[name=effort][value='{effort}'] + span").click()
    page.locator(f"input[name=emotion][value='{emotion}'] + span").click()
    if finding:
        page.fill("#finding-1", finding)
        if severity:
            page.select_option("#severity-1", severity)
    page.click("#save")


@pytest.mark.browser
@pytest.mark.dot
def test_record_a_walkthrough_on_a_phone_through_a_branch_an_unplanned_step_a_skip_and_a_restart(
    browser: Any, folder: Path
) -> None:
    server = start_server(folder)
    try:
        page, problems = new_page(browser, PHONE)
        page.goto(server.url + "shop.html")
        page.click("#record-walkthrough")
        _tap_targets_are_big_enough(page)
        page.fill("#participant", "Zoë Jansen")
        page.fill("#role", "Logistics")
        page.fill("#date", "2026-11-29")
        page.click("#start")
        page.screenshot(path=str(ARTIFACTS / "serve-record-start-phone.png"), full_page=True)
        page.locator("[data-touchpoint=browse]").click()
        _tap_targets_are_big_enough(page)
        page.screenshot(path=str(ARTIFACTS / "serve-record-step-phone.png"), full_page=True)
        _answer_step(page, effort="2", emotion="1")
        page.locator("#unplanned").click()
        page.fill("#title", "Asked a friend which kettle to buy")
        page.select_option("#channel", "phone")
        _answer_step(page, effort="1", emotion="2")
        page.locator("[data-touchpoint=basket]").click()
        _answer_step(page, effort="3", emotion="0", finding="Delivery costs appear late", severity="high")
        page.locator("[data-touchpoint=pay-invoice]").click()  # the less likely branch
        page.click("#skip")  # they never saw the invoice
        page.screenshot(path=str(ARTIFACTS / "serve-record-choose-phone.png"), full_page=True)
        resume = page.url  # the tab as it was: after the skip, choosing where the walk went on
        path = folder / resume.split("?")[0].rsplit("/", 1)[1]
        assert len(yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]) == 3
    finally:
        server.stop(signal.SIGKILL)  # killed mid-walk: every saved step is on disk
    _resume_and_finish(page, problems, folder, start_server(folder, port=server.port), resume)


def _resume_and_finish(page: Any, problems: list[str], folder: Path, server: Server, resume: str) -> None:
    """The second half of the walk above, on a restarted server: resume, finish, check, see the licence."""
    link = resume.split("?", maxsplit=1)[0]
    path = folder / link.rsplit("/", 1)[1]
    try:
        page.goto(link)  # reopening the walk's link resumes after the last saved step
        assert "3 steps saved" in page.locator(".who").inner_text()
        assert page.locator("[data-touchpoint]").evaluate_all("es => es.map(e => e.dataset.touchpoint)") == [
            "pay-card",
            "pay-invoice",
        ]
        page.goto(resume)  # the tab reloaded as it was when the server went away: the skip is still there
        assert "Skipped so far: Gets an invoice" in page.locator("main").inner_text()
        page.locator("[data-touchpoint=delivery]").click()
        page.select_option("#channel", "store")
        page.locator("input[name=completed][value=no] + span").click()
        _answer_step(page, effort="5", emotion="-2", finding="Nobody was home at delivery")
        page.locator("#summary").wait_for()
        assert "4 steps, 1 not in the journey, 1 touchpoint skipped" in page.locator("#summary").inner_text()
        assert page.locator("#licence").inner_text() == "2 of 3 stages covered: walk pay too to complete it."
        _tap_targets_are_big_enough(page)
        page.screenshot(path=str(ARTIFACTS / "serve-record-done-phone.png"), full_page=True)
        steps = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
        assert [step.get("touchpoint", step.get("title")) for step in steps] == [
            "browse",
            "Asked a friend which kettle to buy",
            "basket",
            "delivery",
        ]
        assert steps[3]["skipped"] == ["pay-invoice"]
        assert steps[3]["channel"] == "store" and steps[3]["completed"] is False
        assert steps[2]["findings"] == [{"text": "Delivery costs appear late", "severity": "high"}]
        check = subprocess.run(
            [sys.executable, "-m", "journeymap", "check", str(folder)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        page.goto(server.url + "index.html")
        expect(page.locator("body")).to_contain_text("Zoë Jansen", timeout=10_000)
        assert problems == []
    finally:
        server.stop()


def test_a_save_against_a_changed_file_is_refused(shared: Server) -> None:
    server = shared
    own_journey(server, "conflict")
    csrf = csrf_of(server, "conflict")
    start = request(server, "POST", "/record/conflict", {"csrf": csrf, "participant": "Ann", "role": "", "date": ON})
    walk = start.headers["location"]
    first = request(server, "GET", walk + "?at=browse")
    answer = {"csrf": csrf, "version": version_in(first.text), "at": "browse", "step": "", "effort": "2"}
    assert request(server, "POST", walk, answer).status == 303
    tab_a = version_in(request(server, "GET", walk + "?at=basket").text)
    tab_b = version_in(request(server, "GET", walk + "?at=basket").text)
    assert request(server, "POST", walk, {**answer, "version": tab_a, "at": "basket"}).status == 303
    refused = request(server, "POST", walk, {**answer, "version": tab_b, "at": "basket", "effort": "7"})
    assert refused.status == 409
    assert "changed elsewhere since this page was loaded" in refused.text
    steps = yaml.safe_load((server.folder / "conflict" / walk.rsplit("/", 1)[1]).read_text(encoding="utf-8"))["steps"]
    assert [step["touchpoint"] for step in steps] == ["browse", "basket"]


# --- load and faults --------------------------------------------------------------------------------------------


def test_twenty_participants_record_thirty_steps_each_at_once(shared: Server) -> None:
    server = shared
    folder = own_journey(server, "load").parent
    csrf = csrf_of(server, "load")
    participants, steps = 20, 30
    errors: list[str] = []

    def participant(number: int) -> None:
        try:
            body = {"csrf": csrf, "participant": "Sam Smith", "role": f"Team {number}", "date": ON}
            walk = request(server, "POST", "/record/load", body).headers["location"]
            version = "new"
            for step in range(steps):
                at = ["browse", "basket", "unplanned"][step % 3]
                answer = {
                    "csrf": csrf,
                    "version": version,
                    "at": at,
                    "step": "",
                    "title": f"Extra step {step}",
                    "effort": str(1 + step % 7),
                    "finding": f"p{number}-s{step}",
                }
                saved = request(server, "POST", walk, answer)
                if saved.status != 303:
                    errors.append(f"{number}/{step}: {saved.status} {saved.text[:200]}")
                    return
                version = saved.headers["x-walkthrough-version"]
            assert version == version_in(request(server, "GET", walk + "?at=browse").text)
        except Exception as problem:  # any failure is reported below with the participant
            errors.append(f"{number}: {problem!r}")

    threads = [threading.Thread(target=participant, args=(number,)) for number in range(participants)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    files = sorted(folder.glob("*.walkthrough.yaml"))
    assert len(files) == participants  # the same name twenty times: twenty files
    project = load_project([str(folder)])
    assert [finding for finding in project.findings if finding.is_error] == []
    recorded = [
        finding["text"] if isinstance(finding, dict) else finding
        for file in files
        for step in yaml.safe_load(file.read_text(encoding="utf-8"))["steps"]
        for finding in step["findings"]
    ]
    expected = {f"p{number}-s{step}" for number in range(participants) for step in range(steps)}
    assert len(recorded) == participants * steps and set(recorded) == expected  # none lost, none twice


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_during_a_save_shows_a_clear_error_and_keeps_the_file(folder: Path) -> None:
    server = start_server(folder, preexec=_file_size_limit(700))  # the disk "fills" at 700 bytes per file
    try:
        csrf = csrf_of(server)
        body = {"csrf": csrf, "participant": "Kim", "role": "", "date": ON}
        walk = request(server, "POST", "/record/shop", body).headers["location"]
        path = folder / walk.rsplit("/", 1)[1]
        saved_before = ""
        for step in range(20):
            version = version_in(request(server, "GET", walk + "?at=browse").text)
            answer = {"csrf": csrf, "version": version, "at": "browse", "step": "", "finding": f"finding {step:02d}"}
            saved = request(server, "POST", walk, answer)
            if saved.status != 303:
                break
            saved_before = path.read_text(encoding="utf-8")
        else:
            raise AssertionError("the file never outgrew the limit")
        assert saved.status == 507
        assert "Could not save this step" in saved.text and "File too large" in saved.text
        assert f"holds the {step} steps saved before" in saved.text
        assert f'value="finding {step:02d}"' in saved.text  # the answers are still in the form
        assert path.read_text(encoding="utf-8") == saved_before  # the previous file is intact
        assert not list(folder.glob(".journeymap-*"))  # no temporary file left behind
        assert server.process.poll() is None
    finally:
        server.stop()


def test_a_second_server_on_the_same_port_says_so(shared: Server, folder: Path) -> None:
    server = shared
    missing = subprocess.run(
        [sys.executable, "-m", "journeymap", "serve", str(folder / "nowhere"), "--port", "0"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=30,
        check=False,
    )
    assert missing.returncode == 2 and "nowhere: no such file or folder" in missing.stderr
    done = subprocess.run(
        [sys.executable, "-m", "journeymap", "serve", str(folder), "--port", str(server.port)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert f"port {server.port} on 127.0.0.1 is already in use" in done.stderr
    assert "Traceback" not in done.stderr


# --- security ---------------------------------------------------------------------------------------------------


def test_a_foreign_host_is_refused(shared: Server) -> None:
    server = shared
    for host in ["evil.example", "evil.example:80", f"attacker.test:{server.port}", ""]:
        assert request(server, "GET", "/", headers={"Host": host}).status == 400
    for host in [f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}"]:
        assert request(server, "GET", "/", headers={"Host": host}).status == 200


def test_posts_need_the_csrf_token_and_the_same_origin(shared: Server) -> None:
    server = shared
    csrf = csrf_of(server)
    body = {"csrf": csrf, "participant": "Eve", "role": "", "date": ON}
    assert request(server, "POST", "/record/shop", {**body, "csrf": "guessed"}).status == 403
    assert request(server, "POST", "/record/shop", {k: v for k, v in body.items() if k != "csrf"}).status == 403
    assert request(server, "POST", "/record/shop", body, {"Origin": "http://evil.example"}).status == 403
    assert request(server, "POST", "/record/shop", body, {"Origin": "null"}).status == 403
    no_origin = request(server, "POST", "/record/shop", body, {"Origin": ""})
    assert no_origin.status == 403
    assert request(server, "POST", "/record/shop", body).status == 303
    assert not list(server.folder.glob("shop-eve-*"))  # nothing written before the first step


def test_no_path_outside_path_can_be_read_or_written(shared: Server, tmp_path: Path) -> None:
    server = shared
    secret = tmp_path / "secret.walkthrough.yaml"
    secret.write_text("participant: secret\n", encoding="utf-8")
    (server.folder / "link.walkthrough.yaml").symlink_to(secret)
    csrf = csrf_of(server)
    paths = [
        "/../secret.walkthrough.yaml",
        "/%2e%2e/secret.walkthrough.yaml",
        "/%2E%2E%2Fsecret.walkthrough.yaml",
        "/walk/shop/..%2fsecret.walkthrough.yaml",
        "/walk/shop/%2e%2e%2fsecret.walkthrough.yaml",
        "/walk/shop/../../secret.walkthrough.yaml",
        f"/walk/shop/{secret}",
        f"/walk/shop/{urllib.parse.quote(str(secret), safe='')}",
        "/walk/shop/link.walkthrough.yaml",
        "/_studio/..%2f..%2fpyproject.toml",
        "/_studio/%2e%2e",
        "//etc/passwd",
        "/shop.journey.yaml",
    ]
    for path in paths:
        answer = request(server, "GET", path)
        assert answer.status == 404, path
        assert "secret" not in answer.text
        written = request(server, "POST", path, {"csrf": csrf, "version": "new", "at": "browse", "step": ""})
        assert written.status in (404, 405), path
    assert secret.read_text(encoding="utf-8") == "participant: secret\n"


def test_oversized_bodies_are_refused(shared: Server) -> None:
    server = shared
    csrf = csrf_of(server)
    big = {"csrf": csrf, "participant": "x" * 100_000, "role": "", "date": ON}
    assert request(server, "POST", "/record/shop", big).status == 413
    lying = request(server, "POST", "/record/shop", b"", {"Content-Length": "99999999"})
    assert lying.status == 413


def test_pages_keep_a_strict_policy_and_hostile_text_stays_text(shared: Server) -> None:
    server = shared
    own_journey(server, "hostile", hostile_journey())
    for path in ["/hostile.html", "/index.html", "/record/hostile", "/shop.html"]:
        answer = request(server, "GET", path)
        assert answer.status == 200, path
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-eval" not in policy
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
        assert (
            "<script>alert" not in answer.text
            and "onerror=" not in answer.text.replace("&#34;", '"').split("<body", 1)[1].split("&lt;")[0]
        )
        scripts = re.findall(r"<script\b([^>]*)>", answer.text)
        assert all('src="/_studio/' in attributes for attributes in scripts if "src=" in attributes)


def test_workshop_mode_serves_nothing_without_the_access_token(folder: Path) -> None:
    server = start_server(folder, "--host", "0.0.0.0")
    try:
        token = re.search(r"\?token=([\w-]+)", server.url)
        assert token, server.url
        assert request(server, "GET", "/").status == 401
        assert request(server, "GET", "/shop.html").status == 401
        assert request(server, "GET", "/_studio/events").status == 401
        assert request(server, "GET", "/?token=wrong").status == 401
        welcome = request(server, "GET", f"/shop.html?token={token.group(1)}")
        assert welcome.status == 303 and welcome.headers["location"] == "/shop.html"
        cookie = welcome.headers["set-cookie"].split(";")[0]
        assert "HttpOnly" in welcome.headers["set-cookie"] and "SameSite=Strict" in welcome.headers["set-cookie"]
        assert request(server, "GET", "/shop.html", headers={"Cookie": cookie}).status == 200
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _artifacts() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


def test_the_examples_are_served(shared: Server) -> None:
    index = request(shared, "GET", "/")
    assert index.status == 200
    for journey in ["phone-purchase", "energy-move", "insurance-claim"]:
        assert f'href="{journey}.html"' in index.text
        page = request(shared, "GET", f"/{journey}.html")
        assert page.status == 200 and 'id="record-walkthrough"' in page.text
        # the insurance claim names `evidence:`: the studio shows what its sample log and survey say
        assert ("Designed vs measured" in page.text) is (journey == "insurance-claim")
        assert "CLM-" not in page.text  # the log's case ids
    assert "Sofia Jansen" in index.text  # the licence register of the example walkthroughs
