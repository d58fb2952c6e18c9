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
from kiosk.core.i18n import LANGUAGES, N_, _
from kiosk.ui.language import Words
from kiosk.ui.parent.widgets import (
    ChoiceBox,
    FolderChooser,
    FolderField,
    NumberField,
    SwitchBox,
    whole_number,
)

_QUOTES = "\"'"
#: The setting that chooses the language, edited by the names of the languages.
LANGUAGE_KEY = "ui.language"
#: Each language's name in its own language, so that a parent finds theirs whatever is spoken
#: now: never translated.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}


class SettingEditor(QWidget):
    """Edits one setting. `value()` is the TOML value typed; `field` is what gets a red border."""

    edited = Signal()

    #: A hint on how to type the value, where the valid range alone does not say it (marked
    #: with `N_`: the settings page translates it where it shows it).
    format_hint = ""

    def __init__(self, setting: Setting, field: QWidget, shown: QWidget | None = None) -> None:
        """`shown` is what is laid out, when `field` sits inside a bigger control."""
        super().__init__()
        self.words = Words(self, type(self).retranslate)
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
            _("{description} Valid: {valid}.").format(
                description=self.setting.description, valid=self.setting.valid
            )
        )

    def retranslate(self) -> None:
        """Word what the editor shows (its choices, its state) in the language now."""

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
        self.number = NumberField(kind.minimum, kind.maximum, step, zero_is_off=kind.zero_is_off)
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
        self.box = SwitchBox()
        super().__init__(setting, self.box)
        self.box.toggled.connect(self._show_state)
        self.box.toggled.connect(self.edited)
        self._show_state(False)

    def value(self) -> object:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))
        self._show_state(bool(value))

    def retranslate(self) -> None:
        self._show_state(self.box.isChecked())

    def _show_state(self, on: bool) -> None:
        self.box.setText(_("On") if on else _("Off"))


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
        (N_("Follow the system"), AUTO),
        (N_("On"), True),
        (N_("Off"), False),
    )

    def __init__(self, setting: Setting) -> None:
        self.combo = ChoiceBox()
        for text, _value in self.CHOICES:
            self.combo.addItem(_(text))
        super().__init__(setting, self.combo)
        self.combo.currentIndexChanged.connect(self.edited)

    def retranslate(self) -> None:
        for index, (text, _value) in enumerate(self.CHOICES):
            self.combo.setItemText(index, _(text))

    def value(self) -> object:
        return self.CHOICES[max(0, self.combo.currentIndex())][1]

    def set_value(self, value: Any) -> None:
        # By type as well as value: True == 1, but only true is "On".
        for index, (_text, choice) in enumerate(self.CHOICES):
            if type(choice) is type(value) and choice == value:
                self.combo.setCurrentIndex(index)


class LanguageEditor(SettingEditor):
    """The language: the system's, or one by its own name ("Deutsch"); "" or a code in the file."""

    def __init__(self, setting: Setting) -> None:
        self.combo = ChoiceBox()
        self.combo.addItem(_("System language"), "")
        for code in LANGUAGES:
            self.combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        super().__init__(setting, self.combo)
        self.combo.currentIndexChanged.connect(self.edited)

    def retranslate(self) -> None:
        self.combo.setItemText(0, _("System language"))

    def value(self) -> object:
        return self.combo.currentData() if self.combo.currentIndex() >= 0 else ""

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(str(value))
        self.combo.setCurrentIndex(max(0, index))


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

    format_hint = N_("Type a zone name like Europe/Berlin. Empty: the zone recorded at setup.")

    def __init__(self, setting: Setting) -> None:
        self.line = QLineEdit()
        super().__init__(setting, self.line)
        self.words.placeholder(self.line, N_("the zone recorded at setup"))
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
        self.words.placeholder(self.line, N_("empty"))
        self.line.textEdited.connect(self.edited)

    def value(self) -> object:
        return list_items(self.line.text(), numbers=self._numbers)

    def set_value(self, value: Any) -> None:
        self.line.setText(", ".join(str(item) for item in value))


def list_items(text: str, *, numbers: bool) -> list[object]:
    """A list typed as comma-separated items, brackets and quotes allowed; with `numbers`, each
    whole number as an int and anything else as typed, for the core to name and refuse."""
    inner = text.strip().removeprefix("[").removesuffix("]")
    items = [item.strip().strip(_QUOTES).strip() for item in inner.split(",")]
    return [_item(item, numbers) for item in items if item]


def _item(item: str, numbers: bool) -> object:
    return whole_number(item) if numbers else item


class TomlEditor(SettingEditor):
    """For a type the UI has no special editor for: the value as it is written in TOML."""

    format_hint = N_('Type the value as in config.toml, e.g. 10, true, "text" or [1, 2].')

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


#: Each setting's heading, its key made readable, in the parent's language.
TITLES = {
    "library.folder": N_("Folder"),
    "library.order": N_("Order"),
    "library.auto_segment_seconds": N_("Auto segment seconds"),
    "library.long_file_seconds": N_("Long file seconds"),
    "library.require_approval": N_("Require approval"),
    "library.max_per_show_per_session": N_("Max per show per session"),
    "session.minutes": N_("Minutes"),
    "session.clips": N_("Clips"),
    "session.cooldown_minutes": N_("Cooldown minutes"),
    "session.daily_limit_minutes": N_("Daily limit minutes"),
    "session.allowed_hours": N_("Allowed hours"),
    "session.wind_down_minutes": N_("Wind down minutes"),
    "session.time_zone": N_("Time zone"),
    "session.warn_at_seconds": N_("Warn at seconds"),
    "session.finish_clip_grace_seconds": N_("Finish clip grace seconds"),
    "session.chime": N_("Chime"),
    "session.show_numbers": N_("Show numbers"),
    "player.after_clip": N_("After clip"),
    "player.volume": N_("Volume"),
    "player.max_volume": N_("Max volume"),
    "ui.reduce_motion": N_("Reduce motion"),
    "ui.language": N_("Language"),
}


def setting_title(setting: Setting) -> str:
    """A setting's heading: "Max volume" for `player.max_volume`, in the parent's language.

    The key's words made readable, so a parent finds it in `config.toml`; a key without a title
    in `TITLES` shows just that (and the test over the settings' words names it)."""
    title = TITLES.get(setting.key)
    return _(title) if title is not None else setting.name.replace("_", " ").capitalize()


def editor_for(setting: Setting, choose_folder: FolderChooser | None = None) -> SettingEditor:
    """The editor that suits `setting`'s type."""
    kind = setting.kind
    if isinstance(kind, Int):
        return NumberEditor(setting, kind)
    if isinstance(kind, Bool):
        return SwitchEditor(setting)
    if isinstance(kind, AutoBool):
        return AutoSwitchEditor(setting)
    if setting.key == LANGUAGE_KEY:
        return LanguageEditor(setting)
    if isinstance(kind, Choice):
        return ChoiceEditor(setting, kind)
    if isinstance(kind, FolderPath):
        return FolderEditor(setting, choose_folder)
    if isinstance(kind, ZoneName):
        return ZoneEditor(setting)
    if isinstance(kind, HoursList):
        hint = N_(
            "Type ranges separated by commas, like 07:00-12:00, 14:00-19:30. Empty: any time."
        )
        return ListEditor(setting, hint, numbers=False)
    if isinstance(kind, IntList):
        hint = N_("Type numbers separated by commas, like 120, 30. Empty: none.")
        return ListEditor(setting, hint, numbers=True)
    return TomlEditor(setting)
