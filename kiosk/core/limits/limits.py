"""The time limits as the kiosk sees them: what the child and the parent may do, and the status.

`Limits` is the one door to the rules: the UI shows what each `tick()` says and the CLI what
`status()` says, and neither decides by itself that time is up. The arithmetic lives in `rules`,
the trusted clock in `trusted_time`, the ledger's bookkeeping and saving in `book`, what a
tick holds, with the soft landing and the chime, in `tick`, and the clip budget's rules in
`clips`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import Any

from kiosk.core.clock import Clock
from kiosk.core.limits.book import LimitsBook
from kiosk.core.limits.clips import ViewWatch, clip_landing, watch_view
from kiosk.core.limits.reading import (
    disk_full,
    grace_seconds_left,
    parent_message,
    read_status,
    read_tick,
)
from kiosk.core.limits.settings import CLIP_GRANTS, EXTENSION_MINUTES, LimitSettings
from kiosk.core.limits.status import LimitStatus
from kiosk.core.limits.tick import ClipOnScreen, Tick, soft_landing
from kiosk.core.limits.trusted_time import Reading
from kiosk.core.store.store import Store

# Counted seconds after which the ledger is saved. The UI ticks every second, so at most this
# plus one tick (5 s) is unsaved when the app is killed.
CHECKPOINT_SECONDS = 4.0
# Without a session nothing is counted; the clock anchor is still refreshed this often.
IDLE_CHECKPOINT_SECONDS = 60.0


class NoClipBudget(ValueError):
    """Clips were granted to a running session that has no clip limit: there are none to add."""


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
    ends it when the grace runs out, whatever the UI does. With a clip budget, the session also
    ends after its last clip (see `clips`); the clips shown are counted in the ledger, so a kill
    does not give one back either.

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
        # The clip view on screen, for the clip budget; a fresh start shows a new one.
        self._watch = ViewWatch()

    # The kiosk's loop.

    def tick(self, on_screen: ClipOnScreen | None = None) -> Tick:
        """Count the time since the last call, apply the rules, and say what to show.

        Call about once a second. `on_screen` is the clip the feed shows: at zero the soft
        landing is decided on it (`tick.soft_landing`), and the session ends now unless that clip
        may play out. None, for a caller with no feed at all, leaves the grace to run out.
        """
        if not self._closed:
            watched = self._watch  # taken again from here should the save have to replay
            self._run(lambda: self._tick(watched, on_screen))
        tick = self._take_tick()
        if on_screen is None or self._closed:
            return tick
        landing = soft_landing(tick, on_screen)
        if landing == "carry_on":
            landing = clip_landing(tick.clips_left, self._watch, on_screen)
        if landing == "end_session" and self.end_session():
            return read_tick(self._book, self.status())  # the lock (or start screen) at once
        last_clip = tick.clips_left is not None and (
            tick.clips_left == 0
            or (tick.clips_left == 1 and (on_screen.finishing or landing == "finish_clip"))
        )
        return replace(tick, finish_clip=landing == "finish_clip", last_clip=last_clip)

    def _tick(self, watched: ViewWatch, on_screen: ClipOnScreen | None) -> bool:
        book = self._book
        book.update(Reading.take(self._clock))
        shown = None if on_screen is None else on_screen.view
        self._watch, counts = watch_view(watched, shown, book.counted_in_update)
        if counts:
            book.count_clip()
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
                today = self._book.today
                self._book.open_session(
                    today.session_seconds, parent=False, clips=today.clip_budget
                )
            return started

        self._run(step)
        return started

    def end_session(self) -> bool:
        """At zero: the clip played in the grace has ended, or none may; or the clip budget's
        last clip has played out. Refused (False) while time and more than one clip are left."""
        ended = False

        def step() -> bool:
            nonlocal ended
            self._update()
            session = self._book.ledger.session
            if session is None:
                return False
            clips_left = session.clips_left
            if self.session_seconds_left <= 0:
                self._book.end_session(self._book.zero_cause())
            elif clips_left is not None and clips_left <= 1:
                self._book.end_session("clips")
            else:
                return False
            ended = True
            return True

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
            raise ValueError(
                f"an extension is {_or_list(EXTENSION_MINUTES)} minutes, not {minutes}"
            )
        self._run(lambda: self._extend(minutes))

    def _extend(self, minutes: int) -> bool:
        self._update()
        book = self._book
        book.clear_tamper()
        book.answer_ask("minutes")
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

    def grant_clips(self, clips: int) -> None:
        """N more clips: for the open session's budget, or as a new session of N clips (and the
        day's session minutes) if none is open. Raises NoClipBudget for a running session with
        no clip limit, which has no clips to add."""
        if clips not in CLIP_GRANTS:
            raise ValueError(f"a grant is {_or_list(CLIP_GRANTS)} clips, not {clips}")
        session = self._book.ledger.session
        if session is not None and session.clips_allowed is None:
            raise NoClipBudget("the session running has no clip limit")
        self._run(lambda: self._grant_clips(clips))

    def _grant_clips(self, clips: int) -> bool:
        self._update()
        book = self._book
        book.clear_tamper()
        book.answer_ask("clip")
        session = book.ledger.session
        if session is None:
            session = book.open_session(book.today.session_seconds, parent=True, clips=clips)
        elif session.clips_allowed is not None:  # one another process just opened has none
            session.clips_allowed += clips
        book.event("clips_granted", {"clips": clips}, session=session)
        return True

    # The child's ask for more on the lock screen, and a parent's "not today".

    def ask_for_more(self) -> bool:
        """The child raised the hand: recorded for the parent, once a lock. It unlocks nothing.
        False (and nothing changes) unless locked and not asked yet on this lock."""
        asked = False

        def step() -> bool:
            nonlocal asked
            self._update()
            ledger = self._book.ledger
            asked = self.status().state == "locked" and ledger.asked_at is None
            asked = asked and ledger.ask_answer is None
            if asked:
                ledger.asked_at = self._book.now
                self._book.event("child_asked", {})
            return asked

        self._run(step)
        return asked

    def answer_not_today(self) -> None:
        """A parent's "not today" to the child's ask; the lock stays as it is."""
        self._run(lambda: self._answer_not_today())

    def _answer_not_today(self) -> bool:
        self._update()
        self._book.answer_ask("not_today")
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
        book.answer_ask("minutes")
        today = book.today
        session = book.open_session(today.session_seconds, parent=True, clips=today.clip_budget)
        book.event("parent_new_session", {}, session=session)
        return True

    def lock_for_tamper(self, cause: str, detail: dict[str, Any]) -> None:
        """Something the kiosk found outside the time rules was tampered with (`cause`, one of
        `TAMPER_MESSAGES`): lock, end the session, and record it, as the rules do for theirs."""

        def step() -> bool:
            self._book.flag_tamper(cause, detail)
            return True

        self._run(step)

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

    # Reading. All as of the last tick or action (see `reading`).

    def status(self) -> LimitStatus:
        return read_status(self._book)

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
        return disk_full(self._book)

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
        return grace_seconds_left(self._book)

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

    @property
    def parent_message(self) -> str | None:
        """One sentence for the parent on why the kiosk is locked by tamper, or None."""
        return parent_message(self._book)

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
            return read_tick(self._book, status)
        new_session = self.session_id != self._ticked_session
        self._ticked_session = self.session_id
        return read_tick(self._book, status, warnings, new_session=new_session)

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


def _or_list(choices: tuple[int, ...]) -> str:
    """The choices a parent's action allows, as in "5, 10 or 15", for the sentence refusing another."""
    *most, last = choices
    return f"{', '.join(str(choice) for choice in most)} or {last}"
