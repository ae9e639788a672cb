"""Scores of small journeys computed by hand, one per rule of "Scores (normative)" in the format.

Every journey is written inline; the comment above each assertion shows the hand computation.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap import scoring
from journeymap.project import load_journey
from journeymap.scoring import HotSpot, Scores, score

Write = Callable[..., Path]

SPEC_KEYS = {
    "journey",
    "expected_effort",
    "stage_effort",
    "expected_switch_score",
    "digital_completion",
    "most_likely_path",
    "worst_path",
    "visits",
    "hot_spots",
    "unreachable",
    "missing_effort",
    # "Advice you can trust"
    "main_path",
    "success_rate",
    "abandon",
    "complete",
    "incomplete_because",
    "judgement",
}
EXTRA_KEYS = {"response_gaps", "backward_transitions", "rated_steps", "effort_per_step", "targets"}


def scores_of(write: Write, text: str) -> Scores:
    """The scores of an inline journey, which must load without errors."""
    journey_file = load_journey(str(write(text)))
    errors = [str(finding) for finding in journey_file.findings if finding.is_error]
    assert journey_file.graph is not None, errors
    return score(journey_file.graph)


# A repeat contact: one answer in four does not solve the question and the customer asks again.
LOOP = """\
title: Asking a question twice
stages: [ask, done]
touchpoints:
  - id: ask
    title: Asks in the chat
    stage: ask
    channel: chat
    effort: 2
    next: [answer]
  - id: answer
    title: Reads the answer
    stage: ask
    channel: chat
    effort: 3
    next:
      - to: ask
        share: 0.25
        label: not solved
      - solved
  - id: solved
    title: Gets the summary by e-mail
    stage: done
    channel: email
    effort: 1
"""


def test_visits_on_a_loop_solve_the_chain(write: Write) -> None:
    scores = scores_of(write, LOOP)
    # ask and answer are passed 1 + 0.25 + 0.25² + ... = 1 / (1 - 0.25) = 4/3 times; the exit once.
    assert scores.visits == pytest.approx({"ask": 4 / 3, "answer": 4 / 3, "solved": 1.0})


def test_expected_and_stage_effort_on_a_loop(write: Write) -> None:
    scores = scores_of(write, LOOP)
    # 4/3 · 2 + 4/3 · 3 + 1 · 1 = 8/3 + 4 + 1 = 23/3; the stage "ask" holds 20/3 of it, "done" 1.
    assert scores.expected_effort == pytest.approx(23 / 3)
    assert scores.stage_effort == pytest.approx({"ask": 20 / 3, "done": 1.0})


def test_switch_score_on_a_loop(write: Write) -> None:
    scores = scores_of(write, LOOP)
    # Only answer -> solved changes channel (chat -> email, weight 1): v(answer) · 0.75 · 1 = 4/3 · 3/4 = 1.
    assert scores.expected_switch_score == pytest.approx(1.0)
    # Every touchpoint is digital, so everyone who finishes finishes digitally.
    assert scores.digital_completion == pytest.approx(1.0)


def test_paths_and_hot_spots_on_a_loop(write: Write) -> None:
    scores = scores_of(write, LOOP)
    likely = scores.most_likely_path
    assert likely is not None
    # Going round the loop only lowers the probability: ask -> answer -> solved, 1 · 0.75.
    assert (likely.touchpoints, likely.effort, likely.switches) == (("ask", "answer", "solved"), 6, 1)
    assert likely.probability == pytest.approx(0.75)
    assert scores.worst_path is not None
    assert scores.worst_path.touchpoints == ("ask", "answer", "solved")
    # answer 4/3 · 3 = 4, ask 4/3 · 2 = 8/3, solved 1 · 1 = 1.
    assert [spot.touchpoint for spot in scores.hot_spots] == ["answer", "ask", "solved"]
    assert [spot.score for spot in scores.hot_spots] == pytest.approx([4, 8 / 3, 1])


def test_self_loop_is_a_repeat_and_a_backward_transition(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: On hold
        stages: [call]
        touchpoints:
          - id: call
            title: Calls the helpdesk
            stage: call
            channel: phone
            effort: 4
            next:
              - to: call
                share: 0.5
                label: line drops, calls again
              - fixed
          - id: fixed
            title: Problem fixed
            stage: call
            channel: phone
            effort: 1
        """,
    )
    # 1 / (1 - 0.5) = 2 calls; effort 2 · 4 + 1 · 1 = 9; the same channel throughout, no switch.
    assert scores.visits == pytest.approx({"call": 2.0, "fixed": 1.0})
    assert scores.expected_effort == pytest.approx(9.0)
    assert scores.expected_switch_score == 0.0
    backward = [(t.source, t.target) for t in scores.transitions if not t.forward]
    assert backward == [("call", "call")]
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == ("call", "fixed")
    assert scores.most_likely_path.probability == pytest.approx(0.5)


