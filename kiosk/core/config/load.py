"""The parent's settings: the typed `Config`, and reading, checking and saving `config.toml`.

Every key is checked against the one schema table in `schema`, and every problem in a file
is collected in a single pass, each as one plain sentence naming the file, the key, the bad value
and what would be valid, so a parent can fix them all at once. A missing file means all defaults.
A bad value falls back to its default in the returned `Config`, which is only for reporting:
`load_config` refuses a file with any error. Saving is atomic, so a crash mid-write never leaves
the kiosk with a half-written config.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, assert_never

from kiosk.core import toml_file
from kiosk.core.atomic import write_atomically
from kiosk.core.config import schema as config_schema
from kiosk.core.config.schedule import DaySettings, Schedule, read_schedule, schedule_to_toml
from kiosk.core.config.schema import (
    PER_DAY_SETTINGS,
    SCHEDULE,
    SETTINGS,
    SETTINGS_BY_KEY,
    VERSION_KEY,
    AfterClip,
    Setting,
    check_version,
    cross_field_problems,
    migrate,
    unknown_keys,
)
from kiosk.core.config.types import SettingInvalid
from kiosk.core.hours import HoursRange
from kiosk.core.i18n import _
from kiosk.core.numbers import number
from kiosk.core.os_errors import unreadable

__all__ = [
    "SETTINGS",
    "AfterClip",
    "Config",
    "ConfigError",
    "ConfigInvalid",
    "DaySettings",
    "LibraryOrder",
    "LibrarySettings",
    "PlayerSettings",
    "Schedule",
    "SessionSettings",
    "Setting",
    "UiSettings",
    "load_config",
    "read_config",
    "save_config",
    "to_toml_dict",
    "validate",
]

LibraryOrder = Literal["shuffle", "sequential"]


@dataclass(frozen=True)
class LibrarySettings:
    folder: Path
    """Always absolute: `~` is expanded and a relative path is joined to the config's folder."""
    order: LibraryOrder
    auto_segment_seconds: int
    """0 means off."""
    long_file_seconds: int
    require_approval: bool
    max_per_show_per_session: int
    """0 means no cap."""


@dataclass(frozen=True)
class SessionSettings:
    minutes: int
    clips: int
    """0 means no clip limit."""
    cooldown_minutes: int
    daily_limit_minutes: int
    """0 means no daily limit."""
    allowed_hours: tuple[HoursRange, ...]
    """Empty means any time of day."""
    wind_down_minutes: int
    """0 means off."""
    time_zone: str
    """An IANA name; empty means the zone recorded when the PIN was first set."""
    warn_at_seconds: tuple[int, ...]
    """Largest first, without repeats."""
    finish_clip_grace_seconds: int
    chime: bool
    show_numbers: bool


@dataclass(frozen=True)
class PlayerSettings:
    after_clip: AfterClip
    volume: int
    """At most `max_volume`."""
    max_volume: int
    """The cap on every volume the kiosk plays at; the media engine holds it too."""


@dataclass(frozen=True)
class UiSettings:
    reduce_motion: bool | None
    """None means follow the system's preference, where Qt reports one."""
    language: str
    """"en", "de", or "" for the system's language (`kiosk.core.i18n.choose_language`)."""


@dataclass(frozen=True)
class Config:
    """The settings the kiosk runs with. Attribute names are the TOML keys."""

    config_version: int
    library: LibrarySettings
    session: SessionSettings
    player: PlayerSettings
    ui: UiSettings
    schedule: Schedule
    """The days of the week that set some session keys otherwise."""

    @classmethod
    def defaults(cls) -> Config:
        return validate({}, "")[0]


@dataclass(frozen=True)
class ConfigError:
    """One problem in a config file. `key` is None when the problem is the file as a whole."""

    file: str
    key: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


