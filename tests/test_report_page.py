"""The journey page a manager reads in a minute: the summary, effort per step, path chips, the wording of visits,
the wrapped grid with its layers, and touchpoint images; every number checked against small journeys by hand.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, unlabelled
from test_report import PAYLOAD, hostile_text, journey_file, page_of

from journeymap.highlights import customers_reaching, highlights
from journeymap.project import load_journey
from journeymap.render import html
from journeymap.render.html.journey_page import how_often, times
from journeymap.render.layout import balanced_spans
from journeymap.report import journey_page
from journeymap.scoring import score

# start (web, 2) → 30% call (phone, 6) → finish; 70% straight to finish (e-mail, 1).
# Visits: start 1, call 0.3, finish 1. Effort per customer 2 + 0.3·6 + 1 = 4.8.
# Switches: start→call 0.3·3 = 0.9 (digital to analog), start→finish 0.7·1, call→finish 0.3·1: 1.9 in all.
SMALL = """\
id: small
title: Small
stages:
  - {id: one, title: First stage}
  - {id: two, title: Second stage}
touchpoints:
  - id: start
    title: Starts online
    stage: one
    channel: web
    effort: 2
    emotion: 1
    next:
      - {to: call, share: 0.3}
      - {to: finish, share: 0.7}
  - id: call
    title: Calls the shop
    stage: one
    channel: phone
    effort: 6
    next: [finish]
  - id: finish
    title: Gets the confirmation
    stage: two
    channel: email
    effort: 1
"""

# A loop: start → wait; wait → 50% call, 50% done; call → 50% back to wait, 50% done.
# v(wait) = 1 + v(call)/2 and v(call) = v(wait)/2, so v(wait) = 4/3 and v(call) = 2/3; yet only the
# first wait can lead to a first call, so 50% of customers ever call, 4/3 times each.
LOOP = """\
id: loop
title: Loop
stages: [wait, end]
touchpoints:
  - id: start
    title: Asks for an offer
    stage: wait
    channel: web
    effort: 2
    next: [wait]
  - id: wait
    title: Waits for the offer
    stage: wait
    channel: web
    effort: 1
    next:
      - {to: call, share: 0.5}
      - {to: done, share: 0.5}
  - id: call
    title: Calls to ask where it is
    stage: wait
    channel: phone
    effort: 5
    next:
      - {to: wait, share: 0.5}
      - {to: done, share: 0.5}
  - id: done
    title: Gets the offer
    stage: end
    channel: email
    effort: 1
"""

# An analog entry on one channel, nothing rated: no hot spot, no switch, no digital completion.
QUIET = """\
id: quiet
title: Quiet
stages: [visit]
touchpoints:
  - id: walk-in
    title: Walks in
    stage: visit
    channel: store
    next: [leave]
  - id: leave
    title: Leaves
    stage: visit
    channel: store
"""

# The classic layers: thinking and quotes, backstage actions (one with an owner), and an image.
LAYERED = """\
id: layered
title: Layered
stages: [one, two, three, four, five]
touchpoints:
  - id: a
    title: Reads the offer
    stage: one
    channel: web
    effort: 2
    thinking: Is this the real price?
    quotes: ["I never know what I will pay", "Too small print"]
    image: offer.png
    next: [b]
  - id: b
    title: Signs
    stage: five
    channel: web
    effort: 1
    backstage:
      - Checks the credit score
      - {action: Prepares the contract, owner: legal}