# A custom digital portal, a custom analog dealer, and a detour to the dealer that comes back online.
CUSTOM_CHANNELS = """\
title: Leasing a car
stages: [lease]
channels:
  - id: portal
    title: Lease portal
    kind: digital
  - id: dealer
    title: Dealer showroom
    kind: analog
touchpoints:
  - id: login
    title: Logs in to the lease portal
    stage: lease
    channel: portal
    effort: 1
    next: [browse]
  - id: browse
    title: Browses cars on the website
    stage: lease
    channel: web
    effort: 2
    next:
      - to: dealer-visit
        share: 0.4
      - order
  - id: dealer-visit
    title: Test drives at the dealer
    stage: lease
    channel: dealer
    effort: 5
    next: [order]
  - id: order
    title: Orders online
    stage: lease
    channel: web
    effort: 2
"""


def test_custom_channels_count_by_their_kind(write: Write) -> None:
    scores = scores_of(write, CUSTOM_CHANNELS)
    # Visits: login 1, browse 1, dealer-visit 0.4, order 0.6 + 0.4 = 1.
    assert scores.visits == pytest.approx({"login": 1, "browse": 1, "dealer-visit": 0.4, "order": 1})
    # Effort 1 + 2 + 0.4 · 5 + 2 = 7.
    assert scores.expected_effort == pytest.approx(7.0)
    # portal -> web (digital to digital) 1 · 1 · 1 = 1; web -> dealer (digital to analog) 1 · 0.4 · 3 = 1.2;
    # dealer -> web (analog to digital) 0.4 · 1 · 1 = 0.4; web -> web no switch. Total 2.6.
    assert scores.expected_switch_score == pytest.approx(2.6)
    switches = {(t.source, t.target): (t.switch, t.digital_to_analog) for t in scores.transitions}
    assert switches == {
        ("login", "browse"): (True, False),
        ("browse", "dealer-visit"): (True, True),
        ("browse", "order"): (False, False),
        ("dealer-visit", "order"): (True, False),
    }


def test_digital_completion_does_not_count_an_analog_detour(write: Write) -> None:
    scores = scores_of(write, CUSTOM_CHANNELS)
    # Everyone ends at `order` (digital), but the 0.4 who went to the dealer passed an analog touchpoint.
    assert scores.digital_completion == pytest.approx(0.6)


def test_digital_completion_with_a_loop_through_an_analog_channel(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Upload with a fallback
        stages: [send]
        touchpoints:
          - id: upload
            title: Uploads the document
            stage: send
            channel: app
            effort: 2
            next:
              - to: upload
                share: 0.5
                label: upload fails, tries again
              - to: post
                share: 0.1
              - done
          - id: post
            title: Sends it by post
            stage: send
            channel: letter
            effort: 4
            next: [done]
          - id: done
            title: Document received
            stage: send
            channel: app
            effort: 1
        """,
    )
    # v(upload) = 1 / (1 - 0.5) = 2; straight to done: 2 · 0.4 = 0.8; through the post: 2 · 0.1 = 0.2.
    assert scores.visits == pytest.approx({"upload": 2.0, "post": 0.2, "done": 1.0})
    assert scores.digital_completion == pytest.approx(0.8)
    # app -> letter is digital to analog (3), letter -> app a plain switch (1): 2 · 0.1 · 3 + 0.2 · 1 = 0.8.
    assert scores.expected_switch_score == pytest.approx(0.8)


def test_analog_entry_has_no_digital_completion(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Starts in the store
        stages: [buy]
        touchpoints:
          - id: visit-store
            title: Visits the store
            stage: buy
            channel: store
            effort: 2
            next: [order]
          - id: order
            title: Orders online
            stage: buy
            channel: web
            effort: 2
        """,
    )
    assert scores.digital_completion is None
    assert '"digital_completion": null' in json.dumps(scores.to_dict())
    # store -> web: analog to digital weighs 1, not 3.
    assert scores.expected_switch_score == pytest.approx(1.0)


