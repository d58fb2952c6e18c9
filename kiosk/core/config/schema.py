"""The declarative config schema: every setting's key, type, default, valid range and purpose.

`SETTINGS` is the one table that the loader, the saver, `config.example.toml` and a parent's
settings dialog all read. Beside it live what else is knowledge of the keys rather than of files:
the config version with its migration hook, the rule that ties two keys together, and the
"did you mean" suggestions for a key the schema does not know.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from kiosk.core import paths
from kiosk.core.config.types import (
    AUTO,
    AutoBool,
    Bool,
    Choice,
    FolderPath,
    HoursList,
    Int,
    IntList,
    SettingType,
    ZoneName,
    show_value,
)
from kiosk.core.i18n import LANGUAGES, N_, _
from kiosk.core.lists import and_list
from kiosk.core.weekdays import closest_day

CURRENT_VERSION = 1
"""The newest `config_version` this kiosk reads. A file without the key is taken to be this one."""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""`MIGRATIONS[n]` returns a parsed version-n file as version n+1, without changing its argument.
Empty until version 2 exists; a test checks that every older version has its step."""

VERSION_KEY = "config_version"

AfterClip = Literal["next", "loop"]
"""What the feed does when a clip ends: slide to the next clip, or play it again."""
AFTER_CLIP_CHOICES: tuple[AfterClip, ...] = get_args(AfterClip)

_MINUTES_PER_DAY = 24 * 60
#: Shorter auto-clips would cut scenes into fragments a child cannot follow.
MIN_AUTO_SEGMENT_SECONDS = 15


@dataclass(frozen=True)
class Setting:
    """One row of the schema. `default` is written as it would be in TOML.

    `about` is the English source of the description, marked for the catalogue; `description`
    and `valid` are read in the kiosk's language at the moment they are read, so a screen that
    words itself again after a change of language shows them in the new one.
    """

    key: str
    kind: SettingType[Any]
    default: object
    about: str
    saved_when_default: bool = True
    """False for a default that depends on where the kiosk is installed: saving it would pin
    today's install path into the parent's file."""
    per_day: bool = False
    """A `[session]` key that a day of the week may set otherwise (`[schedule.sat]`)."""

    @property
    def section(self) -> str:
        return self.key.partition(".")[0]

    @property
    def name(self) -> str:
        return self.key.partition(".")[2]

    @property
    def description(self) -> str:
        """What the setting does, in the kiosk's language."""
        return _(self.about)

    @property
    def valid(self) -> str:
        """What is valid, in words, e.g. "a whole number from 10 to 20"."""
        return self.kind.expected

    @property
    def default_value(self) -> Any:
        """The default as the kiosk uses it (a Path, a tuple of ranges, ...)."""
        return self.kind.parse(self.key, self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "library.folder",
        FolderPath(),
        str(paths.demo_folder()),
        N_(
            "The folder of clips to play, searched at any depth; relative to the config file's folder."
        ),
        saved_when_default=False,
    ),
    Setting(
        "library.order",
        Choice(("shuffle", "sequential")),
        "shuffle",
        N_('Feed order: "shuffle", or "sequential" by natural sort of paths ("2" before "10").'),
    ),
    Setting(
        "library.auto_segment_seconds",
        Int(0, 600),
        0,
        N_("Cut long files into clips of about this many seconds, without re-encoding; 0 = off."),
    ),
    Setting(
        "library.long_file_seconds",
        Int(30, 86400),
        180,
        N_("A file longer than this many seconds is cut when auto_segment_seconds is on."),
    ),
    Setting(
        "library.require_approval",
        Bool(),
        False,
        N_(
            "Keep files that appear after the folder was chosen hidden until the parent approves them."
        ),
    ),
    Setting(
        "library.max_per_show_per_session",
        Int(0, 100),
        0,
        N_("Most clips of one show in a session, while other shows have clips; 0 means no cap."),
    ),
    Setting(
        "session.minutes",
        Int(10, 20),
        15,
        N_("How long one session lasts, in minutes."),
        per_day=True,
    ),
    Setting(
        "session.clips",
        Int(3, 50, zero_is_off=True),
        0,
        N_(
            "A session also ends after this many clips, whichever comes first; 0 means no clip limit."
        ),
        per_day=True,
    ),
    Setting(
        "session.cooldown_minutes",
        Int(0, _MINUTES_PER_DAY),
        60,
        N_("Minutes after a session ends before a new one can start on its own."),
        per_day=True,
    ),
    Setting(
        "session.daily_limit_minutes",
        Int(0, _MINUTES_PER_DAY),
        60,
        N_("Most minutes of watching per day, at least session.minutes; 0 means no daily limit."),
        per_day=True,
    ),
    Setting(
        "session.allowed_hours",
        HoursList(),
        [],
        N_('Times of day the kiosk may be used, like ["07:00-12:00"]; empty means any time.'),
        per_day=True,
    ),
    Setting(
        "session.wind_down_minutes",
        Int(0, 60),
        0,
        N_(
            "In these last minutes before the allowed hours end, the feed fades to grey and grows"
            " quieter, and no session starts that could not run its full length; 0 means off."
        ),
    ),
    Setting(
        "session.time_zone",
        ZoneName(),
        "",
        N_(
            "The household's time zone for allowed hours, midnight and times shown; empty: recorded at setup."
        ),
    ),
    Setting(
        "session.warn_at_seconds",
        IntList(5, 600),
        [120, 30],
        N_("Seconds before the end of a session at which the child is warned; empty means none."),
    ),
    Setting(
        "session.finish_clip_grace_seconds",
        Int(0, 300),
        60,
        N_(
            "At time up, let the current clip finish if it ends within this many seconds; 0 = stop."
        ),
    ),
    Setting("session.chime", Bool(), True, N_("Play a soft chime with each warning.")),
    Setting(
        "session.show_numbers",
        Bool(),
        False,
        N_("Show the minutes left as numbers beside the time ring."),
    ),
    Setting(
        "player.after_clip",
        Choice(AFTER_CLIP_CHOICES),
        "next",
        N_('When a clip ends: "next" slides to the next clip, "loop" plays it again.'),
    ),
    Setting(
        "player.volume",
        Int(0, 100),
        70,
        N_("Playback volume in percent, at most player.max_volume."),
    ),
    Setting(
        "player.max_volume",
        Int(0, 100),
        85,
        N_("The loudest the kiosk plays, in percent: no setting or key goes above it."),
    ),
    Setting(
        "ui.reduce_motion",
        AutoBool(),
        AUTO,
        N_(
            'Cut between clips instead of sliding, and keep pictures still; "auto" follows the system.'
        ),
    ),
    Setting(
        "ui.language",
        Choice(("", *LANGUAGES)),
        "",
        N_('The language of every word a parent reads: "en", "de", or "" for the system\'s.'),
    ),
)

