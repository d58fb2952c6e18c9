"""First-run setup on a real SQLite state file: the full flow writes the config and the PIN, and
cancelling at any step, or a failure at the end, leaves nothing written. The folder check runs on
its own thread, so the tests wait for its answer; where the waiting itself is under test, the
answers are held back until the test lets them through."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.app.gui_thread import GuiThread
from kiosk.app.run import setup_wizard
from kiosk.app.services import open_services
from kiosk.core.config.load import Config, read_config
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import check_pin_policy
from kiosk.core.store.store import Store
from kiosk.ui.setup.pages import DATE_PIN
from kiosk.ui.setup.wizard import CODE_STEP, FOLDER_STEP, MINUTES_STEP, PIN_STEP, SetupWizard
from tests.core.store_kit import raw_connection
from tests.ui.parent_helpers import NEW_PIN, PIN, make_clips, open_guard

WizardFactory = Callable[..., SetupWizard]


@pytest.fixture
def state(tmp_path: Path) -> Iterator[tuple[PinGuard, Store]]:
    guard, store = open_guard(tmp_path / "kiosk.sqlite3")
    yield guard, store
    store.close()


@pytest.fixture
def guard(state: tuple[PinGuard, Store]) -> PinGuard:
    return state[0]


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


@pytest.fixture
def clips(tmp_path: Path) -> Path:
    return make_clips(tmp_path / "Kids", 3)


class HeldAnswers:
    """A door to the GUI thread that keeps what is posted until the test lets it through."""

    def __init__(self) -> None:
        self.held: list[Callable[[], None]] = []

    def post(self, fn: Callable[[], None]) -> None:
        # Called on the check's own thread; a list append is atomic, and the test reads the list
        # only after waiting for it to fill.
        self.held.append(fn)

    def release(self, qtbot: QtBot) -> None:
        """Wait for the next answer and deliver it, on the GUI thread."""
        qtbot.waitUntil(lambda: bool(self.held))
        self.held.pop(0)()


@pytest.fixture
def gui_thread() -> Iterator[GuiThread]:
    door = GuiThread()
    yield door
    door.close()


@pytest.fixture
def make_wizard(
    qtbot: QtBot, guard: PinGuard, config_path: Path, gui_thread: GuiThread
) -> WizardFactory:
    def make(**kwargs: object) -> SetupWizard:
        post = kwargs.pop("post", gui_thread.post)
        wizard = SetupWizard(guard, config_path, post, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        wizard.resize(405, 720)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    return make


def _click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _enter_pins(qtbot: QtBot, wizard: SetupWizard, pin: str, again: str) -> None:
    for field, text in ((wizard.pin_page.pin, pin), (wizard.pin_page.again, again)):
        field.clear()
        qtbot.keyClicks(field, text)
    _click(qtbot, wizard.next_button)


def _type_folder(qtbot: QtBot, wizard: SetupWizard, folder: Path) -> None:
    line = wizard.folder_page.folder.line
    line.selectAll()
    qtbot.keyClicks(line, str(folder))


def _enter_folder(qtbot: QtBot, wizard: SetupWizard, folder: Path) -> None:
    _type_folder(qtbot, wizard, folder)
    _click(qtbot, wizard.next_button)


def _checked(wizard: SetupWizard) -> bool:
    page = wizard.folder_page
    return not page.is_checking and not page.checking.isVisible()


def _walk_to(qtbot: QtBot, wizard: SetupWizard, step: int, folder: Path) -> None:
    if step > PIN_STEP:
        _enter_pins(qtbot, wizard, PIN, PIN)
    if step > FOLDER_STEP:
        _enter_folder(qtbot, wizard, folder)
        qtbot.waitUntil(lambda: wizard.step == MINUTES_STEP)
    assert wizard.step == step


def test_full_flow_writes_the_config_and_the_pin(
    qtbot: QtBot, make_wizard: WizardFactory, guard: PinGuard, config_path: Path, clips: Path
) -> None:
    wizard = make_wizard()
    _enter_pins(qtbot, wizard, PIN, PIN)
    assert wizard.step == FOLDER_STEP
    _enter_folder(qtbot, wizard, clips)
    qtbot.waitUntil(lambda: wizard.step == MINUTES_STEP)
    for _ in range(3):
        _click(qtbot, wizard.minutes_page.minutes.minus)
    assert not config_path.exists() and not guard.is_set()  # nothing before Finish
    _click(qtbot, wizard.next_button)

    assert wizard.step == CODE_STEP
    code = wizard.code_view.code.text()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    assert not wizard.cancel_button.isVisible()
    assert guard.is_set() and guard.attempt(PIN).ok and guard.attempt_recovery(code).ok
    config, errors = read_config(config_path)
    assert errors == []
    assert config.library.folder == clips
    assert config.session.minutes == 12

    with qtbot.waitSignal(wizard.finished, timeout=1000) as signal:
        _click(qtbot, wizard.next_button)
    assert signal.args[0] == config
    assert wizard.code_view.code.text() == ""


def test_the_kiosks_setup_keeps_the_parents_other_settings(
    qtbot: QtBot, gui_thread: GuiThread, tmp_path: Path, clips: Path
) -> None:
    config_path = tmp_path / "written-before-setup.toml"
    config_path.write_text(
        '[session]\nallowed_hours = ["07:00-19:30"]\ndaily_limit_minutes = 45\n'
        "[player]\nvolume = 30\n"
    )
    services = open_services(config_path)
    try:
        wizard = setup_wizard(services, gui_thread.post)
        qtbot.addWidget(wizard)
        wizard.show()
        _walk_to(qtbot, wizard, MINUTES_STEP, clips)
        _click(qtbot, wizard.next_button)
        assert wizard.step == CODE_STEP
    finally:
        services.close()
    config, errors = read_config(config_path)
    assert errors == []
    assert (config.library.folder, config.session.minutes) == (clips, 15)
    assert config.player.volume == 30
    assert config.session.daily_limit_minutes == 45
    assert [str(hours) for hours in config.session.allowed_hours] == ["07:00-19:30"]


def test_the_demo_folder_is_preselected_and_its_clips_counted(
    qtbot: QtBot, make_wizard: WizardFactory, tmp_path: Path
) -> None:
    demo = make_clips(tmp_path / "demo", 2)
    defaults = Config.defaults()
    initial = dataclasses.replace(
        defaults, library=dataclasses.replace(defaults.library, folder=demo)
    )
    wizard = make_wizard(initial=initial)
    _enter_pins(qtbot, wizard, PIN, PIN)
    assert wizard.folder_page.folder.text() == str(demo)
    qtbot.waitUntil(lambda: wizard.folder_page.found.text() == "2 clips found in this folder.")


def test_the_picker_fills_in_the_folder_and_counts_its_clips(
    qtbot: QtBot, make_wizard: WizardFactory, clips: Path
) -> None:
    wizard = make_wizard(choose_folder=lambda parent, start: clips)
    _enter_pins(qtbot, wizard, PIN, PIN)
    _click(qtbot, wizard.folder_page.folder.choose_button)
    assert wizard.folder_page.folder.text() == str(clips)
    qtbot.waitUntil(lambda: wizard.folder_page.found.text() == "3 clips found in this folder.")


def test_a_folder_that_does_not_exist_is_refused(
    qtbot: QtBot, make_wizard: WizardFactory, tmp_path: Path
) -> None:
    wizard = make_wizard()
    _walk_to(qtbot, wizard, FOLDER_STEP, tmp_path)
    _enter_folder(qtbot, wizard, tmp_path / "nowhere")
    qtbot.waitUntil(lambda: _checked(wizard))
    assert wizard.step == FOLDER_STEP
    assert "does not exist" in wizard.folder_page.error.text()


def test_an_empty_folder_is_allowed_with_a_warning(
    qtbot: QtBot, make_wizard: WizardFactory, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    wizard = make_wizard()
    _walk_to(qtbot, wizard, FOLDER_STEP, tmp_path)
    wizard.folder_page.folder.line.selectAll()
    qtbot.keyClicks(wizard.folder_page.folder.line, str(empty))
    wizard.folder_page.folder.line.editingFinished.emit()
    qtbot.waitUntil(lambda: "is empty" in wizard.folder_page.warning.text())
    _click(qtbot, wizard.next_button)
    assert wizard.step == MINUTES_STEP


def test_mismatched_pins_are_refused(qtbot: QtBot, make_wizard: WizardFactory) -> None:
    wizard = make_wizard()
    _enter_pins(qtbot, wizard, PIN, NEW_PIN)
    assert wizard.step == PIN_STEP
    assert (
        wizard.pin_page.again_error.text() == "The two PINs are not the same; type the PIN again."
    )


@pytest.mark.parametrize("weak", ["1234", "0000", "2580", "123"])
def test_a_weak_pin_is_refused_with_the_reason(
    qtbot: QtBot, make_wizard: WizardFactory, weak: str
) -> None:
    wizard = make_wizard()
    _enter_pins(qtbot, wizard, weak, weak)
    assert wizard.step == PIN_STEP
    reason = check_pin_policy(weak)
    assert reason is not None
    assert wizard.pin_page.pin_error.text() == reason


def test_a_pin_that_reads_as_a_date_is_warned_of_and_kept_at_the_second_next(
    qtbot: QtBot, make_wizard: WizardFactory
) -> None:
    wizard = make_wizard()
    _enter_pins(qtbot, wizard, "2412", "2412")
    assert wizard.step == PIN_STEP
    assert wizard.pin_page.pin_warning.text() == DATE_PIN
    assert wizard.pin_page.pin_warning.isVisible()
    # Another date is warned of afresh, not kept on the first one's confirmation.
    _enter_pins(qtbot, wizard, "0612", "0612")
    assert wizard.step == PIN_STEP and wizard.pin_page.pin_warning.text() == DATE_PIN
    _click(qtbot, wizard.next_button)
    assert wizard.step == FOLDER_STEP
    assert not wizard.pin_page.pin_warning.isVisibleTo(wizard.pin_page)


def test_minutes_out_of_range_are_refused_at_finish(
    qtbot: QtBot, make_wizard: WizardFactory, guard: PinGuard, config_path: Path, clips: Path
) -> None:
    wizard = make_wizard()
    _walk_to(qtbot, wizard, MINUTES_STEP, clips)
    wizard.minutes_page.minutes.line.selectAll()
    qtbot.keyClicks(wizard.minutes_page.minutes.line, "45")
    _click(qtbot, wizard.next_button)
    assert wizard.step == MINUTES_STEP
    assert wizard.minutes_page.error.text() == "session.minutes = 45 is out of range (10 to 20)"
    assert not config_path.exists() and not guard.is_set()


@pytest.mark.parametrize("step", [PIN_STEP, FOLDER_STEP, MINUTES_STEP])
@pytest.mark.parametrize("how", ["cancel", "close"])
def test_leaving_at_any_step_writes_nothing(
    qtbot: QtBot,
    make_wizard: WizardFactory,
    guard: PinGuard,
    config_path: Path,
    clips: Path,
    step: int,
    how: str,
) -> None:
    wizard = make_wizard()
    _walk_to(qtbot, wizard, step, clips)
    with qtbot.waitSignal(wizard.cancelled, timeout=1000):
        if how == "cancel":
            _click(qtbot, wizard.cancel_button)
        else:
            wizard.close()
    assert not config_path.exists()
    assert not guard.is_set()


def test_a_failed_finish_shows_why_and_stays_on_the_last_page(
    qtbot: QtBot, make_wizard: WizardFactory, guard: PinGuard, config_path: Path, clips: Path
) -> None:
    """What a failure leaves on disk is `finish_setup`'s to test; here, what the parent sees."""
    wizard = make_wizard()
    _walk_to(qtbot, wizard, MINUTES_STEP, clips)
    guard.set_pin(NEW_PIN)  # e.g. `kiosk pin set` ran meanwhile: setup may not overwrite it
    _click(qtbot, wizard.next_button)
    assert wizard.step == MINUTES_STEP
    assert wizard.problem.isVisible()
    assert wizard.problem.text().startswith("The PIN could not be saved, so nothing was set up: ")
    assert not config_path.exists()
    assert wizard.code_view.code.text() == ""
    with qtbot.waitSignal(wizard.cancelled, timeout=1000):  # and setup can still be left
        _click(qtbot, wizard.cancel_button)
    assert guard.attempt(NEW_PIN).ok


