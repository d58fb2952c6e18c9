"""The start button, the moon and its PIN pad, and the time ring, as a child would meet them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from kiosk.core.pin.guard import PIN_DAMAGED, PIN_NOT_SET, AttemptResult, PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.store import Store
from kiosk.ui.lock import LockScreen
from kiosk.ui.screens import StartScreen
from kiosk.ui.time_ring import CALM, LAST_SECONDS, NEAR_END, TimeRing, arc_start
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import state_path

MOD = Qt.KeyboardModifier
PIN = "73915846"


def test_a_tap_or_a_plain_key_starts_but_a_parent_shortcut_does_not(qtbot: QtBot) -> None:
    screen = StartScreen()
    qtbot.addWidget(screen)
    starts: list[int] = []
    screen.start_requested.connect(lambda: starts.append(1))
    qtbot.keyClick(screen, Qt.Key.Key_P, MOD.ControlModifier | MOD.AltModifier)
    qtbot.keyPress(screen, Qt.Key.Key_Control)
    assert starts == []
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.mouseClick(screen, Qt.MouseButton.LeftButton)
    assert starts == [1, 1]


def _never(pin: str) -> AttemptResult:
    raise AssertionError("no PIN was typed")


def test_a_tap_on_the_moon_shows_the_pad_and_idleness_brings_the_moon_back(qtbot: QtBot) -> None:
    lock = LockScreen(_never, lambda: 0.0, pad_idle_ms=100)
    qtbot.addWidget(lock)
    lock.resize(270, 480)
    lock.show()
    assert not lock.shows_pad
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton)
    assert lock.shows_pad
    qtbot.waitUntil(lambda: not lock.shows_pad, timeout=3000)


@pytest.mark.parametrize(
    ("damage", "sentence"),
    [(None, PIN_NOT_SET), ("UPDATE pin_secrets SET algorithm = 'md5'", PIN_DAMAGED)],
    ids=["no PIN set", "PIN damaged"],
)
def test_a_pin_that_cannot_be_checked_is_worded_and_the_lock_stays_shut(
    qtbot: QtBot, store: Store, tmp_path: Path, damage: str | None, sentence: str
) -> None:
    guard = PinGuard(store.pin_records, FakeClock(), params=ScryptParams(n=2**4, r=1, p=1))
    if damage is not None:
        guard.set_pin(PIN)
        with sqlite3.connect(state_path(tmp_path)) as raw:
            raw.execute(damage)
        raw.close()
    lock = LockScreen(guard.attempt, guard.seconds_to_wait)
    qtbot.addWidget(lock)
    lock.resize(270, 480)
    lock.show()
    unlocked: list[bool] = []
    lock.unlocked.connect(lambda: unlocked.append(True))
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton)

    qtbot.keyClicks(lock.pad, PIN)
    qtbot.keyClick(lock.pad, Qt.Key.Key_Return)

    assert lock.shows_pad and lock.pad.problem == sentence
    assert unlocked == [] and guard.seconds_to_wait() == 0


def _ring_pixel(ring: TimeRing) -> QColor:
    image = QImage(200, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    area = QRectF(0, 0, 200, 200)
    ring.paint(painter, area)
    painter.end()
    return image.pixelColor(arc_start(area).toPoint())


def test_the_ring_warms_from_calm_to_amber_near_the_end(qtbot: QtBot) -> None:
    ring = TimeRing(lambda: None)
    ring.update_time(seconds_left=600, session_seconds=900, warn_levels=(120, 30))
    assert _ring_pixel(ring) == CALM
    ring.update_time(seconds_left=100, session_seconds=900, warn_levels=(120, 30))
    assert _ring_pixel(ring) == NEAR_END
    ring.update_time(seconds_left=20, session_seconds=900, warn_levels=(120, 30))
    assert _ring_pixel(ring) == LAST_SECONDS
    ring.update_time(seconds_left=0, session_seconds=900, warn_levels=(120, 30))
    assert _ring_pixel(ring) != LAST_SECONDS  # empty: only the faint track is left
