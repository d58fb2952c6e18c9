"""`ui.reduce_motion`: the feed cuts instead of sliding, and the decoration keeps still, while
what a motion says is still shown; "auto" (the default) keeps motion on this Qt."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, QVariantAnimation
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.feed.gestures import NEXT
from kiosk.ui.pin_pad.pad import SHAKE_MS, PinPad
from kiosk.ui.reduced_motion import motion_allowed, set_reduce_motion
from kiosk.ui.screens import StartScreen, TimesUpScreen
from kiosk.ui.time_ring import TimeRing
from tests.ui.conftest import Feed
from tests.ui.kiosk_kit import Kiosk
from tests.ui.pixels import painted


def _animations(widget: QWidget) -> list[QVariantAnimation]:
    return widget.findChildren(QVariantAnimation)


def test_auto_allows_motion_where_qt_reports_no_system_preference() -> None:
    assert motion_allowed()
    set_reduce_motion(True)
    assert not motion_allowed()
    set_reduce_motion(False)
    assert motion_allowed()


def _running(widget: QWidget) -> bool:
    return any(a.state() == QVariantAnimation.State.Running for a in _animations(widget))


@pytest.mark.parametrize("reduce", [False, True])
def test_the_feed_slides_or_cuts_to_the_next_clip(
    qtbot: QtBot, fake_feed: Callable[..., Feed], reduce: bool
) -> None:
    set_reduce_motion(reduce)
    feed = fake_feed(["one", "two", "three"])
    feed.widget.step(NEXT)
    assert _running(feed.widget) is not reduce
    if reduce:
        # A cut: the next clip is on at once, and nothing is left half-way.
        assert feed.widget.current_clip.title == "two"  # type: ignore[union-attr]
    else:
        assert feed.widget.current_clip.title == "one"  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: feed.widget.current_clip.title == "two")  # type: ignore[union-attr]


@pytest.mark.parametrize("reduce", [False, True])
def test_the_end_of_the_feed_bumps_only_when_motion_is_allowed(
    fake_feed: Callable[..., Feed], reduce: bool
) -> None:
    set_reduce_motion(reduce)
    feed = fake_feed(["only"])
    before = painted(feed.widget)
    feed.widget.step(NEXT)
    assert _running(feed.widget) is not reduce
    if reduce:
        assert painted(feed.widget) == before


@pytest.mark.parametrize("screen_type", [StartScreen, TimesUpScreen])
@pytest.mark.parametrize("reduce", [False, True])
def test_the_breathing_button_and_the_stars_keep_still(
    qtbot: QtBot, screen_type: type[QWidget], reduce: bool
) -> None:
    set_reduce_motion(reduce)
    screen = screen_type()
    qtbot.addWidget(screen)
    screen.resize(270, 480)
    screen.show()
    qtbot.waitExposed(screen)
    # The button breathes on an animation, the stars twinkle on a slow timer.
    moving = screen.is_breathing if isinstance(screen, StartScreen) else screen.is_twinkling  # type: ignore[attr-defined]
    assert moving is not reduce


@pytest.mark.parametrize("reduce", [False, True])
def test_a_warning_pulses_the_ring_unless_motion_is_reduced(reduce: bool) -> None:
    set_reduce_motion(reduce)
    ring = TimeRing(None)
    ring.update_time(seconds_left=100, session_seconds=900, warn_levels=(120, 30))
    ring.warn()
    assert ring.is_pulsing is not reduce
    assert ring.near_end  # the colour still says the end is near


def _dot_row(pad: PinPad) -> QImage:
    centres = pad.dot_centres()
    top = int(centres[0].y() - pad.height() * 0.05)
    return painted(pad).copy(QRect(0, top, pad.width(), int(pad.height() * 0.1)))


@pytest.mark.parametrize("reduce", [False, True])
def test_a_wrong_pin_keeps_its_dots_still_for_a_moment_when_motion_is_reduced(
    qtbot: QtBot, reduce: bool
) -> None:
    set_reduce_motion(reduce)
    wrong = AttemptResult("wrong", 1, 0.0, None)
    pad = PinPad(lambda pin: wrong, lambda: 0.0)
    qtbot.addWidget(pad)
    pad.resize(405, 720)
    pad.show()
    qtbot.waitExposed(pad)
    qtbot.keyClicks(pad, "1111\r")
    assert pad.is_shaking  # the wrong entry's dots show for the moment either way
    shake = _animations(pad)[0]
    shake.pause()
    frames = []
    for moment in (SHAKE_MS // 12, SHAKE_MS // 4, SHAKE_MS // 3):
        shake.setCurrentTime(moment)
        frames.append(_dot_row(pad))
    assert (frames[0] == frames[1] == frames[2]) is reduce


def test_the_kiosk_takes_reduce_motion_from_its_config_and_from_saved_settings(
    make_kiosk: object,
) -> None:
    from dataclasses import replace

    kiosk: Kiosk = make_kiosk(config_extra="[ui]\nreduce_motion = true\n")  # type: ignore[operator]
    assert not motion_allowed()
    config = kiosk.services.config
    kiosk.host.apply_config(replace(config, ui=replace(config.ui, reduce_motion=False)))
    assert motion_allowed()
