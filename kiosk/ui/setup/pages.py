"""The pages of the first-run setup: the PIN twice, the clip folder, and the session length.

Each page only gathers input and shows the core's verdict on it: `check_pin_policy` for the
PIN (and `pin_reads_as_date`, a warning the parent confirms by pressing Next again),
`check_clip_folder` for the folder (how many clips it holds, or why none), and the config
schema for the minutes. None of them writes anything; `SetupWizard` commits all at the very end.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.config.schema import SETTINGS_BY_KEY
from kiosk.core.config.types import Int
from kiosk.core.first_setup import FolderCheck
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.pin.rules import check_pin_policy, pin_reads_as_date
from kiosk.media.interface import PostToGui
from kiosk.ui.language import Words
from kiosk.ui.parent.theme import card, content_column, label, mark_invalid, set_message
from kiosk.ui.parent.widgets import FolderChooser, FolderField, NumberField, PinField
from kiosk.ui.setup.folder_check import FolderChecker

MINUTES_KEY = "session.minutes"
DATE_PIN = N_(
    "This PIN reads as a date, such as a birthday, which a child may try first: press Next"
    " again to keep it, or choose other digits."
)


class PinPage(QWidget):
    """The parent's PIN, typed twice, masked."""

    def __init__(self) -> None:
        super().__init__()
        self.words = words = Words(self)
        self.pin = PinField(words, N_("PIN"), "setup_pin")
        self.again = PinField(words, N_("The same PIN again"), "setup_pin_again")
        self.pin_error = label("", "error")
        self.pin_warning = label("", "warn")
        self.again_error = label("", "error")
        self.pin_error.setObjectName("setup_pin_error")
        self.pin_warning.setObjectName("setup_pin_warning")
        # The date-like PIN the parent was warned of: Next with it again keeps it.
        self._warned: str | None = None
        self.again_error.setObjectName("setup_pin_again_error")
        content_column(
            self,
            words.text(label("", "title"), N_("Choose a parent PIN")),
            words.text(
                label(),
                N_(
                    "With the PIN you can add time, end a session, change the settings and leave"
                    " the kiosk. Use 4 to 8 digits with no pattern, and keep it from the children."
                ),
            ),
            card(
                words.text(label("", "heading"), N_("PIN")),
                self.pin,
                self.pin_error,
                self.pin_warning,
            ),
            card(words.text(label("", "heading"), N_("PIN again")), self.again, self.again_error),
        )
        self.show_errors(None, None)

    def check(self) -> bool:
        """True if the PIN may be used and both fields match; else the reason is shown. A PIN
        that reads as a date is shown a warning first, and kept at the second try."""
        pin, again = self.pin.text(), self.again.text()
        policy = check_pin_policy(pin)
        mismatch = None
        if policy is None and pin != again:
            mismatch = _("The two PINs are not the same; type the PIN again.")
            self.again.clear()
        self.show_errors(policy, mismatch)
        if policy is not None or mismatch is not None:
            return False
        if pin_reads_as_date(pin) and pin != self._warned:
            self._warned = pin
            set_message(self.pin_warning, _(DATE_PIN))
            return False
        return True

    def show_errors(self, pin_problem: str | None, again_problem: str | None) -> None:
        set_message(self.pin_warning, None)
        set_message(self.pin_error, pin_problem)
        set_message(self.again_error, again_problem)
        mark_invalid(self.pin, pin_problem is not None)
        mark_invalid(self.again, again_problem is not None)

    def clear(self) -> None:
        self.pin.clear()
        self.again.clear()
        self._warned = None
        self.show_errors(None, None)


