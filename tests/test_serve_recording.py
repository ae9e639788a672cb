"""What a step recorded in the browser may hold: the recorder's one code path, and the keys `skipped` and `presented`.

In-process and fast: the form parser the studio uses, the store's versions, locks and path
rules, the studio's Content-Security-Policy, and the checks on the walkthrough file.
"""

from __future__ import annotations

import datetime
import threading
from pathlib import Path

import pytest
from test_serve import SHOP

from journeymap.graph import JourneyGraph
from journeymap.project import load_journey, load_project
from journeymap.recorder import StepAnswers, parse_step_form, step_data
from journeymap.serve.security import host_name, is_allowed_host
from journeymap.serve.site import studio_policy
from journeymap.serve.store import NEW, Conflict, NotFound, Store


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, JourneyGraph]:
    path = tmp_path / "shop.journey.yaml"
    path.write_text(SHOP, encoding="utf-8")
    graph = load_journey(str(path)).graph
    assert graph is not None
    return tmp_path, graph


def test_a_form_step_is_what_the_terminal_would_write(shop: tuple[Path, JourneyGraph]) -> None:
    _, graph = shop
    form = {"effort": "3", "emotion": "-1", "channel": "app", "duration": "1.5 h", "completed": "no"}
    step, problems = parse_step_form(graph, graph.index["basket"], form, [("Costs hidden", "h"), ("  ", "")])
    assert problems == {}
    assert step == {
        "touchpoint": "basket",
        "effort": 3,
        "emotion": -1,
        "channel": "app",
        "duration": "1.5h",
        "completed": False,
        "findings": [{"text": "Costs hidden", "severity": "high"}],
    }
    answers = StepAnswers(3, -1, "app", "1.5h", False, ({"text": "Costs hidden", "severity": "high"},))
    assert step_data(graph, graph.index["basket"], answers) == step


def test_the_designed_channel_and_empty_answers_are_left_out(shop: tuple[Path, JourneyGraph]) -> None:
    _, graph = shop
    step, problems = parse_step_form(graph, graph.index["browse"], {"channel": "web", "completed": "yes"})
    assert (step, problems) == ({"touchpoint": "browse"}, {})


def test_wrong_answers_are_refused_in_the_terminals_words(shop: tuple[Path, JourneyGraph]) -> None:
    _, graph = shop
    form = {"effort": "8", "emotion": "+3", "channel": "fax", "duration": "soon", "completed": "maybe"}
    step, problems = parse_step_form(graph, graph.index["browse"], form, [("Slow", "urgent")])
    assert step is None
    assert set(problems) == {"effort", "emotion", "channel", "duration", "completed", "findings"}
    assert "1 (effortless) to 7 (very hard)" in problems["effort"]
    assert "low, medium or high" in problems["findings"]
    step, problems = parse_step_form(graph, None, {"title": "   "})
    assert step is None and "needs a title" in problems["title"]


def test_skipped_touchpoints_are_kept_on_the_step_after_the_jump(shop: tuple[Path, JourneyGraph]) -> None:
    _, graph = shop
    step, _ = parse_step_form(graph, graph.index["delivery"], {"skipped": "pay-invoice"})
    assert step == {"touchpoint": "delivery", "skipped": ["pay-invoice"]}
    step, problems = parse_step_form(graph, graph.index["delivery"], {"skipped": "nowhere"})
    assert step is None and "no touchpoint 'nowhere'" in problems["skipped"]


WALK = """\
journey: shop
participant: Ann
date: 2026-11-20
{presented}steps:
  - touchpoint: browse
  - title: Asked a friend
{unplanned_skip}  - touchpoint: delivery
    skipped: [{skipped}]
"""


def _errors(folder: Path, text: str) -> list[str]:
    (folder / "ann.walkthrough.yaml").write_text(text, encoding="utf-8")
    project = load_project([str(folder)])
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in project.findings if f.is_error]


def test_a_walkthrough_with_skipped_and_presented_checks_clean(shop: tuple[Path, JourneyGraph]) -> None:
    folder, _ = shop
    text = WALK.format(presented="presented: 2026-11-27\n", unplanned_skip="", skipped="basket, pay-card")
    assert _errors(folder, text) == []


def test_a_skipped_touchpoint_must_exist(shop: tuple[Path, JourneyGraph]) -> None:
    folder, _ = shop
    errors = _errors(folder, WALK.format(presented="", unplanned_skip="", skipped="basket, paycard"))
    assert len(errors) == 1 and errors[0].startswith("8:23 unknown-reference") and "'paycard'" in errors[0]


def test_an_unplanned_step_cannot_carry_skipped(shop: tuple[Path, JourneyGraph]) -> None:
    folder, _ = shop
    errors = _errors(folder, WALK.format(presented="", unplanned_skip="    skipped: [basket]\n", skipped="pay-card"))
    assert len(errors) == 1 and errors[0].startswith("7:5 bad-value only a step of the journey")


