"""The parent panel by keyboard alone: the focus starts on the first control and goes in reading
order with Tab, Shift+Tab and the arrows; Enter and Space use every action; Esc goes one step
back, and from the first page back to the kiosk. Every key goes to what has the focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.core.config.load import Config, read_config
from kiosk.core.pin.guard import PinGuard
from kiosk.ui.parent.panel import ParentPanel
from tests.core.report.history_kit import fresh_store
from tests.ui.keyboard import focus_order, focused, press, show_for_keys, tab_to, type_text
from tests.ui.parent import week_kit
from tests.ui.parent_helpers import NEW_PIN, PIN, MemoryLibrary, RecordingActions
from tests.ui.parent_screens import library_clips

Key = Qt.Key
HOME_ORDER = [
    "back_to_kiosk",
    "add_5",
    "add_10",
    "add_15",
    "end_session",
    "new_session",
    "open_library",
    "open_settings",
    "change_pin",
    "leave_kiosk",
]


@pytest.fixture
def library() -> MemoryLibrary:
    clips = library_clips()
    return MemoryLibrary(clips, pending=[clips[1][0].path])


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


@pytest.fixture
def panel(
    qtbot: QtBot,
    guard: PinGuard,
    actions: RecordingActions,
    library: MemoryLibrary,
    config_path: Path,
) -> ParentPanel:
    panel = ParentPanel(actions, guard, Config.defaults(), config_path, library=library)
    show_for_keys(qtbot, panel)
    panel.setFocus(Qt.FocusReason.OtherFocusReason)  # as the kiosk window does when it opens it
    return panel


def names(widgets: list[QWidget]) -> list[str]:
    return [widget.objectName() for widget in widgets]


def button_named(panel: ParentPanel, name: str) -> QWidget:
    found = panel.findChild(QWidget, name)
    assert found is not None, name
    return found


def test_the_focus_starts_on_the_first_control_and_tab_goes_in_reading_order(
    qtbot: QtBot, panel: ParentPanel
) -> None:
    assert focused() is panel.home.back_button
    assert names(focus_order(qtbot, len(HOME_ORDER))) == [*HOME_ORDER, HOME_ORDER[0]]
    backwards = names(focus_order(qtbot, 2, Key.Key_Backtab))
    assert backwards == [HOME_ORDER[0], HOME_ORDER[-1], HOME_ORDER[-2]]


def test_the_arrows_move_the_focus_between_buttons_as_tab_does(
    qtbot: QtBot, panel: ParentPanel
) -> None:
    assert names(focus_order(qtbot, 3, Key.Key_Down)) == HOME_ORDER[:4]
    assert names(focus_order(qtbot, 2, Key.Key_Left)) == [HOME_ORDER[3], *HOME_ORDER[1:3][::-1]]


def test_a_focused_button_shows_a_ring(qtbot: QtBot, panel: ParentPanel) -> None:
    settings = panel.home.settings_button
    plain = settings.grab().toImage()
    tab_to(qtbot, settings)
    assert settings.grab().toImage() != plain


@pytest.mark.parametrize(
    ("name", "key", "call"),
    [
        ("add_5", Key.Key_Return, ("add_minutes", 5)),
        ("add_10", Key.Key_Space, ("add_minutes", 10)),
        ("add_15", Key.Key_Enter, ("add_minutes", 15)),
        ("new_session", Key.Key_Return, ("start_new_session_now",)),
        (
            "back_to_kiosk",
            Key.Key_Return,
            ("record_event", "parent_panel_closed", {"reason": "back"}),
        ),
    ],
)
def test_enter_or_space_uses_each_action(
    qtbot: QtBot,
    panel: ParentPanel,
    actions: RecordingActions,
    name: str,
    key: Qt.Key,
    call: tuple[object, ...],
) -> None:
    tab_to(qtbot, button_named(panel, name))
    with qtbot.waitSignal(panel.closed, timeout=1000):
        press(qtbot, key)
    assert actions.calls[-1] == call


@pytest.mark.parametrize(
    ("name", "call"), [("end_session", "end_session_now"), ("leave_kiosk", "leave_kiosk")]
)
def test_an_action_that_asks_first_is_confirmed_by_keyboard(
    qtbot: QtBot, panel: ParentPanel, actions: RecordingActions, name: str, call: str
) -> None:
    tab_to(qtbot, button_named(panel, name))
    press(qtbot, Key.Key_Return)
    assert panel.pages.currentWidget() is panel.confirm
    assert focused() is panel.confirm.no  # the safe answer has the focus
    press(qtbot, Key.Key_Escape)  # Esc is "no"
    assert panel.pages.currentWidget() is panel.home and actions.calls == []
    tab_to(qtbot, button_named(panel, name))
    press(qtbot, Key.Key_Return)
    tab_to(qtbot, panel.confirm.yes, backwards=True)
    with qtbot.waitSignal(panel.closed, timeout=1000):
        press(qtbot, Key.Key_Return)
    assert actions.calls == [(call,)]


def test_esc_on_the_first_page_goes_back_to_the_kiosk(
    qtbot: QtBot, panel: ParentPanel, actions: RecordingActions
) -> None:
    press(qtbot, Key.Key_Tab)
    with qtbot.waitSignal(panel.closed, timeout=1000):
        press(qtbot, Key.Key_Escape)
    assert actions.calls == [("record_event", "parent_panel_closed", {"reason": "back"})]


def test_settings_are_edited_and_saved_by_keyboard(
    qtbot: QtBot, panel: ParentPanel, config_path: Path
) -> None:
    tab_to(qtbot, panel.home.settings_button)
    press(qtbot, Key.Key_Return)
    settings = panel.settings
    assert focused().objectName() == "settings_back"
    tab_to(qtbot, settings.editor("session.minutes").field)
    press(qtbot, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "12")
    tab_to(qtbot, settings.editor("library.order").field)
    press(qtbot, Key.Key_Down)  # a choice box's arrows choose
    tab_to(qtbot, settings.editor("session.chime").field)
    press(qtbot, Key.Key_Space)
    tab_to(qtbot, settings.editor("session.show_numbers").field)
    press(qtbot, Key.Key_Return)  # a switch flips on Enter too
    tab_to(qtbot, settings.save_button)
    with qtbot.waitSignal(settings.saved, timeout=1000):
        press(qtbot, Key.Key_Return)
    saved = read_config(config_path)[0]
    assert saved.session.minutes == 12 and saved.library.order == "sequential"
    assert (saved.session.chime, saved.session.show_numbers) == (False, True)
    press(qtbot, Key.Key_Escape)
    assert panel.pages.currentWidget() is panel.home
    assert focused() is panel.home.back_button


def test_esc_leaves_settings_without_saving(
    qtbot: QtBot, panel: ParentPanel, config_path: Path
) -> None:
    tab_to(qtbot, panel.home.settings_button)
    press(qtbot, Key.Key_Return)
    tab_to(qtbot, panel.settings.editor("player.volume").field)
    press(qtbot, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "40")
    press(qtbot, Key.Key_Escape)
    assert panel.pages.currentWidget() is panel.home
    assert not config_path.exists()


def test_the_pin_is_changed_by_keyboard(qtbot: QtBot, panel: ParentPanel, guard: PinGuard) -> None:
    tab_to(qtbot, panel.home.pin_button)
    press(qtbot, Key.Key_Space)
    assert focused().objectName() == "pin_back"
    for field, text in (
        (panel.pin.current, PIN),
        (panel.pin.new, NEW_PIN),
        (panel.pin.again, NEW_PIN),
    ):
        press(qtbot, Key.Key_Tab)
        assert focused() is field
        type_text(qtbot, text)
    press(qtbot, Key.Key_Return)
    assert panel.pin.showing_code
    assert focused() is panel.pin.done_button
    press(qtbot, Key.Key_Return)
    assert panel.pages.currentWidget() is panel.home
    assert guard.attempt(NEW_PIN).outcome == "ok"


def _control(panel: ParentPanel, widget: QWidget) -> str:
    """What a control of the library page is, in words, for the test to read."""
    assert panel.library is not None
    grid = panel.library.grid
    for tile in grid.built_tiles:
        assert tile.tile is not None
        for part in ("picture", "switch", "approve_button"):
            if widget is getattr(tile, part):
                return f"{part} {tile.tile.clip.title}"
    for show in ("Penguins", "Trains", None):
        header = grid.header_widget(show)
        if header is not None and widget in (header.switch, header.approve_all):
            return f"{'switch' if widget is header.switch else 'approve all'} {show}"
    return widget.objectName()


def test_the_library_goes_in_reading_order_and_every_choice_is_made_by_keyboard(
    qtbot: QtBot, panel: ParentPanel, library: MemoryLibrary
) -> None:
    tab_to(qtbot, panel.home.library_button)
    press(qtbot, Key.Key_Return)
    assert focused().objectName() == "library_back"
    order = [_control(panel, widget) for widget in focus_order(qtbot, 12)]
    assert order == [
        "library_back",
        "switch Penguins",
        "approve all Penguins",
        "picture The penguins slide",
        "switch The penguins slide",
        "picture Penguins swim under the ice",
        "approve_button Penguins swim under the ice",
        "switch Trains",
        "picture Steam train",
        "switch Steam train",
        "picture Hello",
        "switch Hello",
        "library_back",
    ]
    slide, swim = library.clips[0][0], library.clips[1][0]
    view = panel.library
    assert view is not None
    tab_to(qtbot, view.grid.tile_widget(slide).switch)  # type: ignore[union-attr]
    press(qtbot, Key.Key_Space)
    tab_to(qtbot, view.grid.tile_widget(swim).approve_button)  # type: ignore[union-attr]
    press(qtbot, Key.Key_Return)
    tab_to(qtbot, view.grid.header_widget("Trains").switch)  # type: ignore[union-attr]
    press(qtbot, Key.Key_Return)
    assert library.calls == [
        ("set_clip_hidden", slide, True),
        ("approve", [swim.path]),
        ("set_show_hidden", "Trains", True),
    ]
    picture = view.grid.tile_widget(slide).picture  # type: ignore[union-attr]
    tab_to(qtbot, picture, backwards=True)
    press(qtbot, Key.Key_Return)
    assert view.is_previewing and view.preview.clip == slide
    assert focused().objectName() == "preview_close"
    tab_to(qtbot, view.preview.play_button)
    press(qtbot, Key.Key_Space)
    assert not view.preview.is_playing
    press(qtbot, Key.Key_Escape)
    assert not view.is_previewing and focused() is picture
    press(qtbot, Key.Key_Escape)
    assert panel.pages.currentWidget() is panel.home


def _big_library_view(
    qtbot: QtBot, guard: PinGuard, actions: RecordingActions, config_path: Path
) -> tuple[ParentPanel, list[Clip]]:
    clips = [
        (
            Clip(
                Path(f"/clips/Show {n // 20}/clip {n:02d}.mp4"), f"Clip {n:02d}", f"Show {n // 20}"
            ),
            30.0,
        )
        for n in range(60)
    ]
    library = MemoryLibrary(clips)
    panel = ParentPanel(actions, guard, Config.defaults(), config_path, library=library)
    show_for_keys(qtbot, panel, (768, 700))
    panel.setFocus()
    tab_to(qtbot, panel.home.library_button)
    press(qtbot, Key.Key_Return)
    return panel, [clip for clip, _ in clips]


def test_tab_keeps_reading_order_after_scrolling_has_reused_the_tiles(
    qtbot: QtBot, guard: PinGuard, actions: RecordingActions, config_path: Path
) -> None:
    panel, clips = _big_library_view(qtbot, guard, actions, config_path)
    assert panel.library is not None
    bar = panel.library.grid.verticalScrollBar()
    for value in (bar.maximum(), bar.maximum() // 2, 0):
        bar.setValue(value)
    pictures = []
    for _ in range(40):
        described = _control(panel, focused())
        if described.startswith("picture "):
            pictures.append(described.removeprefix("picture "))
        press(qtbot, Key.Key_Tab)
    assert pictures == [clip.title for clip in clips[: len(pictures)]]
    assert len(pictures) >= 10


def test_tab_reaches_every_clip_of_a_big_library_and_the_grid_follows(
    qtbot: QtBot, guard: PinGuard, actions: RecordingActions, config_path: Path
) -> None:
    panel, clips = _big_library_view(qtbot, guard, actions, config_path)
    view = panel.library
    assert view is not None
    seen: set[str] = set()
    last = clips[-1]
    for _ in range(400):
        widget = focused()
        described = _control(panel, widget)
        if described.startswith("picture "):
            seen.add(described.removeprefix("picture "))
            # The grid keeps what has the focus on screen.
            top = widget.mapTo(view.grid.viewport(), widget.rect().topLeft()).y()
            assert top >= 0 and top + widget.height() <= view.grid.viewport().height()
        tile = view.grid.tile_widget(last)
        if tile is not None and widget is tile.picture:
            break
        press(qtbot, Key.Key_Tab)
    assert seen == {clip.title for clip in clips}
    assert view.grid.verticalScrollBar().value() > 0


def test_the_week_is_opened_and_left_by_keyboard(
    qtbot: QtBot, guard: PinGuard, actions: RecordingActions, config_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "week").mkdir()
    store = fresh_store(tmp_path / "week")
    week_kit.seed_week(store)
    week = week_kit.MemoryWeek(store, week_kit.library_clips())
    try:
        panel = ParentPanel(actions, guard, Config.defaults(), config_path, week=week)
        show_for_keys(qtbot, panel)
        panel.setFocus()
        tab_to(qtbot, panel.home.week_button)
        press(qtbot, Key.Key_Return)
        assert panel.pages.currentWidget() is panel.week and week.reads == 1
        assert focused().objectName() == "week_back"
        press(qtbot, Key.Key_Escape)
        assert panel.pages.currentWidget() is panel.home
        tab_to(qtbot, panel.home.week_button)
        press(qtbot, Key.Key_Space)
        press(qtbot, Key.Key_Return)  # Back
        assert panel.pages.currentWidget() is panel.home and week.reads == 2
    finally:
        store.close()
