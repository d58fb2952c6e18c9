"""What the library service and its file lengths are tested with: a stand-in for the GUI
thread that runs what other threads post, and a length probe whose answers the test gives."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from pathlib import Path

Answer = Callable[[Path, float | None], None]


class GuiQueue:
    """What the GUI thread does for the service: run what other threads post, in order."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None]] = queue.Queue()

    def post(self, fn: Callable[[], None]) -> None:
        self._queue.put(fn)

    def run_until(self, done: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("the library service did not settle")
            try:
                self._queue.get(timeout=remaining)()
            except queue.Empty:
                continue


class HeldProbe:
    """The media worker's duration job, answered by the test, in any order."""

    def __init__(self) -> None:
        self.asked: list[tuple[Path, Answer]] = []
        self.cancels = 0

    def request_duration(self, path: Path, on_done: Answer) -> None:
        self.asked.append((path, on_done))

    def cancel_durations(self) -> None:
        self.cancels += 1

    def answer(self, index: int, seconds: float | None) -> None:
        path, on_done = self.asked[index]
        on_done(path, seconds)