def test_a_state_file_that_cannot_take_the_pin_puts_the_config_back(
    qtbot: QtBot,
    make_wizard: WizardFactory,
    state: tuple[PinGuard, Store],
    config_path: Path,
    clips: Path,
) -> None:
    guard, store = state
    wizard = make_wizard()
    _walk_to(qtbot, wizard, MINUTES_STEP, clips)
    raw_connection(store).execute("PRAGMA query_only = ON")  # every write now fails
    _click(qtbot, wizard.next_button)
    assert wizard.step == MINUTES_STEP
    assert wizard.problem.isVisible() and "The PIN could not be saved" in wizard.problem.text()
    assert not config_path.exists()
    raw_connection(store).execute("PRAGMA query_only = OFF")
    assert not guard.is_set()


def _on_the_folder_page_with_held_answers(
    qtbot: QtBot, make_wizard: WizardFactory
) -> tuple[SetupWizard, HeldAnswers]:
    """A wizard on the folder page, the preselected folder's answer shown, and later ones held."""
    answers = HeldAnswers()
    wizard = make_wizard(post=answers.post)
    _enter_pins(qtbot, wizard, PIN, PIN)
    answers.release(qtbot)
    return wizard, answers


def test_the_folder_is_checked_off_the_gui_thread_and_next_waits_for_the_answer(
    qtbot: QtBot, make_wizard: WizardFactory, clips: Path
) -> None:
    wizard, answers = _on_the_folder_page_with_held_answers(qtbot, make_wizard)
    page = wizard.folder_page
    _enter_folder(qtbot, wizard, clips)
    assert wizard.step == FOLDER_STEP
    assert page.checking.isVisible() and page.checking.text() == "Checking the folder\u2026"
    assert not page.found.isVisible()

    answers.release(qtbot)
    assert wizard.step == MINUTES_STEP  # Next was pressed: it goes on by itself
    assert not page.checking.isVisible()
    assert page.found.text() == "3 clips found in this folder."


