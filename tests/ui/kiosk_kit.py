"""A whole kiosk for UI tests: real store, real time rules on a fake clock, real libvlc players.

Only the clock is fake, so a test can move time by hand; the store is a real SQLite file in the
test's isolated data folder, and the clips are real files decoded by libvlc.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.gui_thread import GuiThread
from kiosk.app.host import KioskHost
from kiosk.app.services import KioskServices, open_safe_services, open_services
from kiosk.core import paths
from kiosk.core.setup_marks import mark_set_up
from kiosk.media.vlc.engine import VlcEngine
from kiosk.ui.feed.widget import FeedWidget
from kiosk.ui.flow import KioskFlow
from kiosk.ui.parent.panel import ParentPanel
from kiosk.ui.window import KioskWindow
from tests.clipmaker import ClipCache
from tests.core.fake_clock import FakeClock
from tests.ui.pixels import centre_colour

PARENT_PIN = "4827"
WINDOW_SIZE = (270, 480)


@dataclass
class Kiosk:
    clock: FakeClock
    services: KioskServices
    window: KioskWindow
    host: KioskHost
    flow: KioskFlow
    chimes: list[int]
    ask_sounds: list[int]


@pytest.fixture
def clip_folder(clip_cache: ClipCache, tmp_path: Path) -> Path:
    """Three real clips, red, green and blue, in natural order."""
    folder = tmp_path / "clips"
    for index, colour in enumerate(("red", "green", "blue"), start=1):
        clip_cache.solid(folder / f"{index}_{colour}.mp4", colour, seconds=4)
    return folder


def write_config(tmp_path: Path, folder: Path, extra: str = "", library_extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[library]\nfolder = "{folder}"\norder = "sequential"\n{library_extra}'
        f'[player]\nafter_clip = "loop"\n{extra}'
    )
    return path


@pytest.fixture
def make_kiosk(qtbot: QtBot, clip_folder: Path, tmp_path: Path) -> Iterator[object]:
    """`make_kiosk(setup=lambda services: ..., config_extra="...")` builds and starts a kiosk."""
    engine = VlcEngine(["--aout=adummy"])
    gui_thread = GuiThread()
    made: list[Kiosk] = []

    def make(
        *,
        prepare: object = None,
        config_extra: str = "",
        library_extra: str = "",
        start: bool = True,
        with_pin: bool = True,
        safe_cause: str | None = None,
    ) -> Kiosk:
        """`safe_cause`: the kiosk could not start as usual, and says this why."""
        clock = FakeClock()
        config_path = write_config(tmp_path, clip_folder, config_extra, library_extra)
        services = open_services(config_path, clock=clock)
        if not services.guard.is_set():
            if with_pin:
                services.guard.set_pin(PARENT_PIN)
            mark_set_up(paths.setup_markers())
        if callable(prepare):
            prepare(services, clock)
        if safe_cause is not None:
            services.close()
            services = open_safe_services(config_path, cause=safe_cause, clock=clock)
        window = KioskWindow(windowed=True)
        host = KioskHost(services, engine, gui_thread, window)
        chimes: list[int] = []
        host.chime = lambda: chimes.append(1)  # type: ignore[method-assign]
        asks: list[int] = []
        host.ask_sound = lambda: asks.append(1)  # type: ignore[method-assign]
        flow = KioskFlow(window, host)
        kiosk = Kiosk(clock, services, window, host, flow, chimes, asks)
        made.append(kiosk)
        window.resize(*WINDOW_SIZE)
        window.show()
        qtbot.waitExposed(window)
        if start:
            flow.start()
        return kiosk

    try:
        yield make
    finally:
        for kiosk in made:
            kiosk.flow.stop()
            if kiosk.host.feed is not None:
                kiosk.host.feed.pause_feed()
            kiosk.host.worker.close()
            kiosk.window.leave()
            kiosk.window.deleteLater()
            kiosk.services.store.close()
        engine.release()
        gui_thread.close()


def library_settled(qtbot: QtBot, kiosk: Kiosk) -> None:
    """Wait until the background scan, and any duration probes it started, are over."""
    qtbot.waitUntil(
        lambda: kiosk.host.library.scan is not None and not kiosk.host.library.loading,
        timeout=15_000,
    )


def start_feed(qtbot: QtBot, kiosk: Kiosk, colour: str = "red") -> FeedWidget:
    """Once the library is read, the child taps play; wait for the first clip's colour."""
    library_settled(qtbot, kiosk)
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None
    qtbot.waitUntil(lambda: centre_colour(feed) == colour, timeout=10_000)
    return feed


def open_panel_over_feed(qtbot: QtBot, kiosk: Kiosk) -> tuple[FeedWidget, ParentPanel]:
    """The child taps play; then a parent opens the panel over the feed with the PIN."""
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None
    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.parent_pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    return feed, panel


def type_pin(pad: object, pin: str) -> None:
    for digit in pin:
        pad.type_digit(digit)  # type: ignore[attr-defined]
    pad.submit()  # type: ignore[attr-defined]
