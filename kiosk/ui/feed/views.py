"""The feed's side of the watch history: one view per clip shown, ended by the next one.

The controller reports what happens on screen; this keeps the one view that is open, so the
controller need not know when a view starts, which outcome it had, or whether anyone listens.
A clip that played to its end at least once (a loop counts from its first end) was finished;
one the child swiped away, or that a lock or the "no clips" screen cut short, was skipped.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.core.clip import Clip
from kiosk.core.library.watch_history import ViewOutcome


class ViewRecorder(Protocol):
    """Hears what the child watches: one view per clip shown, with the time it played. The app
    gives the store's `WatchHistory`."""

    def begin(self, clip: Clip) -> None: ...

    def set_playing(self, playing: bool) -> None: ...

    def end(self, outcome: ViewOutcome) -> object: ...


class ViewTracker:
    """The open view, if any, told to a `ViewRecorder` (or to nobody when there is none)."""

    def __init__(self, recorder: ViewRecorder | None) -> None:
        self._recorder = recorder
        self._open = False
        self._reached_end = False

    def shown(self, clip: Clip, *, playing: bool) -> None:
        """A new clip is on screen: the last view ends and this one begins."""
        self.end()
        if self._recorder is None:
            return
        self._open = True
        self._reached_end = False
        self._recorder.begin(clip)
        self._recorder.set_playing(playing)

    def playing(self, playing: bool) -> None:
        if self._recorder is not None and self._open:
            self._recorder.set_playing(playing)

    def reached_end(self) -> None:
        self._reached_end = True

    def end(self) -> None:
        if self._recorder is not None and self._open:
            self._open = False
            self._recorder.end("finished" if self._reached_end else "skipped")
