"""The parent panel's side of the clip budget and the child's ask: the clips left, the buttons
that grant clips (only where there are clips to add), and the ask with its "Not today"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.core.limits.settings import CLIP_GRANTS
from tests.core.fake_clock import BERLIN
from tests.ui.parent_helpers import PanelFactory, RecordingActions


def test_the_clip_buttons_grant_the_clips_the_rules_allow_and_close_the_panel(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    assert list(panel.home.clip_buttons) == list(CLIP_GRANTS)
    assert panel.home.clip_buttons[1].text() == "+1 clip"  # type: ignore[attr-defined]
    assert panel.home.clip_buttons[3].text() == "+3 clips"  # type: ignore[attr-defined]
    closed: list[int] = []
    panel.closed.connect(lambda: closed.append(1))
    qtbot.mouseClick(panel.home.clip_buttons[2], Qt.MouseButton.LeftButton)
    assert ("grant_clips", 2) in actions.calls and closed == [1]


def test_no_clip_buttons_for_a_session_with_no_clip_limit(
    make_panel: PanelFactory, actions: RecordingActions
) -> None:
    actions.clips_grantable = False
    panel = make_panel()
    assert not panel.home.clip_row.isVisible()
    assert not panel.home.clips_left.isVisible()  # and no clips to count


def test_the_clips_left_show_with_the_time_left(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    actions.clips_left = 4
    panel = make_panel()
    assert panel.home.clips_left.text() == "Clips left: 4"
    actions.clips_left = 3
    qtbot.waitUntil(lambda: panel.home.clips_left.text() == "Clips left: 3", timeout=5000)


def test_the_childs_ask_shows_when_it_came_and_not_today_answers_it(
    qtbot: QtBot, make_panel: PanelFactory, actions: RecordingActions
) -> None:
    panel = make_panel()
    assert not panel.home.asked_card.isVisible()
    actions.asked = datetime(2026, 11, 26, 17, 42, tzinfo=BERLIN)
    panel.refresh()
    assert panel.home.asked_card.isVisible()
    assert panel.home.asked.text() == "The child asked for more at 17:42."
    qtbot.mouseClick(panel.home.not_today_button, Qt.MouseButton.LeftButton)
    assert ("answer_not_today",) in actions.calls
    assert not panel.isVisible()