SETTINGS_BY_KEY: Mapping[str, Setting] = {setting.key: setting for setting in SETTINGS}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(setting.section for setting in SETTINGS))
#: The session keys a day of the week may set otherwise, in schema order.
PER_DAY_SETTINGS: tuple[Setting, ...] = tuple(setting for setting in SETTINGS if setting.per_day)

SCHEDULE = "schedule"
"""The section of day tables (`[schedule.sat]`), read by `config.schedule` rather than as keys."""
ALL_SECTIONS: tuple[str, ...] = (*SECTIONS, SCHEDULE)


def check_version(raw: Mapping[str, object]) -> tuple[int, str | None]:
    """The version to read a parsed file as, and the problem with its `config_version` if any.

    A version newer than this kiosk's is returned as it is, for the caller to refuse the file;
    any other bad version is read as the current one, so the rest of the file is still checked.
    """
    version = raw.get(VERSION_KEY, CURRENT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        return (
            CURRENT_VERSION,
            _("{key} = {value} has the wrong type (expected {expected})").format(
                key=VERSION_KEY, value=show_value(version), expected=CURRENT_VERSION
            ),
        )
    if version > CURRENT_VERSION:
        return version, _(
            "{key} = {version} is newer than this kiosk understands (it reads version"
            " {current}); update the kiosk or set {key} = {current}"
        ).format(key=VERSION_KEY, version=version, current=CURRENT_VERSION)
    if version < 1:
        return CURRENT_VERSION, _(
            "{key} = {version} is not a valid version (this kiosk reads {current})"
        ).format(key=VERSION_KEY, version=version, current=CURRENT_VERSION)
    return version, None


def migrate(raw: Mapping[str, object], version: int) -> dict[str, Any]:
    """The settings of a version-`version` file brought up to the current version, without
    `config_version` itself."""
    table = dict(raw)
    for old_version in range(version, CURRENT_VERSION):
        table = MIGRATIONS[old_version](table)
    table.pop(VERSION_KEY, None)
    return table


def unknown_keys(table: Mapping[str, object]) -> list[tuple[str, str]]:
    """(key, problem) for every key and section of a migrated file that the schema lacks."""
    problems: list[tuple[str, str]] = []
    for name, value in table.items():
        if name == SCHEDULE:
            continue  # its days and keys are checked by `config.schedule`
        if name in SECTIONS:
            if not isinstance(value, Mapping):
                problem = _(
                    "{key} = {value} has the wrong type (expected a [{section}] section of settings)"
                ).format(key=name, value=show_value(value), section=name)
                problems.append((name, problem))
                continue
            for sub in value:
                key = f"{name}.{sub}"
                if key not in SETTINGS_BY_KEY:
                    problems.append((key, unknown_key_message(key)))
        elif isinstance(value, Mapping):
            problems.append((name, unknown_section_message(name)))
        else:
            problems.append((name, unknown_key_message(name)))
    return problems


def cross_field_problems(values: Mapping[str, Any], failed: set[str]) -> dict[str, str]:
    """Problems that involve two keys, by the key to blame, given the values that passed alone.

    Keys in `failed` were refused on their own, so no rule that involves them is checked.
    """
    problems: dict[str, str] = {}
    segment_key = "library.auto_segment_seconds"
    if segment_key not in failed and 0 < values[segment_key] < MIN_AUTO_SEGMENT_SECONDS:
        problems[segment_key] = _(
            "{key} = {value} is too short for a clip; use 0 for off,"
            " or a number from {minimum} to {maximum}"
        ).format(
            key=segment_key,
            value=values[segment_key],
            minimum=MIN_AUTO_SEGMENT_SECONDS,
            maximum=600,
        )
    volume_key, cap_key = "player.volume", "player.max_volume"
    if not failed & {volume_key, cap_key} and values[volume_key] > values[cap_key]:
        volume, cap = values[volume_key], values[cap_key]
        problems[volume_key] = _(
            "{key} = {value} is more than {cap_key} ({cap});"
            " use a number from 0 to {cap}, or raise {cap_key}"
        ).format(key=volume_key, value=volume, cap_key=cap_key, cap=cap)
    daily_key, minutes_key = "session.daily_limit_minutes", "session.minutes"
    if not failed & {daily_key, minutes_key}:
        daily, minutes = values[daily_key], values[minutes_key]
        if daily != 0 and daily < minutes:
            problems[daily_key] = daily_limit_problem(daily_key, daily, minutes_key, minutes)
    return problems


def daily_limit_problem(daily_key: str, daily: int, minutes_key: str, minutes: int) -> str:
    """The sentence for a daily limit shorter than one session (`daily_key` is to blame)."""
    return _(
        "{key} = {value} is less than {minutes_key} ({minutes});"
        " use 0 for no daily limit, or a number from {minutes} to {maximum}"
    ).format(
        key=daily_key,
        value=daily,
        minutes_key=minutes_key,
        minutes=minutes,
        maximum=_MINUTES_PER_DAY,
    )


def unknown_key_message(key: str) -> str:
    """The sentence for a key the schema does not know, with the nearest known key if any."""
    suggestion = _suggest_key(key)
    if suggestion is not None:
        return _("unknown key '{key}' (did you mean '{suggestion}'?)").format(
            key=key, suggestion=suggestion
        )
    section = key.rpartition(".")[0]
    if section in SECTIONS:
        names = ", ".join(s.name for s in SETTINGS if s.section == section)
        return _("unknown key '{key}' (the [{section}] keys are {names})").format(
            key=key, section=section, names=names
        )
    return _("unknown key '{key}' (settings belong in the {sections} sections)").format(
        key=key, sections=section_list()
    )


def unknown_section_message(name: str) -> str:
    day = closest_day(name)
    if day is not None:
        return _("unknown section [{name}] (a day's settings go in [{day_section}])").format(
            name=name, day_section=f"{SCHEDULE}.{day}"
        )
    close = difflib.get_close_matches(name, ALL_SECTIONS, n=1)
    if close:
        return _("unknown section [{name}] (did you mean [{suggestion}]?)").format(
            name=name, suggestion=close[0]
        )
    return _("unknown section [{name}] (the sections are {sections})").format(
        name=name, sections=section_list(ALL_SECTIONS)
    )


def section_list(sections: tuple[str, ...] = SECTIONS) -> str:
    """ "[library], [session], [player] and [ui]", in the kiosk's language."""
    return and_list([f"[{section}]" for section in sections])


def _suggest_key(key: str) -> str | None:
    section, _dot, leaf = key.rpartition(".")
    known = [VERSION_KEY, *SETTINGS_BY_KEY]
    # Match the name after the section first: the shared "session." prefix would otherwise make
    # every session key look close to any misspelt one. A near miss in the same section wins;
    # then any section, which also finds the right name in the wrong section.
    same_section = [k.rpartition(".")[2] for k in known if k.rpartition(".")[0] == section]
    close = difflib.get_close_matches(leaf, same_section, n=1)
    if close:
        return f"{section}.{close[0]}" if section else close[0]
    by_leaf = {k.rpartition(".")[2]: k for k in known}
    close = difflib.get_close_matches(leaf, by_leaf, n=1)
    return by_leaf[close[0]] if close else None
