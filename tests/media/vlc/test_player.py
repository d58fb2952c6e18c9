"""The libvlc player on real clips made with ffmpeg: decoded pixels, frame sizes, preloading,
segments, end, restart, pause, broken files, the first-frame watchdog, and reuse."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.app.gui_thread import GuiThread
from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.player import VlcPlayer
from tests.clipmaker import FFMPEG, ClipCache, empty_file, text_as_video, truncated_clip
from tests.media.conftest import BOX, EventPump, Recorder, clip_of, moving_clip, rgb_at

NewPlayer = Callable[[], tuple[VlcPlayer, Recorder]]


def assert_near(rgb: tuple[int, int, int] | None, expected: tuple[int, int, int]) -> None:
    assert rgb is not None, "no frame"
    # Limited-range YUV 4:2:0 and back lands within a few steps of the true colour.
    assert all(abs(a - b) <= 40 for a, b in zip(rgb, expected, strict=True)), (rgb, expected)


@pytest.mark.parametrize(
    ("colour", "expected"),
    [("red", (255, 0, 0)), ("lime", (0, 255, 0)), ("blue", (0, 0, 255))],  # lime is pure green
)
def test_decodes_the_clips_colour_into_a_frame_sized_for_the_box(
    colour: str,
    expected: tuple[int, int, int],
    new_player: NewPlayer,
    pump: EventPump,
    clip_cache: ClipCache,
    tmp_path: Path,
) -> None:
    player, heard = new_player()
    player.load(clip_of(clip_cache.solid(tmp_path / f"{colour}.mp4", colour)), preload=False)
    player.play()
    pump.until(lambda: player.has_frame and heard.frames >= 1, "the first frame and repaint")
    assert_near(rgb_at(player), expected)
    assert_near(rgb_at(player, 0.05, 0.05), expected)
    assert_near(rgb_at(player, 0.95, 0.95), expected)
    with player.frame() as frame:
        assert frame is not None
        # A 180x320 clip fills the 360x640 box exactly: libvlc scaled it, Qt need not.
        assert (frame.width, frame.height) == BOX
        assert frame.stride >= frame.width * 4
        assert len(frame.pixels) >= frame.stride * frame.height
    assert heard.errors == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [((320, 180), (360, 202)), ((1080, 1920), (360, 640)), ((202, 360), (359, 640))],
)
def test_frames_keep_the_source_aspect(
    source: tuple[int, int],
    expected: tuple[int, int],
    new_player: NewPlayer,
    pump: EventPump,
    clip_cache: ClipCache,
    tmp_path: Path,
) -> None:
    # The decoder pads these sizes (to 1088x1922 for 1080x1920), so a frame sized from
    # libvlc's format callback alone would be skewed: the probe of the true size matters.
    path = clip_cache.solid(tmp_path / "clip.mp4", "red", seconds=1, size=source, tone_hz=None)
    player, _ = new_player()
    player.load(clip_of(path), preload=True)
    pump.until(lambda: player.has_frame, "the first frame")
    with player.frame() as frame:
        assert frame is not None
        assert (frame.width, frame.height) == expected
    assert_near(rgb_at(player), (255, 0, 0))


def test_preload_holds_the_first_frame_paused_and_muted_until_play(
    gui_thread: GuiThread, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    steps = ["red", "lime", "blue"]
    path = clip_cache.steps(tmp_path / "steps.mp4", steps, step_seconds=0.8)
    # adummy cannot mute, so libvlc would report "not muted" whatever the player asked for.
    # amem can (and with no callbacks set it plays nothing at all).
    engine = VlcEngine(["--aout=amem"])
    try:
        player = engine.new_player(gui_thread.post)
        player.set_frame_box(*BOX)
        check_preload(player, Recorder(player).attach(), pump, path)
    finally:
        engine.release()


def check_preload(player: VlcPlayer, heard: Recorder, pump: EventPump, path: Path) -> None:
    player.load(clip_of(path), preload=True)
    pump.until(lambda: player.has_frame, "the preloaded first frame")
    assert heard.first_frames == 1
    assert not player.is_playing
    assert player.is_muted
    # Pausing is asynchronous: let it settle, then watch a window longer than the red part of
    # the clip and past the 2 s watchdog. A playing clip would turn green and move on.
    pump.spin_for(1.0)
    frames_when_settled = player.frames_shown
    pump.spin_for(2.0)
    assert player.frames_shown == frames_when_settled
    assert_near(rgb_at(player), (255, 0, 0))
    assert player.progress() == pytest.approx(0.0, abs=0.01)
    assert heard.errors == []

    player.play()
    assert player.is_playing
    assert not player.is_muted
    pump.until(lambda: player.frames_shown > frames_when_settled, "a frame after play()")
    pump.until(lambda: "green" in heard.frame_colours, "the clip to move on to green")
    assert heard.first_frames == 1


def test_a_segment_plays_only_its_range_and_ends_at_its_end(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    path = clip_cache.steps(tmp_path / "steps.mp4", ["red", "lime", "blue"], step_seconds=2.0)
    player, heard = new_player()
    player.load(clip_of(path, start_seconds=2.0, end_seconds=4.0), preload=False)
    player.play()
    pump.until(lambda: heard.frames >= 1, "the segment's first frame")
    assert player.progress() < 0.5
    pump.until(lambda: heard.ends == 1, "the end of the segment")
    assert heard.frame_colours[0] == "green"
    assert "red" not in heard.frame_colours
    # At most the one picture at exactly 4.0 s may show before the stop-time takes hold.
    assert heard.frame_colours[:-1].count("blue") == 0
    assert player.progress() == 1.0
    assert heard.errors == []


def test_end_fires_and_restart_plays_from_the_start_again(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    path = clip_cache.steps(tmp_path / "short.mp4", ["red", "blue"], step_seconds=0.5)
    player, heard = new_player()
    player.load(clip_of(path), preload=False)
    player.play()
    pump.until(lambda: heard.ends == 1, "the end")
    assert heard.frame_colours[-1] == "blue"
    assert not player.is_playing
    frames_at_end = heard.frames

    player.restart()
    assert player.is_playing
    pump.until(lambda: heard.frames > frames_at_end, "a frame after restart")
    assert heard.frame_colours[frames_at_end] == "red"
    pump.until(lambda: heard.ends == 2, "the second end")
    assert heard.errors == []


def test_pause_stops_the_frames_and_play_resumes(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    player, heard = new_player()
    player.load(clip_of(moving_clip(tmp_path / "moving.mp4", "red", seconds=6)), preload=False)
    player.play()
    pump.until(lambda: heard.frames >= 5, "five frames")
    player.pause()
    assert not player.is_playing
    pump.spin_for(0.5)
    paused_at = player.frames_shown
    pump.spin_for(1.5)  # 37 frames at 25 fps if it were still playing
    assert player.frames_shown == paused_at
    player.play()
    pump.until(lambda: player.frames_shown > paused_at + 5, "frames after resuming")
    assert heard.errors == []


def test_a_rested_player_decodes_nothing_keeps_its_picture_and_plays_again(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    player, heard = new_player()
    player.load(clip_of(moving_clip(tmp_path / "moving.mp4", "red", seconds=6)), preload=False)
    player.play()
    pump.until(lambda: heard.frames >= 5, "five frames")
    player.pause()
    player.rest()
    rested_at = player.frames_shown
    pump.spin_for(1.0)
    assert player.frames_shown == rested_at
    assert player.has_frame and not player.is_playing
    assert_near(rgb_at(player), (255, 0, 0))  # the last picture is still there to paint
    player.play()
    pump.until(lambda: player.frames_shown > rested_at + 5, "frames after playing again")
    assert heard.errors == [] and heard.slow == 0


def audio_only(out: Path, seconds: int) -> Path:
    assert FFMPEG is not None
    subprocess.run(
        [
            *(FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i"),
            *(f"sine=frequency=440:duration={seconds}", "-c:a", "aac", str(out)),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return out


@pytest.mark.parametrize("kind", ["empty", "text", "truncated"])
def test_a_broken_file_is_reported_as_an_error_without_frames(
    kind: str, new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    target = tmp_path / f"{kind}.mp4"
    if kind == "empty":
        empty_file(target)
    elif kind == "text":
        text_as_video(target)
    elif kind == "truncated":
        truncated_clip(target, clip_cache.solid(tmp_path / "whole.mp4", "red", seconds=3))
    player, heard = new_player()
    player.load(clip_of(target), preload=False)
    player.play()
    pump.until(lambda: bool(heard.errors), "an error", timeout_s=10)
    pump.spin_for(0.3)
    assert len(heard.errors) == 1
    assert heard.first_frames == heard.frames == heard.ends == heard.missing == 0
    assert not player.has_frame
    assert not player.is_playing


@pytest.mark.parametrize("preload", [False, True])
def test_a_file_that_is_gone_is_reported_missing_not_broken(
    preload: bool, new_player: NewPlayer, pump: EventPump, tmp_path: Path
) -> None:
    """A drive unplugged, or its folder renamed: the clip may come back, so it is no error."""
    player, heard = new_player()
    player.load(clip_of(tmp_path / "unplugged" / "gone.mp4"), preload=preload)
    if not preload:
        player.play()
    pump.until(lambda: heard.missing > 0, "the news that the file is gone", timeout_s=10)
    pump.spin_for(0.3)
    assert heard.missing == 1
    assert heard.errors == [] and heard.first_frames == heard.frames == heard.ends == 0
    assert not player.is_playing


def test_a_file_without_pictures_trips_the_first_frame_watchdog_as_slow(
    new_player: NewPlayer, pump: EventPump, tmp_path: Path
) -> None:
    # Sound only: libvlc happily plays it, and nothing but the watchdog notices no picture.
    # libvlc reported nothing wrong, so it is only slow to the player (the feed decides).
    path = audio_only(tmp_path / "sound.mp4", seconds=30)
    player, heard = new_player()
    player.load(clip_of(path), preload=True)
    pump.until(lambda: heard.slow > 0, "the watchdog", timeout_s=10)
    assert heard.errors == [] and heard.slow == 1
    assert heard.frames == 0 and not player.is_playing


def test_a_player_is_reused_and_never_shows_the_previous_clip(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    player, heard = new_player()
    player.load(clip_of(clip_cache.solid(tmp_path / "red.mp4", "red")), preload=False)
    player.play()
    pump.until(lambda: player.has_frame, "the first clip's first frame")
    player.load(clip_of(clip_cache.solid(tmp_path / "blue.mp4", "blue")), preload=True)
    assert not player.has_frame
    with player.frame() as frame:
        assert frame is None
    frames_before = heard.frames
    # The repaint is posted just after the first-frame news: wait for both, not just the news.
    pump.until(
        lambda: player.has_frame and heard.frames > frames_before,
        "the second clip's first frame, painted",
    )
    assert_near(rgb_at(player), (0, 0, 255))
    assert set(heard.frame_colours[frames_before:]) == {"blue"}
    assert heard.first_frames == 2

    player.stop()
    assert player.clip is None
    assert not player.has_frame
    assert player.progress() == 0.0


def test_a_playing_clip_is_repainted_without_comparing_and_a_paused_one_only_when_it_changes(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    # Every picture of a still clip is the same. While it plays, each one counts as new (no
    # full-frame compare on the video thread); paused, libvlc's re-shows of it count as nothing.
    player, heard = new_player()
    player.load(clip_of(clip_cache.solid(tmp_path / "still.mp4", "red", seconds=6)), preload=False)
    player.play()
    pump.until(lambda: player.frames_shown >= 10, "ten pictures of a still clip")
    player.pause()
    pump.spin_for(0.5)
    paused_at = player.frames_shown
    pump.spin_for(1.0)
    assert player.frames_shown == paused_at
    assert heard.errors == []


def test_repaints_are_coalesced_while_the_gui_thread_is_busy(
    new_player: NewPlayer,
    pump: EventPump,
    gui_thread: GuiThread,
    clip_cache: ClipCache,
    tmp_path: Path,
) -> None:
    player, heard = new_player()
    player.load(clip_of(moving_clip(tmp_path / "moving.mp4", "red", seconds=6)), preload=False)
    player.play()
    pump.until(lambda: heard.frames >= 2, "two frames")
    shown = player.frames_shown
    # The GUI thread stops processing events here (a busy GUI), so no post is drained while
    # libvlc shows 20 more frames. One repaint is pending for all of them, not 20.
    deadline = time.monotonic() + 30
    while player.frames_shown < shown + 20:
        if time.monotonic() > deadline:
            pytest.fail("libvlc showed no 20 frames while the GUI thread was busy")
        time.sleep(0.02)
    assert gui_thread.pending == 1
    frames_heard = heard.frames
    pump.until(lambda: gui_thread.pending == 0 and heard.frames > frames_heard, "a repaint")


def test_the_colour_fades_to_grey_and_comes_back_across_clips(
    new_player: NewPlayer, pump: EventPump, clip_cache: ClipCache, tmp_path: Path
) -> None:
    player, _ = new_player()
    red = clip_of(clip_cache.solid(tmp_path / "red.mp4", "red", seconds=5))
    player.load(red, preload=False)
    player.play()
    pump.until(lambda: player.has_frame, "the first frame")
    player.set_saturation(0.0)  # the end of the bedtime wind-down

    def grey() -> bool:
        rgb = rgb_at(player)
        return rgb is not None and max(rgb) - min(rgb) <= 12 and 40 <= rgb[0] <= 120

    pump.until(grey, "a grey picture")  # red's brightness, without its colour
    player.load(red, preload=False)  # the next clip is grey too
    player.play()
    pump.until(lambda: player.has_frame and grey(), "the next clip grey as well")
    player.set_saturation(1.0)
    pump.until(lambda: (rgb_at(player) or (0, 0, 0))[0] > 200, "the colour back")
    assert_near(rgb_at(player), (255, 0, 0))
