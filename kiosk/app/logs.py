"""The kiosk's log file under `user_log_dir`, for the parent and for bug reports.

Users see one sentence per problem on the terminal; the log keeps the detail behind it. The log
is also one of the traces that the kiosk was set up here (`note_set_up`, `set_up_logged`), kept
apart from the state file and the setup markers, so that losing those does not bring back
first-run setup.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers

from kiosk.core import paths

_LOG_NAME = "kiosk.log"
_KEPT_LOGS = 3
#: Logged at every start of a kiosk that is set up, and when setup is done.
SET_UP_NOTE = "this kiosk is set up: a lost state file locks it rather than opening setup"


def setup_logging() -> None:
    """Log to `user_log_dir/kiosk.log`, rotated at 1 MB; never fail the kiosk over logging."""
    root = logging.getLogger()
    if any(getattr(h, "kiosk_log", False) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / _LOG_NAME,
            maxBytes=1_000_000,
            backupCount=_KEPT_LOGS,
            encoding="utf-8",
            # A file name that is not valid UTF-8 (lone surrogates on Linux) is logged with
            # its bad bytes escaped, instead of the message being lost.
            errors="backslashreplace",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.kiosk_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def note_set_up() -> None:
    """Say in the log that this kiosk is set up (see `set_up_logged`)."""
    logging.getLogger(__name__).info(SET_UP_NOTE)


def set_up_logged() -> bool:
    """Whether the log (or one of its kept older parts) says a set-up kiosk ran here."""
    folder = paths.log_dir()
    note = SET_UP_NOTE.encode()
    for name in (_LOG_NAME, *(f"{_LOG_NAME}.{n}" for n in range(1, _KEPT_LOGS + 1))):
        with contextlib.suppress(OSError), (folder / name).open("rb") as log_file:
            if note in log_file.read():
                return True
    return False
