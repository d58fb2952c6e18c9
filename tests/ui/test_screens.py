"""The start button, the moon and its PIN pad, and the time ring, as a child would meet them."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.lock import LockScreen
from kiosk.ui.screens import StartScreen
from kiosk.ui.time_ring import CALM, LAST_SECONDS, NEAR_END, TimeRing, arc_start

MOD = Qt.KeyboardModifier


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
