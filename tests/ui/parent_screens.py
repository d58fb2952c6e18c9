"""Every parent-side screen, built for the accessibility, keyboard and text-size tests: the
parent panel (with a library in memory and a week of real history) and first-run setup, on a
real PIN guard."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.gui_thread import GuiThread
from kiosk.core.clip import Clip
from kiosk.core.config.load import Config
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.setup.wizard import SetupWizard
from tests.core.report.history_kit import fresh_store
from tests.ui.parent import week_kit
from tests.ui.parent_helpers import PIN, MemoryLibrary, RecordingActions, make_clips, open_guard


def library_clips() -> list[tuple[Clip, float | None]]:
    """Two shows and a loose clip, one of them new and waiting for approval."""
    clips = [
        Clip(Path("/clips/Penguins/slide.mp4"), "The penguins slide", "Penguins"),
        Clip(Path("/clips/Penguins/swim.mp4"), "Penguins swim under the ice", "Penguins"),
        Clip(Path("/clips/Trains/steam.mp4"), "Steam train", "Trains"),
        Clip(Path("/clips/hello.mp4"), "Hello", None),
    ]
    return [(clip, 65.0) for clip in clips]


@dataclass
class ParentScreens:
    panel: ParentPanel
    library: MemoryLibrary
    actions: RecordingActions
    wizard: SetupWizard
    clip_folder: Path

    def pages(self) -> Iterator[tuple[str, QWidget]]:
        """Each page of the panel and of setup, brought to the front in turn."""
        panel = self.panel
        yield "home", panel.home
        panel.home.open_settings.emit()
        yield "settings", panel.settings
        panel.settings.back.emit()
        panel.home.change_pin.emit()
        yield "change PIN", panel.pin
        panel.pin.back.emit()
        panel.home.end_session.emit()
        yield "are you sure", panel.confirm
        panel.confirm.cancelled.emit()
        panel.home.open_library.emit()
        assert panel.library is not None
        yield "library", panel.library
        panel.library.open_preview(self.library.clips[0][0])
        yield "preview", panel.library.preview
        panel.library.close_preview()
        panel.library.closed.emit()
        panel.home.open_week.emit()
        assert panel.week is not None
        yield "week", panel.week
        panel.week.back.emit()
        wizard = self.wizard
        for step, name in enumerate(("setup: PIN", "setup: folder", "setup: minutes")):
            wizard._go(step)
            yield name, wizard
        wizard.code_view.show_code("K7RM-X4PT-QH9C-2WNV")
        wizard._go(3)
        yield "setup: recovery code", wizard


@pytest.fixture
def parent_screens(qtbot: QtBot, tmp_path: Path) -> Iterator[ParentScreens]:
    """The panel and setup, shown side by side at a parent's tablet size (resize as needed)."""
    guard, store = open_guard(tmp_path / "kiosk.sqlite3")
    guard.set_pin(PIN)
    clips = library_clips()
    library = MemoryLibrary(clips, pending=[clips[1][0].path])
    actions = RecordingActions()
    config_path = tmp_path / "config" / "config.toml"
    (tmp_path / "week").mkdir()
    week_store = fresh_store(tmp_path / "week")
    week_kit.seed_week(week_store)
    week = week_kit.MemoryWeek(week_store, week_kit.library_clips())
    panel = ParentPanel(actions, guard, Config.defaults(), config_path, library=library, week=week)
    clip_folder = make_clips(tmp_path / "Kids", 3)
    (tmp_path / "setup").mkdir()
    setup_guard, setup_store = open_guard(tmp_path / "setup" / "kiosk.sqlite3")
    gui_thread = GuiThread()
    wizard = SetupWizard(setup_guard, tmp_path / "setup" / "config.toml", gui_thread.post)
    for widget in (panel, wizard):
        qtbot.addWidget(widget)
        widget.resize(768, 1024)
        widget.show()
        qtbot.waitExposed(widget)
    try:
        yield ParentScreens(panel, library, actions, wizard, clip_folder)
    finally:
        for widget in (panel, wizard):
            widget.close()
        gui_thread.close()
        store.close()
        week_store.close()
        setup_store.close()
