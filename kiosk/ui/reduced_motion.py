"""Whether the kiosk may move things that move only to please: one switch every decorative
animation consults.

`ui.reduce_motion` sets it (the app calls `set_reduce_motion` at start and whenever the parent
saves settings). Reduced, the feed cuts to the next clip instead of sliding, and the decoration
keeps still: the breathing play button, the twinkling stars, the pulsing time ring and the PIN
pad's shake. Each shows its resting picture instead, so nothing a child or parent needs is lost.
"auto" (None) follows the system where Qt reports a preference; Qt 6.11, which the kiosk runs
on, reports none (`QAccessibilityHints.motionPreference` comes with Qt 6.12), so today "auto"
allows motion.

Application-wide on purpose, as the system's own preference is: it is read at the moment an
animation would start, so a change reaches the next animation without rebuilding any screen.
Motion the user drives (a finger dragging the feed) and motion that tells something (the PIN
pad's wait ring, the hold ring of the parent's corner) is not decoration, and stays.
"""

from __future__ import annotations

_reduce: bool | None = None


def set_reduce_motion(reduce: bool | None) -> None:
    """True: no decorative motion; False: all of it; None: as the system says."""
    global _reduce
    _reduce = reduce


def motion_allowed() -> bool:
    """Whether an animation may run now; if not, it shows its end state at once."""
    # None ("auto"): this Qt reports no system preference, so motion is allowed.
    return _reduce is not True
