"""The kiosk's log file under `user_log_dir`, for the parent and for bug reports.

Users see one sentence per problem on the terminal; the log keeps the detail behind it.
"""

from __future__ import annotations

import logging
import logging.handlers

from kiosk.core import paths


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
            folder / "kiosk.log",
            maxBytes=1_000_000,
            backupCount=3,
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
