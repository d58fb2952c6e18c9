"""One tick of the time rules as the screens show it, and the two rules about the screen.

`Limits.tick()` returns a `Tick` once a second: all that the kiosk's screens need about time at
that moment, so the flow reads one value and makes no further call into `Limits` to show it.
What a tick says happened since the last one (warnings due, a new session) it says exactly once.

`soft_landing` decides what becomes of the clip on screen when the session's time is up, and
`should_chime` whether a warning is heard as well as seen. Both are pure; `Limits.tick` applies
them, and the tests call them on real ticks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.core.limits.status import LimitStatus

#: At zero: the clip on screen plays out in the grace, the session ends now, or nothing changes.
Landing = Literal["finish_clip", "end_session", "carry_on"]


@dataclass(frozen=True)
class ClipOnScreen:
    """What the feed shows at a tick, as far as the soft landing needs to know."""

    # How long the clip on screen still plays; None with no clip, or while its length is unknown.
    seconds_left: float | None = None
    # It is already playing out in the grace: swiping is off and its end ends the session.
    finishing: bool = False


#: The feed shows no clip, or there is no feed: nothing can play out.
NO_CLIP = ClipOnScreen()


@dataclass(frozen=True, kw_only=True)
class Tick:
    """The time rules at one tick. Fields are keyword-only, so that new ones can be added.

    `status` is the public snapshot (`kiosk status --json`): the state and lock reason, the
    seconds left as a whole number, used today, the next session time and tamper. The rest is
    what only the running kiosk needs.
    """

    status: LimitStatus
    # Exact time left in the open session (0 with none, and in the grace), and all it has,
    # counted and left: the time ring's arc.
    session_seconds_left: float
    session_seconds_total: float
    # Time is up and the clip on screen may play out: swiping is off.
    in_grace: bool
    grace_seconds_left: float
    # The warning moments in seconds before the end, most urgent last: the ring's colours.
    warn_at_seconds: tuple[int, ...]
    # Warnings crossed since the last tick (each once per session), and whether to chime.
    warnings_due: tuple[int, ...]
    chime: bool
    # A session began since the last tick (or one was open at the first): each show's cap
    # in the feed starts again.
    new_session: bool
    # The clip on screen may play out in the grace: the feed stops swiping now, and the
    # session ends when that clip does (`Limits.end_session`) or when the grace runs out.
    finish_clip: bool
    # One sentence for a parent on why tamper locked the kiosk; None without tamper.
    parent_message: str | None
    # The zone the system is set to now, which the rules do not read: the parent panel says so
    # when it is not the household's (`time_zone`).
    system_zone: str
    # How far the wall clock runs ahead of trusted time; the parent panel offers to trust it.
    wall_ahead_seconds: float
    # The state file cannot be saved for lack of space (`status.disk_full`): the parent panel
    # says so, and what is counted is saved once space is freed.
    disk_full: bool = False

    @property
    def time_zone(self) -> str:
        """The household's zone, in which the rules read local time and times are shown."""
        return self.status.time_zone


def soft_landing(tick: Tick, clip: ClipOnScreen) -> Landing:
    """At zero, the clip on screen plays out if it ends within the time and grace left.

    Before zero, or once a clip is playing out, nothing changes. A clip that would run past the
    grace, or whose end is not known, does not play out: the session ends now.
    """
    if not tick.in_grace or clip.finishing:
        return "carry_on"
    if clip.seconds_left is None:
        return "end_session"
    if clip.seconds_left <= tick.session_seconds_left + tick.grace_seconds_left:
        return "finish_clip"
    return "end_session"


def should_chime(warnings_due: tuple[int, ...], *, chime_on: bool) -> bool:
    """A warning is heard once, with the parent's `session.chime` on; it is always seen."""
    return chime_on and bool(warnings_due)
