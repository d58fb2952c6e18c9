"""The report as JSON (the contract's keys), as CSV (a header and a row a day) and in words,
and a sentence for every event a parent sees."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.report.events import PARENT_EVENT_KINDS, describe_event
from kiosk.core.report.formats import CSV_COLUMNS, report_csv, report_json, report_text
from kiosk.core.report.usage import UsageReport
from tests.core.report.history_kit import History, at, fresh_store

#: A day with one session and nothing else, as the JSON contract spells it, keys in order.
QUIET_DAY = {
    "date": "2026-11-25",
    "watched_seconds": 900,
    "limit_seconds": 3600,
    "sessions": 1,
    "clips_finished": 0,
    "clips_skipped": 0,
    "shows": [],
    "events": [],
}


@pytest.fixture
def report(tmp_path: Path) -> Iterator[UsageReport]:
    store = fresh_store(tmp_path)
    history = History(store)
    history.session(at("2026-11-25 09:00"), 15)
    history.session(at("2026-11-26 09:00"), 12.25)
    history.view(at("2026-11-26 09:00"), 300.4, "Ball", "Bouncy fun")
    history.view(at("2026-11-26 09:06"), 20, "Rings, round", "Shapes", outcome="skipped")
    history.event(at("2026-11-26 09:10"), "child_asked")
    history.event(at("2026-11-26 09:11"), "extend", minutes=5, session=2)
    yield history.report(date(2026, 11, 26), 2)
    store.close()


def test_json_has_the_contract_keys_for_every_day(report: UsageReport) -> None:
    document = json.loads(json.dumps(report_json(report)))
    assert document["time_zone"] == "Europe/Berlin"
    yesterday, today = document["days"]
    assert list(yesterday) == list(today) == list(QUIET_DAY)
    assert yesterday == QUIET_DAY
    assert today["watched_seconds"] == 735
    assert (today["clips_finished"], today["clips_skipped"]) == (1, 1)
    assert today["shows"] == [
        {"name": "Bouncy fun", "seconds": 300},
        {"name": "Shapes", "seconds": 20},
    ]
    assert today["events"] == [
        {"at": "2026-11-26T09:10:00+01:00", "kind": "child_asked"},
        {"minutes": 5, "session": 2, "at": "2026-11-26T09:11:00+01:00", "kind": "extend"},
    ]


def test_no_daily_limit_is_null(tmp_path: Path) -> None:
    store = fresh_store(tmp_path)
    report = History(store).report(date(2026, 11, 26), 1, limit=None)
    store.close()
    assert report_json(report)["days"][0]["limit_seconds"] is None


def test_an_event_detail_cannot_hide_its_time_or_kind(tmp_path: Path) -> None:
    store = fresh_store(tmp_path)
    History(store).event(at("2026-11-26 09:10"), "pin_wrong", at="bogus", kind="bogus")
    report = History(store).report(date(2026, 11, 26), 1)
    store.close()
    (event,) = report_json(report)["days"][0]["events"]
    assert (event["at"], event["kind"]) == ("2026-11-26T09:10:00+01:00", "pin_wrong")


def test_csv_is_a_header_and_one_row_a_day(report: UsageReport) -> None:
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert rows[0] == list(CSV_COLUMNS) == list(QUIET_DAY)
    assert len(rows) == 3
    assert rows[1][:6] == ["2026-11-25", "900", "3600", "1", "0", "0"]
    assert rows[2][:6] == ["2026-11-26", "735", "3600", "1", "1", "1"]
    # A comma inside a title stays inside its column.
    assert rows[2][6] == "Bouncy fun: 300 s; Shapes: 20 s"
    assert rows[2][7] == "09:10 child_asked; 09:11 extend"


def test_text_puts_today_first_in_whole_sentences(report: UsageReport) -> None:
    text = report_text(report)
    assert text.startswith("Use over the last 2 days, by the days of Europe/Berlin.\n")
    today = text.index("Thursday 26 November 2026")
    assert today < text.index("Wednesday 25 November 2026")
    assert "  Watched: 12 min of 1 h 00 min.\n" in text
    assert "  Sessions: 1. Clips: 1 finished, 1 skipped.\n" in text
    assert "  Top shows: Bouncy fun (5 min), Shapes (0 min).\n" in text
    assert "  09:10  The child asked for more.\n" in text
    assert "  09:11  A parent added 5 minutes.\n" in text


@pytest.mark.parametrize("kind", PARENT_EVENT_KINDS)
def test_every_event_a_parent_sees_has_a_sentence(kind: str) -> None:
    sentence = describe_event(kind, {})
    assert sentence != kind
    assert sentence[0].isupper() and sentence.endswith(".")


@pytest.mark.parametrize(
    ("kind", "detail", "sentence"),
    [
        (
            "tamper",
            {"cause": "clock_back"},
            "The system clock was set back, so the kiosk locked itself.",
        ),
        (
            "tamper",
            {"cause": "something new"},
            "The kiosk found signs of tampering and locked itself.",
        ),
        ("clips_granted", {"clips": 1}, "A parent granted one more clip."),
        ("clips_granted", {"clips": 3}, "A parent granted 3 more clips."),
        (
            "zone_changed",
            {"from": "Europe/Berlin", "to": "Asia/Tokyo"},
            "The system time zone changed from Europe/Berlin to Asia/Tokyo.",
        ),
        ("ask_answered", {"answer": "not_today"}, "A parent answered the child's ask: not today."),
        ("ask_answered", {"answer": 7}, "A parent answered the child's ask."),
    ],
)
def test_an_events_detail_is_in_its_sentence(
    kind: str, detail: dict[str, object], sentence: str
) -> None:
    assert describe_event(kind, detail) == sentence
