"""`kiosk status [--json]`: the session state, for a parent at a terminal or a script.

The JSON keys are the DESIGN contract and stay stable. The state is evaluated by the same rules
the window uses, in read-only mode: asking never changes the ledger. Opening the state file can
still set a damaged file aside and lock the kiosk (fail closed), exactly as starting it would.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from kiosk.app.services import open_services
from kiosk.core.dates import time_of_day, time_of_day_seconds
from kiosk.core.durations import minutes_and_seconds
from kiosk.core.i18n import N_, _
from kiosk.core.limits.status_text import describe_status, lead_note, zone_note
from kiosk.errors import EXIT_OK

#: For a kiosk that is not locked although its disk is full.
DISK_FULL_LINE = N_(
    "The disk is full, so nothing the kiosk counts is saved until some space is freed."
)


def run_status(config_override: Path | None, *, as_json: bool) -> int:
    services = open_services(config_override, read_only=True)
    try:
        limits = services.limits
        status = limits.status()
        # An unreadable attempt counter reads as the longest wait, never as none (fail closed).
        retry_at = services.guard.retry_at()
        if retry_at is not None:
            retry_at = retry_at.astimezone(limits.zone)  # as every time here: the household's
        status = replace(status, pin_retry_at=retry_at)
        if as_json:
            print(json.dumps(status.to_json_dict()))
            return EXIT_OK
        parent_message = limits.parent_message
        print(describe_status(status, now=limits.now, tamper_message=parent_message))
        if status.disk_full and parent_message is None:
            print(_(DISK_FULL_LINE))
        used = minutes_and_seconds(status.used_today_seconds)
        print(_("Used today: {time}.").format(time=used))
        if status.state == "in_session" and status.session_clips_left is not None:
            clips_left = status.session_clips_left
            print(_("Clips left in this session: {clips}.").format(clips=clips_left))
        if status.asked_at is not None:
            asked = time_of_day(status.asked_at)
            print(_("The child asked for more at {time}.").format(time=asked))
        for note in (
            zone_note(status.time_zone, limits.system_zone),
            lead_note(limits.wall_ahead_seconds),
        ):
            if note is not None:
                print(note)
        if status.tamper_detected:
            print(_("Tampering was detected: the events are in the kiosk's state file for review."))
        if retry_at is not None:
            paused = _("PIN attempts are paused until {time} after too many wrong tries.")
            print(paused.format(time=time_of_day_seconds(retry_at)))
        if not services.guard.is_set():
            print(_("No parent PIN is set: a parent can set one with 'kiosk pin set'."))
        return EXIT_OK
    finally:
        services.store.close()