def test_presented_before_the_walk_is_an_error(shop: tuple[Path, JourneyGraph]) -> None:
    folder, _ = shop
    errors = _errors(folder, WALK.format(presented="presented: 2026-11-19\n", unplanned_skip="", skipped="basket"))
    assert len(errors) == 1 and errors[0].startswith("4:12 bad-value presented 2026-11-19 is before the walk")


# --- the store ------------------------------------------------------------------------------------------------


def test_the_store_refuses_a_stale_version_and_names_outside_the_folder(shop: tuple[Path, JourneyGraph]) -> None:
    folder, graph = shop
    store = Store()
    name = store.start(str(folder), "shop", "Ann Smith", None, datetime.date(2026, 11, 20))
    assert name == "shop-ann-smith-2026-11-20.walkthrough.yaml"
    assert store.start(str(folder), "shop", "Ann Smith", None, datetime.date(2026, 11, 20)).endswith(
        "-2.walkthrough.yaml"
    )
    assert store.load(str(folder), name, graph).version == NEW
    first = store.save_step(str(folder), name, graph, version=NEW, step={"touchpoint": "browse"}, at=None)
    with pytest.raises(Conflict):
        store.save_step(str(folder), name, graph, version=NEW, step={"touchpoint": "basket"}, at=None)
    again = store.save_step(str(folder), name, graph, version=first.version, step={"touchpoint": "basket"}, at=0)
    assert again.walk.steps == [{"touchpoint": "basket"}]
    for bad in ["../shop.walkthrough.yaml", "/etc/passwd", "x.yaml", ".hidden.walkthrough.yaml", "A.walkthrough.yaml"]:
        with pytest.raises(NotFound):
            store.load(str(folder), bad, graph)


def test_one_lock_per_file_loses_no_step(shop: tuple[Path, JourneyGraph]) -> None:
    folder, graph = shop
    store = Store()
    name = store.start(str(folder), "shop", "Ann", None, datetime.date(2026, 11, 20))
    saved: list[int] = []

    def save(number: int) -> None:
        while True:
            version = store.load(str(folder), name, graph).version
            try:
                store.save_step(str(folder), name, graph, version=version, step={"title": f"s{number}"}, at=None)
            except Conflict:
                continue
            saved.append(number)
            return

    threads = [threading.Thread(target=save, args=(number,)) for number in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    titles = sorted(step["title"] for step in store.load(str(folder), name, graph).walk.steps)
    assert titles == sorted(f"s{number}" for number in range(16))


# --- security rules -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost:8000", True),
        ("127.0.0.1:8000", True),
        ("[::1]:8000", True),
        ("192.168.1.20:8000", True),  # an address: nothing for DNS to rebind
        ("studio.localhost", True),
        ("laptop.local:8000", True),  # the name it was started for
        ("evil.example", False),
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_host_names(host: str, allowed: bool) -> None:
    assert is_allowed_host(host, ["laptop.local"]) is allowed


def test_host_name_drops_the_port() -> None:
    assert [host_name(h) for h in ["a:1", "[::1]:80", "::1", "B"]] == ["a", "::1", "::1", "b"]


def test_the_studio_policy_adds_only_its_own_scripts_and_events() -> None:
    report = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-abc'"
    policy = studio_policy(report)
    assert "script-src 'self' 'sha256-abc'" in policy
    assert "connect-src 'self'" in policy and "form-action 'none'" in policy
    assert "form-action 'self'" in studio_policy(report, forms=True)
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


# --- the site: only what a save affects is done again -----------------------------------------------------------


@pytest.mark.dot
def test_a_save_parses_and_draws_only_what_it_affects(tmp_path: Path) -> None:
    from journeymap.serve.site import Site

    (tmp_path / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    (tmp_path / "tea.journey.yaml").write_text(SHOP.replace("id: shop", "id: tea"), encoding="utf-8")
    site = Site([str(tmp_path)], today=lambda: datetime.date(2026, 11, 30))
    assert site.build() == {"index.html", "shop.html", "tea.html"}
    assert site.parsed == 2
    drawn = {name: page.html for name, page in site.pages.items()}
    assert site.build() == set() and site.parsed == 2  # nothing changed: nothing parsed, nothing drawn
    (tmp_path / "tea.journey.yaml").write_text(SHOP.replace("id: shop", "id: tea").replace("kettle", "pot"), "utf-8")
    assert site.build() == {"index.html", "tea.html"}
    assert site.parsed == 3 and site.pages["shop.html"].html == drawn["shop.html"]
    walk = "journey: shop\nparticipant: Ann\ndate: 2026-11-20\nsteps:\n  - touchpoint: browse\n"
    (tmp_path / "ann.walkthrough.yaml").write_text(walk, encoding="utf-8")
    assert site.build() == {"index.html", "shop.html"}  # a walk of shop changes shop's page and the register
