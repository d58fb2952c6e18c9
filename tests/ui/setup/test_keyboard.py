"""First-run setup by keyboard alone: each step starts in its first field, Tab and Enter move on,
Esc goes back a step and never cancels setup (which would leave the kiosk)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.gui_thread import GuiThread
from kiosk.core.config.load import read_config
from kiosk.core.pin.guard import PinGuard
from kiosk.ui.setup.wizard import CODE_STEP, FOLDER_STEP, MINUTES_STEP, PIN_STEP, SetupWizard
from tests.ui.keyboard import focused, press, show_for_keys, tab_to, type_text
from tests.ui.parent_helpers import PIN, make_clips, open_guard

Key = Qt.Key


@pytest.fixture
def guard(tmp_path: Path) -> Iterator[PinGuard]:
    guard, store = open_guard(tmp_path / "kiosk.sqlite3")
    yield guard
    store.close()


@pytest.fixture
def wizard(qtbot: QtBot, guard: PinGuard, tmp_path: Path) -> Iterator[SetupWizard]:
    door = GuiThread()
    wizard = SetupWizard(guard, tmp_path / "config" / "config.toml", door.post)
    show_for_keys(qtbot, wizard)
    wizard.setFocus(Qt.FocusReason.OtherFocusReason)  # as the kiosk window does
    yield wizard
    wizard.folder_page.stop_checking()
    door.close()


def test_setup_is_done_by_keyboard_alone(
    qtbot: QtBot, wizard: SetupWizard, guard: PinGuard, tmp_path: Path
) -> None:
    folder = make_clips(tmp_path / "Kids", 3)
    assert focused() is wizard.pin_page.pin
    type_text(qtbot, PIN)
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, PIN)
    press(qtbot, Key.Key_Return)
    assert wizard.step == FOLDER_STEP
    assert focused() is wizard.folder_page.folder.line
    press(qtbot, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, str(folder))
    press(qtbot, Key.Key_Escape)
    assert wizard.step == PIN_STEP  # back one step, with what was typed kept
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Return)
    assert wizard.step == FOLDER_STEP and wizard.folder_page.folder.text() == str(folder)
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.step == MINUTES_STEP, timeout=10_000)
    assert wizard.minutes_page.isAncestorOf(focused())
    tab_to(qtbot, wizard.minutes_page.minutes.line)
    press(qtbot, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "12")
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Space)
    assert wizard.step == CODE_STEP
    assert focused() is wizard.next_button  # "I wrote it down: start"
    with qtbot.waitSignal(wizard.finished, timeout=1000) as done:
        press(qtbot, Key.Key_Return)
    assert done.args[0].session.minutes == 12
    config = read_config(tmp_path / "config" / "config.toml")[0]
    assert (config.library.folder, config.session.minutes) == (folder, 12)
    assert guard.attempt(PIN).outcome == "ok"


def test_esc_never_cancels_setup(qtbot: QtBot, wizard: SetupWizard) -> None:
    cancelled: list[bool] = []
    wizard.cancelled.connect(lambda: cancelled.append(True))
    for _ in range(3):
        press(qtbot, Key.Key_Escape)
    assert wizard.step == PIN_STEP and cancelled == [] and wizard.isVisible()
    tab_to(qtbot, wizard.cancel_button)  # Cancel itself is there, for a choice made on purpose
    with qtbot.waitSignal(wizard.cancelled, timeout=1000):
        press(qtbot, Key.Key_Return)
