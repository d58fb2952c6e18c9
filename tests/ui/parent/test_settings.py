"""The settings page: generated from the schema, refusing bad values with the core's reason, and
saving a good config atomically so that it loads back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.core.config.load import SETTINGS, SETTINGS_BY_KEY, Config, read_config, save_config
from kiosk.ui.parent.editors import SettingEditor, TomlEditor
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.parent.settings import SettingsPage
from tests.ui.parent_helpers import PIN, RecordingActions, open_guard

PageFactory = Callable[..., SettingsPage]


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


@pytest.fixture
def make_page(qtbot: QtBot, config_path: Path) -> PageFactory:
    def make(config: Config | None = None, **kwargs: object) -> SettingsPage:
        page = SettingsPage(config or Config.defaults(), config_path, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(page)
        page.resize(405, 720)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def _type(qtbot: QtBot, editor: SettingEditor, text: str) -> None:
    assert isinstance(editor.field, QLineEdit)
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, text)


def _save(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_every_setting_has_an_editor_with_its_description_and_valid_range(
    make_page: PageFactory,
) -> None:
    page = make_page()
    texts = {label.text() for label in page.findChildren(QLabel)}
    for setting in SETTINGS:
        assert page.editor(setting.key).setting is setting
        assert setting.description in texts
        assert f"Valid: {setting.valid}. Key: {setting.key}." in texts


def test_editors_show_the_current_config(make_page: PageFactory, tmp_path: Path) -> None:
    config = Config.defaults()
    page = make_page(config)
    assert page.editor("session.minutes").value() == config.session.minutes
    assert page.editor("session.warn_at_seconds").value() == list(config.session.warn_at_seconds)
    assert page.editor("session.chime").value() is True
    assert page.editor("library.order").value() == "shuffle"
    assert page.editor("library.folder").value() == str(config.library.folder)


def test_refuses_session_minutes_45_with_the_reason_and_saves_nothing(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    page = make_page()
    saved: list[Config] = []
    page.saved.connect(saved.append)
    _type(qtbot, page.editor("session.minutes"), "45")
    _save(qtbot, page)
    assert page.error_text("session.minutes") == "session.minutes = 45 is out of range (10 to 20)"
    assert page.problem.isVisible()
    assert not config_path.exists()
    assert saved == []


def test_refuses_bad_list_entries_and_a_daily_limit_below_a_session(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    page = make_page()
    _type(qtbot, page.editor("session.allowed_hours"), "07:00-12:00, 25:00-26:00")
    _type(qtbot, page.editor("session.warn_at_seconds"), "120, soon")
    _type(qtbot, page.editor("session.daily_limit_minutes"), "12")
    _save(qtbot, page)
    assert "'25:00-26:00' has a time outside 00:00 to 23:59" in page.error_text(
        "session.allowed_hours"
    )
    assert '"soon" of the wrong type' in page.error_text("session.warn_at_seconds")
    assert "is less than session.minutes (15)" in page.error_text("session.daily_limit_minutes")
    assert page.error_text("session.minutes") == ""
    assert not config_path.exists()


def test_a_valid_change_is_saved_atomically_and_loads_back(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    save_config(Config.defaults(), config_path)  # an existing file is replaced, not appended to
    page = make_page()
    _type(qtbot, page.editor("session.minutes"), "12")
    _type(qtbot, page.editor("session.allowed_hours"), "07:00-12:00, 14:00-19:30")
    _type(qtbot, page.editor("session.warn_at_seconds"), "[30, 90]")
    chime = page.editor("session.chime")
    qtbot.mouseClick(chime.field, Qt.MouseButton.LeftButton)  # the switch, as a finger would
    page.editor("library.order").set_value("sequential")
    with qtbot.waitSignal(page.saved, timeout=1000) as signal:
        _save(qtbot, page)
    config, errors = read_config(config_path)
    assert errors == []
    assert config == signal.args[0]
    assert config.session.minutes == 12
    assert [str(hours) for hours in config.session.allowed_hours] == ["07:00-12:00", "14:00-19:30"]
    assert config.session.warn_at_seconds == (90, 30)
    assert config.session.chime is False
    assert config.library.order == "sequential"
    assert sorted(path.name for path in config_path.parent.iterdir()) == ["config.toml"]
    assert page.status.isVisible()


def test_the_step_buttons_stay_within_the_valid_range(qtbot: QtBot, make_page: PageFactory) -> None:
    page = make_page()
    editor = page.editor("session.minutes")
    for _ in range(8):
        qtbot.mouseClick(editor.number.plus, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert editor.value() == 20


def test_a_volume_above_the_maximum_is_refused_and_the_maximum_can_be_raised(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    page = make_page()
    _type(qtbot, page.editor("player.volume"), "95")
    _save(qtbot, page)
    assert page.error_text("player.volume") == (
        "player.volume = 95 is more than player.max_volume (85);"
        " use a number from 0 to 85, or raise player.max_volume"
    )
    assert not config_path.exists()
    _type(qtbot, page.editor("player.max_volume"), "95")
    with qtbot.waitSignal(page.saved, timeout=1000):
        _save(qtbot, page)
    player = read_config(config_path)[0].player
    assert (player.volume, player.max_volume) == (95, 95)


@pytest.mark.parametrize(("choice", "saved"), [(0, None), (1, True), (2, False)])
def test_reduced_motion_is_on_off_or_left_to_the_system(
    qtbot: QtBot, make_page: PageFactory, config_path: Path, choice: int, saved: bool | None
) -> None:
    page = make_page()
    editor = page.editor("ui.reduce_motion")
    assert editor.value() == "auto"
    editor.combo.setCurrentIndex(choice)  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.saved, timeout=1000):
        _save(qtbot, page)
    assert read_config(config_path)[0].ui.reduce_motion is saved
    assert page.editor("ui.reduce_motion").combo.currentIndex() == choice  # type: ignore[attr-defined]


def test_the_folder_is_chosen_with_the_picker(
    qtbot: QtBot, make_page: PageFactory, config_path: Path, tmp_path: Path
) -> None:
    chosen = tmp_path / "Kids videos"
    chosen.mkdir()
    asked: list[Path] = []

    def choose(parent: object, start: Path) -> Path:
        asked.append(start)
        return chosen

    page = make_page(choose_folder=choose)
    folder_editor = page.editor("library.folder")
    qtbot.mouseClick(folder_editor.folder.choose_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert asked == [Config.defaults().library.folder]
    with qtbot.waitSignal(page.saved, timeout=1000):
        _save(qtbot, page)
    assert read_config(config_path)[0].library.folder == chosen


@pytest.fixture
def panel(
    qtbot: QtBot, tmp_path: Path, config_path: Path, actions: RecordingActions
) -> Iterator[ParentPanel]:
    guard, connection = open_guard(tmp_path / "kiosk.sqlite3")
    guard.set_pin(PIN)
    panel = ParentPanel(actions, guard, Config.defaults(), config_path)
    qtbot.addWidget(panel)
    panel.resize(405, 720)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    connection.close()


def test_the_panel_emits_and_records_saved_settings(
    qtbot: QtBot, panel: ParentPanel, actions: RecordingActions
) -> None:
    qtbot.mouseClick(panel.home.settings_button, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.settings
    _type(qtbot, panel.settings.editor("player.volume"), "40")
    with qtbot.waitSignal(panel.settings_saved, timeout=1000) as signal:
        _save(qtbot, panel.settings)
    assert signal.args[0].player.volume == 40
    assert panel.config.player.volume == 40
    assert actions.calls == [("record_event", "settings_saved", {"changed": ["player.volume"]})]


def test_leaving_settings_drops_unsaved_edits(
    qtbot: QtBot, panel: ParentPanel, config_path: Path
) -> None:
    qtbot.mouseClick(panel.home.settings_button, Qt.MouseButton.LeftButton)
    _type(qtbot, panel.settings.editor("player.volume"), "40")
    qtbot.mouseClick(
        panel.findChild(type(panel.settings.save_button), "settings_back"),
        Qt.MouseButton.LeftButton,
    )
    assert panel.pages.currentWidget() is panel.home
    assert panel.settings.editor("player.volume").value() == 70
    assert not config_path.exists()


def test_a_pasted_value_nested_too_deep_to_read_is_refused_as_text(qtbot: QtBot) -> None:
    editor = TomlEditor(SETTINGS_BY_KEY["player.volume"])
    qtbot.addWidget(editor)
    pasted = "[" * 5000 + "]" * 5000
    editor.line.setText(pasted)
    assert editor.value() == pasted  # the core refuses it as the wrong type, with a sentence


def test_the_households_time_zone_is_typed_as_a_name_and_checked_by_the_core(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    page = make_page()
    editor = page.editor("session.time_zone")
    assert editor.value() == ""  # the zone recorded at setup
    _type(qtbot, editor, "Mars/Olympus")
    _save(qtbot, page)
    assert page.error_text("session.time_zone").startswith(
        'session.time_zone = "Mars/Olympus" is not a time zone this computer knows'
    )
    assert not config_path.exists()
    _type(qtbot, editor, '"America/New_York"')  # quotes, as in the file, are fine too
    with qtbot.waitSignal(page.saved, timeout=1000):
        _save(qtbot, page)
    assert read_config(config_path)[0].session.time_zone == "America/New_York"
