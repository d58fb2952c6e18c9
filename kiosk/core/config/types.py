"""The value types of the config schema: how a raw TOML value is checked, converted and described.

Each type turns a value from a parsed TOML file into the Python value the kiosk uses, or refuses
it with sentences a parent can act on ("session.minutes = 45 is out of range (10 to 20)"). A list
type reports every bad entry, not just the first. The types know nothing of files or sections; the
schema in `schema` gives each key its type.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Generic, TypeVar

from kiosk.core.hours import HoursRange, HoursRangeError
from kiosk.core.i18n import _
from kiosk.core.lists import or_list
from kiosk.core.zones import zone_problem

T = TypeVar("T")

_SHOWN_VALUE_LIMIT = 60


class SettingInvalid(ValueError):
    """A value a setting refuses, with one sentence per problem (a list can have several)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def show_value(value: object) -> str:
    """A value as it would be written in TOML, shortened so one error stays one line."""
    text = _toml_text(value)
    if len(text) > _SHOWN_VALUE_LIMIT:
        return text[: _SHOWN_VALUE_LIMIT - 3] + "..."
    return text


def _toml_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_text(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_toml_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


class SettingType(ABC, Generic[T]):
    """How one kind of setting is checked, converted, described and written back."""

    @property
    @abstractmethod
    def expected(self) -> str:
        """What is valid, in words that follow "expected", e.g. "a whole number from 0 to 100",
        in the kiosk's language at the time it is read."""

    @abstractmethod
    def parse(self, key: str, value: object) -> T:
        """The Python value for a raw TOML value; raises SettingInvalid naming `key`."""

    def to_toml(self, value: T) -> object:
        """The TOML value that parses back to `value`."""
        return value

    def wrong_type(self, key: str, value: object) -> SettingInvalid:
        return SettingInvalid(
            [
                _("{key} = {value} has the wrong type (expected {expected})").format(
                    key=key, value=show_value(value), expected=self.expected
                )
            ]
        )

    def not_a_choice(self, key: str, value: object) -> SettingInvalid:
        return SettingInvalid(
            [
                _("{key} = {value} is not a valid choice (expected {expected})").format(
                    key=key, value=show_value(value), expected=self.expected
                )
            ]
        )


@dataclass(frozen=True)
class Int(SettingType[int]):
    """A whole number in a range; with `zero_is_off`, 0 as well, meaning the feature is off
    (`session.clips = 0`), where the smallest useful number is above 1."""

    minimum: int
    maximum: int
    zero_is_off: bool = False

    @property
    def expected(self) -> str:
        if self.zero_is_off:
            return _("0 for off, or a whole number from {minimum} to {maximum}").format(
                minimum=self.minimum, maximum=self.maximum
            )
        return _("a whole number from {minimum} to {maximum}").format(
            minimum=self.minimum, maximum=self.maximum
        )

    def parse(self, key: str, value: object) -> int:
        # bool is a subclass of int, but `volume = true` is a mistake, not the number 1.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(key, value)
        if self.zero_is_off and value == 0:
            return value
        if not self.minimum <= value <= self.maximum:
            if self.zero_is_off:
                problem = _(
                    "{key} = {value} is out of range (0 for off, or {minimum} to {maximum})"
                )
            else:
                problem = _("{key} = {value} is out of range ({minimum} to {maximum})")
            raise SettingInvalid(
                [
                    problem.format(
                        key=key,
                        value=show_value(value),
                        minimum=self.minimum,
                        maximum=self.maximum,
                    )
                ]
            )
        return value


@dataclass(frozen=True)
class Bool(SettingType[bool]):
    @property
    def expected(self) -> str:
        return _("true or false")

    def parse(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.wrong_type(key, value)
        return value


#: The TOML value of an `AutoBool` left to the system.
AUTO = "auto"


@dataclass(frozen=True)
class AutoBool(SettingType[bool | None]):
    """true or false, or "auto" to follow what the system says (None here): a preference the
    OS may hold for the user, such as reduced motion, that the parent can still decide."""

    @property
    def expected(self) -> str:
        return _('true, false or "{auto}"').format(auto=AUTO)

    def parse(self, key: str, value: object) -> bool | None:
        if isinstance(value, bool):
            return value
        if value == AUTO:
            return None
        if isinstance(value, str):
            raise self.not_a_choice(key, value)
        raise self.wrong_type(key, value)

    def to_toml(self, value: bool | None) -> object:
        return AUTO if value is None else value


@dataclass(frozen=True)
class Choice(SettingType[str]):
    options: tuple[str, ...]

    @property
    def expected(self) -> str:
        return or_list([json.dumps(option) for option in self.options])

    def parse(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(key, value)
        if value not in self.options:
            raise self.not_a_choice(key, value)
        return value


@dataclass(frozen=True)
class FolderPath(SettingType[Path]):
    """A folder as the parent wrote it, with `~` expanded. Relative paths stay relative here:
    only the loader knows the config file they are relative to."""

    @property
    def expected(self) -> str:
        return _("a folder path in quotes")

    def parse(self, key: str, value: object) -> Path:
        if not isinstance(value, str):
            raise self.wrong_type(key, value)
        if not value.strip():
            raise SettingInvalid(
                [_("{key} is empty (expected {expected})").format(key=key, expected=self.expected)]
            )
        if "\0" in value:
            # The OS would refuse the path later, far from the line that caused it.
            raise SettingInvalid(
                [
                    _("{key} = {value} contains a NUL character").format(
                        key=key, value=show_value(value)
                    )
                ]
            )
        try:
            return Path(value).expanduser()
        except RuntimeError:
            # "~name/..." for a user that does not exist, or no home folder at all.
            raise SettingInvalid(
                [
                    _("{key} = {value} starts with a home folder that does not exist").format(
                        key=key, value=show_value(value)
                    )
                ]
            ) from None

    def to_toml(self, value: Path) -> object:
        return str(value)


@dataclass(frozen=True)
class ZoneName(SettingType[str]):
    """An IANA time zone name, or "" for the zone the kiosk recorded when the PIN was set."""

    @property
    def expected(self) -> str:
        return _(
            'a time zone name in quotes like "Europe/Berlin", or "" for the one recorded at setup'
        )

    def parse(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(key, value)
        if not value:
            return value
        problem = zone_problem(value)
        if problem is not None:
            raise SettingInvalid(
                [
                    _("{key} = {problem} (expected {expected})").format(
                        key=key, problem=problem, expected=self.expected
                    )
                ]
            )
        return value


@dataclass(frozen=True)
class HoursList(SettingType[tuple[HoursRange, ...]]):
    @property
    def expected(self) -> str:
        return _('a list of ranges like ["07:00-12:00", "14:00-19:30"]')

    def parse(self, key: str, value: object) -> tuple[HoursRange, ...]:
        if not isinstance(value, list | tuple):
            raise self.wrong_type(key, value)
        problems: list[str] = []
        ranges: list[HoursRange] = []
        for item in value:
            if not isinstance(item, str):
                problems.append(
                    _(
                        "{key} has an entry {value} of the wrong type"
                        ' (expected a range in quotes like "07:00-19:30")'
                    ).format(key=key, value=show_value(item))
                )
                continue
            try:
                ranges.append(HoursRange.parse(item))
            except HoursRangeError as exc:
                problems.append(_("{key} has a bad entry: {problem}").format(key=key, problem=exc))
        if problems:
            raise SettingInvalid(problems)
        return tuple(ranges)

    def to_toml(self, value: tuple[HoursRange, ...]) -> object:
        return [str(hours) for hours in value]


@dataclass(frozen=True)
class IntList(SettingType[tuple[int, ...]]):
    """Distinct whole numbers in a range, kept largest first (the order warnings fire in)."""

    minimum: int
    maximum: int

    @property
    def expected(self) -> str:
        return _("a list of whole numbers from {minimum} to {maximum}").format(
            minimum=self.minimum, maximum=self.maximum
        )

    def parse(self, key: str, value: object) -> tuple[int, ...]:
        if not isinstance(value, list | tuple):
            raise self.wrong_type(key, value)
        problems: list[str] = []
        numbers: set[int] = set()
        repeated: set[int] = set()
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int):
                problems.append(
                    _(
                        "{key} has an entry {value} of the wrong type"
                        " (expected a whole number from {minimum} to {maximum})"
                    ).format(
                        key=key, value=show_value(item), minimum=self.minimum, maximum=self.maximum
                    )
                )
            elif not self.minimum <= item <= self.maximum:
                problems.append(
                    _(
                        "{key} has an entry {value} that is out of range ({minimum} to {maximum})"
                    ).format(
                        key=key, value=show_value(item), minimum=self.minimum, maximum=self.maximum
                    )
                )
            elif item in numbers:
                if item not in repeated:
                    repeated.add(item)
                    problems.append(
                        _("{key} lists {number} more than once (each may appear only once)").format(
                            key=key, number=item
                        )
                    )
            else:
                numbers.add(item)
        if problems:
            raise SettingInvalid(problems)
        return tuple(sorted(numbers, reverse=True))

    def to_toml(self, value: tuple[int, ...]) -> object:
        return list(value)
