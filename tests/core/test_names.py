"""Readable titles and show names from file names, and the natural sort order of paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.library.scan import natural_key as natural_key_from_library
from kiosk.core.names import natural_key, printable, readable_name


def test_the_library_exposes_natural_key() -> None:
    assert natural_key_from_library is natural_key


def test_natural_key_takes_paths_or_strings_and_ignores_case_and_normal_form() -> None:
    assert sorted(["ep10", "Ep2", "ep1"], key=natural_key) == ["ep1", "Ep2", "ep10"]
    assert natural_key(Path("a/b 2")) == natural_key("a/b 2")
    assert sorted(["x/1", "x 1/0"], key=natural_key) == ["x/1", "x 1/0"]
    assert sorted(["1", "01"], key=natural_key) == sorted(["01", "1"], key=natural_key)
    nfc, nfd = natural_key("Caf\u00e9 2"), natural_key("Cafe\u0301 2")
    assert nfc[0][0] == nfd[0][0]
    assert sorted(["Cafe\u0301 10", "Caf\u00e9 9"], key=natural_key)[0] == "Caf\u00e9 9"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("01 - the muddy puddle", "The muddy puddle"),
        ("01_Intro", "Intro"),
        ("001 Intro", "Intro"),
        ("1. Intro", "Intro"),
        ("1.Intro", "Intro"),
        ("3) Bath time", "Bath time"),
        ("3 Little Pigs", "3 Little Pigs"),
        ("10_Green_Bottles", "10 Green Bottles"),
        ("2.5 Hours", "2.5 Hours"),
        ("1-2-3 Count", "1-2-3 Count"),
        ("1984", "1984"),
        ("01", "01"),
        ("Peppa.Pig.S01E02.720p", "Peppa Pig S01E02 720p"),
        ("Mr. Men", "Mr. Men"),
        ("Counting to 2.5", "Counting to 2.5"),
        ("dance.party", "Dance party"),
        ("PAW Patrol", "PAW Patrol"),
        ("iPad fun", "iPad fun"),
        ("some   spaced__name ", "Some spaced name"),
        ("\u00e9lan", "\u00c9lan"),
        ("___", "___"),
    ],
)
def test_readable_name(name: str, title: str) -> None:
    assert readable_name(name) == title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("caf\udce9", "Caf\ufffd"),  # a Latin-1 byte kept by Linux as a lone surrogate
        ("a\ud800b", "A\ufffdb"),  # a lone surrogate a Windows name may hold
    ],
)
def test_a_name_that_is_not_valid_text_gets_a_title_of_real_text(name: str, title: str) -> None:
    assert readable_name(name) == title
    assert printable(name).encode("utf-8")  # never raises
