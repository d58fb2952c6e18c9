"""The core's words in German, as a German parent reads them: config errors with "did you mean",
the settings' texts in the language of the moment, the lock's sentence with "21:00 Uhr", the
durations with "Min." and "Std.", numbers with a decimal comma, and the report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.core.config.load import read_config
from kiosk.core.config.schema import SETTINGS_BY_KEY
from kiosk.core.durations import hours_and_minutes, minutes_and_seconds, time_left_spoken
from kiosk.core.i18n import set_language
from kiosk.core.limits.status import LimitStatus
from kiosk.core.limits.status_text import describe_status
from kiosk.core.numbers import number
from kiosk.core.pin.rules import check_pin_policy
from kiosk.core.report.formats import report_text
from kiosk.core.weekdays import day_name
from tests.core.fake_clock import BERLIN
from tests.core.report.history_kit import History, at, fresh_store


def test_a_config_error_says_did_you_mean_in_german(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[session]\nminuts = 12\nminutes = 45\n[ui]\nlanguage = 'fr'\n")
    set_language("de")
    errors = [str(error) for error in read_config(path)[1]]
    assert errors == [
        f"{path}: unbekannter Schlüssel 'session.minuts' (meinten Sie 'session.minutes'?)",
        f"{path}: session.minutes = 45 liegt außerhalb des Bereichs (10 bis 20)",
        f'{path}: ui.language = "fr" ist keine gültige Wahl (erwartet: "", "en" oder "de")',
    ]


def test_a_settings_texts_follow_the_language_when_they_are_read() -> None:
    minutes = SETTINGS_BY_KEY["session.minutes"]
    assert minutes.description == "How long one session lasts, in minutes."
    set_language("de")
    assert minutes.description == "Wie lange eine Sitzung dauert, in Minuten."
    assert minutes.valid == "eine ganze Zahl von 10 bis 20"
    set_language("en")
    assert minutes.valid == "a whole number from 10 to 20"


def locked_until(moment: datetime) -> LimitStatus:
    return LimitStatus("locked", "session_over", 0, 900, moment, None, False, "Europe/Berlin")


def test_the_lock_sentence_tells_the_time_with_uhr() -> None:
    now = datetime(2026, 12, 7, 18, 0, tzinfo=BERLIN)
    set_language("de")
    today = describe_status(locked_until(now.replace(hour=21)), now=now)
    assert today == (
        "Gesperrt: Die Sitzung ist vorbei. Der Kiosk öffnet sich wieder um 21:00 Uhr oder vorher"
        " mit der Eltern-PIN."
    )
    later = describe_status(locked_until(now + timedelta(days=3)), now=now)
    assert "wieder am Donnerstag, 10. Dezember um 18:00 Uhr" in later


def test_durations_and_numbers_in_german() -> None:
    set_language("de")
    assert minutes_and_seconds(125) == "2 Min. 5 Sek."
    assert minutes_and_seconds(45) == "45 Sek."
    assert hours_and_minutes(3900) == "1 Std. 05 Min."
    assert time_left_spoken(720) == "12 Minuten übrig"
    assert time_left_spoken(60) == "Eine Minute übrig"
    assert time_left_spoken(30) == "Weniger als eine Minute übrig"
    assert number(4300) == "4.300"
    assert number(1.5, decimals=1) == "1,5"
    assert day_name("sat") == "Samstag"


def test_a_pin_refusal_in_german() -> None:
    set_language("de")
    assert check_pin_policy("1234") == (
        "Ziffern, die in gleichen Schritten auf- oder abwärts zählen, etwa 1234, 9876 oder 2468,"
        " werden als Erstes ausprobiert; wählen Sie 4 bis 8 zufällige Ziffern ohne Muster."
    )


def test_the_report_in_german(tmp_path: Path) -> None:
    store = fresh_store(tmp_path)
    history = History(store)
    history.session(at("2026-11-26 09:00"), 12.25)
    history.view(at("2026-11-26 09:00"), 300.4, "Ball", "Bouncy fun")
    history.event(at("2026-11-26 09:11"), "extend", minutes=5)
    set_language("de")
    text = report_text(history.report(date(2026, 11, 26), 2))
    store.close()
    assert text.startswith(
        "Nutzung der letzten 2 Tage, gerechnet nach der Zeitzone Europe/Berlin.\n"
    )
    assert "\nDonnerstag, 26. November 2026\n" in text
    assert "  Angesehen: 12 Min. von 1 Std. 00 Min.\n" in text
    assert "  Sitzungen: 1. Clips: 1 zu Ende angesehen, 0 übersprungen.\n" in text
    assert "  Meistgesehene Sendungen: Bouncy fun (5 Min.).\n" in text
    assert "  09:11 Uhr  Ein Elternteil hat 5 Minuten hinzugefügt.\n" in text
