"""The player interface the feed talks to. It imports neither Qt nor libvlc.

The feed depends on this protocol only, so UI tests can swap in a fake player and the libvlc
implementation stays the one door to libvlc. Every callback is delivered on the GUI thread:
libvlc threads hand work over through a `PostToGui` function and never call back directly.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from kiosk.core.clip import Clip

#: Runs a function later on the GUI thread. Safe to call from any thread.
PostToGui = Callable[[Callable[[], None]], None]


@dataclass(frozen=True)
class Frame:
    """A decoded picture in 32-bit RGB (0xffRRGGBB, as Qt's Format_RGB32), valid while locked."""

    pixels: memoryview
    width: int
    height: int
    stride: int


@dataclass
class PlayerListener:
    """What the feed wants to hear. Called on the GUI thread only.

    A clip that cannot play is one of three things: broken (`on_error`, with the reason), gone
    (`on_missing`): its file is not there any more, as when a drive is unplugged or its folder
    renamed, or slow (`on_slow`): it showed no picture in time though nothing is known to be
    wrong. A gone clip may come back with its drive, so the feed must not give up on it; a slow
    one is tried again later.
    """

    on_first_frame: Callable[[], None] = lambda: None
    on_frame: Callable[[], None] = lambda: None
    on_end: Callable[[], None] = lambda: None
    on_error: Callable[[str], None] = lambda reason: None
    on_missing: Callable[[], None] = lambda: None
    #: The first-frame watchdog fired while libvlc reported nothing wrong: on a busy PC a
    #: healthy clip can be that slow. The player has stopped it; `play` or `restart` tries again.
    on_slow: Callable[[], None] = lambda: None


class Player(Protocol):
    """One clip at a time, decoded into a frame buffer that the UI paints."""

    listener: PlayerListener

    @property
    def clip(self) -> Clip | None: ...

    @property
    def is_playing(self) -> bool: ...

    @property
    def has_frame(self) -> bool:
        """True once the loaded clip's first frame is in the buffer."""
        ...

    @property
    def released(self) -> bool:
        """The engine released this player (the kiosk is closing): it may not be used again."""
        ...

    def set_frame_box(self, width: int, height: int) -> None:
        """Frames of clips loaded from now on fit this box, aspect kept, so Qt need not scale."""
        ...

    def load(self, clip: Clip, *, preload: bool) -> None:
        """Open `clip`. With `preload`, hold its first frame in the buffer, paused and muted."""
        ...

    def play(self) -> None:
        """Start or resume with sound."""
        ...

    def pause(self) -> None: ...

    def rest(self) -> None:
        """Stop decoding, keeping the clip and its last picture, for a player nobody sees for a
        while: `play` starts the clip again from its start."""
        ...

    def restart(self) -> None:
        """Play again from the clip's start (or its segment's start)."""
        ...

    def stop(self) -> None:
        """Stop and drop the clip; the player stays warm for the next `load`."""
        ...

    def set_volume(self, percent: int) -> None: ...

    def set_saturation(self, saturation: float) -> None:
        """The picture's colour, from 1.0 (as recorded) to 0.0 (grey): the bedtime wind-down."""
        ...

    def progress(self) -> float:
        """How far into the clip (or segment) playback is, from 0.0 to 1.0."""
        ...

    def seconds_left(self) -> float | None:
        """Playing time left to the clip's (or segment's) end; None while it is not known."""
        ...

    def frame(self) -> AbstractContextManager[Frame | None]:
        """The front buffer, locked against a swap while the caller paints it."""
        ...

    def release(self) -> None:
        """Free every libvlc resource. The player is unusable afterwards."""
        ...
