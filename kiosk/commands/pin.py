"""`kiosk pin set` and `kiosk unlock`: the parent's PIN from a terminal, under the same throttle.

PINs are read without echo from the terminal, or as lines on standard input with `--stdin` (for
scripts and tests). A new PIN that reads as a date, such as a birthday, is warned of, and kept
only if the parent answers "yes" (a fourth line with `--stdin`). A refusal (wrong PIN, a wait still running, no PIN where one is needed, a
stored PIN that is damaged) exits 3 with one sentence; nothing is unlocked or changed. The
sentences for a PIN that cannot be checked are the guard's, the same the lock screen shows.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from pathlib import Path

from kiosk.app.services import KioskServices, open_services
from kiosk.core.durations import minutes_and_seconds
from kiosk.core.i18n import N_, _, ngettext, pgettext
from kiosk.core.limits.limits import NoClipBudget
from kiosk.core.pin.guard import (
    PIN_NOT_SAVED,
    PIN_NOT_SET,
    AttemptResult,
    PinRefusedError,
    WeakPinError,
)
from kiosk.core.pin.rules import check_pin_policy, pin_reads_as_date
from kiosk.core.store.store import StoreError
from kiosk.errors import EXIT_FAILURE, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, KioskError

#: Why an unlock from the terminal was not done: it could not be saved for the kiosk to see.
UNLOCK_NOT_SAVED = N_(
    "The unlock could not be saved, because the kiosk cannot write its state file now,"
    " so nothing was unlocked: 'kiosk status' says why."
)

DATE_PIN = N_("This PIN reads as a date, such as a birthday, which a child may try first.")
#: `{yes}` is the answer that keeps it (`_yes`).
KEEP_DATE_PIN = N_("Keep it anyway? Type {yes} to keep it: ")
DATE_PIN_NOT_KEPT = N_("Nothing was changed: choose a PIN that does not read as a date.")


class _Answers:
    """The answers to the prompts, from standard input lines or typed without echo."""

    def __init__(self, use_stdin: bool) -> None:
        self._lines: Iterator[str] | None = (
            iter(sys.stdin.read().splitlines()) if use_stdin else None
        )

    def ask(self, prompt: str, *, secret: bool = True) -> str:
        """The answer to `prompt`; typed without echo if `secret`."""
        if self._lines is None:
            if not sys.stdin.isatty():
                raise KioskError(
                    _("No terminal to type the PIN in: pass the PIN lines with --stdin."),
                    EXIT_USAGE,
                )
            return (getpass.getpass(prompt) if secret else input(prompt)).strip()
        try:
            return next(self._lines).strip()
        except StopIteration:
            ended = _("Standard input ended before the answer to '{prompt}'.")
            raise KioskError(ended.format(prompt=prompt.strip()), EXIT_USAGE) from None


def run_pin_set(config_override: Path | None, *, use_stdin: bool) -> int:
    answers = _Answers(use_stdin)
    services = open_services(config_override)
    try:
        guard = services.guard
        current = answers.ask(_("Current PIN (or the recovery code): ")) if guard.is_set() else None
        new = answers.ask(_("New PIN (4 to 8 digits): "))
        again = answers.ask(_("New PIN again: "))
        if new != again:
            raise KioskError(_("The two new PINs differ: nothing was changed."), EXIT_USAGE)
        _confirm_if_a_date(new, answers)
        # A forgotten PIN: the one-time recovery code stands in for it (it has letters).
        recovery = current if current is not None and not current.isdigit() else None
        try:
            code = guard.set_pin(
                new, current_pin=None if recovery else current, recovery_code=recovery
            )
        except WeakPinError as weak:
            raise KioskError(str(weak), EXIT_USAGE) from weak
        except PinRefusedError as refused:
            raise KioskError(_refusal(refused.result), EXIT_REFUSED) from refused
        except StoreError as unsaved:
            raise KioskError(_(PIN_NOT_SAVED), EXIT_FAILURE) from unsaved
        services.mark_set_up()
        print(_("The PIN is set."))
        shown_once = _("Recovery code (write it down; it is shown only now): {code}")
        print(shown_once.format(code=code.text))
        return EXIT_OK
    finally:
        services.store.close()


def _confirm_if_a_date(pin: str, answers: _Answers) -> None:
    """A PIN that reads as a date is kept only if the parent says so; a weak one is refused by
    the guard before anything is asked, so the question never comes for a PIN that cannot do."""
    if check_pin_policy(pin) is not None or not pin_reads_as_date(pin):
        return
    print(f"kiosk: {_(DATE_PIN)}", file=sys.stderr)
    answer = answers.ask(_(KEEP_DATE_PIN).format(yes=_yes()), secret=False).casefold()
    if answer not in ("yes", _yes().casefold()):
        raise KioskError(_(DATE_PIN_NOT_KEPT), EXIT_USAGE)


def _yes() -> str:
    """The word that keeps a PIN that reads as a date, in the language spoken; "yes" is taken
    in any language, so a script written for the English prompt keeps working."""
    return pgettext("the answer that keeps a PIN", "yes")


def run_unlock(
    config_override: Path | None, *, minutes: int | None, clips: int | None, use_stdin: bool
) -> int:
    answers = _Answers(use_stdin)
    services = open_services(config_override)
    try:
        if not services.guard.is_set():  # nothing to ask for
            raise KioskError(_(PIN_NOT_SET), EXIT_REFUSED)
        result = services.guard.attempt(answers.ask("PIN: "))
        if not result.ok:
            raise KioskError(_refusal(result), EXIT_REFUSED)
        _apply_unlock(services, minutes, clips)
        return EXIT_OK
    finally:
        services.close()


def _apply_unlock(services: KioskServices, minutes: int | None, clips: int | None) -> None:
    limits = services.limits
    if minutes is not None:
        limits.extend(minutes)
        done = ngettext(
            "Unlocked: {minutes} more minute.", "Unlocked: {minutes} more minutes.", minutes
        ).format(minutes=minutes)
    elif clips is not None:
        try:
            limits.grant_clips(clips)
        except NoClipBudget as no_budget:
            raise KioskError(
                _(
                    "The session running has no clip limit, so there are no clips to add:"
                    " use --minutes to give more time instead."
                ),
                EXIT_USAGE,
            ) from no_budget
        done = ngettext("Unlocked: one more clip.", "Unlocked: {clips} more clips.", clips).format(
            clips=clips
        )
    else:
        limits.start_new_session_now()
        session = minutes_and_seconds(limits.session_seconds_left)
        done = _("Unlocked: a new session of {time} starts now.").format(time=session)
    if limits.saving_failed:  # the running kiosk would never see it
        raise KioskError(_(UNLOCK_NOT_SAVED), EXIT_FAILURE)
    print(done)


def _refusal(result: AttemptResult) -> str:
    if result.problem is not None:
        return result.problem
    wait = minutes_and_seconds(result.seconds_left)
    if result.outcome == "throttled":
        return _("Too many wrong PINs: try again in {time}.").format(time=wait)
    if result.seconds_left > 0:
        return _("Wrong PIN: the next try is possible in {time}.").format(time=wait)
    return _("Wrong PIN: nothing was unlocked or changed.")