def test_entry_other_than_the_first_touchpoint(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Starts later
        stages: [buy]
        entry: order
        touchpoints:
          - id: call
            title: Calls to order
            stage: buy
            channel: phone
            effort: 5
            next: [order]
          - id: order
            title: Orders online
            stage: buy
            channel: web
            effort: 2
            next: [paid]
          - id: paid
            title: Pays
            stage: buy
            channel: web
            effort: 1
        """,
    )
    # Customers start at `order`, so the call is never reached.
    assert scores.visits == pytest.approx({"order": 1.0, "paid": 1.0})
    assert scores.unreachable == ("call",)
    assert scores.digital_completion == pytest.approx(1.0)


UNREACHABLE = """\
title: Forgotten touchpoints
stages: [buy, lost]
touchpoints:
  - id: start
    title: Starts online
    stage: buy
    channel: web
    effort: 2
    next: [end]
  - id: orphan
    title: Calls a number nobody gave
    stage: lost
    channel: phone
    effort: 6
    response_time: 2d
    next: [end]
  - id: orphan-without-effort
    title: Writes a letter
    stage: lost
    channel: letter
    next: [end]
  - id: end
    title: Done
    stage: buy
    channel: web
    effort: 1
"""


def test_unreachable_touchpoints_are_left_out_of_every_score(write: Write) -> None:
    scores = scores_of(write, UNREACHABLE)
    assert scores.unreachable == ("orphan", "orphan-without-effort")
    assert set(scores.visits) == {"start", "end"}
    # Only start (2) and end (1); orphan's effort 6 and its phone -> web switch do not count.
    assert scores.expected_effort == pytest.approx(3.0)
    assert scores.expected_switch_score == 0.0
    # Every stage is listed, an unreachable one with 0.
    assert scores.stage_effort == pytest.approx({"buy": 3.0, "lost": 0.0})
    assert [spot.touchpoint for spot in scores.hot_spots] == ["start", "end"]
    assert {t.source for t in scores.transitions} == {"start"}
    # Missing effort is reported for reachable touchpoints only.
    assert scores.missing_effort == ()
    assert scores.to_dict()["unreachable"] == ["orphan", "orphan-without-effort"]


def test_missing_effort_counts_zero_and_is_listed(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Effort not measured yet
        stages: [buy]
        touchpoints:
          - id: order
            title: Orders online
            stage: buy
            channel: web
            effort: 3
            next: [confirm, call]
          - id: confirm
            title: Reads the confirmation
            stage: buy
            channel: email
          - id: call
            title: Calls to check the order
            stage: buy
            channel: phone
        """,
    )
    # 3 + 0.5 · 0 + 0.5 · 0 = 3.
    assert scores.expected_effort == pytest.approx(3.0)
    assert scores.missing_effort == ("confirm", "call")
    # A hot spot needs a positive score.
    assert scores.hot_spots == (HotSpot("order", 3.0),)
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.effort == 3


SWITCHES = """\
title: Asking about an invoice
stages: [ask]
{scoring}
touchpoints:
  - id: visit-site
    title: Looks up the invoice online
    stage: ask
    channel: web
    effort: 1
    next:
      - to: call
        share: 0.3
      - mail
  - id: call
    title: Calls about the invoice
    stage: ask
    channel: phone
    effort: 3
  - id: mail
    title: E-mails about the invoice
    stage: ask
    channel: email
    effort: 2
"""


@pytest.mark.parametrize(
    ("scoring_block", "expected"),
    [
        # Default weights: 0.3 · 3 (web -> phone) + 0.7 · 1 (web -> email) = 1.6.
        ("", 1.6),
        # switch 2, digital_to_analog 5: 0.3 · 5 + 0.7 · 2 = 2.9.
        ("scoring:\n  switch: 2\n  digital_to_analog: 5", 2.9),
        # Only the push off the digital path counts: 0.3 · 3 + 0.7 · 0 = 0.9.
        ("scoring:\n  switch: 0", 0.9),
        # Weights may be fractions: 0.3 · 1.5 + 0.7 · 0.5 = 0.8.
        ("scoring:\n  switch: 0.5\n  digital_to_analog: 1.5", 0.8),
    ],
)
def test_switch_weights(write: Write, scoring_block: str, expected: float) -> None:
    scores = scores_of(write, SWITCHES.format(scoring=scoring_block))
    assert scores.expected_switch_score == pytest.approx(expected)


