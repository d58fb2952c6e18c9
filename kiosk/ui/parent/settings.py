"""The parent's settings page: every key of the config schema, edited, checked and saved.

The rows are generated from `SETTINGS`, each with its description, what is valid, and an editor
that suits its type (`editors`); the days of the week follow, one day at a time (`schedule`). Save checks the whole table at once with the core's
`validate`, the same check `kiosk check` and the loader use, so a rule that ties two keys together
(a daily limit shorter than a session) is caught too; each refusal is shown under its field in the
core's own sentence, and nothing is written until every field passes. The file is then written
atomically by `save_config`, and `saved(Config)` hands the new settings to whoever applies them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.core.config.load import (
    SETTINGS,
    Config,
    ConfigError,
    ConfigInvalid,
    Setting,
    save_config,
    validate,
)
from kiosk.core.config.schema import SCHEDULE, VERSION_KEY
from kiosk.core.i18n import N_, _, ngettext
from kiosk.ui.language import Words
from kiosk.ui.parent.editors import SettingEditor, editor_for, setting_title
from kiosk.ui.parent.schedule import ScheduleEditor
from kiosk.ui.parent.theme import button, card, label, mark_invalid, row, scrolling, set_message
from kiosk.ui.parent.widgets import FolderChooser

#: Each section's heading; a section missing here is headed by its name.
SECTION_TITLES = {
    "library": N_("Library"),
    "session": N_("Session"),
    "player": N_("Player"),
    "ui": N_("Screen"),
}
SAVED = N_("Saved. The kiosk uses the new settings now.")


class _SettingRow(QWidget):
    """A setting's name, key, description, valid range, editor and the reason it was refused."""

    def __init__(self, setting: Setting, editor: SettingEditor) -> None:
        super().__init__()
        self.words = words = Words(self)
        self.editor = editor
        self.error = label("", "error")
        self.error.setObjectName(f"error:{setting.key}")
        self.error.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 6)
        column.setSpacing(6)
        column.addWidget(words.text(label("", "heading"), lambda: setting_title(setting)))
        # The core words the description and what is valid as they are read.
        column.addWidget(words.text(label(), lambda: setting.description))
        valid = words.text(
            label("", "muted"),
            lambda: _("Valid: {valid}. Key: {key}.").format(valid=setting.valid, key=setting.key),
        )
        column.addWidget(valid)
        if editor.format_hint:
            column.addWidget(words.text(label("", "muted"), editor.format_hint))
        column.addWidget(editor)
        column.addWidget(self.error)
        words.set(editor, "describe", lambda: setting_title(setting))

    def show_error(self, message: str | None) -> None:
        set_message(self.error, message)
        mark_invalid(self.editor.field, message is not None)