def test_an_answer_for_a_folder_changed_meanwhile_is_dropped(
    qtbot: QtBot, make_wizard: WizardFactory, clips: Path, tmp_path: Path
) -> None:
    wizard, answers = _on_the_folder_page_with_held_answers(qtbot, make_wizard)
    page = wizard.folder_page
    _enter_folder(qtbot, wizard, tmp_path / "nowhere")
    _enter_folder(qtbot, wizard, clips)  # before the check of "nowhere" has answered

    answers.release(qtbot)  # "nowhere": for no one any more
    assert wizard.step == FOLDER_STEP
    assert page.error.text() == "" and page.checking.isVisible()
    answers.release(qtbot)
    assert wizard.step == MINUTES_STEP
    assert page.found.text() == "3 clips found in this folder."


def test_a_changed_folder_waits_for_next_to_be_pressed_again(
    qtbot: QtBot, make_wizard: WizardFactory, clips: Path, tmp_path: Path
) -> None:
    wizard, answers = _on_the_folder_page_with_held_answers(qtbot, make_wizard)
    _enter_folder(qtbot, wizard, tmp_path / "nowhere")
    _type_folder(qtbot, wizard, clips)  # a second thought, without Next
    wizard.folder_page.folder.line.editingFinished.emit()

    answers.release(qtbot)  # "nowhere"
    answers.release(qtbot)  # the clips
    assert wizard.folder_page.found.text() == "3 clips found in this folder."
    assert wizard.step == FOLDER_STEP


def test_an_answer_after_setup_was_left_shows_nothing(
    qtbot: QtBot, make_wizard: WizardFactory
) -> None:
    answers = HeldAnswers()
    wizard = make_wizard(post=answers.post)
    _enter_pins(qtbot, wizard, PIN, PIN)  # the preselected folder is being checked
    with qtbot.waitSignal(wizard.cancelled, timeout=1000):
        _click(qtbot, wizard.cancel_button)
    answers.release(qtbot)
    assert wizard.folder_page.found.text() == ""
