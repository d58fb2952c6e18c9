"""The parent panel's week page: opened from home (by touch or keyboard) and read afresh each
time, today's sessions in order, the most watched shows with their pictures, the events newest
first, and one sentence when the week cannot be read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout
from pytestqt.qtbot import QtBot

from kiosk.core.config.load import Config
from kiosk.core.pin.guard import PinGuard
from kiosk.core.store.store import Store
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.parent.week import NO_SESSIONS, ShowPicture
from tests.core.report.history_kit import fresh_store
from tests.ui.parent.week_kit import TODAY, MemoryWeek, library_clips, seed_week
from tests.ui.parent_helpers import PIN, RecordingActions, open_guard, write_png

PanelFactory = Callable[..., ParentPanel]


@pytest.fixture
def week(tmp_path: Path) -> Iterator[MemoryWeek]:
    store: Store = fresh_store(tmp_path)
    seed_week(store)
    yield MemoryWeek(store, library_clips())
    store.close()


@pytest.fixture
def panel(qtbot: QtBot, tmp_path: Path, week: MemoryWeek) -> Iterator[ParentPanel]:
    guard: PinGuard
    guard, store = open_guard(tmp_path / "guard" / "kiosk.sqlite3")
    guard.set_pin(PIN)
    panel = ParentPanel(
        RecordingActions(), guard, Config.defaults(), tmp_path / "config.toml", week=week
    )
    qtbot.addWidget(panel)
    panel.resize(405, 720)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    store.close()


def texts(layout: QLayout) -> list[str]:
    """The labels' words in `layout`, nested rows included, top to bottom."""
    found = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget, inner = item.widget(), item.layout()
        if isinstance(widget, QLabel):
            found.append(widget.text())
        elif inner is not None:
            found += texts(inner)
    return found


def pictures(panel: ParentPanel) -> list[ShowPicture]:
    assert panel.week is not None
    layout = panel.week.shows
    return [
        row.itemAt(0).widget()  # type: ignore[misc]
        for row in (layout.itemAt(i).layout() for i in range(layout.count()))
        if row is not None
    ]


def open_week(qtbot: QtBot, panel: ParentPanel) -> None:
    qtbot.mouseClick(panel.home.week_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.week


def test_the_week_button_opens_the_week_read_afresh_each_time(
    qtbot: QtBot, panel: ParentPanel, week: MemoryWeek
) -> None:
    assert panel.home.week_button.isVisible()
    open_week(qtbot, panel)
    assert panel.week is not None
    assert [day.date for day in panel.week.chart.days][-1] == TODAY
    assert panel.week.chart.today == TODAY
    qtbot.mouseClick(panel.week.back_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.home
    open_week(qtbot, panel)
    assert week.reads == 2


def test_without_week_actions_there_is_no_week_button(qtbot: QtBot, tmp_path: Path) -> None:
    guard, store = open_guard(tmp_path / "kiosk.sqlite3")
    panel = ParentPanel(RecordingActions(), guard, Config.defaults(), tmp_path / "config.toml")
    qtbot.addWidget(panel)
    panel.show()
    assert panel.week is None
    assert not panel.home.week_button.isVisible()
    store.close()


def test_the_keyboard_reaches_the_week_and_back(qtbot: QtBot, panel: ParentPanel) -> None:
    button = panel.home.week_button
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert button.accessibleName().startswith("This week")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert panel.pages.currentWidget() is panel.week
    assert panel.week is not None
    back = panel.week.back_button
    assert back.accessibleName() == "Back to the parent panel"
    back.setFocus()
    qtbot.keyClick(back, Qt.Key.Key_Space)
    assert panel.pages.currentWidget() is panel.home


def test_todays_sessions_in_the_order_they_began(qtbot: QtBot, panel: ParentPanel) -> None:
    open_week(qtbot, panel)
    assert panel.week is not None
    assert texts(panel.week.sessions) == ["09:00 to 09:05: 5 min.", "16:00 to 16:20: 20 min."]


def test_the_events_newest_first_in_sentences(qtbot: QtBot, panel: ParentPanel) -> None:
    open_week(qtbot, panel)
    assert panel.week is not None
    assert texts(panel.week.events) == [
        "Thu 16:40 \u00b7 The child asked for more.",
        "Thu 16:05 \u00b7 A wrong PIN was typed.",
    ]


def test_the_top_shows_get_their_pictures(
    qtbot: QtBot, panel: ParentPanel, week: MemoryWeek, tmp_path: Path
) -> None:
    open_week(qtbot, panel)
    assert panel.week is not None
    assert texts(panel.week.shows) == [
        "Bouncy fun",
        "2 h 43 min",
        "Sky and sea",
        "1 h 21 min",
        "Loose clip",
        "1 min",
    ]
    # The loose clip left the library: no picture is asked for, and it keeps the placeholder.
    assert [clip.title for clip in week.requests] == ["Ball", "Sunrise"]
    ball, sunrise = week.requests
    week.answer(ball, write_png(tmp_path / "ball.png", "#e07040"))
    week.answer(sunrise, None)
    first, second, third = pictures(panel)
    assert first.pixmap is not None and second.pixmap is None and third.pixmap is None
    painted = first.grab().toImage()
    assert painted.pixelColor(30, 40).name() == "#e07040"


def test_leaving_the_page_cancels_the_pictures_on_their_way(
    qtbot: QtBot, panel: ParentPanel, week: MemoryWeek
) -> None:
    open_week(qtbot, panel)
    assert week.open_requests
    assert panel.week is not None
    qtbot.mouseClick(panel.week.back_button, Qt.MouseButton.LeftButton)
    assert week.open_requests == {}


def test_a_week_that_cannot_be_read_says_so(
    qtbot: QtBot, panel: ParentPanel, week: MemoryWeek
) -> None:
    week.unreadable = "The week could not be read."
    open_week(qtbot, panel)
    assert panel.week is not None
    assert panel.week.problem.isVisible()
    assert panel.week.problem.text() == "The week could not be read."
    assert not panel.week.chart.isVisible()
    assert texts(panel.week.sessions) == [NO_SESSIONS]
    # Read again once it can be: the sentence goes.
    week.unreadable = None
    qtbot.mouseClick(panel.week.back_button, Qt.MouseButton.LeftButton)
    open_week(qtbot, panel)
    assert not panel.week.problem.isVisible()
    assert panel.week.chart.isVisible()
