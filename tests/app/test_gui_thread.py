"""GuiThread: the one way from libvlc's threads into the Qt GUI thread."""

from __future__ import annotations

import functools
import gc
import sys
import threading

import pytest

from kiosk.app.gui_thread import GuiThread
from tests.media.conftest import EventPump


def test_callables_posted_from_another_thread_run_on_the_gui_thread_in_order(
    gui_thread: GuiThread, pump: EventPump
) -> None:
    ran: list[tuple[int, bool]] = []
    gui = threading.current_thread()

    def note(index: int) -> None:
        ran.append((index, threading.current_thread() is gui))

    def post_all() -> None:
        for index in range(500):
            gui_thread.post(functools.partial(note, index))

    worker = threading.Thread(target=post_all)
    worker.start()
    worker.join()
    assert ran == []  # nothing runs on the posting thread
    pump.until(lambda: len(ran) == 500, "every posted callable")
    assert ran == [(index, True) for index in range(500)]


def test_many_posts_wait_for_one_drain(gui_thread: GuiThread, pump: EventPump) -> None:
    ran: list[int] = []
    for index in range(100):
        gui_thread.post(functools.partial(ran.append, index))
    assert gui_thread.pending == 100
    pump.until(lambda: gui_thread.pending == 0, "the drain")
    assert ran == list(range(100))


def test_nothing_runs_after_close(gui_thread: GuiThread, pump: EventPump) -> None:
    ran: list[str] = []
    gui_thread.post(lambda: ran.append("queued before close"))
    gui_thread.close()
    gui_thread.post(lambda: ran.append("posted after close"))
    pump.spin_for(0.2)
    assert ran == []
    assert gui_thread.pending == 0


def test_an_error_in_one_callable_keeps_the_rest(
    gui_thread: GuiThread, pump: EventPump, qtbot: object
) -> None:
    ran: list[str] = []

    def fail() -> None:
        raise ValueError("listener bug")

    gui_thread.post(lambda: ran.append("before"))
    gui_thread.post(fail)
    gui_thread.post(lambda: ran.append("after"))
    with qtbot.capture_exceptions() as caught:  # type: ignore[attr-defined]
        pump.until(lambda: ran == ["before", "after"], "the callables around the error")
    assert [type(error) for _, error, _ in caught] == [ValueError]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from 3.12")
def test_posting_from_threads_keeps_references_to_none_and_true(
    gui_thread: GuiThread, pump: EventPump
) -> None:
    # Guards the choice of QMetaObject.invokeMethod: with PySide6 6.12.0 on CPython 3.11,
    # QCoreApplication.postEvent loses a reference to None per call, and Signal.emit one to
    # True, until the interpreter aborts. The handover path must lose none.
    # The bug loses one reference per post (5000 here); objects that other tests left behind
    # may free a few hundred meanwhile, so the bar is a quarter of the posts, with gc held off.
    posts = 5000
    ran: list[int] = []

    def post_all() -> None:
        for _ in range(posts):
            gui_thread.post(lambda: ran.append(1))

    worker = threading.Thread(target=post_all)
    gc.collect()
    gc.disable()
    try:
        none_refs, true_refs = sys.getrefcount(None), sys.getrefcount(True)
        worker.start()
        worker.join()
        pump.until(lambda: len(ran) == posts, "every posted callable")
        assert sys.getrefcount(None) > none_refs - posts // 4
        assert sys.getrefcount(True) > true_refs - posts // 4
    finally:
        gc.enable()
