"""Each setting's checks: ranges, types, choices, list entries, unknown keys and two-key rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.config.load import SETTINGS, Config, load_config, read_config, validate
from tests.core.config.configfiles import messages, session_errors, write_config


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("minutes = 45", "session.minutes = 45 is out of range (10 to 20)"),
        ("minutes = 9", "session.minutes = 9 is out of range (10 to 20)"),
        ("cooldown_minutes = -1", "session.cooldown_minutes = -1 is out of range (0 to 1440)"),
        ("cooldown_minutes = 1441", "session.cooldown_minutes = 1441 is out of range (0 to 1440)"),
        (
            "daily_limit_minutes = 1441",
            "session.daily_limit_minutes = 1441 is out of range (0 to 1440)",
        ),
        (
            "finish_clip_grace_seconds = 301",
            "session.finish_clip_grace_seconds = 301 is out of range (0 to 300)",
        ),
    ],
)
def test_out_of_range_values_are_refused(tmp_path: Path, line: str, message: str) -> None:
    assert session_errors(tmp_path, line) == [message]


def test_out_of_range_volume_and_bad_choices_are_refused(tmp_path: Path) -> None:
    path = write_config(
        tmp_path, '[player]\nvolume = 101\nafter_clip = "stop"\n[library]\norder = "random"\n'
    )
    assert messages(path) == [
        'library.order = "random" is not a valid choice (expected "shuffle" or "sequential")',
        'player.after_clip = "stop" is not a valid choice (expected "next" or "loop")',
        "player.volume = 101 is out of range (0 to 100)",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('minutes = "15"', 'session.minutes = "15" has the wrong type'),
        ("minutes = true", "session.minutes = true has the wrong type"),
        ("minutes = 15.0", "session.minutes = 15.0 has the wrong type"),
        ("chime = 1", "session.chime = 1 has the wrong type (expected true or false)"),
        ("allowed_hours = 7", "session.allowed_hours = 7 has the wrong type"),
        ('allowed_hours = "07:00-12:00"', 'session.allowed_hours = "07:00-12:00" has the wrong'),
        ("warn_at_seconds = 30", "session.warn_at_seconds = 30 has the wrong type"),
    ],
)
def test_wrong_types_are_refused_even_when_python_would_convert_them(
    tmp_path: Path, line: str, message: str
) -> None:
    (found,) = session_errors(tmp_path, line)
    assert found.startswith(message)
    assert "(expected " in found


def test_a_whole_section_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path, "session = 5\n")
    assert messages(path) == [
        "session = 5 has the wrong type (expected a [session] section of settings)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[session]\nminuts = 15",
            "unknown key 'session.minuts' (did you mean 'session.minutes'?)",
        ),
        (
            "[player]\nminutes = 15",
            "unknown key 'player.minutes' (did you mean 'session.minutes'?)",
        ),
        ("minutes = 15", "unknown key 'minutes' (did you mean 'session.minutes'?)"),
        ("config_verison = 1", "unknown key 'config_verison' (did you mean 'config_version'?)"),
        (
            "[player]\nspeed = 2",
            "unknown key 'player.speed' (the [player] keys are after_clip, volume, max_volume)",
        ),
        (
            "speed = 2",
            "unknown key 'speed' (settings belong in the [library], [session], [player] and [ui]"
            " sections)",
        ),
    ],
)
def test_unknown_keys_are_named_with_a_suggestion(tmp_path: Path, text: str, message: str) -> None:
    assert messages(write_config(tmp_path, text + "\n")) == [message]


def test_unknown_sections_are_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[plaer]\nvolume = 5\n[theme]\ncolour = 'blue'\n")
    assert messages(path) == [
        "unknown section [plaer] (did you mean [player]?)",
        "unknown section [theme] (the sections are [library], [session], [player], [ui] and"
        " [schedule])",
    ]


def test_daily_limit_below_the_session_length_is_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[session]\nminutes = 20\ndaily_limit_minutes = 15\n")
    (error,) = read_config(path)[1]
    assert error.key == "session.daily_limit_minutes"
    assert error.message == (
        "session.daily_limit_minutes = 15 is less than session.minutes (20);"
        " use 0 for no daily limit, or a number from 20 to 1440"
    )


@pytest.mark.parametrize(("minutes", "daily"), [(20, 0), (20, 20), (10, 1440)])
def test_daily_limit_of_zero_or_at_least_the_session_is_accepted(
    tmp_path: Path, minutes: int, daily: int
) -> None:
    text = f"[session]\nminutes = {minutes}\ndaily_limit_minutes = {daily}\n"
    assert load_config(write_config(tmp_path, text)).session.daily_limit_minutes == daily


def test_daily_limit_is_not_compared_with_a_session_length_that_is_itself_bad(
    tmp_path: Path,
) -> None:
    text = "[session]\nminutes = 45\ndaily_limit_minutes = 30\n"
    assert messages(write_config(tmp_path, text)) == [
        "session.minutes = 45 is out of range (10 to 20)"
    ]


def test_a_volume_above_the_maximum_volume_is_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[player]\nvolume = 90\n")
    (error,) = read_config(path)[1]
    assert error.key == "player.volume"
    assert error.message == (
        "player.volume = 90 is more than player.max_volume (85);"
        " use a number from 0 to 85, or raise player.max_volume"
    )
    lowered = write_config(tmp_path, "[player]\nvolume = 40\nmax_volume = 30\n")
    assert messages(lowered) == [
        "player.volume = 40 is more than player.max_volume (30);"
        " use a number from 0 to 30, or raise player.max_volume"
    ]


@pytest.mark.parametrize(("volume", "cap"), [(85, 85), (0, 0), (100, 100), (70, 85)])
def test_a_volume_up_to_the_maximum_is_accepted(tmp_path: Path, volume: int, cap: int) -> None:
    path = write_config(tmp_path, f"[player]\nvolume = {volume}\nmax_volume = {cap}\n")
    player = load_config(path).player
    assert (player.volume, player.max_volume) == (volume, cap)


def test_the_volume_is_not_compared_with_a_maximum_that_is_itself_bad(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[player]\nvolume = 90\nmax_volume = 101\n")
    assert messages(path) == ["player.max_volume = 101 is out of range (0 to 100)"]


@pytest.mark.parametrize(("text", "reduce"), [("true", True), ("false", False), ('"auto"', None)])
def test_reduce_motion_is_true_false_or_left_to_the_system(
    tmp_path: Path, text: str, reduce: bool | None
) -> None:
    path = write_config(tmp_path, f"[ui]\nreduce_motion = {text}\n")
    assert load_config(path).ui.reduce_motion is reduce


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '"yes"',
            'ui.reduce_motion = "yes" is not a valid choice (expected true, false or "auto")',
        ),
        ("1", 'ui.reduce_motion = 1 has the wrong type (expected true, false or "auto")'),
    ],
)
def test_reduce_motion_refuses_anything_else(tmp_path: Path, text: str, message: str) -> None:
    assert messages(write_config(tmp_path, f"[ui]\nreduce_motion = {text}\n")) == [message]


@pytest.mark.parametrize("code", ["", "en", "de"])
def test_the_language_is_english_german_or_the_systems(tmp_path: Path, code: str) -> None:
    path = write_config(tmp_path, f'[ui]\nlanguage = "{code}"\n')
    assert load_config(path).ui.language == code


def test_a_language_the_kiosk_does_not_speak_is_refused_with_the_ones_it_does(
    tmp_path: Path,
) -> None:
    assert messages(write_config(tmp_path, '[ui]\nlanguage = "fr"\n')) == [
        'ui.language = "fr" is not a valid choice (expected "", "en" or "de")'
    ]


def test_each_bad_allowed_hours_entry_is_reported(tmp_path: Path) -> None:
    line = 'allowed_hours = ["07:00-12:00", "7-12", "25:00-26:00", "10:00-10:00", 3]'
    assert session_errors(tmp_path, line) == [
        "session.allowed_hours has a bad entry: '7-12' is not a range like \"07:00-19:30\"",
        "session.allowed_hours has a bad entry: '25:00-26:00' has a time outside 00:00 to 23:59",
        "session.allowed_hours has a bad entry: '10:00-10:00' starts where it ends,"
        " so it allows no time",
        'session.allowed_hours has an entry 3 of the wrong type (expected a range in quotes like "07:00-19:30")',
    ]


def test_each_bad_warning_time_is_reported(tmp_path: Path) -> None:
    line = 'warn_at_seconds = [120, 30, 30, 4, 601, "60", true]'
    assert session_errors(tmp_path, line) == [
        "session.warn_at_seconds lists 30 more than once (each may appear only once)",
        "session.warn_at_seconds has an entry 4 that is out of range (5 to 600)",
        "session.warn_at_seconds has an entry 601 that is out of range (5 to 600)",
        'session.warn_at_seconds has an entry "60" of the wrong type'
        " (expected a whole number from 5 to 600)",
        "session.warn_at_seconds has an entry true of the wrong type"
        " (expected a whole number from 5 to 600)",
    ]


@pytest.mark.parametrize("folder", ['""', '"   "', '"~no-such-user-kiosk/clips"', "5"])
def test_an_unusable_folder_is_refused(tmp_path: Path, folder: str) -> None:
    (message,) = messages(write_config(tmp_path, f"[library]\nfolder = {folder}\n"))
    assert message.startswith("library.folder")


def test_an_auto_segment_length_is_off_or_long_enough_to_follow() -> None:
    def problems(seconds: int) -> list[str]:
        return [e.message for e in validate({"library": {"auto_segment_seconds": seconds}}, "")[1]]

    assert problems(0) == [] and problems(15) == []
    assert problems(5) == [
        "library.auto_segment_seconds = 5 is too short for a clip; use 0 for off,"
        " or a number from 15 to 600"
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"Mars/Olympus"', '"Mars/Olympus" is not a time zone this computer knows'),
        ('"localtime"', '"localtime" is not a place\'s time zone'),
        ('" Europe/Berlin"', '" Europe/Berlin" is not a time zone name'),
    ],
)
def test_a_time_zone_is_a_place_s_zone_name(tmp_path: Path, value: str, problem: str) -> None:
    (message,) = messages(write_config(tmp_path, f"[session]\ntime_zone = {value}\n"))
    assert message.startswith(f"session.time_zone = {problem}")
    assert message.endswith(
        '(expected a time zone name in quotes like "Europe/Berlin", or "" for the one recorded at setup)'
    )


def test_a_time_zone_name_or_none_is_kept(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, '[session]\ntime_zone = "America/New_York"\n'))
    assert config.session.time_zone == "America/New_York"
    assert Config.defaults().session.time_zone == ""
    (message,) = messages(write_config(tmp_path, "[session]\ntime_zone = 1\n"))
    assert message.startswith("session.time_zone = 1 has the wrong type")


def test_the_schema_lists_every_key_with_its_range_and_description() -> None:
    by_key = {setting.key: setting for setting in SETTINGS}
    assert set(by_key) == {
        "library.folder",
        "library.order",
        "library.auto_segment_seconds",
        "library.long_file_seconds",
        "library.require_approval",
        "library.max_per_show_per_session",
        "session.minutes",
        "session.clips",
        "session.cooldown_minutes",
        "session.daily_limit_minutes",
        "session.allowed_hours",
        "session.wind_down_minutes",
        "session.time_zone",
        "session.warn_at_seconds",
        "session.finish_clip_grace_seconds",
        "session.chime",
        "session.show_numbers",
        "player.after_clip",
        "player.volume",
        "player.max_volume",
        "ui.reduce_motion",
        "ui.language",
    }
    assert by_key["session.minutes"].valid == "a whole number from 10 to 20"
    assert by_key["library.order"].valid == '"shuffle" or "sequential"'