class SettingsPage(QWidget):
    """Edits `config_path`. `saved(Config)` after a successful save; `back()` to leave unsaved."""

    saved = Signal(object)
    back = Signal()

    def __init__(
        self,
        config: Config,
        config_path: Path,
        *,
        choose_folder: FolderChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._config_path = config_path
        self._rows: dict[str, _SettingRow] = {}
        self.words = words = Words(self, SettingsPage._retranslate)

        back = words.text(button("", name="settings_back", wide=False), N_("Back"))
        back.clicked.connect(self.back)
        title = words.text(label("", "title"), N_("Settings"))
        top = row(title, back)
        top.setStretch(0, 1)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 4, 12, 16)
        column.setSpacing(14)
        saved_to = label("", "muted")
        words.text(saved_to, lambda: _("Saved to {path}").format(path=config_path))
        column.addWidget(saved_to)
        for section, settings in self._by_section().items():
            heading = label(section.capitalize(), "title")
            if section in SECTION_TITLES:
                words.text(heading, SECTION_TITLES[section])
            section_column: list[QWidget] = [heading]
            for setting in settings:
                editor = editor_for(setting, choose_folder)
                editor.edited.connect(self._on_edited)
                self._rows[setting.key] = _SettingRow(setting, editor)
                section_column.append(self._rows[setting.key])
            column.addWidget(card(*section_column))
        self.schedule = ScheduleEditor()
        self.schedule.edited.connect(self._on_edited)
        days_title = words.text(label("", "title"), N_("Days of the week"))
        column.addWidget(card(days_title, self.schedule))
        column.addStretch(1)
        self._scroll: QScrollArea = scrolling(content)

        self.problem = label("", "error")
        self.problem.setObjectName("settings_problem")
        self.status = label("", "ok")
        self.status.setObjectName("settings_status")
        self.save_button = words.text(button("", "primary", name="settings_save"), N_("Save"))
        self.save_button.clicked.connect(self.save)

        page = QVBoxLayout(self)
        page.setContentsMargins(10, 10, 10, 10)
        page.setSpacing(10)
        page.addLayout(top)
        page.addWidget(self._scroll, 1)
        page.addWidget(self.problem)
        page.addWidget(self.status)
        page.addWidget(self.save_button)
        self.load(config)

    @staticmethod
    def _by_section() -> dict[str, list[Setting]]:
        sections: dict[str, list[Setting]] = {}
        for setting in SETTINGS:
            sections.setdefault(setting.section, []).append(setting)
        return sections

    def editor(self, key: str) -> SettingEditor:
        return self._rows[key].editor

    def error_text(self, key: str) -> str:
        """The reason `key` was refused at the last save, or "" if it was not."""
        error: QLabel = self._rows[key].error
        return error.text() if not error.isHidden() else ""

    def load(self, config: Config) -> None:
        """Show `config` in every editor, forgetting unsaved edits and old refusals."""
        self._config = config
        for setting_row in self._rows.values():
            setting_row.editor.blockSignals(True)
            setting_row.editor.load(config)
            setting_row.editor.blockSignals(False)
            setting_row.show_error(None)
        self.schedule.load(config)
        set_message(self.problem, None)
        set_message(self.status, None)
        self._scroll.verticalScrollBar().setValue(0)

    def save(self) -> Config | None:
        """Check every field, and write the file only if all pass; the new Config, or None."""
        set_message(self.status, None)
        sections: dict[str, dict[str, object]] = {}
        for setting in SETTINGS:
            value = self._rows[setting.key].editor.value()
            sections.setdefault(setting.section, {})[setting.name] = value
        raw = {
            VERSION_KEY: self._config.config_version,
            **sections,
            SCHEDULE: self.schedule.value(),
        }
        config, errors = validate(raw, str(self._config_path))
        if not errors:
            try:
                save_config(config, self._config_path)
            except ConfigInvalid as exc:
                errors = exc.errors
            except OSError as exc:
                reason = exc.strerror or str(exc)
                set_message(
                    self.problem,
                    _("{path} could not be written ({reason}).").format(
                        path=self._config_path, reason=reason
                    ),
                )
                return None
        if errors:
            self._show_errors(errors)
            return None
        self.load(config)
        set_message(self.status, _(SAVED))
        self.saved.emit(config)
        return config

    def _retranslate(self) -> None:
        """ "Saved" in the language the save chose (the refusals are gone once it is saved)."""
        if not self.status.isHidden():
            set_message(self.status, _(SAVED))

    def _show_errors(self, errors: list[ConfigError]) -> None:
        by_key: dict[str, str] = {}
        general: list[str] = []
        for error in errors:
            key = error.key
            if key is not None and (key in self._rows or key.startswith(f"{SCHEDULE}.")):
                by_key.setdefault(key, error.message)  # the first reason for a field
            else:
                general.append(error.message)
        for key, setting_row in self._rows.items():
            setting_row.show_error(by_key.get(key))
        day_field = self.schedule.show_errors(by_key)
        count = len(by_key)
        summary = [_("Nothing was saved.")]
        if count:
            summary.append(
                ngettext(
                    "{count} setting to fix, marked in red.",
                    "{count} settings to fix, marked in red.",
                    count,
                ).format(count=count)
            )
        set_message(self.problem, " ".join(summary + general))
        first = next((self._rows[key] for key in self._rows if key in by_key), None)
        if first is not None:
            self._scroll.ensureWidgetVisible(first, 0, 40)
            first.editor.field.setFocus(Qt.FocusReason.OtherFocusReason)
        elif day_field is not None:
            self._scroll.ensureWidgetVisible(day_field, 0, 40)

    def _on_edited(self) -> None:
        set_message(self.status, None)
