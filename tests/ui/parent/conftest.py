"""What the parent panel's tests share: a PIN guard with the parent's PIN set on a real state
file, a recording stand-in for the kiosk's actions, and the panel and the settings page shown
at a phone-like size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.config.load import Config
from kiosk.core.pin.guard import PinGuard
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.parent.settings import SettingsPage
from tests.ui.parent_helpers import PIN, PageFactory, PanelFactory, RecordingActions, open_guard


@pytest.fixture
def guard(tmp_path: Path) -> Iterator[PinGuard]:
    guard, connection = open_guard(tmp_path / "kiosk.sqlite3")
    guard.set_pin(PIN)
    yield guard
    connection.close()


@pytest.fixture
def actions() -> RecordingActions:
    return RecordingActions()


@pytest.fixture
def make_panel(
    qtbot: QtBot, guard: PinGuard, actions: RecordingActions, tmp_path: Path
) -> PanelFactory:
    def make(**kwargs: object) -> ParentPanel:
        panel = ParentPanel(actions, guard, Config.defaults(), tmp_path / "config.toml", **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        panel.resize(405, 720)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


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
