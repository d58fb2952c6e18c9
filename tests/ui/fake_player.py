"""A fake of the `Player` protocol for tests where real decode timing would only add noise.

It records every call, paints each clip as one solid colour (named by the clip's title), and
lets the test decide when a first frame, a frame, the end or an error happens. Given a `post`
function (a zero-delay timer), it also delivers the first frame (or the error of a clip the test
marked broken, the news of a clip it marked missing, or the watchdog's miss of one it marked
slow) by itself after `load`, asynchronously as libvlc would. Like the real player, it
never delivers an event for a clip it has already let go of. It imports no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kiosk.core.clip import Clip
from kiosk.media.interface import Frame, PlayerListener, PostToGui

COLOURS = {
    "red": 0xFF0000,
    "green": 0x00FF00,
    "blue": 0x0000FF,
    "yellow": 0xFFFF00,
    "white": 0xFFFFFF,
    "black": 0x000000,
}
GREY = 0x808080


class FakePlayer:
    """Implements `kiosk.media.interface.Player`."""

    def __init__(
        self,
        name: str = "",
        *,
        post: PostToGui | None = None,
        broken: Callable[[Clip], bool] = lambda clip: False,
        missing: Callable[[Clip], bool] = lambda clip: False,
        slow: Callable[[Clip], bool] = lambda clip: False,
    ) -> None:
        self.name = name
        self.listener = PlayerListener()
        self.calls: list[str] = []
        self.loads: list[tuple[Clip, bool]] = []
        self.volume = 100
        self.saturation = 1.0
        self.box = (90, 160)
        #: Set to paint frames of this size instead of the frame box (e.g. a landscape clip).
        self.frame_size: tuple[int, int] | None = None
        self.position = 0.0
        #: The clip's pretend length, for `seconds_left`.
        self.length_seconds = 10.0
        self.released = False
        self._post = post
        self._broken = broken
        self._missing = missing
        self._slow = slow
        self._clip: Clip | None = None
        self._playing = False
        self._has_frame = False
        self._generation = 0

    def __repr__(self) -> str:
        return f"FakePlayer({self.name!r}, clip={self._clip and self._clip.title!r})"

    @property
    def clip(self) -> Clip | None:
        return self._clip

    @property
    def is_playing(self) -> bool:
        return self._playing

    @property
    def has_frame(self) -> bool:
        return self._has_frame

    def set_frame_box(self, width: int, height: int) -> None:
        self.calls.append("set_frame_box")
        self.box = (width, height)

    def load(self, clip: Clip, *, preload: bool) -> None:
        self.calls.append("load")
        self.loads.append((clip, preload))
        self._generation += 1
        self._clip = clip
        self._playing = False
        self._has_frame = False
        self.position = 0.0
        if self._post is not None:
            generation = self._generation
            if self._missing(clip):
                self._post(lambda: self._deliver(generation, self.listener.on_missing))
            elif self._broken(clip):
                self._post(lambda: self._deliver(generation, self.fail_now))
            elif self._slow(clip):
                self._post(lambda: self._deliver(generation, self.miss_first_frame))
            else:
                self._post(lambda: self._deliver(generation, self.show_first_frame))

    def play(self) -> None:
        self.calls.append("play")
        self._playing = self._clip is not None

    def pause(self) -> None:
        self.calls.append("pause")
        self._playing = False

    def restart(self) -> None:
        self.calls.append("restart")
        self.position = 0.0
        self._playing = self._clip is not None

    def rest(self) -> None:
        assert not self.released, "a released player was asked to rest"
        self.calls.append("rest")
        self._playing = False

    def stop(self) -> None:
        self.calls.append("stop")
        self._generation += 1
        self._clip = None
        self._playing = False
        self._has_frame = False

    def set_volume(self, percent: int) -> None:
        self.calls.append("set_volume")
        self.volume = percent

    def set_saturation(self, saturation: float) -> None:
        self.calls.append("set_saturation")
        self.saturation = saturation

    def progress(self) -> float:
        return self.position

    def seconds_left(self) -> float | None:
        return None if self._clip is None else (1.0 - self.position) * self.length_seconds

    @contextmanager
    def frame(self) -> Iterator[Frame | None]:
        if not self._has_frame or self._clip is None:
            yield None
            return
        width, height = self.frame_size or self.box
        pixel = (0xFF000000 | COLOURS.get(self._clip.title, GREY)).to_bytes(4, "little")
        yield Frame(memoryview(bytearray(pixel * (width * height))), width, height, width * 4)

    def release(self) -> None:
        self.calls.append("release")
        self.released = True
        self.stop()

    # What the test makes happen.

    def show_first_frame(self) -> None:
        self._has_frame = True
        self.listener.on_first_frame()

    def show_frame(self, position: float | None = None) -> None:
        if position is not None:
            self.position = position
        self.listener.on_frame()

    def end(self) -> None:
        self._playing = False
        self.position = 1.0
        self.listener.on_end()

    def fail_now(self, reason: str = "broken on purpose") -> None:
        self.listener.on_error(reason)

    def miss_first_frame(self) -> None:
        """What the real player does when its first-frame watchdog fires: stop, and say so."""
        self._playing = False
        self.listener.on_slow()

    def _deliver(self, generation: int, event: Callable[[], None]) -> None:
        if generation == self._generation and not self.released:
            event()
