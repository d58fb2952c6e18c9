"""Zone names: which the kiosk accepts, the name for a bare offset, and the household's choice."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.zones import fixed_offset_zone_name, household_zone_name, zone_named, zone_problem


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT-2"])
def test_a_places_zone_is_accepted(name: str) -> None:
    assert zone_problem(name) is None
    assert zone_named(name) == ZoneInfo(name)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", '"" is not a time zone name like "Europe/Berlin"'),
        (" Europe/Berlin", '" Europe/Berlin" is not a time zone name like "Europe/Berlin"'),
        ("localtime", '"localtime" is not a place\'s time zone; use a name like "Europe/Berlin"'),
        ("Factory", '"Factory" is not a place\'s time zone; use a name like "Europe/Berlin"'),
        ("/etc/localtime", '"/etc/localtime" is not a time zone this computer knows'),
        ("../../etc/passwd", '"../../etc/passwd" is not a time zone this computer knows'),
        ("Europe", '"Europe" is not a time zone this computer knows'),
        ("Mars/Olympus", '"Mars/Olympus" is not a time zone this computer knows'),
        ("Europe/Ber\0lin", '"Europe/Ber\0lin" is not a time zone this computer knows'),
    ],
)
def test_anything_else_is_refused_in_one_sentence(name: str, problem: str) -> None:
    found = zone_problem(name)
    assert found is not None and found.startswith(problem)
    assert zone_named(name) == UTC  # never followed, never a crash


@pytest.mark.parametrize(
    ("hours", "name"),
    [(0, "Etc/UTC"), (2, "Etc/GMT-2"), (-5, "Etc/GMT+5"), (5.5, "Etc/GMT-6"), (14, "Etc/GMT-14")],
)
def test_a_bare_offset_is_named_by_its_etc_zone(hours: float, name: str) -> None:
    assert fixed_offset_zone_name(timedelta(hours=hours)) == name
    assert zone_problem(name) is None


def test_the_parents_choice_then_the_recorded_zone_then_the_systems() -> None:
    assert household_zone_name("Asia/Tokyo", "Europe/Berlin", "UTC") == "Asia/Tokyo"
    assert household_zone_name("", "Europe/Berlin", "America/Chicago") == "Europe/Berlin"
    assert household_zone_name("", None, "America/Chicago") == "America/Chicago"
    # A recorded name this computer does not know is passed over rather than trusted.
    assert household_zone_name("", "Mars/Olympus", "America/Chicago") == "America/Chicago"
    assert household_zone_name("", None, "Mars/Olympus") == "Etc/UTC"
