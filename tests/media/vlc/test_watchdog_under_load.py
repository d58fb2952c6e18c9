"""The first-frame watchdog on a busy PC, with real libvlc under real CPU load: a healthy clip
that misses it is reported slow, never broken, and plays when given the time."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app.gui_thread import GuiThread
from kiosk.media.vlc.engine import VlcEngine
from tests.clipmaker import ClipCache
from tests.media.conftest import BOX, EventPump, Recorder, clip_of

#: A watchdog no first frame can meet: the miss is certain, whatever the machine.
NO_TIME = 0.001
#: A watchdog that a healthy clip meets even on a machine this busy.
PLENTY = 30.0


@pytest.fixture
def busy_cpus() -> Iterator[None]:
    """Two busy loops a core, in child processes, for as long as the test runs."""
    loops = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(2 * (os.cpu_count() or 1))
    ]
    try:
        yield
        assert all(loop.poll() is None for loop in loops), "the load ran the whole test"
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def test_a_healthy_clip_that_misses_the_watchdog_under_load_is_slow_not_broken(
    busy_cpus: None,
    gui_thread: GuiThread,
    pump: EventPump,
    clip_cache: ClipCache,
    tmp_path: Path,
) -> None:
    clip = clip_of(clip_cache.solid(tmp_path / "healthy.mp4", "red", seconds=3))
    hurried, patient = (
        VlcEngine(["--aout=adummy"], first_frame_timeout=seconds) for seconds in (NO_TIME, PLENTY)
    )
    try:
        player = hurried.new_player(gui_thread.post)
        player.set_frame_box(*BOX)
        heard = Recorder(player).attach()
        player.load(clip, preload=False)
        player.play()
        pump.until(lambda: heard.slow > 0 or bool(heard.errors), "the watchdog")
        assert heard.slow == 1 and heard.errors == []
        assert not player.is_playing  # stopped, to give the CPU back

        # The same file, on the same busy machine, given the time: it plays.
        again = patient.new_player(gui_thread.post)
        again.set_frame_box(*BOX)
        heard_again = Recorder(again).attach()
        again.load(clip, preload=False)
        again.play()
        pump.until(lambda: again.has_frame or bool(heard_again.errors), "the first frame", PLENTY)
        assert again.has_frame and heard_again.errors == [] and heard_again.slow == 0
    finally:
        hurried.release()
        patient.release()
