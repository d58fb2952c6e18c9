"""The one door from other threads into the Qt GUI thread.

libvlc calls back on its own threads (video output, input, events), and so do timers. None of
them may touch a widget or emit a Qt signal: a PySide6 `Signal` emitted from a libvlc thread
corrupts reference counts and aborts the process at exit ("Fatal Python error: bool_dealloc",
PYSIDE-3124). So those threads only ever call `GuiThread.post(fn)`. The callables wait in a
thread-safe queue, and one queued `QMetaObject.invokeMethod` call drains the queue on the GUI
thread. Many posts between two drains cost one Qt event, not one each.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QMetaObject, QObject, Qt, Slot


class GuiThread(QObject):
    """Runs posted callables on the thread this object lives on (create it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._queue: deque[Callable[[], None]] = deque()
        self._drain_scheduled = False
        self._closed = False

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` later on the GUI thread. Safe from any thread; a no-op after `close()`."""
        with self._lock:
            if self._closed:
                return
            self._queue.append(fn)
            if self._drain_scheduled:
                return
            self._drain_scheduled = True
        try:
            # A queued invokeMethod only posts an event: no signal is emitted on this thread,
            # which is what keeps PySide6's reference counting intact (see module docstring).
            QMetaObject.invokeMethod(self, "_drain", Qt.ConnectionType.QueuedConnection)
        except RuntimeError:
            # The C++ object is gone: the application is shutting down. Drop the work.
            with self._lock:
                self._closed = True
                self._queue.clear()

    def close(self) -> None:
        """Drop queued work and ignore every later post. Call it before the application quits."""
        with self._lock:
            self._closed = True
            self._queue.clear()

    @property
    def pending(self) -> int:
        """How many callables wait for the GUI thread (for tests and diagnostics)."""
        with self._lock:
            return len(self._queue)

    @Slot()
    def _drain(self) -> None:
        with self._lock:
            batch = list(self._queue)
            self._queue.clear()
            self._drain_scheduled = False
        for index, fn in enumerate(batch):
            if self._closed:
                return
            try:
                fn()
            except BaseException:
                # Keep the rest of the batch, then let Qt (and pytest-qt) see the error.
                self._requeue_front(batch[index + 1 :])
                raise

    def _requeue_front(self, rest: list[Callable[[], None]]) -> None:
        if not rest:
            return
        with self._lock:
            if self._closed:
                return
            self._queue.extendleft(reversed(rest))
            schedule = not self._drain_scheduled
            self._drain_scheduled = True
        if schedule:
            QMetaObject.invokeMethod(self, "_drain", Qt.ConnectionType.QueuedConnection)
