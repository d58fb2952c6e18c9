"""`kiosk report` as a parent runs it: the last N days as words, JSON or CSV, from the state
file the kiosk keeps, with no PIN; a bad N or a damaged file is one sentence and an exit code."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.app.services import earlier_use_found
from kiosk.cli import main
from kiosk.core import paths
from kiosk.core.store.store import Store
from tests.core.report.history_kit import History
from tests.core.store_kit import raw_connection
from tests.e2e.kiosk_process import one_sentence

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The user's state file, opened as the kiosk opens it, in a household in Berlin."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    opened = Store.open(paths.state_file(), set_up=earlier_use_found())
    yield opened
    opened.close()


def today_at(hour: int, minute: int = 0) -> datetime:
    return datetime.now(BERLIN).replace(hour=hour, minute=minute, second=0, microsecond=0)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_gives_the_last_seven_days_ending_today(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    history = History(store)
    history.session(today_at(0, 5), 10)
    history.view(today_at(0, 5), 240, "Ball", "Bouncy fun")
    history.event(today_at(0, 20), "child_asked")

    code, out, err = run(capsys, "--json")

    assert (code, err) == (0, "")
    days = json.loads(out)["days"]
    assert len(days) == 7
    assert days[-1]["date"] == datetime.now(BERLIN).date().isoformat()
    assert days[-1]["watched_seconds"] == 600
    assert days[-1]["limit_seconds"] == 3600  # the default daily limit
    assert days[-1]["shows"] == [{"name": "Bouncy fun", "seconds": 240}]
    assert [event["kind"] for event in days[-1]["events"]] == ["child_asked"]
    assert days[-2]["watched_seconds"] == 0


def test_days_and_csv(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    History(store).session(today_at(0, 5) - timedelta(days=1), 15)
    code, out, _ = run(capsys, "--days", "3", "--csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0][:3] == ["date", "watched_seconds", "limit_seconds"]
    assert [row[1] for row in rows[1:]] == ["0", "900", "0"]


def test_the_words_name_each_day(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--days", "2")
    assert code == 0
    assert out.startswith("Use over the last 2 days, by the days of Europe/Berlin.")
    assert out.count("Watched: 0 min of 1 h 00 min.") == 2


@pytest.mark.parametrize("days", ["0", "367", "-3", "seven", "2.5"])
def test_a_bad_number_of_days_is_one_sentence_and_exit_2(
    store: Store, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    code, out, err = run(capsys, "--days", days)
    assert (code, out) == (2, "")
    assert one_sentence(err) == (
        f"--days {days} is not a number of days from 1 to 366: give a whole number in that"
        " range, such as 7."
    )


def test_json_and_csv_together_are_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--json", "--csv"])
    assert exit_.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_a_damaged_event_log_is_one_sentence_and_exit_1(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    History(store).event(today_at(0, 1), "extend", minutes=5)
    raw_connection(store).execute("UPDATE events SET detail = 'null' WHERE kind = 'extend'")
    code, out, err = run(capsys)
    assert (code, out) == (1, "")
    assert "(the event log could not be read: " in one_sentence(err)
