"""The last screen of a kiosk that could not start: the calm lock, whose PIN closes the kiosk.

When building the kiosk's own screens fails with an error nobody foresaw, the child must still
not be dropped to the desktop. This shows the lock screen alone (the moon, and the PIN pad behind
a tap), with a note for the parent that says what happened and where the log is. The parent's
PIN closes the kiosk, so the parent can fix it; there is no panel, since whatever failed may well
be part of it. A PIN that cannot be checked at all opens nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.core import paths
from kiosk.core.i18n import N_, _
from kiosk.core.pin.guard import AttemptResult, PinGuard
from kiosk.ui.lock import LockScreen
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

#: The note under the moon when the kiosk could not start.
START_FAILED_NOTE = N_(
    "The kiosk could not start because of an unexpected error ({error}), so it stays locked:"
    " a parent's PIN closes it, and the log in {log} has the details."
)


def show_rescue_lock(
    window: KioskWindow, guard: PinGuard, error: Exception, leave: Callable[[], None]
) -> LockScreen:
    """Put the lock screen in front; the right PIN calls `leave`."""

    def check(pin: str) -> AttemptResult:
        try:
            return guard.attempt(pin)
        except Exception:  # whatever broke the start may break this too: open nothing
            log.exception("the PIN could not be checked")
            return AttemptResult.unchecked("damaged")

    def wait_seconds() -> float:
        try:
            return guard.seconds_to_wait()
        except Exception:  # then the attempt is refused unchecked
            return 0.0

    lock = LockScreen(check, wait_seconds)
    lock.set_parent_note(_(START_FAILED_NOTE).format(error=error, log=paths.log_dir()))
    lock.unlocked.connect(leave)
    window.show_screen(lock)
    log.info("screen: lock (start failed)")
    return lock
