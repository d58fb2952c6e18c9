"""Shared pieces of the parent-panel and setup tests: a real PIN guard on a temporary state
file, a recording stand-in for the kiosk's `ParentActions`, an in-memory `LibraryActions`, and
fake clip files and thumbnails."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.core.library.curation import ClipStatus
from kiosk.core.library.scan import SidecarReport
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.store import Store
from kiosk.media.interface import Player
from kiosk.ui.library.model import LibraryTile
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.parent.settings import SettingsPage
from tests.core.fake_clock import BERLIN, FakeClock
from tests.ui.fake_player import FakePlayer

QWidgetT = TypeVar("QWidgetT", bound=QWidget)

PanelFactory = Callable[..., ParentPanel]
PageFactory = Callable[..., SettingsPage]

FAST = ScryptParams(n=2**4, r=1, p=1)  # the screens are under test here, not scrypt's cost
PIN = "73915846"
NEW_PIN = "58204736"


def open_guard(path: Path) -> tuple[PinGuard, Store]:
    """A guard on a fresh state file at `path`, as the kiosk opens it; close the store after."""
    store = Store.open(path, set_up=False)
    return PinGuard(store.pin_records, FakeClock(), params=FAST), store


def make_clips(folder: Path, count: int) -> Path:
    """`count` files that the library scan takes for MP4 clips (an ISO-BMFF "ftyp" box)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"clip {index + 1}.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(64))
    return folder


class RecordingActions:
    """Implements `ParentActions`: returns set numbers and records every call in order."""

    def __init__(self, seconds_left: float | None = 754.2, used_today: float = 47 * 60 + 12):
        self.seconds_left = seconds_left
        self.used_today = used_today
        self.clips_left: int | None = None
        self.clips_grantable = True
        self.asked: datetime | None = None
        self.zone: tzinfo = BERLIN
        self.note: str | None = None  # on the system's zone
        self.lead: str | None = None  # on the system clock running ahead
        self.notice_text: str | None = None
        self.calls: list[tuple[object, ...]] = []

    def session_seconds_left(self) -> float | None:
        return self.seconds_left

    def used_today_seconds(self) -> float:
        return self.used_today

    def session_clips_left(self) -> int | None:
        return self.clips_left

    def can_grant_clips(self) -> bool:
        return self.clips_grantable

    def asked_at(self) -> datetime | None:
        return self.asked

    def time_zone(self) -> tzinfo:
        return self.zone

    def zone_note(self) -> str | None:
        return self.note

    def clock_note(self) -> str | None:
        return self.lead

    def trust_wall_clock(self) -> None:
        self.calls.append(("trust_wall_clock",))

    def notice(self) -> str | None:
        return self.notice_text

    def add_minutes(self, minutes: int) -> None:
        self.calls.append(("add_minutes", minutes))

    def grant_clips(self, clips: int) -> None:
        self.calls.append(("grant_clips", clips))

    def answer_not_today(self) -> None:
        self.calls.append(("answer_not_today",))

    def end_session_now(self) -> None:
        self.calls.append(("end_session_now",))

    def start_new_session_now(self) -> None:
        self.calls.append(("start_new_session_now",))

    def leave_kiosk(self) -> None:
        self.calls.append(("leave_kiosk",))

    def record_event(self, kind: str, detail: dict[str, object]) -> None:
        self.calls.append(("record_event", kind, detail))


class MemoryThumbnails:
    """A thumbnail source whose requests wait in `requests` until the test answers them."""

    def __init__(self) -> None:
        #: Every thumbnail request, in order, and those not answered or cancelled yet.
        self.requests: list[Clip] = []
        self.open_requests: dict[str, Callable[[Clip, Path | None], None]] = {}
        self.cancels = 0

    def request_thumbnail(self, clip: Clip, on_ready: Callable[[Clip, Path | None], None]) -> None:
        self.requests.append(clip)
        self.open_requests[clip.key] = on_ready

    def cancel_thumbnails(self) -> None:
        self.cancels += 1
        self.open_requests.clear()

    def answer(self, clip: Clip, picture: Path | None) -> None:
        """The worker finishes `clip`'s thumbnail: a PNG, or None for no picture."""
        self.open_requests.pop(clip.key)(clip, picture)


class MemoryLibrary(MemoryThumbnails):
    """Implements `LibraryActions` in memory, like the store would, and records every call.

    A clip's status: "pending" while its file awaits approval, else "show_hidden" while its show
    is hidden, else "hidden" or "visible". Thumbnail requests wait in `requests` until the test
    answers them; the preview player is a `FakePlayer` that shows its first frame by itself.
    """

    def __init__(
        self,
        clips: list[tuple[Clip, float | None]],
        *,
        pending: Iterable[Path] = (),
        hidden: Iterable[Clip] = (),
        hidden_shows: Iterable[str] = (),
    ) -> None:
        self.clips = list(clips)
        self.pending = set(pending)
        self.hidden = {clip.key for clip in hidden}
        self.hidden_shows = set(hidden_shows)
        super().__init__()
        self.calls: list[tuple[object, ...]] = []
        self.player = FakePlayer("preview", post=lambda fn: QTimer.singleShot(0, fn))
        #: What `loading()` answers: the folder is still being read.
        self.is_loading = False
        #: What `sidecar_reports()` answers: the clips.toml files with problems.
        self.reports: list[SidecarReport] = []

    def status(self, clip: Clip) -> ClipStatus:
        if clip.path in self.pending:
            return "pending"
        if clip.show in self.hidden_shows:
            return "show_hidden"
        return "hidden" if clip.key in self.hidden else "visible"

    def tiles(self) -> list[LibraryTile]:
        return [LibraryTile(clip, self.status(clip), seconds) for clip, seconds in self.clips]

    def set_clip_hidden(self, clip: Clip, hidden: bool) -> None:
        self.calls.append(("set_clip_hidden", clip, hidden))
        (self.hidden.add if hidden else self.hidden.discard)(clip.key)

    def set_show_hidden(self, show: str, hidden: bool) -> None:
        self.calls.append(("set_show_hidden", show, hidden))
        (self.hidden_shows.add if hidden else self.hidden_shows.discard)(show)

    def approve(self, paths: Iterable[Path]) -> None:
        approved = list(paths)
        self.calls.append(("approve", approved))
        self.pending.difference_update(approved)

    def loading(self) -> bool:
        return self.is_loading

    def sidecar_reports(self) -> list[SidecarReport]:
        return self.reports

    def preview_player(self) -> Player:
        return self.player


def write_png(path: Path, colour: str) -> Path:
    """A small 16:9 PNG of one colour, as the thumbnail worker would write."""
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "PNG")
    return path


def shown(qtbot: QtBot, widget: QWidgetT) -> QWidgetT:
    """`widget` on screen at a phone's size, closed with the test."""
    qtbot.addWidget(widget)
    widget.resize(405, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
