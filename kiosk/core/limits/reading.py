"""What the time rules say at the current moment, read from the book: the status (`kiosk status`
and the screens), the tick's fields, and the parent's sentence for a tamper lock.

Pure reading: nothing here changes the ledger. `Limits` calls these after each tick or action,
so that the screens and the terminal read one set of answers from one place.
"""

from __future__ import annotations

import math
from datetime import datetime

from kiosk.core.i18n import N_, _
from kiosk.core.limits.book import LimitsBook
from kiosk.core.limits.rules import lock_reason, new_session_seconds, next_session_at, wind_down
from kiosk.core.limits.status import LimitStatus, State
from kiosk.core.limits.tick import Tick, should_chime

#: What happened, for each cause of a tamper lock: the lock note and the report's events.
#: Marked only: `tamper_message` gives one in the kiosk's language.
TAMPER_MESSAGES = {
    "clock_back": N_("The system clock was set back, so the kiosk locked itself."),
    "ledger_missing": N_("The kiosk's saved time record was missing, so the kiosk locked itself."),
    "ledger_invalid": N_("The kiosk's saved time record could not be read, so it locked itself."),
    "store": N_("The kiosk's state file was damaged or missing, so the kiosk locked itself."),
    "store_write": N_("The kiosk could not save its state, so it locked itself."),
    "config_missing": N_(
        "The settings file was deleted, so the kiosk put back the parent's settings from its own"
        " copy and locked itself."
    ),
}
#: Why the kiosk locked while it ran: saving failed for lack of space (marked only).
DISK_FULL_MESSAGE = N_(
    "The disk that holds the kiosk's state file {path} is full, so the kiosk locked itself:"
    " what was counted is kept and saved as soon as some space is freed on it."
)
#: The lock note for a clock set back: what happened, and what a parent should do first
#: (marked only).
CLOCK_BACK_ADVICE = N_(
    "The system clock was set back, so the kiosk locked itself: put the clock right before"
    " unlocking, since unlocking takes the clock as it is."
)


def tamper_message(cause: str) -> str:
    """What happened, for a tamper lock's cause, in the kiosk's language (a cause this kiosk does
    not know reads as a damaged or missing state file)."""
    return _(TAMPER_MESSAGES.get(cause, TAMPER_MESSAGES["store"]))


def read_status(book: LimitsBook) -> LimitStatus:
    """The public snapshot: the state and why, the time (and clips) a session has, the ask."""
    reason = lock_reason(book.ledger, book.settings, book.now, book.zone)
    state: State = "locked" if reason else "ready"
    left = 0.0
    clips = book.today.clip_budget  # what a new session would have
    if reason is None:
        if book.ledger.session is not None:
            state, left = "in_session", book.seconds_left()
            clips = book.ledger.session.clips_left
        else:
            left = new_session_seconds(book.ledger, book.settings, book.now, book.zone)
    elif clips is not None:
        clips = 0
    next_at = next_session_at(book.ledger, book.settings, book.now, book.zone, reason)
    return LimitStatus(
        state=state,
        lock_reason=reason,
        session_seconds_left=math.ceil(left),
        used_today_seconds=math.floor(book.ledger.used_today_seconds),
        next_session_at=None if next_at is None else next_at.astimezone(book.zone),
        pin_retry_at=None,
        tamper_detected=book.ledger.tamper,
        time_zone=book.zone_name,
        disk_full=disk_full(book),
        session_clips_left=clips,
        asked_at=_asked_at(book, state),
    )


def read_tick(
    book: LimitsBook,
    status: LimitStatus,
    warnings_due: tuple[int, ...] = (),
    *,
    new_session: bool = False,
) -> Tick:
    """A tick of `status`, with the news it carries; what the clip on screen may do (the soft
    landing, the last clip) is for `Limits.tick` to add."""
    settings, ledger = book.settings, book.ledger
    session = ledger.session
    left = book.seconds_left()
    counted = 0.0 if session is None else session.counted_seconds
    return Tick(
        status=status,
        session_seconds_left=left,
        session_seconds_total=counted + left,
        in_grace=session is not None and left <= 0,
        grace_seconds_left=grace_seconds_left(book),
        warn_at_seconds=settings.warn_at_seconds,
        warnings_due=warnings_due,
        chime=should_chime(warnings_due, chime_on=settings.chime),
        new_session=new_session,
        finish_clip=False,
        parent_message=parent_message(book),
        clips_left=None if session is None else session.clips_left,
        clips_total=None if session is None else session.clips_allowed,
        last_clip=False,
        wind_down=wind_down(book.now, book.zone, settings),
        asked_at=status.asked_at,
        may_ask=status.state == "locked" and ledger.asked_at is None and ledger.ask_answer is None,
        system_zone=book.last.system_zone,
        wall_ahead_seconds=ledger.wall_ahead_seconds,
        disk_full=status.disk_full,
    )


def disk_full(book: LimitsBook) -> bool:
    """The state file cannot be saved for lack of space: found at the last save, or when the
    store was opened."""
    recovery = book.store.recovery
    return book.disk_full or (recovery is not None and recovery.disk_full)


def grace_seconds_left(book: LimitsBook) -> float:
    session = book.ledger.session
    if session is None:
        return 0.0
    return max(0.0, book.settings.finish_clip_grace_seconds - session.grace_used_seconds)


def parent_message(book: LimitsBook) -> str | None:
    """One sentence for the parent on why the kiosk is locked by tamper, or None."""
    if not book.ledger.tamper:
        return None
    if book.ledger.tamper_cause == "store_write" and book.disk_full:
        return _(DISK_FULL_MESSAGE).format(path=book.store.path)
    if book.ledger.tamper_cause == "store_write" and book.store_error is not None:
        return _("The kiosk could not save its state ({error}), so it locked itself.").format(
            error=book.store_error
        )
    recovery = book.store.recovery
    if book.ledger.tamper_cause == "store" and recovery is not None:
        return recovery.message
    cause = book.ledger.tamper_cause or ""
    if cause == "clock_back":
        # What to do now, on the lock screen only: a report tells what happened then.
        return _(CLOCK_BACK_ADVICE)
    return tamper_message(cause)


def _asked_at(book: LimitsBook, state: State) -> datetime | None:
    """The child's ask on this lock, while no parent has answered it."""
    ledger = book.ledger
    if state != "locked" or ledger.asked_at is None or ledger.ask_answer is not None:
        return None
    return ledger.asked_at.astimezone(book.zone)