def test_exits_count_as_visited_with_the_probability_of_ending_there(write: Write) -> None:
    scores = scores_of(write, SWITCHES.format(scoring=""))
    # 1 + 0.3 · 3 + 0.7 · 2 = 3.3: the exits' effort counts.
    assert scores.visits == pytest.approx({"visit-site": 1.0, "call": 0.3, "mail": 0.7})
    assert scores.expected_effort == pytest.approx(3.3)
    assert scores.digital_completion == pytest.approx(0.7)


TIE = """\
title: Two equally likely ways
stages: [buy]
touchpoints:
  - id: start
    title: Starts
    stage: buy
    channel: web
    effort: 1
    next: [{first}, {second}]
  - id: via-a
    title: Goes via A
    stage: buy
    channel: web
    effort: 1
    next: [end]
  - id: via-b
    title: Goes via B
    stage: buy
    channel: web
    effort: 1
    next: [end]
  - id: end
    title: Ends
    stage: buy
    channel: web
    effort: 1
"""


@pytest.mark.parametrize(("first", "second"), [("via-a", "via-b"), ("via-b", "via-a")])
def test_tie_goes_to_the_earlier_listed_transition(write: Write, first: str, second: str) -> None:
    scores = scores_of(write, TIE.format(first=first, second=second))
    # Both ways have probability 0.5 and effort 3: the transition listed first in `next` wins,
    # whatever the order of the touchpoints in the file.
    for path in (scores.most_likely_path, scores.worst_path):
        assert path is not None
        assert path.touchpoints == ("start", first, "end")
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.probability == pytest.approx(0.5)


# Two three-step ways with the same shares in another order: 0.1 · 0.2 · 0.3 and 0.3 · 0.2 · 0.1.
# All other shares loop back to the start, so every other way is less likely.
TIE_IN_ANOTHER_ORDER = """\
title: A tie hidden by rounding
stages: [buy]
touchpoints:
  - id: start
    title: Starts
    stage: buy
    channel: web
    effort: 1
    next:
      - to: a1
        share: 0.1
      - to: b1
        share: 0.3
      - to: start
        share: 0.6
  - id: a1
    title: First step of way A
    stage: buy
    channel: web
    effort: 1
    next:
      - to: a2
        share: 0.2
      - to: start
        share: 0.8
  - id: a2
    title: Second step of way A
    stage: buy
    channel: web
    effort: 1
    next:
      - to: end
        share: 0.3
      - to: start
        share: 0.7
  - id: b1
    title: First step of way B
    stage: buy
    channel: web
    effort: 1
    next:
      - to: b2
        share: 0.2
      - to: start
        share: 0.8
  - id: b2
    title: Second step of way B
    stage: buy
    channel: web
    effort: 1
    next:
      - to: end
        share: 0.1
      - to: start
        share: 0.9
  - id: end
    title: Ends
    stage: buy
    channel: web
    effort: 1
"""


