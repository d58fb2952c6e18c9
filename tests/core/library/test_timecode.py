"""Times in clips.toml: what parses to how many seconds, what is refused and how it is said."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.durations import length_clock
from kiosk.core.library.timecode import format_timecode, parse_timecode

VALID_FORMS = "use seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (0, 0.0),
        (90, 90.0),
        (90.5, 90.5),
        ("90", 90.0),
        ("90.5", 90.5),
        ("0:00", 0.0),
        ("1:30", 90.0),
        ("1:30.5", 90.5),
        ("90:00", 5400.0),  # the first field may be any size: 90 minutes
        ("1:02:03", 3723.0),
        ("10:00:00.25", 36000.25),
        (" 1:30 ", 90.0),  # as a parent may type it inside the quotes
    ],
)
def test_valid_times_parse_to_seconds(value: object, seconds: float) -> None:
    result = parse_timecode(value)
    assert result == seconds
    assert isinstance(result, float)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1:75", "'1:75'"),  # seconds of 60 or more after the first field
        ("1:60:00", "'1:60:00'"),  # minutes of 60 or more after the first field
        ("1:5", "'1:5'"),  # 1:05 or 1:50? refused rather than guessed
        ("", "''"),
        ("   ", "'   '"),
        ("-5", "'-5'"),
        ("1:30:00:00", "'1:30:00:00'"),
        ("1.5:30", "'1.5:30'"),
        ("1:", "'1:'"),
        (":30", "':30'"),
        ("90.", "'90.'"),
        ("1e3", "'1e3'"),
        ("+5", "'+5'"),
        ("ninety", "'ninety'"),
        ("\u0661\u0662", "'\u0661\u0662'"),  # Arabic-Indic digits, which float() would take
        ("it's", '"it\'s"'),
        (-1, "-1"),
        (-0.5, "-0.5"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        pytest.param(10**400, "1" + "0" * 56 + "...", id="int-too-big-for-a-float"),
        pytest.param("9" * 400, "'" + "9" * 37 + "...'", id="digits-too-many-for-a-float"),
        # Past Python's int() limit of 4,300 digits, which has its own "Exceeds the limit" error.
        pytest.param("9" * 5000, "'" + "9" * 37 + "...'", id="digits-past-the-int-limit"),
        pytest.param("9" * 5000 + ":30", "'" + "9" * 37 + "...'", id="hours-past-the-int-limit"),
        (True, "true"),
        (False, "false"),
        ([90], "[90]"),
        ({"m": 1}, "{m = 1}"),
        (None, "None"),
    ],
)
def test_bad_times_are_one_sentence_with_the_value_and_the_valid_forms(
    value: object, shown: str
) -> None:
    with pytest.raises(ValueError) as caught:
        parse_timecode(value)
    assert str(caught.value) == f"{shown} is not a time: {VALID_FORMS}"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(90, "1:30"), (90.5, "1:30.5"), (3723.125, "1:02:03.125"), (0.0004, "0:00")],
)
def test_format_timecode_keeps_fractions(seconds: float, text: str) -> None:
    assert format_timecode(seconds) == text


@given(st.integers(min_value=0, max_value=10**9).map(lambda millis: millis / 1000))
def test_format_timecode_reads_back(seconds: float) -> None:
    assert parse_timecode(format_timecode(seconds)) == pytest.approx(seconds, abs=5e-4)


@given(st.integers(min_value=0, max_value=10**7))
def test_whole_seconds_round_trip_exactly(seconds: int) -> None:
    assert parse_timecode(format_timecode(seconds)) == seconds
    assert parse_timecode(length_clock(seconds)) == seconds
