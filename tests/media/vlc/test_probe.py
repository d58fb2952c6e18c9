"""Clip durations from libvlc's parser: real clips of known length, broken files, files libvlc
must never be handed, an interrupted wait, and probes from several worker threads at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.probe import Interrupt, probe_duration
from tests.clipmaker import ClipCache, broken_file

# A container's length is that of its longest stream, rounded to its time base: within a frame
# or two of what ffmpeg was asked for.
TOLERANCE_SECONDS = 0.1


@pytest.mark.parametrize(("seconds", "suffix"), [(3.0, ".mp4"), (7.5, ".mkv"), (1.0, ".mov")])
def test_a_real_clip_has_its_length(
    seconds: float, suffix: str, engine: VlcEngine, clip_cache: ClipCache, tmp_path: Path
) -> None:
    clip = clip_cache.solid(tmp_path / f"clip{suffix}", "red", seconds=seconds)
    assert probe_duration(engine, clip) == pytest.approx(seconds, abs=TOLERANCE_SECONDS)


def test_a_silent_clip_of_colour_steps_has_its_length(
    engine: VlcEngine, clip_cache: ClipCache, tmp_path: Path
) -> None:
    clip = clip_cache.steps(tmp_path / "steps.mp4", ["red", "lime", "blue"])
    assert probe_duration(engine, clip) == pytest.approx(6.0, abs=TOLERANCE_SECONDS)


@pytest.mark.parametrize("broken", ["truncated", "text", "empty", "missing", "folder"])
def test_a_broken_or_missing_file_has_no_length(
    broken: str, engine: VlcEngine, clip_cache: ClipCache, tmp_path: Path
) -> None:
    assert probe_duration(engine, broken_file(broken, tmp_path, clip_cache)) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_never_opened(engine: VlcEngine, tmp_path: Path) -> None:
    # libvlc would block in open() for ever on a pipe with no writer, and then hang the
    # engine's release; without the guard this test never returns.
    pipe = tmp_path / "pipe.mp4"
    os.mkfifo(pipe)
    assert probe_duration(engine, pipe) is None


def test_an_interrupted_probe_gives_up(
    engine: VlcEngine, clip_cache: ClipCache, tmp_path: Path
) -> None:
    clip = clip_cache.solid(tmp_path / "clip.mp4", "red")
    interrupt = Interrupt()
    interrupt.set()
    assert probe_duration(engine, clip, interrupt=interrupt) is None
    assert probe_duration(engine, clip, interrupt=Interrupt()) is not None


def test_an_interrupt_ends_a_wait_at_once() -> None:
    interrupt = Interrupt()
    never_set = threading.Event()
    outcome: list[bool] = []
    waiter = threading.Thread(target=lambda: outcome.append(interrupt.wait(never_set, 600)))
    waiter.start()
    interrupt.set()
    waiter.join(60)
    assert not waiter.is_alive()
    assert outcome == [False]


def test_probes_from_several_threads_at_once_all_come_back(
    engine: VlcEngine, clip_cache: ClipCache, tmp_path: Path
) -> None:
    lengths = [1.0, 2.0, 3.0, 4.0]
    clips = [
        clip_cache.solid(tmp_path / f"clip{seconds:g}.mp4", "blue", seconds=seconds)
        for seconds in lengths
    ]
    found: dict[int, float | None] = {}

    def probe(index: int) -> None:
        found[index] = probe_duration(engine, clips[index])

    threads = [threading.Thread(target=probe, args=(index,)) for index in range(len(clips))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert [found[index] for index in range(len(clips))] == [
        pytest.approx(seconds, abs=TOLERANCE_SECONDS) for seconds in lengths
    ]


def test_a_released_engine_is_refused(
    engine: VlcEngine, clip_cache: ClipCache, tmp_path: Path
) -> None:
    clip = clip_cache.solid(tmp_path / "clip.mp4", "red")
    engine.release()
    with pytest.raises(RuntimeError, match="released"):
        probe_duration(engine, clip)
