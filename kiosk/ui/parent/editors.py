"""One editor per config setting, chosen from the setting's type in the schema.

The settings page never lists keys by hand: it asks `editor_for(setting)` for each row of
`SETTINGS`, so a key added to the schema gets an editor, with its description and valid range,
without touching the UI. Every editor speaks TOML values (`value()` returns what would be written
in `config.toml`) and passes on whatever was typed, even nonsense, so that the core's validation,
not the editor, decides and explains what is wrong.
"""

from __future__ import annotations

import tomllib
from typing import Any

import tomli_w
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.core.config.load import Config, Setting
from kiosk.core.config.types import (
    AUTO,
    AutoBool,
    Bool,
    Choice,
    FolderPath,
    HoursList,
    Int,
    IntList,
    ZoneName,
)
from kiosk.ui.parent.widgets import ChoiceBox, FolderChooser, FolderField, NumberField, SwitchBox

_QUOTES = "\"'"


class SettingEditor(QWidget):
    """Edits one setting. `value()` is the TOML value typed; `field` is what gets a red border."""

    edited = Signal()

    #: A hint on how to type the value, where the valid range alone does not say it.
    format_hint = ""

    def __init__(self, setting: Setting, field: QWidget, shown: QWidget | None = None) -> None:
        """`shown` is what is laid out, when `field` sits inside a bigger control."""
        super().__init__()
        self.setting = setting
        self.field = field
        self.setObjectName(f"editor:{setting.key}")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(shown or field)

    def describe(self, title: str) -> None:
        """Name the editor's parts for assistive technology after the setting's title; its
        description and valid range are read out with the field."""
        self.field.setAccessibleName(title)
        self.field.setAccessibleDescription(
            f"{self.setting.description} Valid: {self.setting.valid}."
        )

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def load(self, config: Config) -> None:
        """Show the value `config` holds for this setting."""
        current = getattr(getattr(config, self.setting.section), self.setting.name)
        self.set_value(self.setting.kind.to_toml(current))


class NumberEditor(SettingEditor):
    def __init__(self, setting: Setting, kind: Int) -> None:
        # A finger should not need 200 taps across a wide range.
        step = 5 if kind.maximum - kind.minimum >= 100 else 1
        self.number = NumberField(kind.minimum, kind.maximum, step)
        super().__init__(setting, self.number.line, self.number)
        self.number.edited.connect(self.edited)

    def describe(self, title: str) -> None:
        super().describe(title)
        self.number.describe(title)

    def value(self) -> object:
        return self.number.value()

    def set_value(self, value: Any) -> None:
        self.number.set_value(value)


class SwitchEditor(SettingEditor):
    def __init__(self, setting: Setting) -> None:
        self.box = SwitchBox("Off")
        super().__init__(setting, self.box)
        self.box.toggled.connect(self._show_state)
        self.box.toggled.connect(self.edited)

    def value(self) -> object:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))
        self._show_state(bool(value))

    def _show_state(self, on: bool) -> None:
        self.box.setText("On" if on else "Off")


class ChoiceEditor(SettingEditor):
    def __init__(self, setting: Setting, kind: Choice) -> None:
        self.combo = ChoiceBox()
        self.combo.addItems(list(kind.options))
        super().__init__(setting, self.combo)
        self.combo.currentIndexChanged.connect(self.edited)

    def value(self) -> object:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentText(str(value))


class AutoSwitchEditor(SettingEditor):
    """On, off, or as the system says: true, false or "auto" in the file."""

    CHOICES: tuple[tuple[str, object], ...] = (
        ("Follow the system", AUTO),
        ("On", True),
        ("Off", False),
    )

    def __init__(self, setting: Setting) -> None:
        self.combo = ChoiceBox()
        for text, _value in self.CHOICES:
            self.combo.addItem(text)
        super().__init__(setting, self.combo)
        self.combo.currentIndexChanged.connect(self.edited)

    def value(self) -> object:
        return self.CHOICES[max(0, self.combo.currentIndex())][1]

    def set_value(self, value: Any) -> None:
        # By type as well as value: True == 1, but only true is "On".
        for index, (_text, choice) in enumerate(self.CHOICES):
            if type(choice) is type(value) and choice == value:
                self.combo.setCurrentIndex(index)


