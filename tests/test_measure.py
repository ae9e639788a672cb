"""`journeymap measure`: every measured number on a small log computed by hand, the survey statistics, bad input.

The log below is walked by hand in the comments: collapse of repeated events, unmapped events, a loop,
a drop-out, a tie in time (the order in the log decides), an undesigned move, Wilson at 0 and at n.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

pytest.importorskip("ibis")

JOURNEY = """\
id: signup
title: Signing up
goals: [Fewer calls]
stages: [find, apply]
touchpoints:
  - id: start
    title: Landing page
    stage: find
    channel: web
    effort: 2
    events: [open, landing]
    next:
      - to: form
        share: 80%
      - to: call
  - id: form
    title: Fills in the form
    stage: apply
    channel: web
    effort: 3
    next: [done]
  - id: call
    title: Calls the shop
    stage: apply
    channel: phone
    kind: contact
    effort: 5
    next: [done, form]
  - id: done
    title: Confirmation
    stage: apply
    channel: email
    effort: 1
"""

# c1: open, landing (one visit of start), form, done            -> start form done
# c2: open, noise (unmapped), call, call (one visit), other, start, call -> start call start call (drop-out at call)
# c3: open and form at the same second: the log's order decides  -> start form done
LOG = """\
case_id,activity,timestamp
zq-c1,open,2026-01-01 10:00:00
zq-c1,landing,2026-01-01 10:00:10
zq-c1,form,2026-01-01 10:01:00
zq-c1,done,2026-01-01 10:03:00
zq-c2,open,2026-01-02 09:00:00
zq-c2,noise,2026-01-02 09:00:30
zq-c2,call,2026-01-02 09:05:00
zq-c2,call,2026-01-02 09:06:00
zq-c2,other,2026-01-02 09:07:00
zq-c2,start,2026-01-02 09:09:00
zq-c2,call,2026-01-02 09:10:00
zq-c3,open,2026-01-03 09:00:00
zq-c3,form,2026-01-03 09:00:00
zq-c3,done,2026-01-03 09:02:00
"""
CASE_IDS = ("zq-c1", "zq-c2", "zq-c3")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    journey = tmp_path / "signup.journey.yaml"
    journey.write_text(JOURNEY, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    return journey, log


def measured(cli: Callable[..., Result], *args: str | Path) -> dict[str, object]:
    result = cli("measure", *args, "--format", "json")
    assert result.exit_code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def by_move(data: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    rows = data["transitions"]
    assert isinstance(rows, list)
    return {(row["from"], row["to"]): row for row in rows}


def test_every_count_of_a_small_log_by_hand(cli: Callable[..., Result], files: tuple[Path, Path]) -> None:
    journey, log = files
    data = measured(cli, journey, "--events", log, "--min-cases", "1")
    assert (data["cases"], data["events"]) == (3, 14)
    assert data["period"] == {"from": "2026-01-01", "to": "2026-01-03"}
    assert data["unmapped"] == [{"activity": "noise", "events": 1}, {"activity": "other", "events": 1}]
    assert data["entry"] == [{"touchpoint": "start", "cases": 3}]
    assert data["touchpoints"] == [
        {"touchpoint": "start", "cases": 3, "visits": 4, "drop_outs": 0},
        {"touchpoint": "form", "cases": 2, "visits": 2, "drop_outs": 0},
        {"touchpoint": "call", "cases": 1, "visits": 2, "drop_outs": 1},
        {"touchpoint": "done", "cases": 2, "visits": 2, "drop_outs": 0},  # an exit: ending there is no drop-out
    ]
    moves = by_move(data)
    assert list(moves) == [
        ("start", "form"),
        ("start", "call"),
        ("form", "done"),
        ("call", "done"),
        ("call", "form"),
        ("call", "start"),
    ]
    # start: 4 visits, 2 on to form, 2 on to call. Wilson for 2 of 4, z = 1.959963984540054:
    # centre = (0.5 + z²/8) / (1 + z²/4) = 0.5, half = z·√(0.25/4 + z²/64) / (1 + z²/4) = 0.3499610108...
    assert moves["start", "form"]["moves"] == 2 and moves["start", "form"]["share"] == 0.5
    assert moves["start", "form"]["low"] == pytest.approx(0.15003898915214947, abs=1e-12)
    assert moves["start", "form"]["high"] == pytest.approx(0.8499610108478506, abs=1e-12)
    assert moves["start", "form"]["designed_share"] == 0.8 and moves["start", "form"]["off"] is False
    assert moves["start", "call"]["designed_share"] == pytest.approx(0.2)
    # form: 2 visits, both on to done: Wilson at n has high exactly 1; low = 1 / (1 + z²/2) = 0.3423802275...
    assert moves["form", "done"]["share"] == 1.0 and moves["form", "done"]["high"] == 1.0
    assert moves["form", "done"]["low"] == pytest.approx(1 / (1 + 1.959963984540054**2 / 2), abs=1e-12)
    # call: 2 visits, once back to start (undesigned), once the end of the case; nobody went on to done.
    # Wilson at 0: low exactly 0, high = z² / (n + z²) = 0.6576197724...
    assert moves["call", "done"]["moves"] == 0 and moves["call", "done"]["low"] == 0.0
    assert moves["call", "done"]["high"] == pytest.approx(1.959963984540054**2 / (2 + 1.959963984540054**2))
    assert moves["call", "done"]["off"] is False  # 0.5 lies within 0 .. 0.658
    assert moves["call", "start"] | {} == {
        "from": "call",
        "to": "start",
        "designed": False,
        "designed_share": None,
        "moves": 1,
        "share": 0.5,
        "low": moves["call", "start"]["low"],
        "high": moves["call", "start"]["high"],
        "off": False,
        "measurable": True,
    }
    # seconds from the first event of a visit to the first event of the next (numpy's linear percentiles):
    # start → form: 60 (c1, from `open`) and 0 (c3, the tie): median 30, p90 0 + 0.9·60 = 54
    # start → call: 300 and 60 (c2): median 180, p90 60 + 0.9·240 = 276; call → start: 240
    durations = {(row["from"], row["to"]): (row["moves"], row["median_s"], row["p90_s"]) for row in data["durations"]}
    assert durations == {
        ("start", "form"): (2, 30.0, 54.0),
        ("start", "call"): (2, 180.0, 276.0),
        ("form", "done"): (2, 120.0, 120.0),
        ("call", "start"): (1, 240.0, 240.0),
    }


def test_a_designed_share_outside_the_interval_is_off(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, _ = files
    log = tmp_path / "many.csv"
    rows = ["case_id,activity,timestamp"]
    for i in range(40):  # 40 of 40 go start → call: the designed 20 % lies far outside 91 % to 100 %
        rows += [f"k{i},start,2026-02-01 10:00:00", f"k{i},call,2026-02-01 10:05:00", f"k{i},done,2026-02-01 10:09:00"]
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = measured(cli, journey, "--events", log)
    moves = by_move(data)
    assert moves["start", "call"]["off"] is True and moves["start", "form"]["off"] is True
    assert moves["call", "done"]["off"] is True  # designed 50 %, measured 40 of 40
    table = cli("measure", journey, "--events", log).out
    assert table.index("Designed shares the data contradicts") < table.index("Every transition")
    assert "start → call: designed 20%, measured 100%" in table


def test_counts_below_min_cases_are_withheld(cli: Callable[..., Result], files: tuple[Path, Path]) -> None:
    journey, log = files
    data = measured(cli, journey, "--events", log)  # default 10: every count here is smaller
    assert data["cases"] is None and data["fewer_than"] == 10
    moves = by_move(data)
    assert ("call", "start") not in moves  # an undesigned move taken by fewer cases is not listed
    assert moves["start", "form"] | {} == moves["start", "form"] and moves["start", "form"]["moves"] is None
    assert moves["start", "form"]["share"] is None and moves["start", "form"]["fewer_than"] == 10
    assert data["durations"] == []
    table = cli("measure", journey, "--events", log).out
    assert "fewer than 10" in table and "0.5" not in table


def test_no_case_id_timestamp_or_row_in_any_output(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, log = files
    copy = tmp_path / "copy.journey.yaml"
    outputs = [
        cli("measure", journey, "--events", log, "--min-cases", "1", "--format", form)
        for form in ("table", "json", "markdown")
    ]
    outputs.append(cli("measure", journey, "--events", log, "--min-cases", "1", "--write", copy))
    outputs.append(cli("measure", journey, "--events", tmp_path / "missing.csv"))
    texts = [result.out + result.err for result in outputs] + [copy.read_text(encoding="utf-8")]
    for text in texts:
        for secret in (*CASE_IDS, "10:00:10", "09:05:00", "zq-"):
            assert secret not in text


def test_the_write_copy_has_measured_shares_and_checks_clean(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, log = files
    copy = tmp_path / "signup.measured.journey.yaml"
    result = cli("measure", journey, "--events", log, "--min-cases", "1", "--write", copy)
    assert result.exit_code == 0, result.err
    text = copy.read_text(encoding="utf-8")
    # start: 2 to form, 2 to call -> 50.0 % each; call: nobody left along a designed transition -> designed shares
    assert "share: 50.0%  # measured: 2 of 4 customers, 2026-01-01 to 2026-01-03" in text
    assert "# left out of the shares below: 1 drop-outs, 1 undesigned moves to call" not in text
    assert "1 drop-outs, 1 undesigned moves to start" in text
    assert "id: signup-measured" in text
    check = cli("check", copy)
    assert check.exit_code == 0, check.out + check.err
    assert "error[" not in check.out and "0 errors" in check.out
    compared = cli("compare", journey, copy, "--format", "json")
    assert compared.exit_code == 0, compared.err
    assert journey.read_text(encoding="utf-8") == JOURNEY  # the design is never written
    again = cli("measure", journey, "--events", log, "--write", journey)
    assert again.exit_code == 2 and "designed journey itself" in again.err
    other = tmp_path / "notes.journey.yaml"
    other.write_text("mine\n", encoding="utf-8")
    refused = cli("measure", journey, "--events", log, "--write", other)
    assert refused.exit_code == 2 and other.read_text(encoding="utf-8") == "mine\n"


def test_shares_of_the_copy_add_up_to_exactly_100() -> None:
    from journeymap.measure.copy import _tenths

    assert _tenths([1, 1, 1]) == [333, 333, 334][::-1] or sum(_tenths([1, 1, 1])) == 1000
    assert sum(_tenths([1, 1, 1])) == 1000 and sorted(_tenths([1, 1, 1])) == [333, 333, 334]
    assert _tenths([1000, 0]) == [999, 1]  # nobody took the second: the smallest share the format writes
    assert _tenths([2, 1]) == [667, 333]


# --- surveys ------------------------------------------------------------------------------------------------------

QUALTRICS = """\
StartDate,ResponseId,touchpoint,ces,csat,nps
Start Date,Response ID,Where were you?,The company made it easy for me,How satisfied,How likely to recommend
"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}","{""ImportId"":""QID3""}","{""ImportId"":""QID4""}"
2026-01-01,R_zq1,form,5,,
2026-01-01,R_zq2,form,6,,
2026-01-01,R_zq3,form,7,,
2026-01-01,R_zq4,landing,,4,
2026-01-01,R_zq5,start,,5,
2026-01-01,R_zq6,done,,,10
2026-01-01,R_zq7,done,,,9
2026-01-01,R_zq8,done,,,8
2026-01-01,R_zq9,done,,,3
2026-01-01,R_zq10,done,,,0
2026-01-01,R_zq11,somewhere,3,,
""" + "".join(f"2026-01-01,R_zc{i},call,{value},,\n" for i, value in enumerate([1, 1, 2, 1, 1, 2, 1, 1]))

SURVEYMONKEY = """\
Respondent ID,touchpoint,ces
,Response,Response
zq-r1,form,5
zq-r2,form,6
zq-r3,form,7
"""


def survey_rows(data: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    rows = data["survey"]
    assert isinstance(rows, list)
    return {(row["touchpoint"], row["score"]): row for row in rows}


def test_survey_statistics_by_hand_from_a_qualtrics_export(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, _ = files
    survey = tmp_path / "qualtrics.csv"
    survey.write_text(QUALTRICS, encoding="utf-8")
    data = measured(cli, journey, "--survey", survey, "--min-cases", "1", "--invited", "40")
    rows = survey_rows(data)
    assert list(rows) == [("start", "csat"), ("form", "ces"), ("call", "ces"), ("done", "nps")]  # file order
    # form CES 5, 6, 7: mean 6, s = 1, t(0.975, 2) = 4.302652729911275, half = 4.3027 / √3 = 2.48414
    form = rows["form", "ces"]
    assert (form["responses"], form["mean"], form["effort"], form["designed_effort"]) == (3, 6.0, 2.0, 3)
    assert form["low"] == pytest.approx(6 - 4.302652729911275 / math.sqrt(3), abs=1e-9)
    assert form["high"] == pytest.approx(6 + 4.302652729911275 / math.sqrt(3), abs=1e-9)
    assert form["off"] is False
    # call CES 1,1,2,1,1,2,1,1: mean 1.25, s² = 1.5 / 7, t(0.975, 7) = 2.3646242510102993: effort 6.36 .. 7.14,
    # so the designed effort 5 is off
    call = rows["call", "ces"]
    half = 2.3646242510102993 * math.sqrt(1.5 / 7) / math.sqrt(8)
    assert call["mean"] == 1.25 and call["effort"] == 6.75
    assert (call["low"], call["high"]) == (pytest.approx(1.25 - half), pytest.approx(1.25 + half))
    assert call["off"] is True
    # start CSAT 4 (via its event name `landing`) and 5: mean 4.5, s = √0.5, t(0.975, 1) = 12.706204736174698
    start = rows["start", "csat"]
    assert start["mean"] == 4.5 and start["effort"] is None and start["off"] is False
    assert start["high"] == pytest.approx(4.5 + 12.706204736174698 * math.sqrt(0.5) / math.sqrt(2))
    # done NPS 10, 9, 8, 3, 0: promoters 2/5, detractors 2/5: NPS 0 ± 1.96·√(0.8/5)·100 = 78.4
    done = rows["done", "nps"]
    assert done["mean"] == 0 and done["low"] == pytest.approx(-78.4) and done["high"] == pytest.approx(78.4)
    # --invited 40: 8 answers at call is 20 %: the caution
    assert call["response_rate"] == 0.2 and call["caution"] is True
    table = cli("measure", journey, "--survey", survey, "--min-cases", "1", "--invited", "40")
    assert "Efforts the survey contradicts" in table.out and "call: designed effort 5, measured 6.75" in table.out
    assert "only 20% of those invited answered" in table.out
    assert "'somewhere'" in table.err  # responses at no touchpoint are named, not their rows
    for secret in ("R_zq", "R_zc"):
        assert secret not in table.out + table.err


def test_surveymonkey_two_header_rows(cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path) -> None:
    journey, _ = files
    survey = tmp_path / "monkey.csv"
    survey.write_text(SURVEYMONKEY, encoding="utf-8")
    rows = survey_rows(measured(cli, journey, "--survey", survey, "--min-cases", "1"))
    assert rows["form", "ces"]["responses"] == 3 and rows["form", "ces"]["mean"] == 6.0


def test_a_survey_count_below_min_cases_has_no_mean(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, _ = files
    survey = tmp_path / "monkey.csv"
    survey.write_text(SURVEYMONKEY, encoding="utf-8")
    row = survey_rows(measured(cli, journey, "--survey", survey))["form", "ces"]
    assert (row["responses"], row["mean"], row["low"], row["fewer_than"]) == (None, None, None, 10)


# --- bad input: one located line each, exit 1 (2 for usage), nothing written ----------------------------------------


def bad(cli: Callable[..., Result], code: int, *args: str | Path) -> str:
    result = cli("measure", *args)
    assert result.exit_code == code, result.out + result.err
    assert result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    return result.err


def test_missing_columns_are_named_with_the_options(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, _ = files
    log = tmp_path / "renamed.csv"
    log.write_text("claim,step,at\nzq-1,start,2026-01-01 10:00:00\n", encoding="utf-8")
    message = bad(cli, 1, journey, "--events", log)
    assert "'case_id'" in message and "--case COL" in message and "--time COL" in message and "'claim'" in message
    assert (
        measured(
            cli, journey, "--events", log, "--case", "claim", "--activity", "step", "--time", "at", "--min-cases", "1"
        )["cases"]
        == 1
    )


def test_a_bad_timestamp_names_its_row_and_column(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, _ = files
    log = tmp_path / "mixed.csv"
    log.write_text(
        "case_id,activity,timestamp\nzq-1,start,2026-01-01 10:00:00\nzq-1,form,01/02/2026 10:00\n"
        "zq-1,done,2026-01-01 11:00:00\n",
        encoding="utf-8",
    )
    message = bad(cli, 1, journey, "--events", log)
    assert "row 2, column 'timestamp'" in message and "01/02/2026" not in message and "zq-1" not in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"case_id,activity,timestamp\n", "the log is empty"),
        (b"case_id,activity,timestamp\nzq-1,caf\xe9,2026-01-01 10:00:00\n", "not UTF-8"),
    ],
)
def test_an_empty_or_not_utf8_log(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path, content: bytes, expected: str
) -> None:
    journey, _ = files
    log = tmp_path / "bad.csv"
    log.write_bytes(content)
    assert expected in bad(cli, 1, journey, "--events", log)


def test_a_missing_log_or_nothing_to_measure_is_usage(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path
) -> None:
    journey, _ = files
    assert "no such file" in bad(cli, 2, journey, "--events", tmp_path / "nothing.csv")
    assert "nothing to measure against" in bad(cli, 2, journey)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"touchpoint,ces\nform,8\n", ":2:2: ces must be a whole number from 1 to 7"),
        (b"touchpoint,nps\nform,11\n", ":2:2: nps must be a whole number from 0 to 10"),
        (b"touchpoint,csat\nform,very\n", ":2:2: csat must be a whole number from 1 to 5"),
        (b"\x1f\x8b\x08\x00compressed", "gzip-compressed"),
        (b"touchpoint,ces\nform,5\ncaf\xe9,4\n", ":3: the file is not UTF-8"),
        (b"where,ces\nform,5\n", "no column 'touchpoint'"),
    ],
)
def test_bad_surveys(
    cli: Callable[..., Result], files: tuple[Path, Path], tmp_path: Path, content: bytes, expected: str
) -> None:
    journey, _ = files
    survey = tmp_path / "survey.csv"
    survey.write_bytes(content)
    assert expected in bad(cli, 1, journey, "--survey", survey)


def test_an_activity_listed_by_two_touchpoints_is_a_located_error(cli: Callable[..., Result], tmp_path: Path) -> None:
    journey = tmp_path / "two.journey.yaml"
    journey.write_text(
        JOURNEY.replace("    effort: 3\n", "    effort: 3\n    events: [landing]\n", 1), encoding="utf-8"
    )
    result = cli("check", journey)
    assert result.exit_code == 1
    expected = "two.journey.yaml:21:14: error[duplicate-event] activity 'landing' is listed by 'form' but already means"
    assert f"{expected} 'start' (line 11)" in result.out


def test_an_unreachable_engine_is_one_line(cli: Callable[..., Result], files: tuple[Path, Path]) -> None:
    journey, _ = files
    message = bad(cli, 1, journey, "--events", "events", "--engine", "postgres://secret:pw@127.0.0.1:1/db")
    assert "cannot connect" in message and "pw" not in message and "secret" not in message


def test_a_missing_extra_names_the_pip_install(
    cli: Callable[..., Result], files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    journey, log = files
    monkeypatch.setitem(sys.modules, "ibis", None)  # import ibis now raises ImportError
    message = bad(cli, 1, journey, "--events", log)
    assert "pip install 'journeymap[measure]'" in message


def test_missing_evidence_is_a_warning_at_its_key(cli: Callable[..., Result], tmp_path: Path) -> None:
    journey = tmp_path / "e.journey.yaml"
    journey.write_text(JOURNEY + "evidence:\n  events: data/nowhere.parquet\n", encoding="utf-8")
    result = cli("check", journey)
    assert "e.journey.yaml:35:11: warning[missing-evidence] events 'data/nowhere.parquet' does not exist" in result.out
    assert cli("check", journey, "--ignore", "missing-evidence").out.count("missing-evidence") == 0


def test_evidence_in_the_journey_needs_no_options(cli: Callable[..., Result], files: tuple[Path, Path]) -> None:
    journey, _ = files
    journey.write_text(JOURNEY + "evidence:\n  events: log.csv\n", encoding="utf-8")
    assert measured(cli, journey, "--min-cases", "1")["events"] == 14


@pytest.mark.dot
def test_the_report_shows_designed_vs_measured_without_any_case_id(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    rows = ["case_id,activity,timestamp"]
    for i in range(40):  # 20 go on to the form, 20 call; 15 of those go back to the start (undesigned)
        rows += [f"zq-x{i:03d},open,2026-02-01 10:{i:02d}:00"]
        rows += [f"zq-x{i:03d},form,2026-02-01 11:00:00", f"zq-x{i:03d},done,2026-02-01 11:05:00"] if i < 20 else []
        rows += [f"zq-x{i:03d},call,2026-02-01 12:00:00"] if i >= 20 else []
        rows += [f"zq-x{i:03d},start,2026-02-01 12:30:00", f"zq-x{i:03d},form,2026-02-01 12:40:00"] if i >= 25 else []
        rows += [f"zq-x{i:03d},done,2026-02-01 12:50:00"] if i >= 25 else []
    (folder / "log.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "survey.csv").write_text(SURVEYMONKEY, encoding="utf-8")
    (folder / "signup.journey.yaml").write_text(
        JOURNEY + "evidence:\n  events: log.csv\n  survey: survey.csv\n  invited: 100\n", encoding="utf-8"
    )
    result = cli("report", folder, "-o", tmp_path / "report")
    assert result.exit_code == 0, result.err
    page = (tmp_path / "report" / "signup.html").read_text(encoding="utf-8")
    section = page.split('id="measured-heading"', 1)[1].split("</section>", 1)[0]
    assert "40 cases, 145 events, 2026-02-01 to 2026-02-01" in section
    assert "OFF measured" in page  # the diagram's arrows carry the measured share, off ones marked
    assert "Undesigned moves" in section and "Calls the shop → Landing page" in section
    assert "Drop-outs" in section and "Calls the shop: fewer than 10" in section
    outputs = [result.out, result.err]
    outputs += [path.read_text(encoding="utf-8") for path in (tmp_path / "report").rglob("*.html")]
    for text in outputs:
        assert "zq-" not in text and "12:30:00" not in text


def test_the_python_api_measures_and_simulates(files: tuple[Path, Path], tmp_path: Path) -> None:
    import journeymap
    from journeymap.api import JourneyError

    journey, log = files
    data = journeymap.measure_journey(journey, events=str(log), min_cases=1)
    assert (data["cases"], data["events"]) == (3, 14)
    assert journeymap.simulate(journey, 50, str(tmp_path / "sim.csv"), seed=2) > 50
    broken = tmp_path / "broken.journey.yaml"
    broken.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(JourneyError):
        journeymap.measure_journey(broken, events=str(log))


def test_an_engine_out_of_memory_is_one_line(
    cli: Callable[..., Result], files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    journey, log = files
    monkeypatch.setenv("JOURNEYMAP_DUCKDB_MEMORY", "1KB")  # far too little for any query
    message = bad(cli, 1, journey, "--events", log)
    assert "ran out of memory" in message and "JOURNEYMAP_DUCKDB_MEMORY" in message
