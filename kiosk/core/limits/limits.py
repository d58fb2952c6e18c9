"""The time limits as the kiosk sees them: what the child and the parent may do, and the status.

`Limits` is the one door to the rules: the UI shows what each `tick()` says and the CLI what
`status()` says, and neither decides by itself that time is up. The arithmetic lives in `rules`,
the trusted clock in `trusted_time`, the ledger's bookkeeping and saving in `book`, and what a
tick holds, with the soft landing and the chime, in `tick`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, tzinfo

from kiosk.core.clock import Clock
from kiosk.core.limits.book import LimitsBook
from kiosk.core.limits.rules import lock_reason, new_session_seconds, next_session_at
from kiosk.core.limits.settings import EXTENSION_MINUTES, LimitSettings
from kiosk.core.limits.status import LimitStatus, State
from kiosk.core.limits.tick import ClipOnScreen, Tick, should_chime, soft_landing
from kiosk.core.limits.trusted_time import Reading
from kiosk.core.store.store import Store

# Counted seconds after which the ledger is saved. The UI ticks every second, so at most this
# plus one tick (5 s) is unsaved when the app is killed.
CHECKPOINT_SECONDS = 4.0
# Without a session nothing is counted; the clock anchor is still refreshed this often.
IDLE_CHECKPOINT_SECONDS = 60.0

#: What happened, for each cause of a tamper lock: the lock note and the report's events.
TAMPER_MESSAGES = {
    "clock_back": "The system clock was set back, so the kiosk locked itself.",
    "ledger_missing": "The kiosk's saved time record was missing, so the kiosk locked itself.",
    "ledger_invalid": "The kiosk's saved time record could not be read, so it locked itself.",
    "store": "The kiosk's state file was damaged or missing, so the kiosk locked itself.",
    "store_write": "The kiosk could not save its state, so it locked itself.",
}
#: The lock note for a clock set back: what happened, and what a parent should do first.
CLOCK_BACK_ADVICE = (
    "The system clock was set back, so the kiosk locked itself: put the clock right before"
    " unlocking, since unlocking takes the clock as it is."
)

#: Why the kiosk locked while it ran: saving failed for lack of space.
DISK_FULL_MESSAGE = (
    "The disk that holds the kiosk's state file {path} is full, so the kiosk locked itself:"
    " what was counted is kept and saved as soon as some space is freed on it."
)


class Limits:
    """The time rules over one store. Not thread-safe: call it from the GUI thread only.

    Driving it: build one at start (it resumes a broken-off session, rolls the day and checks
    the clocks); call `tick()` about once a second while the app runs, with the clip on screen,
    and show the `Tick` it returns; `start_session()` at the child's first tap on the start
    screen; when a tick says `finish_clip`, call `end_session()` as that clip ends; `close()` on
    a clean exit. A locked kiosk keeps ticking: the state turns `ready` by itself when the
    cooldown, the day or the hours allow.

    Counting. Time counts while the app runs with a session open, paused or playing, measured on
    the monotonic clock between ticks, and is saved after at most CHECKPOINT_SECONDS of it, so a
    kill -9 loses at most about 5 s. Sleep does not count: the screen is off, and a suspend is
    treated like closing the app. Time away (closed, killed, asleep) never uses up the session,
    but it counts towards the cooldown: once a full cooldown has passed since the session was
    last on screen, the session is over and that cooldown served (end reason "break"); before
    that, the session carries on with the time it had. So sleeping or killing the app gains
    nothing that waiting out the cooldown would not. At zero the session stays open for up to
    `finish_clip_grace_seconds` more of counted time so the current clip may finish; `tick()`
    ends it when the grace runs out, whatever the UI does.

    Other processes. A parent may act from a terminal (`kiosk unlock`) while the kiosk runs,
    through a second `Limits` on the same file. Each call here first adopts what another process
    saved (a one-row read when nothing changed), so an unlock shows at the next tick; and a save
    never overwrites another process's save: it merges (see `book` and
    `ledger.lay_unsaved_on`), keeping both the parent's action and the time counted here.
    """

    def __init__(
        self, store: Store, clock: Clock, settings: LimitSettings, *, read_only: bool = False
    ) -> None:
        """Start: resume or close a broken-off session, roll the day, check the clocks.

        `read_only` (for `kiosk status`) evaluates exactly as a start would but saves nothing.
        """
        self._clock = clock
        self._closed = False
        self._book = LimitsBook(store, settings, Reading.take(clock), read_only=read_only)
        # The session the last tick showed, so that a new one is announced once.
        self._ticked_session: int | None = None

    # The kiosk's loop.

    def tick(self, on_screen: ClipOnScreen | None = None) -> Tick:
        """Count the time since the last call, apply the rules, and say what to show.

        Call about once a second. `on_screen` is the clip the feed shows: at zero the soft
        landing is decided on it (`tick.soft_landing`), and the session ends now unless that clip
        may play out. None, for a caller with no feed at all, leaves the grace to run out.
        """
        if not self._closed:
            self._run(self._tick)
        tick = self._take_tick()
        if on_screen is None or self._closed:
            return tick
        landing = soft_landing(tick, on_screen)
        if landing == "end_session" and self.end_session():
            return self._read_tick(self.status())  # the lock (or the start screen) at once
        return replace(tick, finish_clip=landing == "finish_clip")

    def _tick(self) -> bool:
        book = self._book
        book.update(Reading.take(self._clock))
        idle = book.last.monotonic - book.last_saved >= IDLE_CHECKPOINT_SECONDS
        # A state file removed while the kiosk runs locks it at once, through the save it fails.
        due = book.unsaved.seconds >= CHECKPOINT_SECONDS or idle or book.has_pending
        return due or book.store.replaced

    def start_session(self) -> bool:
        """The child's first tap on the start screen. False (and nothing changes) unless ready."""
        started = False

        def step() -> bool:
            nonlocal started
            self._update()
            started = self.status().state == "ready"
            if started:
                self._book.open_session(self._book.settings.session_seconds, parent=False)
            return started

        self._run(step)
        return started

    def end_session(self) -> bool:
        """At zero: the clip played in the grace has ended, or none may. Refused (False) while
        time is left."""
        ended = False

        def step() -> bool:
            nonlocal ended
            self._update()
            ended = self._book.ledger.session is not None and self.session_seconds_left <= 0
            if ended:
                self._book.end_session(self._book.zero_cause())
            return ended

        self._run(step)
        return ended

    def close(self) -> None:
        """A clean exit: count up to now and save. Ticks after this change nothing."""
        if self._closed:
            return
        self._run(self._update)
        self._closed = True

    def update_settings(self, settings: LimitSettings) -> None:
        """The parent changed the settings. An open session keeps the minutes it started with."""

        def step() -> bool:
            self._book.use_settings(settings)
            return self._update()

        self._run(step)

    # What a parent may do, once the PIN is checked. Each is recorded, and each lifts a tamper lock.

    def extend(self, minutes: int) -> None:
        """N more minutes from now: for the open session, or as a new session if none is open."""
        if minutes not in EXTENSION_MINUTES:
            *most, last = EXTENSION_MINUTES
            allowed = f"{', '.join(str(choice) for choice in most)} or {last}"
            raise ValueError(f"an extension is {allowed} minutes, not {minutes}")
        self._run(lambda: self._extend(minutes))

    def _extend(self, minutes: int) -> bool:
        self._update()
        book = self._book
        book.clear_tamper()
        extra = minutes * 60.0
        session = book.ledger.session
        if session is None:
            session = book.open_session(extra, parent=True)
        else:
            new_left = book.seconds_left() + extra
            session.allowance_seconds = session.counted_seconds + new_left
            session.grace_used_seconds = 0.0
            session.parent_override = True
            session.warned = tuple(w for w in session.warned if w >= new_left)
        book.event("extend", {"minutes": minutes}, session=session)
        return True

    def end_session_now(self) -> None:
        """End the session (or, with none open, lock) now; a normal cooldown follows."""
        self._run(self._end_session_now)

    def _end_session_now(self) -> bool:
        self._update()
        book = self._book
        book.clear_tamper()
        if book.ledger.session is not None:
            book.end_session("parent")
        else:
            book.ledger.cooldown_from = book.now
            book.ledger.cooldown_reason = "parent"
        book.event("parent_end", {})
        return True

    def start_new_session_now(self) -> None:
        """A full new session now, whatever the cooldown, the daily limit or the hours say."""
        self._run(self._start_new_session_now)

    def _start_new_session_now(self) -> bool:
        self._update()
        book = self._book
        book.clear_tamper()
        if book.ledger.session is not None:
            book.end_session("parent_new_session")
        session = book.open_session(book.settings.session_seconds, parent=True)
        book.event("parent_new_session", {}, session=session)
        return True

    def trust_wall_clock(self) -> None:
        """The parent says the system clock is right: trusted time is anchored on it.

        For a wall clock that runs ahead of trusted time (shown in the panel) because it was put
        right while the kiosk was off, which after a reboot looks just like a clock a child set
        ahead. Recorded as `clock_anchored`.
        """

        def step() -> bool:
            self._update()
            self._book.anchor_on_wall_clock()
            return True

        self._run(step)

    # Reading. All as of the last tick or action.

    def status(self) -> LimitStatus:
        book = self._book
        reason = lock_reason(book.ledger, book.settings, book.now, book.zone)
        state: State = "locked" if reason else "ready"
        left = 0.0
        if reason is None:
            if book.ledger.session is not None:
                state, left = "in_session", book.seconds_left()
            else:
                left = new_session_seconds(book.ledger, book.settings, book.now, book.zone)
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
            disk_full=self.disk_full,
        )

    @property
    def session_seconds_left(self) -> float:
        """Time left in the open session (0 with none open, and in the grace)."""
        return self._book.seconds_left()

    @property
    def session_counted_seconds(self) -> float:
        """Time counted in the open session so far, the grace included; 0 with none open."""
        session = self._book.ledger.session
        return 0.0 if session is None else session.counted_seconds

    @property
    def session_seconds_total(self) -> float:
        """What the open session has in all, counted and left (for the UI's ring)."""
        return self.session_counted_seconds + self.session_seconds_left

    @property
    def disk_full(self) -> bool:
        """The state file cannot be saved for lack of space: found at the last save, or when
        the store was opened."""
        recovery = self._book.store.recovery
        return self._book.disk_full or (recovery is not None and recovery.disk_full)

    @property
    def saving_failed(self) -> bool:
        """The last save failed: what the last call did is held in memory, not in the file."""
        return self._book.write_failed or self._book.store.in_memory_only

    @property
    def in_grace(self) -> bool:
        """At zero, with the current clip allowed to finish: swiping is off."""
        return self._book.ledger.session is not None and self.session_seconds_left <= 0

    @property
    def grace_seconds_left(self) -> float:
        session = self._book.ledger.session
        if session is None:
            return 0.0
        grace = self._book.settings.finish_clip_grace_seconds
        return max(0.0, grace - session.grace_used_seconds)

    @property
    def now(self) -> datetime:
        """Trusted time at the last tick or action: what "today" and "tomorrow" are told from."""
        return self._book.now

    @property
    def zone(self) -> tzinfo:
        """The household's zone: local time for the rules, and for every time a parent sees."""
        return self._book.zone

    @property
    def wall_ahead_seconds(self) -> float:
        """How far the system clock is known to run ahead of the time the kiosk can prove."""
        return self._book.ledger.wall_ahead_seconds

    @property
    def system_zone(self) -> str:
        """The zone the system was set to at the last tick or action."""
        return self._book.last.system_zone

    @property
    def day(self) -> date | None:
        """The local date of the day being counted (it turns at local midnight)."""
        return self._book.ledger.day

    @property
    def session_id(self) -> int | None:
        """The open session's row in the store."""
        session = self._book.ledger.session
        return None if session is None else session.id

    def _take_tick(self) -> Tick:
        """The tick to show now, with what happened since the last one, which it takes.

        Warnings crossed while no session shows are dropped: the session they were for is over.
        Each configured warning comes once per session; if several are crossed at once, only the
        most urgent is given; an extension re-arms the warnings above the new time left.
        """
        warnings = tuple(self._book.warnings)
        self._book.warnings.clear()
        status = self.status()
        if status.state != "in_session":
            return self._read_tick(status)
        new_session = self.session_id != self._ticked_session
        self._ticked_session = self.session_id
        return self._read_tick(status, warnings, new_session=new_session)

    def _read_tick(
        self,
        status: LimitStatus,
        warnings_due: tuple[int, ...] = (),
        *,
        new_session: bool = False,
    ) -> Tick:
        settings = self._book.settings
        return Tick(
            status=status,
            session_seconds_left=self.session_seconds_left,
            session_seconds_total=self.session_seconds_total,
            in_grace=self.in_grace,
            grace_seconds_left=self.grace_seconds_left,
            warn_at_seconds=settings.warn_at_seconds,
            warnings_due=warnings_due,
            chime=should_chime(warnings_due, chime_on=settings.chime),
            new_session=new_session,
            finish_clip=False,
            parent_message=self.parent_message,
            system_zone=self.system_zone,
            wall_ahead_seconds=self.wall_ahead_seconds,
            disk_full=status.disk_full,
        )

    @property
    def parent_message(self) -> str | None:
        """One sentence for the parent on why the kiosk is locked by tamper, or None."""
        book = self._book
        if not book.ledger.tamper:
            return None
        if book.ledger.tamper_cause == "store_write" and book.disk_full:
            return DISK_FULL_MESSAGE.format(path=book.store.path)
        if book.ledger.tamper_cause == "store_write" and book.store_error is not None:
            return f"The kiosk could not save its state ({book.store_error}), so it locked itself."
        recovery = book.store.recovery
        if book.ledger.tamper_cause == "store" and recovery is not None:
            return recovery.message
        cause = book.ledger.tamper_cause or ""
        if cause == "clock_back":
            # What to do now, on the lock screen only: a report tells what happened then.
            return CLOCK_BACK_ADVICE
        return TAMPER_MESSAGES.get(cause, TAMPER_MESSAGES["store"])

    def _update(self) -> bool:
        """Count up to now. True: taken as a `_run` step on its own, it asks for a save."""
        if not self._closed:
            self._book.update(Reading.take(self._clock))
        return True

    def _run(self, step: Callable[[], bool]) -> None:
        """One call: adopt another process's save, take `step`, and save if it (or that) asks.

        `step` must change nothing but the book in memory: should another process save just
        before this one does, the book undoes it and takes it again on top of that save.
        """
        adopted = self._book.sync()
        if step() or adopted:
            self._book.flush(replay=step)