"""

# The smallest PNG: a signature and one transparent pixel.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def test_summary_names_the_top_hot_spot_the_costliest_switch_and_where_digital_is_lost(
    write: Callable[..., Path],
) -> None:
    page = page_of(journey_file(write, SMALL))
    assert page.summary == (
        "The main path, which 70% of customers take, runs 2 steps from “Starts online” to “Gets the confirmation” "
        "(effort 3).",
        "100% of customers end successfully.",
        "Off target: digital completion 70% (target ≥ 80%).",
        "On target: effort per step 2.1 (target ≤ 3); success rate 100% (target ≥ 95%).",
        "The biggest hot spot is “Starts online” in First stage: 41.7% of the effort per customer "
        "(2.0 of 4.8 effort points).",
        "The costliest channel switch is from “Starts online” (Website) to “Calls the shop” (Phone), "
        "digital to analog, weighing ×3: 30% of customers take it, 47.4% of the switch score.",
        "70% of customers finish without an analog touchpoint; the most leave the digital path for "
        "“Calls the shop” (Phone): 30% of customers.",
    )
    text = html.render_journey_page(page)
    assert text.index('id="summary-heading"') < text.index('id="scores-heading"')  # read first


def test_highlights_of_a_loop_are_shares_of_customers_not_visits(write: Callable[..., Path]) -> None:
    file = journey_file(write, LOOP)
    assert file.graph is not None
    scores = score(file.graph)
    found = highlights(file.graph, scores)
    assert scores.visits["call"] == pytest.approx(2 / 3)
    switch = found.switch
    assert switch is not None and (switch.source, switch.target) == ("wait", "call")
    assert switch.passes == pytest.approx(2 / 3)  # customers pass it 2/3 times on average ...
    assert switch.customers == pytest.approx(0.5)  # ... but only half of them ever take it
    assert switch.cost == pytest.approx(2.0) and switch.share_of_score == pytest.approx(2 / (2 + 1 / 3 + 1 / 3 + 2 / 3))
    assert found.digital is not None
    assert (found.digital.completion, found.digital.touchpoint) == (pytest.approx(0.5), "call")
    assert found.digital.share == pytest.approx(0.5)
    reach = customers_reaching(file.graph, scores)
    assert reach["call"] == pytest.approx(0.5) and reach["wait"] == pytest.approx(1.0)
    assert reach["start"] == 1.0 and reach["done"] == pytest.approx(1.0)
    page = page_of(file)
    assert page.hot_spots[0].title == "Calls to ask where it is"
    assert page.hot_spots[0].how_often == "50% of customers, 1.3 times each"
    wait = next(card for row in page.grid.rows for cell in row.cells for card in cell if card.id == "wait")
    assert wait.visits == "1.3 times per customer"
    assert any("50% of customers take it" in sentence for sentence in page.summary)


def test_a_sentence_without_content_is_left_out(write: Callable[..., Path]) -> None:
    file = journey_file(write, QUIET)
    assert file.graph is not None
    scores = score(file.graph)
    found = highlights(file.graph, scores)
    assert (found.hot_spot, found.switch, found.digital, scores.effort_per_step) == (None, None, None, None)
    page = page_of(file)
    # Only what it has: the main path and who succeeds (no effort to judge, no hot spot, no switch)
    assert page.summary == (
        "The main path, which 100% of customers take, runs 2 steps from “Walks in” to “Leaves” (effort 0).",
        "100% of customers end successfully.",
        "On target: success rate 100% (target ≥ 95%).",
    )
    per_step = next(card for card in page.score_cards if card.label == "Effort per step")
    assert per_step.value == "—"


def test_a_journey_without_switches_says_only_what_it_has(write: Callable[..., Path]) -> None:
    one_channel = SMALL.replace("channel: phone", "channel: web").replace("channel: email", "channel: web")
    page = page_of(journey_file(write, one_channel))
    assert [sentence.split(" ", 3)[:3] for sentence in page.summary][3:] == [
        ["The", "biggest", "hot"],
        ["100%", "of", "customers"],
    ]
    assert page.summary[-1] == "100% of customers finish without an analog touchpoint."


def test_effort_per_step_divides_by_the_rated_steps_a_customer_passes(write: Callable[..., Path]) -> None:
    file = journey_file(write, SMALL)
    assert file.graph is not None
    scores = score(file.graph)
    steps, per_step = scores.rated_steps, scores.effort_per_step
    assert steps == pytest.approx(2.3)  # 1 + 0.3 + 1
    assert per_step == pytest.approx(4.8 / 2.3)
    cards = {card.label: card for card in page_of(file).score_cards}
    assert (cards["Effort per customer"].value, cards["Effort per customer"].unit) == ("4.8", "effort points")
    assert (cards["Effort per step"].value, cards["Effort per step"].unit) == ("2.1", "per step")
    assert "2.3 rated steps" in cards["Effort per step"].explanation
    # A touchpoint without effort counts in neither: the per-step effort stays an average of rated steps.
    unrated = journey_file(write, SMALL.replace("    effort: 6\n", ""), "unrated.journey.yaml")
    assert unrated.graph is not None
    unrated_scores = score(unrated.graph)
    assert (unrated_scores.rated_steps, unrated_scores.effort_per_step) == (pytest.approx(2.0), pytest.approx(1.5))


def test_index_shows_and_ranks_by_effort_per_step(write: Callable[..., Path]) -> None:
    small, loop = journey_file(write, SMALL), journey_file(write, LOOP, "loop.journey.yaml")
    quiet = journey_file(write, QUIET, "quiet.journey.yaml")
    rows = [html.index_row(file.graph.journey, score(file.graph)) for file in (small, loop, quiet) if file.graph]
    page = html.index_context(rows)
    # small 4.8 / 2.3 = 2.09; loop (2 + 4/3 + 10/3 + 1) / (1 + 4/3 + 2/3 + 1) = 7.67 / 4 = 1.92; quiet has none
    assert [(row.id, row.shown_effort_per_step) for row in page.journeys] == [
        ("small", "2.1"),
        ("loop", "1.9"),
        ("quiet", "—"),
    ]
    text = unlabelled(html.render_index(page))
    # the value, then its judgement in words with the target in its tooltip
    assert (
        f'data-sort="{rows[0].effort_per_step}">2.1<span class="judgement on" title="target ≤ 3">'
        '<span class="judgement-mark" aria-hidden="true"></span>on target</span></td>'
    ) in text
    assert '<td class="number" data-sort="">—</td>' in text


@pytest.mark.parametrize(
    ("visits", "reach", "said"),
    [
        (0.31, 0.31, "31% of customers"),
        (0.306, 0.306, "30.6% of customers"),
        (1.2, 1.0, "1.2 times per customer"),
        (1.04, 1.0, "1.04 times per customer"),
        (1.0, 1.0, "every customer, once"),
        (2 / 3, 0.5, "50% of customers, 1.3 times each"),
        (0.2, None, "0.2 times per customer"),  # not known exactly: never a wrong share
        (1.5, None, "1.5 times per customer"),
    ],
)
def test_visits_are_said_as_shares_of_customers_or_times_per_customer(
    visits: float, reach: float | None, said: str
) -> None:
    assert how_often(visits, reach) == said
    assert "visits" not in said


def test_times_keeps_a_second_decimal_where_one_would_hide_the_difference() -> None:
    assert [times(value) for value in (1.2, 1.04, 0.04, 12.345)] == ["1.2", "1.04", "0.04", "12.3"]


def test_cards_and_hot_spots_never_say_visits(write: Callable[..., Path]) -> None:
    page = page_of(journey_file(write, SMALL))
    call = page.grid.rows[-1].cells[0][0]
    assert (call.id, call.visits) == ("call", "30% of customers")
    start = page.grid.rows[0].cells[0][0]
    assert start.visits is None  # every customer passes it once: nothing to say
    assert [row.how_often for row in page.hot_spots] == [
        "every customer, once",
        "30% of customers",
        "every customer, once",
    ]
    text = html.render_journey_page(page)
    assert ">How often</th>" in text and "visits</span>" not in text and ">Visits<" not in text


def test_paths_are_step_chips_with_channel_switches_marked(write: Callable[..., Path]) -> None:
    page = page_of(journey_file(write, SMALL))
    likely, worst = page.main_path, page.worst_path
    assert likely is not None and worst is not None
    assert [(step.number, step.title, step.switch, step.switch_text) for step in likely.steps] == [
        (1, "Starts online", None, None),
        (2, "Gets the confirmation", "switch", "⇄ E-mail"),
    ]
    assert [step.switch for step in worst.steps] == [None, "digital-to-analog", "switch"]
    text = html.render_journey_page(page)
    assert '<li class="chip-step digital-to-analog"><span class="switch-marker"' in text
    assert '<span class="visually-hidden">switches to </span><span aria-hidden="true">⇄ Phone</span>' in text
    words = '<span class="word">Calls</span> <span class="word">the</span> <span class="word">shop</span>'
    assert f'<span class="chip-number">2</span> {words}' in text  # each word whole: chips wrap between words


@pytest.mark.parametrize(
    ("count", "blocks"),
    [
        (1, [(0, 0)]),
        (4, [(0, 3)]),
        (5, [(0, 2), (3, 4)]),
        (8, [(0, 3), (4, 7)]),
        (9, [(0, 2), (3, 5), (6, 8)]),
        (0, []),
    ],
)
def test_stages_wrap_into_balanced_blocks(count: int, blocks: list[tuple[int, int]]) -> None:
    assert balanced_spans(count, 4) == blocks


def test_the_mortgage_grid_wraps_into_two_blocks_without_empty_rows() -> None:
    file = load_journey(str(ROOT / "tests" / "fixtures" / "mortgage.journey.yaml"))
    assert file.graph is not None
    grid = page_of(file).grid
    assert [(block.first, block.last, len(block.stages)) for block in grid.blocks] == [(1, 4, 4), (5, 8, 4)]
    for block in grid.blocks:
        assert all(any(row.cells) for row in block.rows)  # a channel without a card in these stages is left out
        assert all(len(row.cells) == len(block.stages) for row in block.rows)
    shown = sum(len(cell) for block in grid.blocks for row in block.rows for cell in row.cells)
    assert shown == len(file.graph.touchpoints)
    assert {row.title for row in grid.blocks[0].rows} != {row.title for row in grid.blocks[1].rows}
    assert grid.blocks[0].feeling is not None and grid.blocks[0].thinking is None and grid.blocks[0].backstage is None


def test_layers_show_thinking_feeling_and_backstage_only_where_used(write: Callable[..., Path]) -> None:
    write("", "offer.png").write_bytes(PNG)
    file = journey_file(write, LAYERED)
    page = page_of(file)
    first, second = page.grid.blocks
    assert (first.first, first.last, second.first, second.last) == (1, 3, 4, 5)
    assert first.thinking is not None and first.thinking[0][0].thinking == "Is this the real price?"
    assert first.thinking[0][0].quotes == ("I never know what I will pay", "Too small print")
    assert first.backstage is None and first.feeling is None  # nobody feels anything: no feeling row
    assert second.thinking is None
    assert second.backstage is not None
    assert second.backstage[1][0].actions == (("Checks the credit score", None), ("Prepares the contract", "legal"))
    assert [len(row.cells) for row in second.rows] == [2]
    text = html.render_journey_page(page)
    assert text.count('<tr class="layer thinking">') == 1 and text.count('<tr class="layer backstage">') == 1
    assert '<blockquote class="quote">Too small print</blockquote>' in text
    assert 'Prepares the contract <span class="action-owner">legal</span>' in text
    assert "<img" not in text  # the page context got no images


def test_a_touchpoint_image_is_embedded_in_its_card_with_its_title_as_alt_text(write: Callable[..., Path]) -> None:
    write("", "offer.png").write_bytes(PNG)
    file = journey_file(write, LAYERED)
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")
    assert {key: image.data_uri for key, image in file.images.items()} == {"a": uri}
    text = html.render_journey_page(page_of(file, images={"a": uri, "b": "javascript:alert(1)"}))  # type: ignore[arg-type]
    assert f'<img class="card-image" src="{uri}" alt="Reads the offer">' in text
    assert text.count("<img") == 1 and "javascript:" not in text  # only data:image/ URIs are embedded


@pytest.mark.dot
def test_the_report_passes_the_images_of_the_journey_file_to_its_page(write: Callable[..., Path]) -> None:
    write("", "offer.png").write_bytes(PNG)
    _, page, _ = journey_page(journey_file(write, LAYERED))
    card = page.grid.blocks[0].rows[0].cells[0][0]
    assert card.image is not None and card.image.startswith("data:image/png;base64,")


def test_hostile_text_stays_text_in_the_summary_chips_and_layers(write: Callable[..., Path]) -> None:
    def text(field: str) -> str:
        return json.dumps(hostile_text(field))  # a JSON string is a YAML double-quoted scalar

    hostile = (
        SMALL.replace("title: Starts online", f"title: {text('start')}")
        .replace("title: Calls the shop", f"title: {text('call')}")
        .replace(
            "    emotion: 1\n", f"    emotion: 1\n    thinking: {text('thinking')}\n    quotes: [{text('quote')}]\n"
        )
        .replace(
            "    effort: 6\n",
            f"    effort: 6\n    backstage: [{{action: {text('action')}, owner: {text('backer')}}}]\n",
        )
        .replace("{id: one, title: First stage}", f"{{id: one, title: {text('stage')}}}")
    )
    write("", "offer.png").write_bytes(PNG)
    hostile = hostile.replace("    effort: 2\n", "    effort: 2\n    image: offer.png\n", 1)
    file = journey_file(write, hostile)
    uri = next(iter(file.images.values())).data_uri
    page = html.render_journey_page(page_of(file, images={"start": uri}))  # type: ignore[arg-type]
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&#34;window.__pwned"
    for field in ("start", "call", "thinking", "quote", "action", "backer", "stage"):
        assert f"{field} {escaped}" in page, field
    assert "<script>window" not in page and "<img src=x" not in page
    assert page.count("<img") == 1 and f'alt="start {escaped}' in page
    summary = page.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    assert f"“start {escaped}" in summary and PAYLOAD not in summary
