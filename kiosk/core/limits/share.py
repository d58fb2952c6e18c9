"""Sharing the ledger with other processes: the part of `limits_book.LimitsBook` that saves.

Other processes save the same ledger (`kiosk unlock` from a terminal beside the running kiosk).
Each save bumps the stored revision, and a save is a compare-and-set: if the stored revision is
not the one this book last read or wrote, the book does not overwrite it. It adopts the stored
ledger with its own unsaved counted time laid on top (`ledger.lay_unsaved_on`), and runs the
current call again on that, inside the same write transaction. `sync()` adopts the same way
between calls, so the kiosk shows an unlock within a tick rather than at its next save. It is
kept apart from the book's rules of time because it is about the store and other writers, not
about what a session may do; `SharedBook` is `LimitsBook`'s base class and holds no state itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from kiosk.core.clock import BootTime
from kiosk.core.limits.ledger import Ledger, LedgerError, UnsavedTime, lay_unsaved_on
from kiosk.core.limits.trusted_time import Reading
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError, StoreWriter


class SharedBook:
    """`sync`, `flush` and the adoption of another process's save, on `LimitsBook`'s state."""

    # All set by `LimitsBook.__init__`; see there.
    store: Store
    read_only: bool
    ledger: Ledger
    revision: int
    unsaved: UnsavedTime
    warnings: list[int]
    store_error: str | None
    write_failed: bool
    last: Reading
    last_saved: float
    now: datetime
    _pending: list[Callable[[StoreWriter], None]]
    _mark: tuple[Reading, UnsavedTime, int]

    def flag_tamper(self, cause: str, detail: dict[str, Any]) -> None:
        raise NotImplementedError  # `LimitsBook` locks the kiosk

    def sync(self) -> bool:
        """Start a call: adopt the stored ledger if another process saved it. True if adopted.

        One single-row read when nothing changed. A read that fails changes nothing here: the
        check inside the save's write transaction is the one that counts.
        """
        adopted = False
        with contextlib.suppress(StoreReadError):
            if self.store.ledger_revision() != self.revision:
                data, revision = self.store.read_ledger()
                adopted = self._adopt(lambda: data, revision)
        self._mark = (self.last, self.unsaved.copy(), len(self.warnings))
        return adopted

    def _adopt(self, load: Callable[[], dict[str, Any] | None], revision: int) -> bool:
        """Take the stored ledger (at `revision`) as this one, with the unsaved time on top.

        This book's unsaved transitions (there only after a write failed) are dropped: they
        were decided on a ledger that is no longer the stored one; only a lock for a failed
        write stays. Time before the stored anchor was accounted for by whoever saved it, so
        it is not counted here again. A stored ledger that cannot be read is not adopted
        (False): this one is kept, locked, and replaces it at the next save.
        """
        mine, self.revision = self.ledger, revision
        try:
            data = load()
            theirs = None if data is None else Ledger.from_json(data)
        except (StoreReadError, LedgerError) as error:
            self.flag_tamper("ledger_invalid", {"error": str(error)})
            return False
        if theirs is None:
            self.flag_tamper("ledger_missing", {})
            return False
        self._pending.clear()
        if not self.read_only:  # a read-only view's counting was never its to keep
            for row, seconds in lay_unsaved_on(theirs, mine, self.unsaved).items():
                add = partial(StoreWriter.add_session_seconds, session_id=row, seconds=seconds)
                self._pending.append(add)
        self.ledger, anchor, last = theirs, theirs.anchor, self.last
        covered = 0.0 if anchor is None else anchor.boot_seconds - last.boot.seconds
        if anchor is not None and anchor.boot_id == last.boot.boot_id and covered > 0:
            boot = BootTime(anchor.boot_id, anchor.boot_seconds)
            self.last = replace(last, monotonic=last.monotonic + covered, boot=boot)
        if mine.tamper and not theirs.tamper and self.write_failed:
            self.flag_tamper(mine.tamper_cause or "store_write", {"kept": True})
        return True

    # Saving.

    def flush(self, replay: Callable[[], object]) -> None:
        """Save the ledger and everything pending in one transaction, or fail closed.

        A compare-and-set: if another process saved since this book last read or wrote, the
        current call is undone back to `sync()`, the stored ledger adopted, `replay` (the call)
        run again on it, and the result saved, all under the same write lock.
        """
        if self.read_only:
            self._pending.clear()
            return
        try:
            with self.store.write() as writer:
                stored = writer.ledger_revision()
                if stored != self.revision:
                    now, (self.last, unsaved, warnings) = (self.last, self.unsaved), self._mark
                    self.unsaved = unsaved.copy()
                    del self.warnings[warnings:]
                    if not self._adopt(writer.load_ledger, stored):
                        self.last, self.unsaved = now  # this ledger stays: nothing to redo
                    else:
                        replay()
                for operation in self._pending:
                    operation(writer)
                session = self.ledger.session
                if session is not None and session.id is not None:
                    writer.update_session(
                        session.id,
                        counted_seconds=session.counted_seconds,
                        allowance_seconds=session.allowance_seconds,
                    )
                revision = writer.save_ledger(self.ledger.to_json(), self.now)
        except StoreWriteError as error:
            # Kept pending: they are retried with the next flush, should the store recover.
            self.write_failed = True
            if self.store_error is None:
                self.store_error = str(error)
                self.flag_tamper("store_write", {"error": str(error)})
            return
        self.revision, self.write_failed = revision, False
        self._pending.clear()
        self.unsaved = UnsavedTime()
        self.last_saved = self.last.monotonic
