"""The settings page's days of the week: generated from the keys the schema lets a day set,
showing what each day sets, saving it as [schedule.sat] tables, and refusing a bad day's value
with the core's reason on the right day."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.core.config.load import Config, load_config, read_config, save_config
from kiosk.core.config.schema import PER_DAY_SETTINGS
from kiosk.ui.parent.settings import SettingsPage
from tests.ui.parent_helpers import PageFactory


def type_into(qtbot: QtBot, page: SettingsPage, key: str, text: str) -> None:
    _, day, _ = key.split(".")
    page.schedule.show_day(day)
    field = page.schedule.field(key)
    field.selectAll()
    qtbot.keyClicks(field, text)


def save(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_each_day_has_a_field_for_every_key_a_day_may_set(make_page: PageFactory) -> None:
    page = make_page()
    texts = {label.text() for label in page.findChildren(QLabel)}
    assert "Days of the week" in texts
    for day in ("mon", "sat", "sun"):
        for setting in PER_DAY_SETTINGS:
            field = page.schedule.field(f"schedule.{day}.{setting.name}")
            assert field.text() == "" and field.placeholderText() == "As every day"
    assert page.schedule.day_box.count() == 7
    assert page.schedule.day_box.itemText(5) == "Saturday"


def test_a_days_values_are_saved_as_its_table_and_load_back(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    page = make_page()
    type_into(qtbot, page, "schedule.sat.daily_limit_minutes", "90")
    type_into(qtbot, page, "schedule.sat.allowed_hours", "08:00-20:00")
    type_into(qtbot, page, "schedule.sun.allowed_hours", "any")
    type_into(qtbot, page, "schedule.sun.clips", "12")
    with qtbot.waitSignal(page.saved, timeout=1000):
        save(qtbot, page)
    raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    assert raw["schedule"] == {
        "sat": {"daily_limit_minutes": 90, "allowed_hours": ["08:00-20:00"]},
        "sun": {"clips": 12, "allowed_hours": []},
    }
    reopened = make_page(load_config(config_path))
    assert reopened.schedule.field("schedule.sun.allowed_hours").text() == "any"
    assert reopened.schedule.field("schedule.sat.daily_limit_minutes").text() == "90"
    assert reopened.schedule.field("schedule.mon.minutes").text() == ""


def test_a_bad_day_value_is_refused_on_its_day_and_nothing_is_saved(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    page = make_page()
    type_into(qtbot, page, "schedule.sun.minutes", "45")
    type_into(qtbot, page, "schedule.sun.clips", "2")
    page.schedule.show_day("mon")
    save(qtbot, page)
    assert not config_path.exists()
    assert page.schedule.day_box.currentText() == "Sunday"  # it turned to the refused day
    assert page.schedule.error_text("schedule.sun.minutes") == (
        "schedule.sun.minutes = 45 is out of range (10 to 20)"
    )
    assert "0 for off, or 3 to 50" in page.schedule.error_text("schedule.sun.clips")
    assert page.problem.text() == "Nothing was saved. 2 settings to fix, marked in red."


def test_saving_other_settings_keeps_the_days(
    qtbot: QtBot, make_page: PageFactory, config_path: Path
) -> None:
    save_config(Config.defaults(), config_path)
    config_path.write_text(
        config_path.read_text(encoding="utf-8") + "\n[schedule.fri]\nminutes = 20\n",
        encoding="utf-8",
    )
    page = make_page(load_config(config_path))
    page.editor("library.order").set_value("sequential")
    save(qtbot, page)
    config, errors = read_config(config_path)
    assert errors == [] and config.schedule.fri.minutes == 20
    assert config.library.order == "sequential"
