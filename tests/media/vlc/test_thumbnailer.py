"""One picture of a real clip at a given time, from libvlc on the calling thread: the right
moment (not the nearest key frame), the right size, and None for what has no picture; and its
PNG, the same pixels again, made on any thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.probe import Interrupt
from kiosk.media.vlc.thumbnailer import VlcThumbnailer, encode_png
from tests.clipmaker import ClipCache, broken_file

# 20 fps with a key frame every second (clipmaker's -g is the frame rate), 0.5 s a colour:
# blue 0-0.5, red 0.5-1.5, white 1.5-2, then green to 10 s. 10% in is red, frame 0 is blue,
# and at 1.75 s the key frame before (1.0 s) is red while the picture asked for is white.
TEN_SECONDS = ["blue", "red", "red", "white", *["lime"] * 16]


def colour_of(rgb: tuple[int, int, int]) -> str:
    """The clip colour a decoded pixel shows (YUV 4:2:0 and back is a few steps off)."""
    if min(rgb) > 200:
        return "white"
    top = max(rgb)
    if top < 90 or sorted(rgb)[1] > top * 0.4:
        return "other"
    return ("red", "green", "blue")[rgb.index(top)]


def centre(picture: QImage | None) -> str:
    assert picture is not None, "no picture"
    pixel = picture.pixelColor(picture.width() // 2, picture.height() // 2)
    return colour_of((pixel.red(), pixel.green(), pixel.blue()))


@pytest.fixture
def thumbnailer(engine: VlcEngine) -> Iterator[VlcThumbnailer]:
    grabber = VlcThumbnailer(engine)
    yield grabber
    grabber.release()


@pytest.fixture
def ten_seconds(clip_cache: ClipCache, tmp_path: Path) -> Path:
    return clip_cache.steps(tmp_path / "ten.mp4", TEN_SECONDS, step_seconds=0.5, fps=20)


@pytest.fixture
def rgb_steps(clip_cache: ClipCache, tmp_path: Path) -> Path:
    """Red 0-2 s, green 2-4 s, blue 4-6 s."""
    return clip_cache.steps(tmp_path / "steps.mp4", ["red", "lime", "blue"])


@pytest.mark.parametrize(
    ("at_seconds", "colour"),
    [(0.0, "red"), (1.0, "red"), (2.2, "green"), (3.9, "green"), (4.2, "blue"), (5.9, "blue")],
)
def test_the_picture_is_the_one_at_the_time_asked(
    at_seconds: float, colour: str, thumbnailer: VlcThumbnailer, rgb_steps: Path
) -> None:
    assert centre(thumbnailer.grab(rgb_steps, at_seconds)) == colour


def test_a_ten_second_clip_at_one_second_is_not_its_first_frame(
    thumbnailer: VlcThumbnailer, ten_seconds: Path
) -> None:
    assert centre(thumbnailer.grab(ten_seconds, 0.0)) == "blue"
    assert centre(thumbnailer.grab(ten_seconds, 1.0)) == "red"


def test_the_picture_is_decoded_past_the_key_frame_to_the_time_asked(
    thumbnailer: VlcThumbnailer, ten_seconds: Path
) -> None:
    assert centre(thumbnailer.grab(ten_seconds, 1.0)) == "red"  # a key frame
    assert centre(thumbnailer.grab(ten_seconds, 1.75)) == "white"  # 15 frames after it


def test_a_small_clip_keeps_its_size(thumbnailer: VlcThumbnailer, rgb_steps: Path) -> None:
    picture = thumbnailer.grab(rgb_steps, 1.0)
    assert picture is not None
    assert (picture.width(), picture.height()) == (180, 320)


@pytest.mark.parametrize(
    ("source", "expected"), [((1280, 720), (320, 180)), ((720, 1280), (180, 320))]
)
def test_a_large_clip_fits_the_box_with_its_aspect(
    source: tuple[int, int],
    expected: tuple[int, int],
    thumbnailer: VlcThumbnailer,
    clip_cache: ClipCache,
    tmp_path: Path,
) -> None:
    clip = clip_cache.solid(tmp_path / "large.mp4", "blue", seconds=1.0, size=source, tone_hz=None)
    picture = thumbnailer.grab(clip, 0.5)
    assert picture is not None
    assert (picture.width(), picture.height()) == expected
    assert centre(picture) == "blue"


def test_one_thumbnailer_serves_many_files_in_turn(
    thumbnailer: VlcThumbnailer, clip_cache: ClipCache, tmp_path: Path
) -> None:
    colours = ["red", "lime", "blue", "red", "lime", "blue"]
    clips = [
        clip_cache.solid(tmp_path / f"{index}.mp4", colour, seconds=1.0)
        for index, colour in enumerate(colours)
    ]
    seen = [centre(thumbnailer.grab(clip, 0.1)) for clip in clips]
    assert seen == ["red", "green", "blue", "red", "green", "blue"]


def test_a_picture_keeps_its_pixels_after_the_next_grab(
    thumbnailer: VlcThumbnailer, rgb_steps: Path
) -> None:
    # libvlc renders the next file into the same two buffers: a picture that only wrapped one
    # would turn into a later file's.
    pictures = [thumbnailer.grab(rgb_steps, at_seconds) for at_seconds in (1.0, 3.0, 5.0)]
    assert [centre(picture) for picture in pictures] == ["red", "green", "blue"]


@pytest.mark.parametrize("broken", ["truncated", "text", "empty", "missing", "audio only"])
def test_a_file_without_a_picture_gives_none(
    broken: str, thumbnailer: VlcThumbnailer, clip_cache: ClipCache, tmp_path: Path
) -> None:
    path = broken_file(broken, tmp_path, clip_cache)
    assert thumbnailer.grab(path, 0.2) is None


def test_a_time_past_the_end_gives_none(thumbnailer: VlcThumbnailer, rgb_steps: Path) -> None:
    assert thumbnailer.grab(rgb_steps, 60.0) is None
    assert centre(thumbnailer.grab(rgb_steps, 1.0)) == "red"  # and it still works after


def test_an_interrupted_thumbnailer_gives_none(engine: VlcEngine, rgb_steps: Path) -> None:
    interrupt = Interrupt()
    grabber = VlcThumbnailer(engine, interrupt=interrupt)
    try:
        assert grabber.grab(rgb_steps, 1.0) is not None
        interrupt.set()
        assert grabber.grab(rgb_steps, 1.0) is None
    finally:
        grabber.release()


def test_it_works_on_a_worker_thread(engine: VlcEngine, rgb_steps: Path) -> None:
    seen: list[str] = []

    def work() -> None:
        grabber = VlcThumbnailer(engine)
        try:
            picture = grabber.grab(rgb_steps, 2.5)
            assert picture is not None
            seen.append(centre(QImage.fromData(encode_png(picture), "PNG")))
        finally:
            grabber.release()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert seen == ["green"]


def test_a_released_thumbnailer_is_refused(engine: VlcEngine, rgb_steps: Path) -> None:
    grabber = VlcThumbnailer(engine)
    grabber.release()
    grabber.release()  # harmless
    with pytest.raises(RuntimeError, match="released"):
        grabber.grab(rgb_steps, 1.0)


def test_the_png_holds_the_same_pixels(thumbnailer: VlcThumbnailer, ten_seconds: Path) -> None:
    picture = thumbnailer.grab(ten_seconds, 1.75)
    assert picture is not None
    png = encode_png(picture)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    decoded = QImage.fromData(png, "PNG").convertToFormat(QImage.Format.Format_RGB32)
    assert decoded == picture  # lossless: every pixel as it was grabbed
    assert centre(decoded) == "white"
