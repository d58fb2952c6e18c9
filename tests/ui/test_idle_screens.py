"""The screens a kiosk may show for hours with nobody near: each one rests when left alone, and
what moves repaints only its own pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.ui import lock_moon
from kiosk.ui.lock_moon import LockMoon
from kiosk.ui.screens import BREATH_MS, StartScreen, TimesUpScreen, star_places
from kiosk.ui.time_ring import TimeRing
from tests.ui.paints import PaintRecorder, area, within
from tests.ui.pixels import painted

SIZE = (540, 960)


def shown(qtbot: QtBot, widget: StartScreen | TimesUpScreen) -> PaintRecorder:
    qtbot.addWidget(widget)
    widget.resize(*SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    recorder = PaintRecorder(widget)
    recorder.clear()
    return recorder


def test_the_play_button_breathes_a_few_times_and_then_rests(qtbot: QtBot) -> None:
    screen = StartScreen()
    paints = shown(qtbot, screen)
    assert screen.is_breathing

    animation = screen._animation
    animation.setCurrentTime(BREATH_MS // 4)  # a quarter into the first breath
    regions = paints.settle()
    assert regions, "a breath repaints the button"
    button = screen.button_bounds().toAlignedRect()
    assert all(within(region, button) for region in regions)

    animation.setCurrentTime(animation.totalDuration())
    assert not screen.is_breathing and screen.breath == 0.0
    paints.clear()
    assert paints.settle() == []  # at rest, nothing is painted again


def test_a_pointer_moving_over_the_resting_button_wakes_the_breath(qtbot: QtBot) -> None:
    screen = StartScreen()
    shown(qtbot, screen)
    screen._animation.setCurrentTime(screen._animation.totalDuration())
    assert not screen.is_breathing
    QTest.mouseMove(screen, QPoint(100, 100))
    QTest.mouseMove(screen, QPoint(120, 130))
    assert screen.is_breathing


def test_the_stars_twinkle_on_a_slow_coarse_timer_that_stops_when_hidden(qtbot: QtBot) -> None:
    sky = TimesUpScreen()
    shown(qtbot, sky)
    timer = sky._twinkle_timer
    assert sky.is_twinkling and timer.timerType() == Qt.TimerType.CoarseTimer
    assert timer.interval() >= 200
    sky.hide()
    assert not sky.is_twinkling


def test_a_twinkle_repaints_the_stars_alone_and_changes_them(qtbot: QtBot) -> None:
    sky = TimesUpScreen()
    paints = shown(qtbot, sky)
    centre, _radius = star_places(QRectF(sky.rect()))[0]
    before = painted(sky).pixelColor(centre.toPoint())
    paints.clear()  # the grab above painted everything once

    sky._twinkle_timer.stop()
    sky.set_twinkle(0.5)
    regions = paints.settle()

    assert len(regions) == 1
    assert area(regions[0]) < 0.02 * sky.width() * sky.height()
    assert not regions[0].contains(sky.moon_bounds().center().toPoint())
    assert painted(sky).pixelColor(centre.toPoint()) != before


def test_the_parent_note_repaints_only_when_it_changes_and_only_its_line(qtbot: QtBot) -> None:
    sky = TimesUpScreen()
    paints = shown(qtbot, sky)
    sky._twinkle_timer.stop()
    sky.set_parent_note("Locked: the session is over.")
    first = paints.settle()
    assert first and all(within(r, sky.note_box().toAlignedRect()) for r in first)
    paints.clear()
    for _tick in range(3):
        sky.set_parent_note("Locked: the session is over.")
    assert paints.settle() == []


@pytest.mark.parametrize("numbers", [False, True], ids=["ring", "ring with minutes"])
def test_the_ring_asks_for_a_repaint_only_when_it_looks_different(numbers: bool) -> None:
    repaints: list[int] = []
    ring = TimeRing(lambda: repaints.append(1))
    ring.show_numbers = numbers
    ring.update_time(seconds_left=601, session_seconds=900, warn_levels=(120, 30))
    assert repaints == [1]
    ring.update_time(seconds_left=601, session_seconds=900, warn_levels=(120, 30))
    ring.update_time(seconds_left=600.95, session_seconds=900, warn_levels=(120, 30))
    assert repaints == [1]  # nothing a child could see moved
    ring.update_time(seconds_left=590, session_seconds=900, warn_levels=(120, 30))
    assert repaints == [1, 1]


@pytest.mark.parametrize("clips", [None, 3, 12], ids=["ring", "three dots", "two rows of dots"])
def test_the_corner_bounds_hold_all_it_paints_at_the_height_of_a_pulse_in_the_wind_down(
    clips: int | None,
) -> None:
    whole = QRectF(0, 0, *SIZE)
    ring = TimeRing(lambda: None)
    ring.update_time(seconds_left=20, session_seconds=900, warn_levels=(120, 30))
    ring.update_clips(clips_left=None if clips is None else clips - 1, clips_total=clips)
    ring.set_wind_down(0.6)
    ring._pulse = 1.0
    image = QImage(*SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    blank = image.copy()
    painter = QPainter(image)
    ring.paint(painter, whole)
    painter.end()
    assert image != blank
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.fillRect(ring.bounds(whole).toAlignedRect(), QColor(0, 0, 0, 0))
    painter.end()
    assert image == blank  # nothing was painted outside the bounds


def test_the_dots_pixels_are_repainted_when_the_ring_comes_back() -> None:
    whole = QRectF(0, 0, *SIZE)
    ring = TimeRing(lambda: None)
    ring.update_clips(clips_left=4, clips_total=5)
    with_dots = ring.bounds(whole)
    ring.update_clips(clips_left=None, clips_total=None)
    assert not ring.shows_dots
    assert ring.bounds(whole).contains(with_dots)


def test_a_twinkle_on_the_lock_repaints_a_raised_hands_glow_but_not_a_resting_hand(
    qtbot: QtBot,
) -> None:
    sky = LockMoon()
    paints = shown(qtbot, sky)
    sky._twinkle_timer.stop()
    sky.set_ask("down", ())
    paints.clear()
    hand = sky.hand_rect().toAlignedRect()
    sky.set_twinkle(0.3)
    assert not any(region.intersects(QRegion(hand)) for region in paints.settle())

    sky.set_ask("up", ())
    in_the_glow = QPoint(hand.left() - hand.width() // 8, hand.center().y())
    before = painted(sky).pixelColor(in_the_glow)
    paints.clear()
    sky.set_twinkle(0.9)
    regions = paints.settle()
    assert any(region.contains(hand) for region in regions)
    assert painted(sky).pixelColor(in_the_glow) != before


def test_a_twinkle_draws_no_resting_hand_only_the_stars(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clipped away or not, drawing the hand's paths for a few stars' squares cost more than
    the stars: the lock draws only what the dirty region touches."""
    drawn: list[str] = []
    monkeypatch.setattr(lock_moon, "paint_hand_button", lambda *_a, **_k: drawn.append("hand"))
    sky = LockMoon()
    paints = shown(qtbot, sky)
    sky._twinkle_timer.stop()
    sky.set_ask("down", ())
    assert paints.settle() and drawn == ["hand"]
    paints.clear()
    drawn.clear()
    sky.set_twinkle(0.3)
    assert paints.settle()  # the stars were painted
    assert drawn == []

    sky.set_ask("up", ())
    paints.clear()
    drawn.clear()
    sky.set_twinkle(0.9)
    assert paints.settle() and drawn == ["hand"]  # the raised hand's glow moves with the stars