def test_tie_that_float_rounding_would_break(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    # In floating point the two products differ in the last bit; mathematically they are equal.
    assert 0.1 * 0.2 * 0.3 != 0.3 * 0.2 * 0.1
    scores = scores_of(write, TIE_IN_ANOTHER_ORDER)
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == ("start", "a1", "a2", "end")
    assert scores.most_likely_path.probability == pytest.approx(0.006)
    # Without the tolerance the rounding noise picks way B: the test really exercises the tie rule.
    monkeypatch.setattr(scoring, "TIE_TOLERANCE", 0.0)
    without_tolerance = scores_of(write, TIE_IN_ANOTHER_ORDER).most_likely_path
    assert without_tolerance is not None
    assert without_tolerance.touchpoints == ("start", "b1", "b2", "end")


# Stages out of file order: `back-office` (stage `first`) is listed after `start` (stage `second`).
ORDER = """\
title: Forward and backward
stages: [first, second]
touchpoints:
  - id: start
    title: Starts
    stage: second
    channel: web
    effort: 1
    next:
      - to: back-office
        share: 0.5
      - check
  - id: back-office
    title: Sent back to an earlier stage
    stage: first
    channel: web
    effort: 7
    next: [check]
  - id: check
    title: Checks the result
    stage: second
    channel: web
    effort: 1
    next:
      - to: check
        share: 0.2
      - done
  - id: done
    title: Done
    stage: second
    channel: web
    effort: 1
"""


def test_forward_and_backward_follow_stage_then_file_order(write: Write) -> None:
    scores = scores_of(write, ORDER)
    direction = {(t.source, t.target): t.forward for t in scores.transitions}
    # back-office is later in the file but in an earlier stage: start -> back-office goes backward.
    # A transition to the touchpoint itself is backward too.
    assert direction == {
        ("start", "back-office"): False,
        ("start", "check"): True,
        ("back-office", "check"): True,
        ("check", "check"): False,
        ("check", "done"): True,
    }
    assert scores.to_dict()["backward_transitions"] == [["start", "back-office"], ["check", "check"]]


def test_worst_path_uses_forward_transitions_only(write: Write) -> None:
    scores = scores_of(write, ORDER)
    # start -> back-office -> check -> done has effort 10 but starts with a backward transition;
    # the worst path over forward transitions is start -> check -> done, effort 3.
    assert scores.worst_path is not None
    assert (scores.worst_path.touchpoints, scores.worst_path.effort) == (("start", "check", "done"), 3)
    # v(check) = 1 / (1 - 0.2) = 1.25; effort 1 + 0.5 · 7 + 1.25 · 1 + 1 = 6.75.
    assert scores.expected_effort == pytest.approx(6.75)


def test_worst_path_is_none_when_only_a_backward_transition_leads_to_an_exit(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Ends in an earlier stage
        stages: [early, late]
        touchpoints:
          - id: start
            title: Starts late
            stage: late
            channel: web
            effort: 1
            next: [finish]
          - id: finish
            title: Ends early
            stage: early
            channel: web
            effort: 1
        """,
    )
    assert scores.worst_path is None
    assert scores.to_dict()["worst_path"] is None
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == ("start", "finish")


def test_worst_path_takes_the_highest_effort_branch(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Easy and hard ways
        stages: [buy]
        touchpoints:
          - id: start
            title: Starts
            stage: buy
            channel: web
            effort: 1
            next:
              - to: easy
                share: 0.9
              - hard
          - id: easy
            title: One click
            stage: buy
            channel: web
            effort: 1
            next: [end]
          - id: hard
            title: Long form
            stage: buy
            channel: web
            effort: 6
            next: [call, end]
          - id: call
            title: Calls for help
            stage: buy
            channel: phone
            effort: 5
            next: [end]
          - id: end
            title: Ends
            stage: buy
            channel: web
            effort: 2
        """,
    )
    # 1 + 6 + 5 + 2 = 14 through the long form and the call; the most likely way is the easy one.
    assert scores.worst_path is not None
    assert (scores.worst_path.touchpoints, scores.worst_path.effort) == (("start", "hard", "call", "end"), 14)
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == ("start", "easy", "end")
    assert scores.most_likely_path.probability == pytest.approx(0.9)
    # Switches on the worst path: web -> phone -> web.
    assert scores.worst_path.switches == 2


def test_hot_spots_rank_highest_first_and_ties_keep_file_order(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Hot spots
        stages: [buy]
        touchpoints:
          - id: start
            title: Starts
            stage: buy
            channel: web
            effort: 1
            next:
              - to: a
                share: 0.4
              - to: c
                share: 0.3
              - b
          - id: a
            title: A
            stage: buy
            channel: web
            effort: 5
            next: [end]
          - id: c
            title: C
            stage: buy
            channel: web
            effort: 5
            next: [end]
          - id: b
            title: B
            stage: buy
            channel: web
            effort: 5
            next: [end]
          - id: end
            title: Ends
            stage: buy
            channel: web
            effort: 1
        """,
    )
    # a 0.4 · 5 = 2; c 0.3 · 5 = 1.5 and b (1 - 0.7) · 5 = 1.5 tie, so file order puts c first, although
    # in floating point 1 - 0.7 = 0.30000000000000004 makes b's score larger; start and end 1 · 1 = 1 tie.
    assert [spot.touchpoint for spot in scores.hot_spots] == ["a", "c", "b", "start", "end"]
    assert [spot.score for spot in scores.hot_spots] == pytest.approx([2, 1.5, 1.5, 1, 1])


RESPONSES = """\
title: Waiting for answers
stages: [ask]
channels:
  - id: chat
    kind: digital
    expected_response: 1h
touchpoints:
  - id: mail
    title: E-mails a question
    stage: ask
    channel: email
    effort: 2
    response_time: 1d
    next: [chat-question]
  - id: chat-question
    title: Asks in the chat
    stage: ask
    channel: chat
    effort: 2
    response_time: 10m
    next: [web-form]
  - id: web-form
    title: Fills in a web form
    stage: ask
    channel: web
    effort: 2
    response_time: 2d
    next: [answered]
  - id: answered
    title: Gets the answer
    stage: ask
    channel: email
    effort: 1
    response_time: 4h
"""


def test_response_gaps(write: Write) -> None:
    scores = scores_of(write, RESPONSES)
    gaps = {gap.touchpoint: (gap.channel, gap.response_time, gap.expected, gap.gap) for gap in scores.response_gaps}
    assert gaps == {
        # 1d - 4h = 86400 - 14400 = 72000 s = 20h too slow.
        "mail": ("email", 86400.0, 14400.0, 72000.0),
        # The journey gives chat an expected response of 1h: 10m - 1h = -3000 s, 50m faster.
        "chat-question": ("chat", 600.0, 3600.0, -3000.0),
        # 4h on e-mail is exactly what customers expect: gap 0. (web has no expected response: not listed.)
        "answered": ("email", 14400.0, 14400.0, 0.0),
    }
    assert scores.to_dict()["response_gaps"][0] == {
        "touchpoint": "mail",
        "channel": "email",
        "response_time": 86400.0,
        "expected": 14400.0,
        "gap": 72000.0,
    }


def test_unreachable_touchpoints_have_no_response_gap(write: Write) -> None:
    scores = scores_of(write, UNREACHABLE.replace("channel: phone", "channel: email"))
    assert scores.response_gaps == ()


def test_complete_shares_that_add_up_to_almost_1_are_divided_by_their_sum(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Rounded thirds
        stages: [choose]
        touchpoints:
          - id: choose
            title: Chooses a plan
            stage: choose
            channel: web
            effort: 3
            next:
              - to: small
                share: 0.333
              - to: medium
                share: 0.333
              - to: large
                share: 0.333
          - {id: small, title: Small plan, stage: choose, channel: web, effort: 1}
          - {id: medium, title: Medium plan, stage: choose, channel: web, effort: 1}
          - {id: large, title: Large plan, stage: choose, channel: web, effort: 1}
        """,
    )
    # 0.333 three times is allowed (1 ± 0.001) and means a third each: nobody is lost on the way.
    assert scores.visits == pytest.approx({"choose": 1, "small": 1 / 3, "medium": 1 / 3, "large": 1 / 3})
    assert scores.digital_completion == pytest.approx(1.0)
    assert scores.expected_effort == pytest.approx(4.0)


def test_shares_just_above_1_on_a_loop_give_finite_positive_visits(write: Write) -> None:
    scores = scores_of(
        write,
        """\
        title: Shares a little above 1
        stages: [try]
        touchpoints:
          - id: try-online
            title: Tries online
            stage: try
            channel: web
            effort: 1
            next:
              - to: try-online
                share: 0.5
              - to: retry
                share: 0.501
          - id: retry
            title: Tries again
            stage: try
            channel: web
            effort: 1
            next:
              - to: try-online
                share: 1.0
              - to: done
                share: 0.001
          - id: done
            title: Done
            stage: try
            channel: web
            effort: 1
        """,
    )
    # Taken literally (0.5 + 0.501 and 1.0 + 0.001) the loop keeps more customers than enter it and the
    # linear system gives negative visits. Divided by their sums (1.001 each):
    #   v(try) = 1 + 0.5/1.001 · v(try) + 1/1.001 · v(retry),   v(retry) = 0.501/1.001 · v(try).
    v_try = 1 / (1 - 0.5 / 1.001 - (1 / 1.001) * (0.501 / 1.001))
    v_retry = 0.501 / 1.001 * v_try
    assert scores.visits == pytest.approx({"try-online": v_try, "retry": v_retry, "done": 1.0})
    assert all(visits > 0 for visits in scores.visits.values())


def test_stage_effort_adds_up_to_expected_effort(write: Write) -> None:
    scores = scores_of(write, ORDER)
    assert sum(scores.stage_effort.values()) == pytest.approx(scores.expected_effort)
    # Stages come in the order of `stages`.
    assert list(scores.stage_effort) == ["first", "second"]


def test_json_has_exactly_the_spec_keys_and_the_documented_extras(write: Write) -> None:
    data = scores_of(write, LOOP).to_dict()
    assert set(data) == SPEC_KEYS | EXTRA_KEYS
    assert data["journey"] == "test"  # the default id: the file name without .journey.yaml
    assert set(data["most_likely_path"]) == {"touchpoints", "effort", "switches", "probability"}
    assert set(data["worst_path"]) == {"touchpoints", "effort"}
    assert data["most_likely_path"]["touchpoints"] == ["ask", "answer", "solved"]
    assert all(set(spot) == {"touchpoint", "score"} for spot in data["hot_spots"])
    assert data["stage_effort"] == pytest.approx({"ask": 20 / 3, "done": 1.0})
    # Plain JSON types throughout: lists, not tuples; dicts, not mapping proxies.
    assert json.loads(json.dumps(data)) == data


def test_scores_cannot_be_changed(write: Write) -> None:
    scores = scores_of(write, LOOP)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scores.expected_effort = 0.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        scores.visits["ask"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        scores.stage_effort["ask"] = 0.0  # type: ignore[index]


@pytest.mark.parametrize(
    "shares",
    [
        pytest.param("{to: a, share: 1}, {to: x, share: 1e-300}", id="certain-self-loop"),
        pytest.param("{to: b, share: 0.9999999999}, {to: x, share: 0.0000000001}", id="near-tie-into-a-loop"),
    ],
)
def test_shares_too_small_to_compute_with_are_located_errors(write: Write, shares: str) -> None:
    path = write(f"""\
        title: Tiny shares
        stages: [s]
        touchpoints:
          - {{id: a, title: A, stage: s, channel: web, effort: 1, next: [{shares}]}}
          - {{id: b, title: B, stage: s, channel: web, next: [a]}}
          - {{id: x, title: X, stage: s, channel: web}}
        """)
    file = load_journey(str(path))
    assert file.graph is None
    [error] = [finding for finding in file.findings if finding.is_error]
    assert (error.line, error.code) == (4, "bad-shares")
    assert "too small to matter" in error.message


def test_a_near_tie_never_leads_the_most_likely_path_into_a_loop(write: Write) -> None:
    # a -> b (0.999999) -> a is a loop; the only way out is a -> x (0.000001): the most likely path is a, x.
    scores = scores_of(
        write,
        """\
        title: Near tie
        stages: [s]
        touchpoints:
          - id: a
            title: A
            stage: s
            channel: web
            effort: 1
            next: [{to: b, share: 0.999999}, {to: x, share: 0.000001}]
          - {id: b, title: B, stage: s, channel: web, effort: 1, next: [a]}
          - {id: x, title: X, stage: s, channel: web, effort: 1}
        """,
    )
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == ("a", "x")
    assert scores.visits["a"] == pytest.approx(1e6)


# --- the small rules of issue 11 ------------------------------------------------------------------------------------


def test_hot_spots_rank_every_positive_score_however_small(write: Write) -> None:
    # a is reached by one customer in a million: 1e-6 · 1 and 1e-6 · 3 (d); rounding to 9 decimals left them unranked.
    scores = scores_of(
        write,
        """\
        title: Rare hot spots
        stages: [s]
        touchpoints:
          - {id: start, title: S, stage: s, channel: web, next: [{to: a, share: 0.000001}, end]}
          - {id: a, title: A, stage: s, channel: web, effort: 1, next: [d]}
          - {id: d, title: D, stage: s, channel: web, effort: 3, next: [end]}
          - {id: end, title: E, stage: s, channel: web}
        """,
    )
    assert [spot.touchpoint for spot in scores.hot_spots] == ["d", "a"]
    assert [spot.score for spot in scores.hot_spots] == pytest.approx([3e-6, 1e-6], rel=1e-12)


@pytest.mark.parametrize(
    ("b_share", "likeliest"),
    [
        # b's way is a relative 5e-11 likelier: a tie, the earlier listed transition (a) wins.
        pytest.param("0.0000100000000005", "a", id="relative-5e-11-is-a-tie"),
        # b's way is a relative 5e-9 likelier: no tie, b wins (a tolerance of 1e-9 · -ln p called this a tie).
        pytest.param("0.00001000000005", "b", id="relative-5e-9-is-no-tie"),
    ],
)
def test_most_likely_tie_tolerance_is_relative_to_the_probability(write: Write, b_share: str, likeliest: str) -> None:
    scores = scores_of(
        write,
        f"""\
        title: Relative ties
        stages: [s]
        touchpoints:
          - {{id: start, title: S, stage: s, channel: web, next: [{{to: a, share: 0.5}}, {{to: b, share: 0.5}}]}}
          - {{id: a, title: A, stage: s, channel: web, next: [{{to: end, share: 0.00001}}, start]}}
          - {{id: b, title: B, stage: s, channel: web, next: [{{to: end, share: {b_share}}}, start]}}
          - {{id: end, title: E, stage: s, channel: web}}
        """,
    )
    assert scores.most_likely_path is not None
    assert scores.most_likely_path.touchpoints == ("start", likeliest, "end")


def test_probabilities_are_floats_in_json_even_for_empty_sums_and_products(write: Write) -> None:
    # The entry is an exit: the most likely path has no transitions (probability 1.0). A digital entry whose
    # only exit is analog: nobody finishes digitally (0.0).
    alone = scores_of(write, "title: Alone\nstages: [s]\ntouchpoints:\n  - {id: a, title: A, stage: s, channel: web}\n")
    analog_end = scores_of(
        write,
        """\
        title: Analog end
        stages: [s]
        touchpoints:
          - {id: a, title: A, stage: s, channel: web, next: [b]}
          - {id: b, title: B, stage: s, channel: phone}
        """,
    )
    text = json.dumps(alone.to_dict()) + json.dumps(analog_end.to_dict())
    assert '"probability": 1.0' in text
    assert '"digital_completion": 0.0' in text
    assert '"expected_effort": 0.0' in text
    assert '"probability": 1,' not in text and '"digital_completion": 0,' not in text


SHARE_SUMS = [
    # Exactly 1.001 as written, both ways: both pass (in floating point one summed to 1.0009999999999999,
    # the other to 1.0010000000000001).
    pytest.param("[{to: b, share: 0.5}, {to: c, share: 0.501}]", None, id="0.5+0.501"),
    pytest.param("[{to: b, share: 0.9995}, {to: c, share: 0.0015}]", None, id="0.9995+0.0015"),
    pytest.param("[{to: b, share: 0.999}, {to: c, share: 0.0001}]", None, id="0.9991-passes"),
    pytest.param("[{to: b, share: 0.9995}, {to: c, share: 0.0016}]", "add up to 1.0011", id="1.0011-fails"),
    pytest.param("[{to: b, share: 0.5}, {to: c, share: 0.4989}]", "add up to 0.9989", id="0.9989-fails"),
    # Partial shares: any rest of at least one in a million per transition without a share.
    pytest.param("[{to: b, share: 0.9995}, c]", None, id="rest-0.0005"),
    pytest.param("[{to: b, share: 0.999999}, c]", None, id="rest-0.000001"),
    pytest.param("[{to: b, share: 0.999999}, c, b2]", "less than 1e-06", id="rest-below-one-in-a-million-each"),
    pytest.param("[{to: b, share: 1}, c]", "leaving nothing", id="rest-nothing"),
]


@pytest.mark.parametrize(("ways", "problem"), SHARE_SUMS)
def test_share_sums_are_judged_on_the_decimals_as_written(write: Write, ways: str, problem: str | None) -> None:
    path = write(f"""\
        title: Share sums
        stages: [s]
        touchpoints:
          - {{id: a, title: A, stage: s, channel: web, effort: 1, next: {ways}}}
          - {{id: b, title: B, stage: s, channel: web, next: [end]}}
          - {{id: b2, title: B2, stage: s, channel: web, next: [end]}}
          - {{id: c, title: C, stage: s, channel: web, next: [end]}}
          - {{id: end, title: E, stage: s, channel: web}}
        """)
    file = load_journey(str(path))
    errors = [finding for finding in file.findings if finding.is_error]
    if problem is None:
        assert errors == []
    else:
        [error] = errors
        assert (error.code, error.line) == ("bad-shares", 4)
        assert problem in error.message


def test_a_partial_rest_is_exact(write: Write) -> None:
    # 1 - 0.9995 is exactly 0.0005 as written; in floating point it is 0.0004999999999999449.
    scores = scores_of(
        write,
        """\
        title: Exact rest
        stages: [s]
        touchpoints:
          - {id: a, title: A, stage: s, channel: web, effort: 1, next: [{to: b, share: 0.9995}, c]}
          - {id: b, title: B, stage: s, channel: web}
          - {id: c, title: C, stage: s, channel: web}
        """,
    )
    assert scores.visits["c"] == 0.0005
    assert scores.visits["b"] == 0.9995