class FolderEditor(SettingEditor):
    def __init__(self, setting: Setting, choose: FolderChooser | None) -> None:
        self.folder = FolderField(choose)
        super().__init__(setting, self.folder.line, self.folder)
        self.folder.edited.connect(self.edited)

    def value(self) -> object:
        # The schema says "a folder path in quotes" (as in TOML); here the quotes are optional.
        return self.folder.text().strip(_QUOTES)

    def set_value(self, value: Any) -> None:
        self.folder.set_text(str(value))


class ZoneEditor(SettingEditor):
    """A time zone name, typed as it is, without the quotes TOML would need."""

    format_hint = "Type a zone name like Europe/Berlin. Empty: the zone recorded at setup."

    def __init__(self, setting: Setting) -> None:
        self.line = QLineEdit()
        super().__init__(setting, self.line)
        self.line.setPlaceholderText("the zone recorded at setup")
        self.line.textEdited.connect(self.edited)

    def value(self) -> object:
        return self.line.text().strip().strip(_QUOTES)

    def set_value(self, value: Any) -> None:
        self.line.setText(str(value))


class ListEditor(SettingEditor):
    """A list typed as comma-separated items; brackets and quotes are allowed but not needed."""

    def __init__(self, setting: Setting, hint: str, *, numbers: bool) -> None:
        self.line = QLineEdit()
        super().__init__(setting, self.line)
        self.format_hint = hint
        self._numbers = numbers
        self.line.setPlaceholderText("empty")
        self.line.textEdited.connect(self.edited)

    def value(self) -> object:
        text = self.line.text().strip().removeprefix("[").removesuffix("]")
        items = [item.strip().strip(_QUOTES).strip() for item in text.split(",")]
        return [self._item(item) for item in items if item]

    def _item(self, item: str) -> object:
        if self._numbers:
            try:
                return int(item)
            except ValueError:
                return item  # the core names the entry and says it is not a number
        return item

    def set_value(self, value: Any) -> None:
        self.line.setText(", ".join(str(item) for item in value))


class TomlEditor(SettingEditor):
    """For a type the UI has no special editor for: the value as it is written in TOML."""

    format_hint = 'Type the value as in config.toml, e.g. 10, true, "text" or [1, 2].'

    def __init__(self, setting: Setting) -> None:
        self.line = QLineEdit()
        super().__init__(setting, self.line)
        self.line.textEdited.connect(self.edited)

    def value(self) -> object:
        text = self.line.text().strip()
        try:
            return tomllib.loads(f"value = {text}")["value"]
        except (tomllib.TOMLDecodeError, RecursionError):
            # Refused by the core as the wrong type, with what is expected; a paste of
            # thousands of nested brackets is just such text, not a crash in a Qt slot.
            return text

    def set_value(self, value: Any) -> None:
        self.line.setText(tomli_w.dumps({"value": value}).strip().removeprefix("value = "))


def editor_for(setting: Setting, choose_folder: FolderChooser | None = None) -> SettingEditor:
    """The editor that suits `setting`'s type."""
    kind = setting.kind
    if isinstance(kind, Int):
        return NumberEditor(setting, kind)
    if isinstance(kind, Bool):
        return SwitchEditor(setting)
    if isinstance(kind, AutoBool):
        return AutoSwitchEditor(setting)
    if isinstance(kind, Choice):
        return ChoiceEditor(setting, kind)
    if isinstance(kind, FolderPath):
        return FolderEditor(setting, choose_folder)
    if isinstance(kind, ZoneName):
        return ZoneEditor(setting)
    if isinstance(kind, HoursList):
        hint = "Type ranges separated by commas, like 07:00-12:00, 14:00-19:30. Empty: any time."
        return ListEditor(setting, hint, numbers=False)
    if isinstance(kind, IntList):
        hint = "Type numbers separated by commas, like 120, 30. Empty: none."
        return ListEditor(setting, hint, numbers=True)
    return TomlEditor(setting)
