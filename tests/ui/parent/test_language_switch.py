"""The language changes while the kiosk runs: a parent who saves the settings with another
`ui.language` reads the open panel, the PIN pad and the lock in it at once, and Qt's own dialogs
follow. And German spot checks: real sentences as a German parent reads them."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core import i18n
from kiosk.core.config.load import Config
from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.language import QtTranslator
from kiosk.ui.lock import LockScreen
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.parent.pin import wait_message
from kiosk.ui.parent.settings import SettingsPage
from kiosk.ui.parent.week_chart import WeekChart
from kiosk.ui.screens import StartScreen, TimesUpScreen
from tests.ui.kiosk_kit import Kiosk, open_panel_over_feed
from tests.ui.parent_helpers import PageFactory
from tests.ui.parent_screens import ParentScreens


def save_language(panel: ParentPanel, language: str) -> None:
    panel.home.open_settings.emit()
    editor = panel.settings.editor("ui.language")
    editor.set_value(language)
    assert panel.settings.save() is not None


def test_saving_another_language_rewords_the_open_panel_at_once_and_back(
    qtbot: QtBot, make_kiosk: object
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    _feed, panel = open_panel_over_feed(qtbot, kiosk)
    assert panel.home.settings_button.text() == "Settings"

    save_language(panel, "de")
    assert i18n.language() == "de"
    assert kiosk.services.config.ui.language == "de"
    settings = panel.settings
    assert settings.save_button.text() == "Speichern"
    assert (
        settings.status.text() == "Gespeichert. Der Kiosk verwendet jetzt die neuen Einstellungen."
    )
    assert settings.editor("ui.language").field.itemText(0) == "Systemsprache"  # type: ignore[attr-defined]
    assert settings.editor("session.chime").box.text() in ("Ein", "Aus")  # type: ignore[attr-defined]
    settings.back.emit()
    home = panel.home
    assert home.settings_button.text() == "Einstellungen"
    assert home.time_left_caption.text() == "Verbleibende Zeit in dieser Sitzung"
    assert home.add_buttons[5].text() == "+5 Min."  # type: ignore[attr-defined]
    assert home.used_today.text().startswith("Heute genutzt: ")
    assert kiosk.flow.parent_pad.accessibleName() == "Die Eltern-PIN"
    assert kiosk.flow.lock_screen.pad.caption == "Einen Erwachsenen fragen"

    save_language(panel, "en")
    assert i18n.language() == "en"
    assert panel.settings.save_button.text() == "Save"
    panel.settings.back.emit()
    assert panel.home.settings_button.text() == "Settings"
    assert panel.home.time_left_caption.text() == "Time left in this session"


def test_the_lock_rewords_its_chips_when_the_language_changes(qtbot: QtBot) -> None:
    lock = LockScreen(lambda pin: AttemptResult("wrong", 1, 0.0, None), lambda: 0.0)
    qtbot.addWidget(lock)
    lock.set_ask(may_ask=True, asked=True)
    assert [words for _, words in lock.moon.chips] == ["+5 min", "One more clip", "Not today"]
    i18n.set_language("de")
    assert [words for _, words in lock.moon.chips] == ["+5 Min.", "Noch ein Clip", "Heute nicht"]
    lock.show_pad("clip")
    assert lock.pad.caption == "Noch ein Clip"


def test_qts_own_dialogs_follow_the_language() -> None:
    app = QCoreApplication.instance()
    assert app is not None
    translator = QtTranslator(app)
    try:
        i18n.set_language("de")
        assert translator.loaded == "de"
        assert QCoreApplication.translate("QFileDialog", "Directory:") == "Verzeichnis:"
        i18n.set_language("en")
        assert translator.loaded is None
        assert QCoreApplication.translate("QFileDialog", "Directory:") == "Directory:"
    finally:
        i18n.set_language("en")


def test_a_closed_screen_is_neither_kept_nor_called_by_the_language(
    qtbot: QtBot, make_page: PageFactory
) -> None:
    before = list(i18n._listeners)
    page = make_page()
    its_own = [listener for listener in i18n._listeners if listener not in before]
    assert its_own  # the page and its rows listen
    gone = weakref.ref(page)
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del page
    gc.collect()
    assert gone() is None  # the listeners did not keep it
    assert [listener for listener in its_own if listener in i18n._listeners] == []  # they ended
    i18n.set_language("de")  # nothing reaches the deleted page's widgets


def test_german_sentences_on_the_parents_screens(parent_screens: ParentScreens) -> None:
    i18n.set_language("de")
    retry = datetime(2026, 12, 7, 17, 5, tzinfo=UTC)
    waiting = AttemptResult("wrong", 5, 600.0, retry)
    assert wait_message(waiting, ZoneInfo("Europe/Berlin")) == (
        "Zu viele falsche Versuche: Warten Sie bis 18:05 Uhr."
    )
    short = AttemptResult("wrong", 3, 30.0, retry - timedelta(minutes=9))
    assert wait_message(short, ZoneInfo("Europe/Berlin")) == (
        "Zu viele falsche Versuche: Warten Sie 30 Sekunden."
    )
    panel = parent_screens.panel
    assert panel.home.leave_button.text() == "Kiosk verlassen"
    assert panel.home.clip_buttons[1].text() == "+1 Clip"  # type: ignore[attr-defined]
    assert panel.home.clip_buttons[2].text() == "+2 Clips"  # type: ignore[attr-defined]
    panel.home.end_session.emit()
    assert panel.confirm.question.text() == "Sitzung jetzt beenden?"
    library = parent_screens.panel.library
    assert library is not None
    library.refresh()
    assert library.summary.text().startswith("4 Clips in 2 Sendungen")
    week = parent_screens.panel.week
    assert week is not None
    week.load()
    assert any("Uhr" in line for line in _texts(week.sessions))


def test_the_settings_page_in_german_names_its_settings_and_languages(
    make_page: PageFactory,
) -> None:
    i18n.set_language("de")
    page: SettingsPage = make_page(Config.defaults())
    combo = page.editor("ui.language").field
    items = [combo.itemText(index) for index in range(combo.count())]  # type: ignore[attr-defined]
    assert items == ["Systemsprache", "English", "Deutsch"]
    assert page.editor("player.max_volume").field.accessibleName() == "Höchste Lautstärke"


def _texts(layout: object) -> list[str]:
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    assert isinstance(layout, QVBoxLayout)
    found = []
    for index in range(layout.count()):
        widget = layout.itemAt(index).widget()
        if isinstance(widget, QLabel):
            found.append(widget.text())
    return found


@pytest.mark.parametrize("make", [StartScreen, TimesUpScreen, WeekChart])
def test_a_screen_that_words_itself_goes_at_once_when_dropped(make: type[QWidget]) -> None:
    """Not when the collector comes round: a screen kept by a cycle through its own words
    would keep its timers running meanwhile (a feed's, into a released player)."""
    gc.disable()
    try:
        screen = make()
        gone = weakref.ref(screen)
        del screen
        assert gone() is None
    finally:
        gc.enable()
