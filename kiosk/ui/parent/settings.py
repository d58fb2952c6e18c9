"""The parent's settings page: every key of the config schema, edited, checked and saved.

The rows are generated from `SETTINGS`, each with its description, what is valid, and an editor
that suits its type (`editors`). Save checks the whole table at once with the core's
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
from kiosk.core.config.schema import VERSION_KEY
from kiosk.ui.parent.editors import SettingEditor, editor_for
from kiosk.ui.parent.theme import button, card, label, mark_invalid, row, scrolling, set_message
from kiosk.ui.parent.widgets import FolderChooser


def setting_title(setting: Setting) -> str:
    """A setting's name as its heading says it: \"Max volume\" for `player.max_volume`."""
    return setting.name.replace("_", " ").capitalize()


#: Each section's heading; a section missing here is headed by its name.
SECTION_TITLES = {"library": "Library", "session": "Session", "player": "Player", "ui": "Screen"}


class _SettingRow(QWidget):
    """A setting's name, key, description, valid range, editor and the reason it was refused."""

    def __init__(self, setting: Setting, editor: SettingEditor) -> None:
        super().__init__()
        self.editor = editor
        self.error = label("", "error")
        self.error.setObjectName(f"error:{setting.key}")
        self.error.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 6)
        column.setSpacing(6)
        column.addWidget(label(setting_title(setting), "heading"))
        column.addWidget(label(setting.description))
        valid = f"Valid: {setting.valid}. Key: {setting.key}."
        column.addWidget(label(valid, "muted"))
        if editor.format_hint:
            column.addWidget(label(editor.format_hint, "muted"))
        column.addWidget(editor)
        column.addWidget(self.error)
        editor.describe(setting_title(setting))

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

        back = button("Back", name="settings_back", wide=False)
        back.clicked.connect(self.back)
        title = label("Settings", "title")
        top = row(title, back)
        top.setStretch(0, 1)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 4, 12, 16)
        column.setSpacing(14)
        column.addWidget(label(f"Saved to {config_path}", "muted"))
        for section, settings in self._by_section().items():
            heading = SECTION_TITLES.get(section, section.capitalize())
            section_column: list[QWidget] = [label(heading, "title")]
            for setting in settings:
                editor = editor_for(setting, choose_folder)
                editor.edited.connect(self._on_edited)
                self._rows[setting.key] = _SettingRow(setting, editor)
                section_column.append(self._rows[setting.key])
            column.addWidget(card(*section_column))
        column.addStretch(1)
        self._scroll: QScrollArea = scrolling(content)

        self.problem = label("", "error")
        self.problem.setObjectName("settings_problem")
        self.status = label("", "ok")
        self.status.setObjectName("settings_status")
        self.save_button = button("Save", "primary", name="settings_save")
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
        raw = {VERSION_KEY: self._config.config_version, **sections}
        config, errors = validate(raw, str(self._config_path))
        if not errors:
            try:
                save_config(config, self._config_path)
            except ConfigInvalid as exc:
                errors = exc.errors
            except OSError as exc:
                reason = exc.strerror or str(exc)
                set_message(self.problem, f"{self._config_path} could not be written ({reason}).")
                return None
        if errors:
            self._show_errors(errors)
            return None
        self.load(config)
        set_message(self.status, "Saved. The kiosk uses the new settings now.")
        self.saved.emit(config)
        return config

    def _show_errors(self, errors: list[ConfigError]) -> None:
        by_key: dict[str, str] = {}
        general: list[str] = []
        for error in errors:
            if error.key in self._rows and error.key not in by_key:
                by_key[error.key] = error.message
            elif error.key not in self._rows:
                general.append(error.message)
        for key, setting_row in self._rows.items():
            setting_row.show_error(by_key.get(key))
        count = len(by_key)
        summary = ["Nothing was saved."]
        if count:
            summary.append(f"{count} setting{'s' if count != 1 else ''} to fix, marked in red.")
        set_message(self.problem, " ".join(summary + general))
        first = next((self._rows[key] for key in self._rows if key in by_key), None)
        if first is not None:
            self._scroll.ensureWidgetVisible(first, 0, 40)
            first.editor.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_edited(self) -> None:
        set_message(self.status, None)
