"""The first-run setup: the parent's PIN, the clip folder and the session length, then the code.

`kiosk` opens it when no PIN is set yet. Nothing is written while the parent moves through the
pages, so Cancel at any step (or closing the window) leaves no config file and no PIN: the next
start simply opens setup again. Finish stores both in one step (`finish_setup`, which puts the
config back if the PIN cannot be stored), and only then shows the recovery code, which exists
from that step on. `finished(Config)` follows when the parent has seen the code; after Finish
there is no cancelling any more.

The folder page's Next waits for the folder check, which runs off the GUI thread: pressed while
the check runs, it moves on by itself once the folder turns out usable.

By keyboard, each step gives the focus to its first field, Enter in the PIN's second field is
Next, and Esc is Back on the steps that have it; it never cancels setup, which would leave the
kiosk (see `keys`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.config.load import Config, ConfigError, to_toml_dict, validate
from kiosk.core.first_setup import FolderCheck, SetupFailed, finish_setup
from kiosk.core.i18n import N_, _
from kiosk.core.pin.guard import PinGuard
from kiosk.media.interface import PostToGui
from kiosk.ui.language import Words
from kiosk.ui.parent.keys import focus_first
from kiosk.ui.parent.theme import apply_parent_theme, button, card, centred, label, row, scrolling
from kiosk.ui.parent.widgets import FolderChooser, RecoveryCodeView
from kiosk.ui.setup.pages import MINUTES_KEY, FolderPage, MinutesPage, PinPage

FOLDER_KEY = "library.folder"
PIN_STEP, FOLDER_STEP, MINUTES_STEP, CODE_STEP = range(4)
#: What the button that goes on says: "Next", and at the last two steps what it does.
NEXT = N_("Next")
_GOING_ON = {MINUTES_STEP: N_("Finish"), CODE_STEP: N_("I wrote it down: start")}


class SetupWizard(QWidget):
    """First-run setup writing `config_path` and the PIN through `guard`, only at Finish.

    `post` is the door to the GUI thread, for the folder check's answer. `initial` is the config
    to start from (the parent's file if there is one); the keys setup does not ask about are kept
    as they are in it.
    """

    finished = Signal(object)  # Config, once the parent has seen the recovery code
    cancelled = Signal()

    def __init__(
        self,
        guard: PinGuard,
        config_path: Path,
        post: PostToGui,
        *,
        initial: Config | None = None,
        choose_folder: FolderChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SetupWizard")
        self.words = words = Words(self, SetupWizard._word_step)
        words.set(self, "setWindowTitle", N_("Kiosk Clips setup"))
        apply_parent_theme(self)
        self._guard = guard
        self._config_path = config_path
        self._initial = initial if initial is not None else Config.defaults()
        self._committed: Config | None = None
        self._ended = False
        self._next_when_checked = False

        self.pin_page = PinPage()
        self.folder_page = FolderPage(self._initial.library.folder, choose_folder, post)
        self.minutes_page = MinutesPage(self._initial.session.minutes)
        self.code_view = RecoveryCodeView()
        code_page = QWidget()
        code_column = QVBoxLayout(code_page)
        code_column.setContentsMargins(2, 4, 12, 16)
        code_column.addWidget(words.text(label("", "title"), N_("The kiosk is ready")))
        code_column.addWidget(card(self.code_view))
        code_column.addStretch(1)

        self.steps = QStackedWidget()
        for page in (self.pin_page, self.folder_page, self.minutes_page, code_page):
            self.steps.addWidget(scrolling(page))
        self.step_label = label("", "muted")
        self.problem = label("", "error")
        self.problem.setObjectName("setup_problem")
        self.cancel_button = words.text(button("", name="setup_cancel"), N_("Cancel"))
        self.back_button = words.text(button("", name="setup_back"), N_("Back"))
        self.next_button = button("", "primary", name="setup_next")
        self.cancel_button.clicked.connect(self.cancel)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.pin_page.again.returnPressed.connect(self.next)
        self.folder_page.folder.edited.connect(self._forget_pending_next)
        self.folder_page.folder.chosen.connect(self._check_folder)
        self.folder_page.folder.line.editingFinished.connect(self._check_folder)
        self.folder_page.checked.connect(self._folder_checked)

        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.step_label)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.problem)
        layout.addLayout(row(self.cancel_button, self.back_button, self.next_button))
        self.setLayout(centred(column))
        self._go(PIN_STEP)

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def next(self) -> None:
        if self.step == PIN_STEP and self.pin_page.check():
            self._go(FOLDER_STEP)
            self._check_folder()
        elif self.step == FOLDER_STEP:
            checked = self._check_folder()
            if checked is None:
                self._next_when_checked = self.folder_page.is_checking
            elif checked.usable:
                self._go(MINUTES_STEP)
        elif self.step == MINUTES_STEP:
            self._finish()
        elif self.step == CODE_STEP:
            self._end()

    def back(self) -> None:
        if self.step in (FOLDER_STEP, MINUTES_STEP):
            self._go(self.step - 1)

    def cancel(self) -> None:
        """Leave setup with nothing written. Ignored once Finish has committed."""
        if self._committed is not None or self._ended:
            return
        self.pin_page.clear()
        self.folder_page.stop_checking()
        self._ended = True
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # The window gives setup the keyboard when it opens: the step's first field has it.
        super().focusInEvent(event)
        self._focus_step()

    def _focus_step(self) -> None:
        page = self.steps.currentWidget()
        if page is not None:
            focus_first(page)
        focus = QApplication.focusWidget()
        if page is None or focus is None or not page.isAncestorOf(focus):
            # A step with nothing to fill in (the recovery code): the button that goes on.
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._committed is not None:
            self._end()
        else:
            self.cancel()
        super().closeEvent(event)

    def _go(self, step: int) -> None:
        self._next_when_checked = False
        self.steps.setCurrentIndex(step)
        self.problem.hide()
        done = step == CODE_STEP
        self._word_step()
        self.cancel_button.setVisible(not done)
        self.back_button.setVisible(step in (FOLDER_STEP, MINUTES_STEP))
        if self.isVisible():
            self._focus_step()

    def _word_step(self) -> None:
        """Where the parent is, and what the button that goes on says, in the language now."""
        step = self.step
        if step == CODE_STEP:
            self.step_label.setText(_("Setup is done"))
        else:
            self.step_label.setText(
                _("Step {step} of {steps}").format(step=step + 1, steps=CODE_STEP)
            )
        self.next_button.setText(_(_GOING_ON.get(step, NEXT)))

    def _candidate(self) -> tuple[Config, list[ConfigError]]:
        """The config the pages describe, checked by the core as it would be saved."""
        raw = to_toml_dict(self._initial)
        raw.setdefault("library", {})["folder"] = self.folder_page.folder.text()
        raw.setdefault("session", {})["minutes"] = self.minutes_page.minutes.value()
        return validate(raw, str(self._config_path))

    def _check_folder(self) -> FolderCheck | None:
        """What the folder typed now holds, if known; else its check starts, or the config's
        problem with it shows."""
        config, errors = self._candidate()
        problem = next((error.message for error in errors if error.key == FOLDER_KEY), None)
        if problem is not None:
            self.folder_page.show_error(problem)
            return None
        return self.folder_page.check(config.library.folder)

    def _folder_checked(self, checked: FolderCheck) -> None:
        if self._next_when_checked and self.step == FOLDER_STEP and checked.usable:
            self._go(MINUTES_STEP)
        self._next_when_checked = False

    def _forget_pending_next(self) -> None:
        """The folder changed after Next: its new check waits for Next to be pressed again."""
        self._next_when_checked = False

    def _finish(self) -> None:
        config, errors = self._candidate()
        if errors:
            by_key = {error.key: error.message for error in errors}
            self.minutes_page.show_error(by_key.get(MINUTES_KEY, errors[0].message))
            return
        self.minutes_page.show_error(None)
        try:
            code = finish_setup(config, self._config_path, self.pin_page.pin.text(), self._guard)
        except SetupFailed as failed:
            self._show_problem(str(failed))
            return
        self._committed = config
        self.pin_page.clear()
        self.code_view.show_code(code.text)
        self._go(CODE_STEP)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _end(self) -> None:
        if self._ended or self._committed is None:
            return
        self._ended = True
        self.folder_page.stop_checking()
        self.code_view.clear()
        self.finished.emit(self._committed)
