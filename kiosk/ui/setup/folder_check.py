"""The setup's folder check, off the GUI thread: a big folder on a slow USB disk takes seconds to
scan, and setup must stay responsive (and show that it is checking) meanwhile.

Each check runs `check_clip_folder` on a thread of its own and hands the answer back through the
GUI-thread door (`PostToGui`), never by a signal from that thread. Only the answer for the folder
asked about last is delivered: an older check that ends later is dropped. It is plain Python, not
a QObject, so that an answer arriving after setup is gone meets `stop()`, not a deleted widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from kiosk.core.first_setup import FolderCheck, check_clip_folder
from kiosk.media.interface import PostToGui


class FolderChecker:
    """Checks one folder at a time; `on_checked` runs on the GUI thread with each answer."""

    def __init__(self, post: PostToGui, on_checked: Callable[[FolderCheck], None]) -> None:
        self._post = post
        self._on_checked = on_checked
        self._asked: Path | None = None
        self._stopped = False

    @property
    def checking(self) -> Path | None:
        """The folder being checked now, if any."""
        return self._asked

    def check(self, folder: Path) -> None:
        """Start checking `folder`, unless that check is already under way."""
        if self._stopped or folder == self._asked:
            return
        self._asked = folder
        threading.Thread(
            target=self._run, args=(folder,), name="setup-folder-check", daemon=True
        ).start()

    def forget(self) -> None:
        """The parent changed the folder: the answer still on its way is for no one."""
        self._asked = None

    def stop(self) -> None:
        """Deliver nothing any more (setup is over, or its page is gone)."""
        self._stopped = True
        self._asked = None

    def _run(self, folder: Path) -> None:
        # On the check's own thread: only `post` may leave it.
        self._post(partial(self._deliver, check_clip_folder(folder)))

    def _deliver(self, checked: FolderCheck) -> None:
        if self._stopped or checked.folder != self._asked:
            return
        self._asked = None
        self._on_checked(checked)