class FolderPage(QWidget):
    """The clip folder, with how many clips the core finds in it.

    The count comes from a check off the GUI thread (`FolderChecker`); "Checking the folder…"
    shows meanwhile, and `checked` follows with the answer. The last answer is kept until the
    parent edits the folder, so going back and forth does not scan again.
    """

    #: The check of a folder ended (FolderCheck), on the GUI thread.
    checked = Signal(object)

    def __init__(self, folder: Path, choose_folder: FolderChooser | None, post: PostToGui) -> None:
        super().__init__()
        self.words = words = Words(self, FolderPage._show_last)
        self.folder = FolderField(choose_folder)
        words.set(self.folder, "describe", N_("Clip folder"))
        self.folder.set_text(str(folder))
        self.checking = label("", "muted")
        self.checking.setObjectName("setup_folder_checking")
        self.found = label("", "ok")
        self.found.setObjectName("setup_clips_found")
        self.error = label("", "error")
        self.error.setObjectName("setup_folder_error")
        self.warning = label("", "warn")
        self.warning.setObjectName("setup_folder_warning")
        self._checker = FolderChecker(post, self._show_check)
        self.destroyed.connect(self._checker.stop)
        self._last_check: FolderCheck | None = None
        content_column(
            self,
            words.text(label("", "title"), N_("Choose the clip folder")),
            words.text(
                label(),
                N_(
                    "The kiosk plays only the videos in this folder and its sub-folders. Each"
                    " sub-folder is a show. The demo clips are chosen to start with; you can"
                    " change this later in the settings."
                ),
            ),
            card(
                words.text(label("", "heading"), N_("Clip folder")),
                self.folder,
                self.checking,
                self.found,
                self.warning,
                self.error,
            ),
        )
        self.folder.edited.connect(self._forget_check)
        self._show()

    def check(self, folder: Path) -> FolderCheck | None:
        """What `folder` (already resolved) holds, if known; else start checking it and say so.

        None while the check runs; `checked` follows when it ends.
        """
        if self._last_check is not None and self._last_check.folder == folder:
            return self._last_check
        if self._checker.checking != folder:
            self._show(checking=True)
            self._checker.check(folder)
        return None

    @property
    def is_checking(self) -> bool:
        return self._checker.checking is not None

    def stop_checking(self) -> None:
        """Setup is over: no answer is shown any more."""
        self._checker.stop()

    def show_error(self, problem: str | None) -> None:
        self._checker.forget()
        self._show(error=problem)

    def _show_check(self, checked: FolderCheck) -> None:
        self._last_check = checked
        self._show_last()
        self.checked.emit(checked)

    def _show_last(self) -> None:
        """The last check's answer in the language now (a check under way says so itself)."""
        checked = self._last_check
        if checked is None or self.is_checking:
            if self.is_checking:
                self._show(checking=True)
            return
        if checked.clip_count:
            count = checked.clip_count
            found = ngettext(
                "{count} clip found in this folder.", "{count} clips found in this folder.", count
            )
            self._show(found=found.format(count=count))
        elif checked.usable:
            self._show(
                warning=_("{problem}. You can go on now and add the videos later.").format(
                    problem=checked.problem
                )
            )
        else:
            self._show(error=checked.problem)

    def _show(
        self,
        *,
        checking: bool = False,
        found: str = "",
        warning: str = "",
        error: str | None = None,
    ) -> None:
        set_message(self.checking, _("Checking the folder\u2026") if checking else "")
        set_message(self.found, found)
        set_message(self.warning, warning)
        set_message(self.error, error)
        mark_invalid(self.folder.line, bool(error))

    def _forget_check(self) -> None:
        self._last_check = None
        self._checker.forget()
        self._show()


class MinutesPage(QWidget):
    """How long one session lasts, within the range the schema allows."""

    def __init__(self, minutes: int) -> None:
        super().__init__()
        setting = SETTINGS_BY_KEY[MINUTES_KEY]
        kind = setting.kind
        assert isinstance(kind, Int), "session.minutes is a whole number in the schema"
        self.minutes = NumberField(kind.minimum, kind.maximum)
        self.words = words = Words(self)
        words.set(self.minutes, "describe", N_("Minutes per session"))
        self.minutes.set_value(minutes)
        self.error: QLabel = label("", "error")
        self.error.setObjectName("setup_minutes_error")
        content_column(
            self,
            words.text(label("", "title"), N_("How long is one session?")),
            words.text(
                label(),
                N_(
                    "When the minutes are up, the clip in progress may finish, and then the kiosk"
                    " rests until the cooldown is over or you unlock it with the PIN."
                ),
            ),
            card(
                words.text(label("", "heading"), N_("Minutes per session")),
                self.minutes,
                words.text(
                    label("", "muted"), lambda: _("Valid: {valid}.").format(valid=setting.valid)
                ),
                self.error,
            ),
        )
        self.show_error(None)

    def show_error(self, problem: str | None) -> None:
        set_message(self.error, problem)
        mark_invalid(self.minutes.line, problem is not None)
