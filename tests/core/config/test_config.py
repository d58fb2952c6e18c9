"""The config file: defaults, a good file, whole-file errors, versions, and every error at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.core import paths
from kiosk.core.config import schema as config_schema
from kiosk.core.config.load import (
    SETTINGS,
    Config,
    ConfigError,
    ConfigInvalid,
    PlayerSettings,
    UiSettings,
    load_config,
    read_config,
    validate,
)
from kiosk.core.hours import HoursRange
from tests.core.config.configfiles import messages, write_config

REPO_ROOT = Path(__file__).resolve().parents[3]


# --- defaults and a good file -------------------------------------------------------------------


def test_missing_file_means_all_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent" / "config.toml")
    assert config == Config.defaults()
    assert config.config_version == 1
    assert config.library.folder == paths.demo_folder()
    assert config.library.order == "shuffle"
    assert config.session.minutes == 15
    assert config.session.daily_limit_minutes == 60
    assert config.session.allowed_hours == ()
    assert config.session.warn_at_seconds == (120, 30)
    assert config.session.chime is True
    assert config.session.show_numbers is False
    assert config.player == PlayerSettings(after_clip="next", volume=70, max_volume=85)
    assert config.ui == UiSettings(reduce_motion=None, language="")


def test_every_schema_default_is_valid_and_is_what_the_config_holds() -> None:
    defaults = Config.defaults()
    assert validate({}, "config.toml")[1] == []
    for setting in SETTINGS:
        assert getattr(getattr(defaults, setting.section), setting.name) == setting.default_value
        assert setting.description and setting.valid


def test_a_file_setting_every_key_is_read_into_typed_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = write_config(
        tmp_path,
        """config_version = 1
[library]
folder = "~/Videos/Kids"
order = "sequential"
[session]
minutes = 20
cooldown_minutes = 0
daily_limit_minutes = 0
allowed_hours = ["07:00-12:00", "20:00-06:30"]
warn_at_seconds = [30, 300, 120]
finish_clip_grace_seconds = 0
chime = false
show_numbers = true
[player]
after_clip = "loop"
volume = 0
max_volume = 60
[ui]
reduce_motion = true
""",
    )
    config = load_config(path)
    assert config.library.folder == tmp_path / "home" / "Videos" / "Kids"
    assert config.library.order == "sequential"
    assert config.session.minutes == 20
    assert config.session.cooldown_minutes == 0
    assert config.session.daily_limit_minutes == 0
    assert config.session.allowed_hours == (
        HoursRange.parse("07:00-12:00"),
        HoursRange.parse("20:00-06:30"),
    )
    assert config.session.warn_at_seconds == (300, 120, 30)
    assert config.session.finish_clip_grace_seconds == 0
    assert (config.session.chime, config.session.show_numbers) == (False, True)
    assert (config.player.after_clip, config.player.volume) == ("loop", 0)
    assert config.player.max_volume == 60
    assert config.ui.reduce_motion is True


def test_a_relative_folder_is_taken_from_the_config_files_folder(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    path = write_config(tmp_path / "etc", '[library]\nfolder = "../clips"\n')
    assert load_config(path).library.folder == tmp_path / "etc" / ".." / "clips"


# --- errors -------------------------------------------------------------------------------------


def test_every_error_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        """[session]
minutes = 45
minuts = 15
[player]
volume = "loud"
[sesion]
chime = true
""",
    )
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    assert [str(error) for error in caught.value.errors] == [
        f"{path}: unknown key 'session.minuts' (did you mean 'session.minutes'?)",
        f"{path}: unknown section [sesion] (did you mean [session]?)",
        f"{path}: session.minutes = 45 is out of range (10 to 20)",
        f'{path}: player.volume = "loud" has the wrong type (expected a whole number from 0 to 100)',
    ]
    assert str(caught.value).splitlines() == [str(error) for error in caught.value.errors]
    assert {error.file for error in caught.value.errors} == {str(path)}


def test_a_toml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[session]\nminutes = 15\nchime = \n")
    (error,) = read_config(path)[1]
    assert error.key is None
    assert str(error) == f"{path}: is not valid TOML at line 3, column 9 (invalid value)"


def test_a_file_nested_too_deeply_for_tomllib_is_one_error(tmp_path: Path) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    path = write_config(tmp_path, f"[session]\nminutes = 15\nx = {nested}\n")
    (error,) = read_config(path)[1]
    assert error.key is None
    assert str(error) == (
        f"{path}: has arrays or tables nested too deeply to read: a config holds only"
        " [library], [session], [player] and [ui] settings"
    )


def test_an_integer_past_pythons_digit_limit_is_one_error(tmp_path: Path) -> None:
    """tomllib hands int()'s plain ValueError on: a sentence, not a traceback in kiosk check."""
    path = write_config(tmp_path, "[session]\nminutes = " + "9" * 5000 + "\n")
    (error,) = read_config(path)[1]
    assert error.key is None
    assert str(error) == (
        f"{path}: has a number too long to read (more than 4,300 digits): settings take short"
        " numbers, such as session.minutes = 15"
    )


def test_a_folder_in_place_of_the_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    assert messages(tmp_path / "config.toml") == ["is a folder, not a config file"]


def test_an_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(tmp_path, "")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    # Patched rather than chmod-ed: root (as in many CI containers) reads any file regardless.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ConfigInvalid, match=r"config\.toml: cannot be read \(permission denied\)"):
        load_config(path)


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[session]\nminutes = 15 # caf\xe9\n")
    assert messages(path) == ["is not UTF-8 text (line 2 has a character in another encoding)"]


# --- versions -----------------------------------------------------------------------------------


def test_a_newer_config_version_is_refused_on_its_own(tmp_path: Path) -> None:
    path = write_config(tmp_path, "config_version = 2\n[session]\nbedtime = '19:00'\n")
    assert messages(path) == [
        "config_version = 2 is newer than this kiosk understands (it reads version 1);"
        " update the kiosk or set config_version = 1"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"1"', 'config_version = "1" has the wrong type (expected 1)'),
        ("0", "config_version = 0 is not a valid version (this kiosk reads 1)"),
    ],
)
def test_a_bad_config_version_is_reported_with_the_rest(
    tmp_path: Path, value: str, message: str
) -> None:
    path = write_config(tmp_path, f"config_version = {value}\n[player]\nvolume = 101\n")
    assert messages(path) == [message, "player.volume = 101 is out of range (0 to 100)"]


def test_every_older_version_has_a_migration() -> None:
    assert set(range(1, config_schema.CURRENT_VERSION)) <= set(config_schema.MIGRATIONS)


def test_an_older_file_goes_through_the_migration_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rename_length(old: dict[str, Any]) -> dict[str, Any]:
        session = dict(old["session"])
        session["minutes"] = session.pop("length")
        return {**old, "session": session}

    monkeypatch.setattr(config_schema, "CURRENT_VERSION", 2)
    monkeypatch.setattr(config_schema, "MIGRATIONS", {1: rename_length})
    config = load_config(write_config(tmp_path, "config_version = 1\n[session]\nlength = 12\n"))
    assert (config.config_version, config.session.minutes) == (2, 12)


def test_config_error_reads_as_one_sentence() -> None:
    error = ConfigError("config.toml", "session.minutes", "session.minutes = 45 is out of range")
    assert str(error) == "config.toml: session.minutes = 45 is out of range"
    assert str(ConfigInvalid([error, error])).count("\n") == 1
