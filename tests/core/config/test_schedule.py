"""Days of the week in the config: `[schedule.sat]` tables, their checks and "did you mean",
saving them back, and the new session keys they may set (the clip budget) beside the wind-down."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from kiosk.core.config.load import (
    Config,
    ConfigInvalid,
    DaySettings,
    Schedule,
    load_config,
    save_config,
    validate,
)
from kiosk.core.config.schema import PER_DAY_SETTINGS
from kiosk.core.hours import HoursRange
from kiosk.core.weekdays import DAYS, closest_day
from tests.core.config.configfiles import messages, session_errors, write_config
from tests.core.config.test_config_example import EXAMPLE

WEEKENDS = """[session]
minutes = 15
daily_limit_minutes = 60
[schedule.sat]
daily_limit_minutes = 90
allowed_hours = ["08:00-20:00"]
[schedule.sun]
minutes = 20
clips = 12
cooldown_minutes = 30
allowed_hours = []
"""


def test_a_day_sets_its_own_values_and_keeps_the_rest_of_the_session(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, WEEKENDS))
    assert config.schedule.sat == DaySettings(
        daily_limit_minutes=90, allowed_hours=(HoursRange.parse("08:00-20:00"),)
    )
    assert config.schedule.sun == DaySettings(
        minutes=20, clips=12, cooldown_minutes=30, allowed_hours=()
    )
    assert config.schedule.mon == DaySettings()  # no table: every key as in [session]
    assert config.schedule.by_weekday()[5] is config.schedule.sat  # Monday is 0, as in Python
    assert config.session.daily_limit_minutes == 60


def test_without_a_schedule_every_day_is_the_same() -> None:
    assert Config.defaults().schedule == Schedule()
    assert all(day.overrides() == {} for day in Schedule().by_weekday())


def test_the_day_keys_are_the_session_keys_marked_per_day() -> None:
    assert [setting.key for setting in PER_DAY_SETTINGS] == [
        "session.minutes",
        "session.clips",
        "session.cooldown_minutes",
        "session.daily_limit_minutes",
        "session.allowed_hours",
    ]
    names = [field.name for field in dataclasses.fields(DaySettings)]
    assert names == [setting.name for setting in PER_DAY_SETTINGS]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[schedule.saturday]\nminutes = 12\n",
            "unknown day [schedule.saturday] (did you mean [schedule.sat]?)",
        ),
        (
            "[schedule.Sunday]\nminutes = 12\n",
            "unknown day [schedule.Sunday] (did you mean [schedule.sun]?)",
        ),
        (
            "[schedule.thurs]\nminutes = 12\n",
            "unknown day [schedule.thurs] (did you mean [schedule.thu]?)",
        ),
        (
            "[schedule.holiday]\nminutes = 12\n",
            "unknown day [schedule.holiday] (the days are mon, tue, wed, thu, fri, sat, sun)",
        ),
        (
            "[saturday]\nminutes = 12\n",
            "unknown section [saturday] (a day's settings go in [schedule.sat])",
        ),
        (
            "[schedule.sat]\nminuts = 12\n",
            "unknown key 'schedule.sat.minuts' (did you mean 'schedule.sat.minutes'?)",
        ),
        (
            "[schedule.sat]\nchime = false\n",
            "schedule.sat.chime cannot be set for one day (a day may set minutes, clips,"
            " cooldown_minutes, daily_limit_minutes and allowed_hours)",
        ),
        (
            "[schedule.sat]\ncolour = 'blue'\n",
            "unknown key 'schedule.sat.colour' (a day may set minutes, clips,"
            " cooldown_minutes, daily_limit_minutes and allowed_hours)",
        ),
        (
            "[schedule]\nsat = 90\n",
            "schedule.sat = 90 has the wrong type (expected a [schedule.sat] table of session"
            " keys, like minutes = 20)",
        ),
        (
            "schedule = 'weekends'\n",
            'schedule = "weekends" has the wrong type (expected a [schedule] section of days,'
            " like [schedule.sat])",
        ),
    ],
)
def test_a_misnamed_day_or_key_is_named_with_a_suggestion(
    tmp_path: Path, text: str, message: str
) -> None:
    assert messages(write_config(tmp_path, text)) == [message]


def test_a_days_values_are_checked_like_the_session_keys(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        '[schedule.fri]\nminutes = 45\nclips = 2\nallowed_hours = ["8-20"]\ncooldown_minutes = "x"\n',
    )
    assert messages(path) == [
        "schedule.fri.minutes = 45 is out of range (10 to 20)",
        "schedule.fri.clips = 2 is out of range (0 for off, or 3 to 50)",
        "schedule.fri.allowed_hours has a bad entry: '8-20' is not a range like \"07:00-19:30\"",
        'schedule.fri.cooldown_minutes = "x" has the wrong type (expected a whole number from'
        " 0 to 1440)",
    ]


def test_a_days_daily_limit_must_hold_a_whole_session_of_that_day(tmp_path: Path) -> None:
    own_limit = "[schedule.sun]\nminutes = 20\ndaily_limit_minutes = 15\n"
    assert messages(write_config(tmp_path, own_limit)) == [
        "schedule.sun.daily_limit_minutes = 15 is less than schedule.sun.minutes (20);"
        " use 0 for no daily limit, or a number from 20 to 1440"
    ]
    session_length = "[session]\nminutes = 20\n[schedule.sun]\ndaily_limit_minutes = 15\n"
    assert messages(write_config(tmp_path, session_length)) == [
        "schedule.sun.daily_limit_minutes = 15 is less than session.minutes (20);"
        " use 0 for no daily limit, or a number from 20 to 1440"
    ]
    session_limit = "[session]\ndaily_limit_minutes = 15\n[schedule.sun]\nminutes = 20\n"
    assert messages(write_config(tmp_path, session_limit)) == [
        "schedule.sun.minutes = 20 is more than session.daily_limit_minutes (15); use a number"
        " up to 15, or give [schedule.sun] its own daily_limit_minutes of 0 or at least 20"
    ]
    no_limit = "[session]\ndaily_limit_minutes = 15\n[schedule.sun]\nminutes = 20\ndaily_limit_minutes = 0\n"
    assert messages(write_config(tmp_path, no_limit)) == []


def test_a_refused_session_value_is_not_blamed_again_on_a_day(tmp_path: Path) -> None:
    path = write_config(
        tmp_path, "[session]\nminutes = 99\n[schedule.sun]\ndaily_limit_minutes = 15\n"
    )
    assert messages(path) == ["session.minutes = 99 is out of range (10 to 20)"]


def test_the_clip_budget_is_off_or_three_to_fifty(tmp_path: Path) -> None:
    for clips in (0, 3, 50):
        assert session_errors(tmp_path, f"clips = {clips}") == []
    for clips in (1, 2, 51, -1):
        assert session_errors(tmp_path, f"clips = {clips}") == [
            f"session.clips = {clips} is out of range (0 for off, or 3 to 50)"
        ]
    assert session_errors(tmp_path, "clips = true") == [
        "session.clips = true has the wrong type (expected 0 for off, or a whole number from 3"
        " to 50)"
    ]


def test_the_wind_down_is_off_or_up_to_an_hour(tmp_path: Path) -> None:
    assert session_errors(tmp_path, "wind_down_minutes = 60") == []
    assert session_errors(tmp_path, "wind_down_minutes = 61") == [
        "session.wind_down_minutes = 61 is out of range (0 to 60)"
    ]
    config = load_config(write_config(tmp_path, "[session]\nwind_down_minutes = 10\nclips = 5\n"))
    assert (config.session.wind_down_minutes, config.session.clips) == (10, 5)


def test_a_saved_schedule_loads_back_equal_and_keeps_only_the_days_that_set_something(
    tmp_path: Path,
) -> None:
    config = load_config(write_config(tmp_path, WEEKENDS))
    path = tmp_path / "saved" / "config.toml"
    save_config(config, path)
    assert load_config(path) == config
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert raw["schedule"] == {
        "sat": {"daily_limit_minutes": 90, "allowed_hours": ["08:00-20:00"]},
        "sun": {"minutes": 20, "clips": 12, "cooldown_minutes": 30, "allowed_hours": []},
    }
    assert "[schedule.sat]" in path.read_text(encoding="utf-8")


def test_a_bad_schedule_is_never_saved(tmp_path: Path) -> None:
    bad = dataclasses.replace(
        Config.defaults(), schedule=Schedule(sun=DaySettings(minutes=20, daily_limit_minutes=15))
    )
    with pytest.raises(ConfigInvalid, match=r"schedule\.sun\.daily_limit_minutes"):
        save_config(bad, tmp_path / "config.toml")
    assert not (tmp_path / "config.toml").exists()


def test_the_example_shows_a_schedule_that_loads_when_uncommented() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    example = text[text.index("# [schedule.sat]") :]
    uncommented = re.sub(r"^# ", "", example, flags=re.MULTILINE)
    config, errors = validate(tomllib.loads(uncommented), "")
    assert errors == []
    assert config.schedule.sat.daily_limit_minutes == 90
    assert config.schedule.sun.daily_limit_minutes == 90


@pytest.mark.parametrize(
    ("typed", "day"),
    [("saturday", "sat"), ("SAT", "sat"), ("satrday", "sat"), ("Wednesday", "wed")],
)
def test_a_day_is_found_from_what_a_parent_types(typed: str, day: str) -> None:
    assert closest_day(typed) == day
    assert day in DAYS
