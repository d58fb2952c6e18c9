"""The whole kiosk on a fake clock: start screen, feed, warnings, soft landing, lock and PIN."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.core.limits.status_text import zone_note
from tests.ui.kiosk_kit import PARENT_PIN, Kiosk, open_panel_over_feed, type_pin
from tests.ui.paints import PaintRecorder
from tests.ui.pixels import centre_colour


def lock_parent(services: object, clock: object) -> None:
    services.limits.end_session_now()  # type: ignore[attr-defined]


def test_a_locked_kiosk_shows_the_lock_at_once_and_plays_nothing(make_kiosk: object) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent)  # type: ignore[operator]
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen
    assert kiosk.host.feed is None  # no player was even given a clip
    assert "Locked by a parent" in kiosk.flow.lock_screen.moon.parent_note


def test_the_session_starts_at_the_first_tap_and_the_feed_plays(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    assert kiosk.window.currentWidget() is kiosk.flow.start_screen
    assert kiosk.services.limits.status().state == "ready"
    kiosk.clock.advance(600)  # nobody tapped: no time burns
    kiosk.flow.tick()
    assert kiosk.services.limits.status().used_today_seconds == 0
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    assert kiosk.services.limits.status().state == "in_session"
    feed = kiosk.host.feed
    assert feed is not None and kiosk.window.currentWidget() is feed
    qtbot.waitUntil(lambda: centre_colour(feed) == "red", timeout=10_000)


def test_warnings_pulse_the_ring_and_chime_once_each(make_kiosk: object, qtbot: QtBot) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    kiosk.services.limits.start_session()
    kiosk.flow.tick()
    kiosk.clock.advance(15 * 60 - 119)
    kiosk.flow.tick()
    assert kiosk.flow.ring.is_pulsing and kiosk.chimes == [1]
    assert kiosk.flow.ring.near_end and not kiosk.flow.ring.last_seconds
    kiosk.flow.tick()
    assert kiosk.chimes == [1]  # each warning comes once
    kiosk.clock.advance(90)
    kiosk.flow.tick()
    assert kiosk.chimes == [1, 1] and kiosk.flow.ring.last_seconds


def test_no_chime_when_the_parent_turned_it_off(make_kiosk: object) -> None:
    kiosk: Kiosk = make_kiosk(config_extra="[session]\nchime = false\n")  # type: ignore[operator]
    kiosk.services.limits.start_session()
    kiosk.flow.tick()
    kiosk.clock.advance(15 * 60 - 100)
    kiosk.flow.tick()
    assert kiosk.flow.ring.is_pulsing and kiosk.chimes == []


def test_at_zero_the_clip_finishes_without_swiping_then_the_lock_shows(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None
    qtbot.waitUntil(lambda: feed.current_clip_seconds_left() is not None, timeout=10_000)
    kiosk.clock.advance(15 * 60)
    kiosk.flow.tick()
    assert feed.is_finishing and kiosk.window.currentWidget() is feed
    clip = feed.current_clip
    feed.step(+1)  # swiping is off during the grace
    assert feed.current_clip == clip
    # The clip plays out (real decoding), and then the time's-up screen comes.
    qtbot.waitUntil(lambda: kiosk.window.currentWidget() is kiosk.flow.lock_screen, timeout=15_000)
    assert kiosk.services.limits.status().lock_reason == "session_over"


def test_a_clip_too_long_for_the_grace_ends_the_session_at_once(
    make_kiosk: object, qtbot: QtBot
) -> None:
    extra = "[session]\nfinish_clip_grace_seconds = 0\n"
    kiosk: Kiosk = make_kiosk(config_extra=extra)  # type: ignore[operator]
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None
    qtbot.waitUntil(lambda: feed.current_clip_seconds_left() is not None, timeout=10_000)
    kiosk.clock.advance(15 * 60)
    kiosk.flow.tick()
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen
    assert not feed.isVisible()


def test_five_wrong_pins_then_a_countdown_then_the_right_pin_and_a_clip_plays(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent)  # type: ignore[operator]
    lock = kiosk.flow.lock_screen
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton)
    assert lock.shows_pad
    for _ in range(5):
        type_pin(lock.pad, "9151")
    assert lock.pad.is_waiting
    assert not lock.pad.key("5").isEnabled()
    assert lock.pad.countdown.text == "0:30"
    type_pin(lock.pad, PARENT_PIN)  # refused unchecked while waiting
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen
    kiosk.clock.advance(31)
    lock.pad.refresh_wait()
    assert not lock.pad.is_waiting and lock.pad.key("5").isEnabled()
    type_pin(lock.pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    panel.home.new_session.emit()
    qtbot.waitUntil(
        lambda: kiosk.host.feed is not None and kiosk.host.feed.isVisible(), timeout=5000
    )
    assert kiosk.services.limits.status().state == "in_session"
    feed = kiosk.host.feed
    qtbot.waitUntil(lambda: centre_colour(feed) == "red", timeout=10_000)


def test_ctrl_alt_p_opens_the_pin_pad_over_the_feed_and_back_returns(
    make_kiosk: object, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.window import KioskKeys

    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    keys = KioskKeys(kiosk.flow.open_parent_access)
    QApplication.instance().installEventFilter(keys)  # type: ignore[union-attr]
    try:
        qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
        feed = kiosk.host.feed
        assert feed is not None
        qtbot.keyClick(
            feed,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
        assert kiosk.window.currentWidget() is kiosk.flow.parent_pad
        qtbot.keyClick(kiosk.flow.parent_pad, Qt.Key.Key_Escape)
        assert kiosk.window.currentWidget() is feed
    finally:
        QApplication.instance().removeEventFilter(keys)  # type: ignore[union-attr]


def test_holding_the_corner_opens_the_pad_and_a_tap_does_not(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None and kiosk.flow.corner is not None
    icon: QPoint = kiosk.flow.corner.icon_rect().center().toPoint()
    qtbot.mouseClick(feed, Qt.MouseButton.LeftButton, pos=icon)
    assert kiosk.window.currentWidget() is feed
    qtbot.mousePress(feed, Qt.MouseButton.LeftButton, pos=icon)
    qtbot.waitUntil(lambda: kiosk.window.currentWidget() is kiosk.flow.parent_pad, timeout=5000)
    qtbot.mouseRelease(feed, Qt.MouseButton.LeftButton, pos=icon)


def test_the_pin_pad_keeps_the_keyboard_while_the_lock_ticks(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent)  # type: ignore[operator]
    lock = kiosk.flow.lock_screen
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton)
    kiosk.flow.tick()  # the lock is shown again every second
    for key in (Qt.Key.Key_4, Qt.Key.Key_8, Qt.Key.Key_2, Qt.Key.Key_7, Qt.Key.Key_Return):
        qtbot.keyClick(lock.focusWidget() or lock, key)
    assert kiosk.window.currentWidget() is kiosk.flow.panel


def test_saved_player_settings_take_effect_at_once(make_kiosk: object, qtbot: QtBot) -> None:
    from dataclasses import replace

    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    first, panel = open_panel_over_feed(qtbot, kiosk)
    config = kiosk.services.config
    changed = replace(config, player=replace(config.player, volume=30))
    panel.settings_saved.emit(changed)
    # The old feed is deleted while the panel is still open: nothing may reach it any more (the
    # screen saver's check every 2 s, the library's news, the shutdown).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert kiosk.host.feed is None and not kiosk.host.feed_is_playing()
    panel.close_panel("back")
    second = kiosk.host.feed
    assert second is not None and second is not first
    assert kiosk.window.currentWidget() is second
    qtbot.waitUntil(lambda: centre_colour(second) == "red", timeout=10_000)


def test_saved_session_settings_reach_the_time_rules_at_once(make_kiosk: object) -> None:
    from dataclasses import replace

    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.parent_pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None
    config = kiosk.services.config
    panel.settings_saved.emit(replace(config, session=replace(config.session, minutes=10)))
    assert kiosk.services.limits.status().session_seconds_left == 10 * 60


def test_the_parent_panel_shows_the_session_as_of_the_last_tick(make_kiosk: object) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    kiosk.services.limits.start_session()
    kiosk.clock.advance(125)
    kiosk.flow.tick()
    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.parent_pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    assert panel.home.time_left.text() == "12:55"
    assert panel.home.used_today.text() == "Used today: 2 min"
    panel.home.end_session.emit()
    panel.confirm.confirmed.emit()  # the panel closes; the next tick shows the lock
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen
    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.lock_screen.pad, PARENT_PIN)
    assert kiosk.window.currentWidget() is panel
    assert panel.home.time_left_caption.text() == "No session is running."


def test_the_ticks_of_a_locked_kiosk_repaint_nothing(make_kiosk: object) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent)  # type: ignore[operator]
    moon = kiosk.flow.lock_screen.moon
    assert moon.isVisible()
    moon._twinkle_timer.stop()  # the stars are tested apart (test_idle_screens)
    paints = PaintRecorder(moon)
    paints.clear()
    for _second in range(3):
        kiosk.clock.advance(1)
        kiosk.flow.tick()
    assert paints.settle() == []


def test_a_switched_system_zone_keeps_the_lock_and_the_panel_says_so(make_kiosk: object) -> None:
    """10:00 in Berlin is 01:00 in Los Angeles, inside the hours there: the lock stays."""
    kiosk: Kiosk = make_kiosk(config_extra='[session]\nallowed_hours = ["00:30-09:30"]\n')  # type: ignore[operator]
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen
    kiosk.clock.set_zone(ZoneInfo("America/Los_Angeles"))
    kiosk.flow.tick()
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen
    note = kiosk.flow.lock_screen.moon.parent_note
    assert "It opens again tomorrow at 00:30" in note  # Berlin's time, the household's
    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.lock_screen.pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    assert panel.home.zone_note.isVisible()
    assert panel.home.zone_note.text() == zone_note("Europe/Berlin", "America/Los_Angeles")
    assert not panel.home.trust_button.isVisible()  # the clock itself is right


def test_esc_goes_back_from_the_panel_to_the_feed_and_never_closes_the_kiosk(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    feed, panel = open_panel_over_feed(qtbot, kiosk)
    panel.home.open_settings.emit()
    qtbot.keyClick(panel.settings.save_button, Qt.Key.Key_Escape)  # settings: back a page
    assert kiosk.window.currentWidget() is panel
    qtbot.keyClick(panel.home.back_button, Qt.Key.Key_Escape)  # the first page: the kiosk
    assert kiosk.window.currentWidget() is feed
    for screen in (feed, kiosk.flow.start_screen, kiosk.flow.lock_screen):
        qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert kiosk.window.isVisible() and not kiosk.window.may_close
