"""The parent PIN from a terminal: `kiosk pin set` and `kiosk unlock`, and the throttle.

Every command here is a fresh process, so the throttle is shown to survive restarts as well.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from kiosk.commands.pin import DATE_PIN, DATE_PIN_NOT_KEPT
from kiosk.core.pin.guard import PIN_DAMAGED, PIN_NOT_SET
from tests.e2e.kiosk_process import OTHER_PIN, PIN, KioskHome, one_sentence

WRONG_PIN = "1357"


@pytest.fixture
def home(kiosk_home: KioskHome) -> KioskHome:
    kiosk_home.write_config(minutes=10)
    kiosk_home.set_pin(PIN)
    return kiosk_home


def test_unlock_refuses_a_wrong_pin_and_opens_a_session_with_the_right_one(
    home: KioskHome,
) -> None:
    wrong = home.unlock(WRONG_PIN)
    assert wrong.returncode == 3, wrong.stderr
    assert "wrong pin" in one_sentence(wrong.stderr).lower()
    assert home.status()["state"] == "ready"  # nothing was unlocked

    right = home.unlock(PIN)
    assert right.returncode == 0, right.stderr

    status = home.status()
    assert status["state"] == "in_session"
    assert status["session_seconds_left"] == 10 * 60


def test_five_wrong_pins_make_even_the_right_one_wait(home: KioskHome) -> None:
    for attempt in range(5):
        result = home.unlock(WRONG_PIN)
        assert result.returncode == 3, f"attempt {attempt + 1}: {result.stderr}"
    assert home.status()["pin_retry_at"] is not None

    sixth = home.unlock(PIN)

    assert sixth.returncode == 3, sixth.stdout + sixth.stderr
    assert "try again" in one_sentence(sixth.stderr)
    status = home.status()
    assert status["state"] == "ready"  # the right PIN unlocked nothing while throttled
    assert isinstance(status["pin_retry_at"], str)
    retry_at = datetime.fromisoformat(status["pin_retry_at"])
    assert retry_at.tzinfo is not None  # ISO 8601 with an offset
    assert retry_at > datetime.now(retry_at.tzinfo)


def test_pin_set_refuses_a_weak_or_mistyped_pin(kiosk_home: KioskHome) -> None:
    weak = kiosk_home.run("pin", "set", "--stdin", input_text="7777\n7777\n")
    assert weak.returncode == 2, weak.stderr
    assert "repeated" in weak.stderr  # the reason: one digit repeated

    year = kiosk_home.run("pin", "set", "--stdin", input_text="1987\n1987\n")
    assert year.returncode == 2, year.stderr
    assert "year" in year.stderr

    mistyped = kiosk_home.run("pin", "set", "--stdin", input_text="4827\n4872\n")
    assert mistyped.returncode == 2, mistyped.stderr
    one_sentence(mistyped.stderr)

    # None of them was stored.
    unlock = kiosk_home.unlock("7777")
    assert unlock.returncode == 3
    assert one_sentence(unlock.stderr) == PIN_NOT_SET


def test_pin_set_warns_of_a_pin_that_reads_as_a_date_and_keeps_it_only_on_yes(
    kiosk_home: KioskHome,
) -> None:
    birthday = "2412"
    # A script that does not expect the question changes nothing.
    unasked = kiosk_home.run("pin", "set", "--stdin", input_text=f"{birthday}\n{birthday}\n")
    assert unasked.returncode == 2, unasked.stderr
    assert unasked.stderr.splitlines()[0] == f"kiosk: {DATE_PIN}"
    declined = kiosk_home.run("pin", "set", "--stdin", input_text=f"{birthday}\n{birthday}\nno\n")
    assert declined.returncode == 2, declined.stderr
    assert declined.stderr.splitlines() == [f"kiosk: {DATE_PIN}", f"kiosk: {DATE_PIN_NOT_KEPT}"]
    assert one_sentence(kiosk_home.unlock(birthday).stderr) == PIN_NOT_SET

    kept = kiosk_home.run("pin", "set", "--stdin", input_text=f"{birthday}\n{birthday}\nyes\n")
    assert kept.returncode == 0, kept.stderr
    assert kept.stderr.splitlines() == [f"kiosk: {DATE_PIN}"]
    assert kiosk_home.unlock(birthday).returncode == 0

    # A weak PIN is refused before any question about dates: 1212 is also 12 December.
    weak = kiosk_home.run("pin", "set", "--stdin", input_text=f"{birthday}\n1212\n1212\n")
    assert weak.returncode == 2, weak.stderr
    assert DATE_PIN not in weak.stderr


def test_weak_pin_refusal_is_one_sentence(kiosk_home: KioskHome) -> None:
    """DESIGN: every error is one plain sentence."""
    weak = kiosk_home.run("pin", "set", "--stdin", input_text="7777\n7777\n")
    assert weak.returncode == 2
    one_sentence(weak.stderr)


def test_changing_the_pin_needs_the_current_one(home: KioskHome) -> None:
    refused = home.run(
        "pin", "set", "--stdin", input_text=f"{WRONG_PIN}\n{OTHER_PIN}\n{OTHER_PIN}\n"
    )
    assert refused.returncode == 3, refused.stderr
    one_sentence(refused.stderr)
    assert home.unlock(OTHER_PIN).returncode == 3  # the new PIN was not stored

    changed = home.run("pin", "set", "--stdin", input_text=f"{PIN}\n{OTHER_PIN}\n{OTHER_PIN}\n")
    assert changed.returncode == 0, changed.stderr

    assert home.unlock(PIN).returncode == 3
    assert home.unlock(OTHER_PIN).returncode == 0


def test_a_damaged_pin_refuses_unlock_and_change_with_the_lock_screens_sentence(
    home: KioskHome,
) -> None:
    with sqlite3.connect(home.state_file) as raw:
        raw.execute("UPDATE pin_secrets SET algorithm = 'md5'")
    raw.close()

    unlock = home.unlock(PIN)
    change = home.run("pin", "set", "--stdin", input_text=f"{PIN}\n{OTHER_PIN}\n{OTHER_PIN}\n")

    for refused in (unlock, change):
        assert refused.returncode == 3, refused.stderr
        assert one_sentence(refused.stderr) == PIN_DAMAGED
    status = home.status()
    assert status["state"] == "ready"  # nothing was unlocked
    assert status["pin_retry_at"] is None  # and no attempt was counted
