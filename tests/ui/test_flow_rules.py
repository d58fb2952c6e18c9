"""This round's rules in the whole kiosk on a fake clock, with real clips: the clip budget's dots
and its last clip, the bedtime wind-down's grey, and the child's raised hand with a parent's
answers on the lock screen and in the panel."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.clip_dots import dot_centres
from kiosk.ui.time_ring import CALM
from tests.ui.kiosk_kit import PARENT_PIN, Kiosk, type_pin
from tests.ui.pixels import centre_colour, painted

THREE_CLIPS = "[session]\nclips = 3\n"


def lock_parent(services: object, clock: object) -> None:
    services.limits.end_session_now()  # type: ignore[attr-defined]


def start(kiosk: Kiosk, qtbot: QtBot, colour: str = "red") -> None:
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None
    qtbot.waitUntil(lambda: centre_colour(feed) == colour, timeout=10_000)


def next_clip(kiosk: Kiosk, qtbot: QtBot, colour: str) -> None:
    feed = kiosk.host.feed
    assert feed is not None
    view = feed.current_view
    feed.step(+1)
    qtbot.waitUntil(
        lambda: feed.current_view not in (None, view) and centre_colour(feed) == colour,
        timeout=10_000,
    )
    qtbot.wait(50)  # the flow's tick for the new clip, posted as it showed


def test_a_clip_budget_shows_dots_and_ends_after_its_last_clip_plays_out(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk(config_extra=THREE_CLIPS)  # type: ignore[operator]
    start(kiosk, qtbot)
    feed, ring = kiosk.host.feed, kiosk.flow.ring
    assert feed is not None
    kiosk.flow.tick()
    assert ring.shows_dots and (ring.clips_left, ring.clips_total) == (3, 3)
    kiosk.clock.advance(3)
    kiosk.flow.tick()
    assert ring.clips_left == 2
    dots = dot_centres(QRectF(feed.rect()), 3)
    picture = painted(feed)
    assert picture.pixelColor(dots[-1].toPoint()) == CALM  # lit, in the corner
    assert picture.pixelColor(dots[0].toPoint()) != CALM  # gone out, the farthest first
    next_clip(kiosk, qtbot, "green")
    kiosk.clock.advance(3)
    kiosk.flow.tick()
    assert ring.clips_left == 1 and not feed.is_finishing
    next_clip(kiosk, qtbot, "blue")  # the last: it plays out, and swiping stops
    assert feed.is_finishing and kiosk.flow.last_tick is not None
    assert kiosk.flow.last_tick.last_clip
    feed.step(+1)
    assert centre_colour(feed) == "blue"
    qtbot.waitUntil(lambda: kiosk.window.currentWidget() is kiosk.flow.lock_screen, timeout=15_000)
    assert kiosk.services.store.sessions()[-1].end_reason == "clips"


def test_the_wind_down_greys_the_feed_and_raises_the_moon(make_kiosk: object, qtbot: QtBot) -> None:
    # 10:00 now: the hours leave exactly a whole session, which runs into the wind-down.
    bedtime = (
        '[session]\nallowed_hours = ["07:00-10:15"]\nwind_down_minutes = 10\n'
        "finish_clip_grace_seconds = 0\n"
    )
    kiosk: Kiosk = make_kiosk(config_extra=bedtime)  # type: ignore[operator]
    start(kiosk, qtbot)
    feed = kiosk.host.feed
    assert feed is not None
    kiosk.clock.advance(4 * 60)
    kiosk.flow.tick()
    assert feed.wind_down == 0.0 and kiosk.flow.ring.wind_down == 0.0
    kiosk.clock.advance(10 * 60 + 50)  # 10:14:50
    kiosk.flow.tick()
    assert feed.wind_down > 0.95 and kiosk.flow.ring.wind_down == feed.wind_down

    def grey() -> bool:
        colour = painted(feed).pixelColor(feed.width() // 2, feed.height() // 2)
        rgb = (colour.red(), colour.green(), colour.blue())
        return max(rgb) - min(rgb) < 30 and max(rgb) > 30  # the red clip, all but colourless

    qtbot.waitUntil(grey, timeout=10_000)
    kiosk.clock.advance(10)
    kiosk.flow.tick()
    assert kiosk.window.currentWidget() is kiosk.flow.lock_screen  # bedtime


def test_the_child_asks_and_one_more_clip_on_the_lock_screen_plays_it(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent)  # type: ignore[operator]
    lock = kiosk.flow.lock_screen
    assert lock.moon.hand == "down"
    qtbot.mouseClick(
        lock.moon, Qt.MouseButton.LeftButton, pos=lock.moon.hand_rect().center().toPoint()
    )
    assert kiosk.ask_sounds == [1] and not lock.shows_pad
    assert lock.moon.hand == "up"
    status = kiosk.services.limits.status()
    assert status.state == "locked" and status.asked_at is not None  # asking opens nothing
    clip_chip = lock.moon.chip_rects()[1]
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton, pos=clip_chip.center().toPoint())
    assert lock.pad.caption == "One more clip"
    type_pin(lock.pad, PARENT_PIN)
    assert lock.holds_front and lock.moon.picture == "happy"
    kiosk.flow.tick()
    assert kiosk.window.currentWidget() is lock  # the child sees the happy moon first
    qtbot.waitUntil(lambda: kiosk.window.currentWidget() is kiosk.host.feed, timeout=10_000)
    assert kiosk.flow.last_tick is not None and kiosk.flow.last_tick.clips_left == 1
    events = [event.kind for event in kiosk.services.store.events()]
    asked = events.index("child_asked")
    assert events[asked:] == [
        "child_asked",
        "pin_ok",
        "ask_answered",
        "session_start",
        "clips_granted",
    ]


def test_not_today_shows_a_moon_gone_to_sleep_and_the_hand_goes(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent)  # type: ignore[operator]
    lock = kiosk.flow.lock_screen
    qtbot.mouseClick(
        lock.moon, Qt.MouseButton.LeftButton, pos=lock.moon.hand_rect().center().toPoint()
    )
    not_today = lock.moon.chip_rects()[2]
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton, pos=not_today.center().toPoint())
    type_pin(lock.pad, PARENT_PIN)
    assert lock.moon.picture == "sleepy"
    qtbot.waitUntil(lambda: not lock.holds_front, timeout=10_000)
    assert lock.moon.hand == "hidden" and [w for _, w in lock.moon.chips] == ["One more clip"]
    assert kiosk.services.limits.status().state == "locked"
    (answered,) = kiosk.services.store.events("ask_answered")
    assert answered.detail == {"answer": "not_today"}


def test_the_panel_shows_the_ask_and_grants_clips(make_kiosk: object, qtbot: QtBot) -> None:
    kiosk: Kiosk = make_kiosk(prepare=lock_parent, config_extra=THREE_CLIPS)  # type: ignore[operator]
    kiosk.services.limits.ask_for_more()
    kiosk.flow.tick()
    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.lock_screen.pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    home = panel.home
    assert home.asked_card.isVisible()
    assert home.asked.text() == "The child asked for more at 10:00."
    assert home.clip_row.isVisible()
    qtbot.mouseClick(home.clip_buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.window.currentWidget() is kiosk.host.feed, timeout=10_000)
    assert kiosk.flow.last_tick is not None and kiosk.flow.last_tick.clips_left == 2
    (answered,) = kiosk.services.store.events("ask_answered")
    assert answered.detail == {"answer": "clip"}