class ConfigInvalid(Exception):
    """A config the kiosk refuses to run with; its text lists every error, one per line."""

    def __init__(self, errors: list[ConfigError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def load_config(path: Path) -> Config:
    """The config at `path`, or all defaults if there is no file; raises ConfigInvalid."""
    config, errors = read_config(path)
    if errors:
        raise ConfigInvalid(errors)
    return config


def read_config(path: Path) -> tuple[Config, list[ConfigError]]:
    """The config at `path` and every error in it; bad values fall back to their defaults."""
    document = toml_file.read_toml(path)
    if isinstance(document, toml_file.TomlFile):
        return validate(document.table, str(path))
    if isinstance(document, toml_file.Unreadable) and isinstance(document.error, FileNotFoundError):
        return Config.defaults(), []
    return Config.defaults(), [ConfigError(str(path), None, _file_problem(document))]


def validate(raw: Mapping[str, object], file: str) -> tuple[Config, list[ConfigError]]:
    """Check a parsed TOML table against the schema, collecting every error.

    `file` names the config file in the errors; a relative `library.folder` is resolved against
    its folder (or the working folder when `file` is empty).
    """
    errors: list[ConfigError] = []
    version, version_problem = check_version(raw)
    if version_problem is not None:
        errors.append(ConfigError(file, VERSION_KEY, version_problem))
    if version > config_schema.CURRENT_VERSION:
        # Keys of a newer format would only add misleading "unknown key" errors.
        return Config.defaults(), errors
    table = migrate(raw, version)
    errors.extend(ConfigError(file, key, problem) for key, problem in unknown_keys(table))

    values: dict[str, Any] = {}
    failed: set[str] = set()
    for setting in SETTINGS:
        section = table.get(setting.section)
        if not isinstance(section, Mapping) or setting.name not in section:
            values[setting.key] = setting.default_value
            continue
        try:
            values[setting.key] = setting.kind.parse(setting.key, section[setting.name])
        except SettingInvalid as exc:
            errors.extend(ConfigError(file, setting.key, problem) for problem in exc.problems)
            values[setting.key] = setting.default_value
            failed.add(setting.key)

    for key, problem in cross_field_problems(values, failed).items():
        errors.append(ConfigError(file, key, problem))
        values[key] = SETTINGS_BY_KEY[key].default_value
        failed.add(key)

    session = {setting.name: values[setting.key] for setting in PER_DAY_SETTINGS}
    schedule, problems = read_schedule(table.get(SCHEDULE), session, failed)
    errors.extend(ConfigError(file, key, problem) for key, problem in problems)

    folder: Path = values["library.folder"]
    if not folder.is_absolute():
        base = Path(file).expanduser().absolute().parent if file else Path.cwd()
        values["library.folder"] = base / folder
    return _build(values, schedule), errors


def to_toml_dict(config: Config) -> dict[str, Any]:
    """The TOML table for `config`: `config_version` first, then each section in schema order,
    and last the days of the week that set something otherwise."""
    raw: dict[str, Any] = {VERSION_KEY: config.config_version}
    for setting in SETTINGS:
        value = getattr(getattr(config, setting.section), setting.name)
        if not setting.saved_when_default and value == setting.default_value:
            continue
        raw.setdefault(setting.section, {})[setting.name] = setting.kind.to_toml(value)
    schedule = schedule_to_toml(config.schedule)
    if schedule:
        raw[SCHEDULE] = schedule
    return raw


def save_config(config: Config, path: Path) -> None:
    """Write `config` to `path` atomically; raises ConfigInvalid (writing nothing) if it is bad.

    The text goes to a temporary file in the same folder, reaches the disk, and then replaces the
    old file in one step, so a crash leaves either the old config or the new one, never a mix.
    """
    raw = to_toml_dict(config)
    _checked, errors = validate(raw, str(path))
    if errors:
        raise ConfigInvalid(errors)
    import tomli_w  # only a save needs the writer: not loaded at every start

    data = tomli_w.dumps(raw).encode("utf-8")
    # Write through a symlink rather than replacing it, so a linked config stays linked.
    write_atomically(Path(os.path.realpath(path)), data)


def _file_problem(problem: toml_file.TomlProblem) -> str:
    """What stopped the whole file from being read, as the rest of a sentence after its name."""
    match problem:
        case toml_file.Unreadable(is_folder=True):
            return _("is a folder, not a config file")
        case toml_file.Unreadable(error=error):
            return unreadable(error)
        case toml_file.NotUtf8(line=line):
            return _("is not UTF-8 text (line {line} has a character in another encoding)").format(
                line=line
            )
        case toml_file.BadSyntax(reason=reason, line=None):
            return _("is not valid TOML ({reason})").format(reason=reason)
        case toml_file.BadSyntax(reason=reason, column=None):
            return _("is not valid TOML at the end of the file ({reason})").format(reason=reason)
        case toml_file.BadSyntax(reason=reason, line=line, column=column):
            return _("is not valid TOML at line {line}, column {column} ({reason})").format(
                line=line, column=column, reason=reason
            )
        case toml_file.NestedTooDeep():
            return _(
                "has arrays or tables nested too deeply to read:"
                " a config holds only {sections} settings"
            ).format(sections=config_schema.section_list())
        case toml_file.NumberTooLong(digit_limit=limit):
            return _(
                "has a number too long to read (more than {limit} digits):"
                " settings take short numbers, such as session.minutes = 15"
            ).format(limit=number(limit))
    assert_never(problem)


def _section_values(values: Mapping[str, Any], section: str) -> dict[str, Any]:
    return {s.name: values[s.key] for s in SETTINGS if s.section == section}


def _build(values: Mapping[str, Any], schedule: Schedule) -> Config:
    return Config(
        config_version=config_schema.CURRENT_VERSION,
        library=LibrarySettings(**_section_values(values, "library")),
        session=SessionSettings(**_section_values(values, "session")),
        player=PlayerSettings(**_section_values(values, "player")),
        ui=UiSettings(**_section_values(values, "ui")),
        schedule=schedule,
    )
