"""Allowed-hours ranges such as "07:00-19:30", which may span midnight ("20:00-06:30")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from kiosk.core.i18n import _

_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class HoursRangeError(ValueError):
    """A range that is not "HH:MM-HH:MM" with real times, or starts where it ends."""


@dataclass(frozen=True)
class HoursRange:
    """A daily window of local time. `end` is exclusive; a window past midnight wraps."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> HoursRange:
        match = _RANGE.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise HoursRangeError(
                _("'{text}' is not a range like \"07:00-19:30\"").format(text=text)
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise HoursRangeError(_("'{text}' has a time outside 00:00 to 23:59").format(text=text))
        if (h1, m1) == (h2, m2):
            raise HoursRangeError(
                _("'{text}' starts where it ends, so it allows no time").format(text=text)
            )
        return cls(time(h1, m1), time(h2, m2))

    @property
    def spans_midnight(self) -> bool:
        return self.end < self.start

    def contains(self, moment: time) -> bool:
        """True if the local time of day `moment` lies inside this window."""
        if self.spans_midnight:
            return moment >= self.start or moment < self.end
        return self.start <= moment < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"
