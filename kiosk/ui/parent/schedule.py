"""The settings page's days of the week: for a chosen day, the session keys it sets otherwise.

Generated from the schema like the rest of the page: one field per key the schema marks
`per_day`, with the key's description and what is valid. A field left empty keeps the `[session]`
value, and says so; allowed hours take "any" for a day allowed all day. Like every editor it
hands on what was typed, and the core's check names what is wrong (`schedule.sat.minutes`); the
day picker then turns to the first day with a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.config.load import Config, Setting
from kiosk.core.config.schedule import schedule_to_toml
from kiosk.core.config.schema import PER_DAY_SETTINGS, SCHEDULE
from kiosk.core.config.types import HoursList
from kiosk.core.dates import weekday
from kiosk.core.i18n import N_, _
from kiosk.core.weekdays import DAYS
from kiosk.ui.language import Words
from kiosk.ui.parent.editors import list_items, setting_title
from kiosk.ui.parent.theme import label, mark_invalid, set_message
from kiosk.ui.parent.widgets import ChoiceBox, whole_number

#: Typed in a day's allowed hours: the day is allowed all day (an empty list in TOML).
ANY_TIME = "any"


def day_words(day: str) -> str:
    """ "Saturday" ("Samstag") for "sat": the name of any date on that weekday."""
    return weekday(date.fromisocalendar(2024, 1, DAYS.index(day) + 1))


def _valid_words(setting: Setting) -> str:
    """What a day's field takes, in the language now."""
    if isinstance(setting.kind, HoursList):
        return _(
            'Valid: ranges like 08:00-20:00, separated by commas, or "{any}" for any time of'
            " day. Empty: as in the session settings."
        ).format(any=ANY_TIME)
    return _("Valid: {valid}. Empty: as in the session settings.").format(valid=setting.valid)


class _DayField(QWidget):
    """One key for one day: its name, what is valid, the field, and the reason it was refused."""

    def __init__(self, day: str, setting: Setting) -> None:
        super().__init__()
        self.setting = setting
        self.key = f"{SCHEDULE}.{day}.{setting.name}"
        self.words = words = Words(self)
        self.line = QLineEdit()
        self.line.setObjectName(f"editor:{self.key}")
        words.placeholder(self.line, N_("As every day"))
        words.name(
            self.line,
            lambda: _("{setting} on {weekday}").format(
                setting=setting_title(setting), weekday=day_words(day)
            ),
        )
        words.description(
            self.line,
            lambda: _("{description} Empty: as every day.").format(description=setting.description),
        )
        self.error = label("", "error")
        self.error.setObjectName(f"error:{self.key}")
        self.error.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 4)
        column.setSpacing(4)
        column.addWidget(words.text(label("", "heading"), lambda: setting_title(setting)))
        column.addWidget(words.text(label("", "muted"), lambda: _valid_words(setting)))
        column.addWidget(self.line)
        column.addWidget(self.error)

    def value(self) -> object | None:
        """What to write for this day, or None to leave the key out (as every day)."""
        text = self.line.text().strip()
        if not text:
            return None
        if isinstance(self.setting.kind, HoursList):
            return [] if text.lower() == ANY_TIME else list_items(text, numbers=False)
        return whole_number(text)

    def set_value(self, value: object | None) -> None:
        if value is None:
            self.line.clear()
        elif isinstance(value, list):
            self.line.setText(", ".join(str(item) for item in value) or ANY_TIME)
        else:
            self.line.setText(str(value))

    def show_error(self, message: str | None) -> None:
        set_message(self.error, message)
        mark_invalid(self.line, message is not None)


class ScheduleEditor(QWidget):
    """The seven days, one at a time. `value()` is the `[schedule]` table typed."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day_box = ChoiceBox()
        self.day_box.setObjectName("schedule_day")
        self.words = words = Words(self, ScheduleEditor._retranslate)
        words.name(self.day_box, N_("Day of the week"))
        self.day_box.addItems([day_words(day) for day in DAYS])
        self.days = QStackedWidget()
        self._fields: dict[str, _DayField] = {}
        for day in DAYS:
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            for setting in PER_DAY_SETTINGS:
                field = _DayField(day, setting)
                field.line.textEdited.connect(self.edited)
                self._fields[field.key] = field
                column.addWidget(field)
            self.days.addWidget(page)
        self.day_box.currentIndexChanged.connect(self.days.setCurrentIndex)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(
            words.text(
                label(),
                N_(
                    "A day of the week may set these otherwise, such as a longer daily limit at"
                    " weekends. The day begins at midnight."
                ),
            )
        )
        column.addWidget(self.day_box)
        column.addWidget(self.days)

    def _retranslate(self) -> None:
        for index, day in enumerate(DAYS):
            self.day_box.setItemText(index, day_words(day))

    def field(self, key: str) -> QLineEdit:
        """The field of `key`, such as "schedule.sat.minutes"."""
        return self._fields[key].line

    def error_text(self, key: str) -> str:
        error: QLabel = self._fields[key].error
        return error.text() if not error.isHidden() else ""

    def show_day(self, day: str) -> None:
        self.day_box.setCurrentIndex(DAYS.index(day))

    def load(self, config: Config) -> None:
        """Show what each day sets in `config`, forgetting edits and refusals."""
        table = schedule_to_toml(config.schedule)
        for field in self._fields.values():
            _, day, name = field.key.split(".")
            field.set_value(table.get(day, {}).get(name))
            field.show_error(None)

    def value(self) -> dict[str, dict[str, object]]:
        """The `[schedule]` table as typed: only the days and keys with something in them."""
        table: dict[str, dict[str, object]] = {}
        for field in self._fields.values():
            value = field.value()
            if value is not None:
                _, day, name = field.key.split(".")
                table.setdefault(day, {})[name] = value
        return table

    def show_errors(self, by_key: Mapping[str, str]) -> QLineEdit | None:
        """Mark each refused field with its reason; turn to the first day with one, and return
        its field (None when nothing here was refused)."""
        first: _DayField | None = None
        for key, field in self._fields.items():
            field.show_error(by_key.get(key))
            if first is None and key in by_key:
                first = field
        if first is None:
            return None
        self.show_day(first.key.split(".")[1])
        first.line.setFocus(Qt.FocusReason.OtherFocusReason)
        return first.line
