"""The parent panel: its numbers, one call per action, closing on inactivity, changing the PIN,
and the way to the library."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.core.config.load import Config
from kiosk.core.limits.settings import EXTENSION_MINUTES
from kiosk.core.limits.status_text import lead_note, zone_note
from kiosk.core.pin.guard import PIN_DAMAGED, PIN_NOT_SAVED, AttemptResult, PinGuard
from kiosk.core.pin.rules import check_pin_policy
from kiosk.ui.parent.panel import InactivityWatch, ParentPanel
from kiosk.ui.parent.pin import DATE_PIN, wait_message
from tests.core.fake_clock import FakeClock
from tests.ui.parent_helpers import (
    FAST,
    NEW_PIN,
    PIN,
    MemoryLibrary,
    RecordingActions,
    open_guard,
)

PanelFactory = Callable[..., ParentPanel]


@pytest.fixture
def make_panel(
    qtbot: QtBot, guard: PinGuard, actions: RecordingActions, tmp_path: Path
) -> PanelFactory:
    def make(**kwargs: object) -> ParentPanel:
        panel = ParentPanel(actions, guard, Config.defaults(), tmp_path / "config.toml", **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        panel.resize(405, 720)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def test_shows_time_left_and_use_today_and_refreshes_them(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    assert panel.home.time_left.text() == "12:35"
    assert panel.home.used_today.text() == "Used today: 47 min"
    actions.seconds_left, actions.used_today = 600.0, 3 * 3600 + 5 * 60
    qtbot.waitUntil(lambda: panel.home.time_left.text() == "10:00", timeout=5000)
    assert panel.home.used_today.text() == "Used today: 3 h 05 min"


def test_says_when_no_session_is_running(
    make_panel: PanelFactory, actions: RecordingActions
) -> None:
    actions.seconds_left = None
    panel = make_panel()
    assert panel.home.time_left_caption.text() == "No session is running."


def test_says_why_nothing_is_saved_while_that_lasts(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    assert not panel.home.notice.isVisible()
    actions.notice_text = "The disk is full, so the kiosk cannot save."
    qtbot.waitUntil(panel.home.notice.isVisible, timeout=5000)
    assert panel.home.notice.text() == actions.notice_text
    actions.notice_text = None
    qtbot.waitUntil(lambda: not panel.home.notice.isVisible(), timeout=5000)


def test_the_more_time_buttons_are_the_extensions_the_rules_allow(make_panel: PanelFactory) -> None:
    assert tuple(make_panel().home.add_buttons) == EXTENSION_MINUTES


@pytest.mark.parametrize("minutes", EXTENSION_MINUTES)
def test_more_time_buttons_add_minutes_and_close(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions, minutes: int
) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.closed, timeout=1000):
        qtbot.mouseClick(panel.home.add_buttons[minutes], Qt.MouseButton.LeftButton)
    # Exactly one call for the app to record: the action itself.
    assert actions.calls == [("add_minutes", minutes)]
    assert not panel.isVisible()


def test_start_new_session_calls_the_action(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.closed, timeout=1000):
        qtbot.mouseClick(panel.home.new_button, Qt.MouseButton.LeftButton)
    assert actions.calls == [("start_new_session_now",)]


@pytest.mark.parametrize(
    ("button_name", "call"), [("end_button", "end_session_now"), ("leave_button", "leave_kiosk")]
)
def test_ending_and_leaving_are_confirmed_first(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions, button_name: str, call: str
) -> None:
    panel = make_panel()
    qtbot.mouseClick(getattr(panel.home, button_name), Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.confirm
    assert actions.calls == []
    with qtbot.waitSignal(panel.closed, timeout=1000):
        qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    assert actions.calls == [(call,)]


def test_cancelling_the_confirmation_does_nothing(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    qtbot.mouseClick(panel.home.leave_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm.no, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.home
    assert actions.calls == []
    assert panel.isVisible()


def test_back_to_the_kiosk_closes_and_is_recorded(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.closed, timeout=1000):
        qtbot.mouseClick(panel.home.back_button, Qt.MouseButton.LeftButton)
    assert actions.calls == [("record_event", "parent_panel_closed", {"reason": "back"})]
    assert not panel.isVisible()


def test_closes_itself_after_the_inactivity_timeout(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel(inactivity_ms=150)
    with qtbot.waitSignal(panel.closed, timeout=5000):
        pass
    assert not panel.isVisible()
    assert actions.calls == [("record_event", "parent_panel_closed", {"reason": "timeout"})]


def _click_background(qtbot: QtBot, panel: ParentPanel) -> None:
    qtbot.mouseClick(panel.home, Qt.MouseButton.LeftButton, pos=QPoint(5, 300))


def _press_key(qtbot: QtBot, panel: ParentPanel) -> None:
    qtbot.keyClick(panel.home, Qt.Key.Key_Shift)


@pytest.mark.parametrize("give_input", [_click_background, _press_key])
def test_any_input_restarts_the_inactivity_timer(
    qtbot: QtBot, make_panel: PanelFactory, give_input: Callable[[QtBot, ParentPanel], None]
) -> None:
    panel = make_panel(inactivity_ms=4000)
    timer = panel.inactivity.timer
    qtbot.waitUntil(lambda: timer.remainingTime() < 2500, timeout=5000)
    before = timer.remainingTime()
    give_input(qtbot, panel)
    # Without input the time left only shrinks; input starts it again from the full 4 s.
    assert timer.remainingTime() > before
    assert panel.isVisible()


def test_no_inactivity_timer_runs_while_hidden(qtbot: QtBot, make_panel: PanelFactory) -> None:
    panel = make_panel()
    panel.close_panel()
    assert not panel.inactivity.timer.isActive()


# Changing the PIN.


def _open_change_pin(qtbot: QtBot, panel: ParentPanel) -> None:
    qtbot.mouseClick(panel.home.pin_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.pin


def _type_pins(qtbot: QtBot, panel: ParentPanel, current: str, new: str, again: str) -> None:
    for field, text in (
        (panel.pin.current, current),
        (panel.pin.new, new),
        (panel.pin.again, again),
    ):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(panel.pin.submit, Qt.MouseButton.LeftButton)


def _failures(guard_path: Path) -> int:
    connection = sqlite3.connect(guard_path)
    try:
        return int(connection.execute("SELECT failures FROM pin_throttle").fetchone()[0])
    finally:
        connection.close()


def test_change_pin_refuses_a_wrong_current_pin(
    qtbot: QtBot, make_panel: PanelFactory, guard: PinGuard
) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    _type_pins(qtbot, panel, "11223399", NEW_PIN, NEW_PIN)
    assert panel.pin.error_text(panel.pin.current) == "The current PIN is wrong."
    assert not panel.pin.showing_code
    assert guard.attempt(PIN).ok


def test_change_pin_with_a_damaged_stored_pin_says_so_and_changes_nothing(
    qtbot: QtBot, make_panel: PanelFactory, tmp_path: Path
) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    with sqlite3.connect(tmp_path / "kiosk.sqlite3") as raw:
        raw.execute("UPDATE pin_secrets SET algorithm = 'md5'")
    raw.close()
    _type_pins(qtbot, panel, PIN, NEW_PIN, NEW_PIN)
    assert panel.pin.problem.isVisible() and panel.pin.problem.text() == PIN_DAMAGED
    assert panel.pin.error_text(panel.pin.current) == ""  # not a wrong PIN
    assert not panel.pin.showing_code
    assert _failures(tmp_path / "kiosk.sqlite3") == 0


def test_a_new_pin_that_cannot_be_saved_says_so_and_the_old_one_holds(
    qtbot: QtBot, actions: RecordingActions, tmp_path: Path
) -> None:
    guard, store = open_guard(tmp_path / "kiosk.sqlite3")
    guard.set_pin(PIN)
    # The same PIN tables, as a kiosk whose state file cannot be written has them.
    unsaved = PinGuard(store.pin_records, FakeClock(), params=FAST, unsaved=True)
    panel = ParentPanel(actions, unsaved, Config.defaults(), tmp_path / "config.toml")
    qtbot.addWidget(panel)
    panel.show()
    _open_change_pin(qtbot, panel)
    _type_pins(qtbot, panel, PIN, NEW_PIN, NEW_PIN)
    assert panel.pin.problem.isVisible() and panel.pin.problem.text() == PIN_NOT_SAVED
    assert not panel.pin.showing_code
    assert guard.attempt(PIN).ok
    store.close()


def test_change_pin_refuses_a_weak_pin_with_the_reason_without_using_an_attempt(
    qtbot: QtBot, make_panel: PanelFactory, guard: PinGuard, tmp_path: Path
) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    _type_pins(qtbot, panel, PIN, "1234", "1234")
    assert panel.pin.error_text(panel.pin.new) == check_pin_policy("1234")
    assert _failures(tmp_path / "kiosk.sqlite3") == 0
    assert guard.attempt(PIN).ok


def test_change_pin_warns_of_a_date_and_keeps_it_when_pressed_again(
    qtbot: QtBot, make_panel: PanelFactory, guard: PinGuard
) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    _type_pins(qtbot, panel, PIN, "1224", "1224")
    assert panel.pin.warning.text() == DATE_PIN and panel.pin.warning.isVisible()
    assert not panel.pin.showing_code
    assert guard.attempt(PIN).ok  # nothing changed yet
    qtbot.mouseClick(panel.pin.submit, Qt.MouseButton.LeftButton)
    assert panel.pin.showing_code
    assert guard.attempt("1224").ok


def test_change_pin_refuses_two_different_new_pins(
    qtbot: QtBot, make_panel: PanelFactory, guard: PinGuard
) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    _type_pins(qtbot, panel, PIN, NEW_PIN, "58204737")
    assert "not the same" in panel.pin.error_text(panel.pin.again)
    assert guard.attempt(PIN).ok


def test_change_pin_sets_it_and_shows_a_new_recovery_code(
    qtbot: QtBot, make_panel: PanelFactory, guard: PinGuard, actions: RecordingActions
) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    _type_pins(qtbot, panel, PIN, NEW_PIN, NEW_PIN)
    assert panel.pin.showing_code
    code = panel.pin.code_view.code.text()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    assert panel.pin.code_view.code.isVisible()
    assert guard.attempt(NEW_PIN).ok
    assert guard.attempt_recovery(code).ok
    assert actions.calls == []  # the guard reports pin_set itself: no second record
    qtbot.mouseClick(panel.findChild(type(panel.pin.submit), "pin_done"), Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.home
    assert panel.pin.code_view.code.text() == ""


def test_closing_the_panel_forgets_typed_pins(qtbot: QtBot, make_panel: PanelFactory) -> None:
    panel = make_panel()
    _open_change_pin(qtbot, panel)
    qtbot.keyClicks(panel.pin.current, PIN)
    panel.close_panel("timeout")
    assert panel.pin.current.text() == ""
    panel.show()
    assert panel.pages.currentWidget() is panel.home


def test_timing_out_also_closes_an_open_folder_picker(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel(inactivity_ms=300)
    qtbot.mouseClick(panel.home.settings_button, Qt.MouseButton.LeftButton)
    closed: list[bool] = []
    panel.closed.connect(lambda: closed.append(True))
    rescued: list[bool] = []

    def rescue() -> None:  # only so that a broken panel fails this test instead of hanging it
        for dialog in panel.findChildren(QFileDialog):
            rescued.append(True)
            dialog.reject()

    safety = QTimer(panel)
    safety.setSingleShot(True)
    safety.timeout.connect(rescue)
    safety.start(10_000)
    folder_editor = panel.settings.editor("library.folder")
    # The real picker runs modally; the click returns only once the picker is gone.
    qtbot.mouseClick(folder_editor.folder.choose_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    safety.stop()
    assert rescued == []
    assert closed == [True]
    assert not any(dialog.isVisible() for dialog in panel.findChildren(QFileDialog))
    assert actions.calls == [("record_event", "parent_panel_closed", {"reason": "timeout"})]


# The library.

RED = Clip(Path("/clips/Colours/red.mp4"), "red", "Colours")


@pytest.fixture
def library() -> MemoryLibrary:
    return MemoryLibrary([(RED, 12.0)])


def _open_preview(qtbot: QtBot, panel: ParentPanel) -> None:
    qtbot.mouseClick(panel.home.library_button, Qt.MouseButton.LeftButton)
    assert panel.library is not None
    tile = panel.library.grid.tile_widget(RED)
    assert tile is not None
    qtbot.mouseClick(tile.picture, Qt.MouseButton.LeftButton)
    assert panel.library.is_previewing


def test_without_library_actions_there_is_no_library_button(make_panel: PanelFactory) -> None:
    panel = make_panel()
    assert panel.library is None
    assert not panel.home.library_button.isVisible()


def test_the_library_button_opens_the_library_and_back_returns_home(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions, library: MemoryLibrary
) -> None:
    panel = make_panel(library=library)
    assert panel.home.library_button.isVisible()
    qtbot.mouseClick(panel.home.library_button, Qt.MouseButton.LeftButton)
    assert panel.library is not None
    assert panel.pages.currentWidget() is panel.library
    tile = panel.library.grid.tile_widget(RED)
    assert tile is not None and tile.isVisible() and tile.duration_text == "0:12"
    qtbot.mouseClick(panel.library.back_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.home
    assert panel.isVisible()
    assert actions.calls == []  # the library's own actions record what it changes


def test_a_playing_preview_holds_the_inactivity_timeout_until_it_stops(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions, library: MemoryLibrary
) -> None:
    panel = make_panel(inactivity_ms=1000, library=library)
    _open_preview(qtbot, panel)
    assert library.player.is_playing
    # Watching is activity: no timeout is counting at all, and input does not start one.
    assert not panel.inactivity.timer.isActive()
    qtbot.keyClick(panel, Qt.Key.Key_Shift)
    assert not panel.inactivity.timer.isActive()
    assert panel.library is not None
    qtbot.mouseClick(panel.library.preview.play_button, Qt.MouseButton.LeftButton)  # pause
    assert not library.player.is_playing
    assert panel.inactivity.timer.isActive()
    with qtbot.waitSignal(panel.closed, timeout=5000):
        pass
    assert actions.calls == [("record_event", "parent_panel_closed", {"reason": "timeout"})]


def test_closing_the_panel_stops_the_preview(
    qtbot: QtBot, make_panel: PanelFactory, library: MemoryLibrary
) -> None:
    panel = make_panel(library=library)
    _open_preview(qtbot, panel)
    panel.close_panel("back")
    assert not library.player.is_playing and library.player.clip is None
    assert "release" not in library.player.calls
    assert not panel.inactivity.timer.isActive()
    panel.show()
    assert panel.pages.currentWidget() is panel.home
    assert panel.inactivity.timer.isActive()


def test_a_preview_holds_the_timeout_off_for_a_limited_time_only(qtbot: QtBot) -> None:
    """A parent who starts a long preview and walks away does not leave the panel open."""
    watch = InactivityWatch(100, hold_limit_ms=200)
    watch.start()
    watch.set_held(True)
    assert watch.held and not watch.timer.isActive()
    with qtbot.waitSignal(watch.timed_out, timeout=5000):
        pass  # the hold ends by itself, then the usual count runs out
    assert not watch.held
    watch.stop()


# The clocks: the household's zone, and a system clock running ahead.


def test_no_note_on_the_zone_while_the_system_keeps_the_households(
    make_panel: PanelFactory,
) -> None:
    assert not make_panel().home.zone_note.isVisible()


def test_the_note_on_the_system_zone_shows_when_it_is_not_the_households(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    actions.note = zone_note("Europe/Berlin", "America/Los_Angeles")
    qtbot.waitUntil(lambda: panel.home.zone_note.isVisible(), timeout=5000)
    assert panel.home.zone_note.text() == actions.note


def test_trusting_the_system_clock_is_offered_only_while_it_runs_ahead_and_asked_first(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    assert not (panel.home.clock_note.isVisible() or panel.home.trust_button.isVisible())
    actions.lead = lead_note(2 * 3600)
    qtbot.waitUntil(lambda: panel.home.trust_button.isVisible(), timeout=5000)
    assert panel.home.clock_note.text() == actions.lead
    qtbot.mouseClick(panel.home.trust_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.confirm
    assert actions.calls == []
    with qtbot.waitSignal(panel.closed, timeout=1000):
        qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    assert actions.calls == [("trust_wall_clock",)]


def test_a_pin_wait_ends_at_a_time_told_in_the_households_zone() -> None:
    retry_at = datetime(2026, 11, 26, 10, 5, tzinfo=UTC)
    result = AttemptResult("wrong", 7, 300.0, retry_at)
    assert wait_message(result, ZoneInfo("Asia/Tokyo")) == "Too many wrong tries: wait until 19:05."
    assert wait_message(result, ZoneInfo("Europe/Berlin")).endswith("wait until 11:05.")
