"""No word on a parent's screen escapes the catalogue: every screen is built and walked in the
pseudo-language, whose every message is wrapped in ⟦…⟧, and any text a person reads (on screen,
painted, or spoken by a screen reader) without the marks was never translated.

What may stand unmarked: clip titles, show names, paths, the product name, a recovery code, the
values a parent types into config.toml ("shuffle"), and each language's name in its own language.
Until the core's part of the catalogue is merged, a setting's description and what is valid, and
a refusal from the core, are the core's own words and are allowed here too.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from kiosk.core import i18n
from kiosk.core.config.load import SETTINGS
from kiosk.core.config.types import Choice
from kiosk.core.durations import hours_and_minutes
from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.lock import LockScreen
from kiosk.ui.parent.editors import LANGUAGE_NAMES
from kiosk.ui.pin_pad.pad import PinPad
from kiosk.ui.screens import StartScreen
from tests.i18n.pseudo import speaking_pseudo
from tests.ui.parent import week_kit
from tests.ui.parent_helpers import shown
from tests.ui.parent_screens import ParentScreens, library_clips
from tests.ui.words import painted_words, untranslated, widget_texts

RECOVERY_CODE = "K7RM-X4PT-QH9C-2WNV"


@pytest.fixture
def pseudo() -> Iterator[None]:
    """The pseudo-language, from before the screens are built (list it before them)."""
    with speaking_pseudo():
        yield


def allowed(screens: ParentScreens, refusals: tuple[str, ...]) -> tuple[str, ...]:
    """What a parent may read unmarked on these screens (see the module's docstring)."""
    free = ["Kiosk Clips", RECOVERY_CODE, *LANGUAGE_NAMES.values(), *refusals]
    for clip in [clip for clip, _ in library_clips()] + week_kit.library_clips():
        free += [clip.title, clip.show or ""]
    for setting in SETTINGS:
        free += [setting.description, setting.valid]
        if isinstance(setting.kind, Choice):
            free += [option for option in setting.kind.options if option]
    if screens.panel.week is not None:
        report = screens.panel.week._actions.week()
        free += [
            part for show in report.shows for part in (show.name, hours_and_minutes(show.seconds))
        ]
    # The longest first: a title inside another is not cut out of it.
    return tuple(sorted({text for text in free if text}, key=len, reverse=True))


def every_page_reads(
    screens: ParentScreens, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """(page, text) for every text of every page, painted ones included, with the panel's
    notes, the child's ask and a refusal on the settings page shown; and the core's refusals
    among them (see the module's docstring)."""
    actions = screens.actions
    actions.clips_left = 2
    actions.asked = datetime(2026, 12, 7, 17, 5, tzinfo=UTC)
    screens.panel.refresh()
    found: list[tuple[str, str]] = []
    refusals: tuple[str, ...] = ()
    for name, page in screens.pages():
        if name == "settings":
            refusals = refuse_a_setting(screens)
        if name == "setup: folder":
            screens.wizard.folder_page.folder.set_text(str(screens.clip_folder))
            screens.wizard._check_folder()
        # Lines a page replaced are deleted once the event loop comes round: let it.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        with painted_words(monkeypatch) as painted:
            page.grab()
        found += [(name, text) for text in widget_texts(page) + painted]
    return found, refusals


def refuse_a_setting(screens: ParentScreens) -> tuple[str, ...]:
    """A minutes field with nonsense in it, saved: the page shows why and what to fix. Returns
    the core's refusal."""
    settings = screens.panel.settings
    settings.editor("session.minutes").set_value("soon")
    settings.save()
    assert settings.problem.isVisible()
    return (settings.error_text("session.minutes"),)


def test_every_page_of_the_panel_and_of_setup_speaks_only_marked_words(
    pseudo: None, parent_screens: ParentScreens, monkeypatch: pytest.MonkeyPatch
) -> None:
    found, refusals = every_page_reads(parent_screens, monkeypatch)
    free = allowed(parent_screens, refusals)
    assert {name for name, _ in found} >= {"home", "settings", "week", "library", "setup: PIN"}
    assert [(name, text) for name, text in found if untranslated([text], free)] == []


def test_a_change_of_language_rewords_every_page_that_was_built_before_it(
    parent_screens: ParentScreens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built in English, then switched: whatever a page did not word again stays English."""
    parent_screens.panel.refresh()
    parent_screens.panel.home.open_week.emit()  # the week read in English first
    parent_screens.panel.settings.back.emit()
    with speaking_pseudo():
        found, refusals = every_page_reads(parent_screens, monkeypatch)
        free = allowed(parent_screens, refusals)
        assert [(name, text) for name, text in found if untranslated([text], free)] == []


def _throttled(seconds: float) -> AttemptResult:
    retry = datetime(2026, 12, 7, 17, 5, tzinfo=UTC) + timedelta(seconds=seconds)
    return AttemptResult("wrong", 5, seconds, retry)


def test_the_lock_with_its_note_and_chips_and_the_start_screen_speak_only_marked_words(
    pseudo: None, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = LockScreen(lambda pin: _throttled(0.0), lambda: 0.0)
    shown(qtbot, lock)
    # The app's note, marked as the app marks its own sentences.
    lock.set_parent_note(i18n._("Locked until 18:30."))
    lock.set_ask(may_ask=True, asked=True)
    start = shown(qtbot, StartScreen())
    with painted_words(monkeypatch) as painted:
        lock.grab()
        start.grab()
    assert len(painted) >= 4  # the note and the three chips
    texts = widget_texts(lock) + widget_texts(start) + painted
    assert untranslated(texts) == []


def test_the_pin_pad_with_a_wait_and_a_refusal_speaks_only_marked_words(
    pseudo: None, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    spoken: list[str] = []
    monkeypatch.setattr("kiosk.ui.pin_pad.pad.announce", lambda widget, text: spoken.append(text))
    wait = [0.0]
    pad = PinPad(lambda pin: _throttled(90.0), lambda: wait[0], can_cancel=True)
    pad.set_caption(None)
    shown(qtbot, pad)
    for digit in "1357":
        pad.type_digit(digit)
    typed = pad.accessible_value()
    wait[0] = 90.0
    pad.submit()
    assert pad.is_waiting
    with painted_words(monkeypatch) as painted:
        pad.grab()
    texts = [*widget_texts(pad), *painted, typed, pad.accessible_value(), *spoken]
    assert len(spoken) == 2  # the wrong PIN, and the wait
    assert untranslated(texts) == []


class MissingFromCatalogue(gettext.GNUTranslations):
    """The German catalogue, noting every message looked up that it does not hold: a string
    marked in a way Babel does not extract (an `N_` inside a `_` call) is translated in the
    pseudo-language but stays English in German."""

    missing: list[str]

    def gettext(self, message: str) -> str:
        if message not in self._catalog:  # type: ignore[attr-defined]
            self.missing.append(message)
        return super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        if (msgid1, 0) not in self._catalog:  # type: ignore[attr-defined]
            self.missing.append(msgid1)
        return super().ngettext(msgid1, msgid2, n)


def test_every_message_the_pages_look_up_is_in_the_german_catalogue(
    parent_screens: ParentScreens, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open(i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "kiosk.mo", "rb") as compiled:
        german = MissingFromCatalogue(compiled)
    german.missing = []
    i18n.use_translations(german, "de")
    every_page_reads(parent_screens, monkeypatch)
    assert german.missing == []
