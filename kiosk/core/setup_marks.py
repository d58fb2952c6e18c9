"""The setup marker: a small file that says the parent finished setup, kept in more than one folder.

While any copy exists, a state file that is missing or unusable makes the kiosk start locked
instead of offering first-run setup, where the child would choose the PIN. So the copies live
apart from the state file, in folders that deleting the state's folder does not take along (see
`paths.setup_markers`). Each copy is written whole or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from kiosk.core.atomic import write_atomically

log = logging.getLogger(__name__)


def mark_set_up(markers: Sequence[Path]) -> None:
    """Record that the parent finished setup, in each of `markers`. From now on a lost state
    file locks the kiosk. One copy that cannot be written is logged; OSError only if none
    could be."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"Kiosk Clips was set up on {stamp}. Do not delete this file.\n".encode()
    written = 0
    failure: OSError | None = None
    for marker in markers:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            # Written atomically: a crash leaves no marker or a whole one, never an empty file.
            write_atomically(marker, text)
            written += 1
        except OSError as error:
            log.warning("the setup marker %s could not be written: %s", marker, error)
            failure = error
    if not written and failure is not None:
        raise failure


def is_marked(markers: Sequence[Path]) -> bool:
    """Whether any copy of the marker is there (or something there cannot be looked at)."""
    for marker in markers:
        try:
            if marker.exists():
                return True
        except OSError:
            return True  # present but not inspectable: assume set up, which fails closed
    return False
