"""The composition root: builds the core services, the media engine and the windows, and wires them.

This is the one place that knows every layer. It owns the start-up order (one instance, config,
state, library, engine, window) and, as important, the shutdown order: the ledger is saved, then
every player and the libvlc instance are released before the QApplication goes away, so the
process exits 0 and the ledger carries on from where it was.
"""

from __future__ import annotations

import logging
import random
import signal
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core import paths
from kiosk.core.config import Config
from kiosk.core.instance import AlreadyRunning, InstanceLock
from kiosk.core.library import scan_library
from kiosk.core.limits import Limits
from kiosk.core.limits_status import LimitStatus
from kiosk.core.pin_guard import AttemptResult, PinGuard, PinNotSetError
from kiosk.core.pin_store import PinStoreDamaged
from kiosk.core.playlist import Playlist
from kiosk.core.status_text import describe_status
from kiosk.display import require_display
from kiosk.errors import EXIT_OK, EXIT_REFUSED, KioskError
from kiosk.logs import setup_logging
from kiosk.media.pool import PlayerPool
from kiosk.media.vlc_engine import MediaUnavailable, VlcEngine
from kiosk.services import DEMO_PIN, KioskServices, open_services
from kiosk.ui.feed import FeedWidget
from kiosk.ui.gui_thread import GuiThread
from kiosk.ui.kiosk_flow import KioskFlow
from kiosk.ui.screensaver import ScreenSaverBlock
from kiosk.ui.setup_wizard import SetupWizard
from kiosk.ui.window import CursorHider, KioskKeys, KioskWindow

log = logging.getLogger(__name__)

CHIME = Path(__file__).resolve().parents[1] / "assets" / "sounds" / "chime.wav"
NO_PIN_NOTE = "No parent PIN is set: a parent can set one from a terminal with: kiosk pin set"


def run_kiosk(*, config_path: Path | None, windowed: bool, demo: bool) -> int:
    setup_logging()
    lock = InstanceLock(paths.instance_lock())
    if not demo:
        try:
            lock.acquire()
        except AlreadyRunning as running:
            raise KioskError(str(running), EXIT_REFUSED) from running
    try:
        services = open_services(config_path, demo=demo)
        try:
            return _run_window(services, windowed=windowed)
        finally:
            services.close()
    finally:
        lock.release()


def _run_window(services: KioskServices, *, windowed: bool) -> int:
    require_display()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    try:
        engine = VlcEngine()
    except MediaUnavailable as missing:
        raise KioskError(str(missing)) from missing
    gui_thread = GuiThread()
    window = KioskWindow(windowed=windowed)
    host = KioskHost(services, engine, gui_thread, window)
    flow = KioskFlow(window, host, pin_hint=f"PIN {DEMO_PIN}" if services.demo else None)
    keys = KioskKeys(flow.open_parent_access, app)
    cursor = CursorHider(app)
    app.installEventFilter(keys)
    app.installEventFilter(cursor)
    saver = ScreenSaverBlock()
    saver_timer = QTimer(app)
    saver_timer.timeout.connect(lambda: saver.hold(host.feed_is_playing()))
    saver_timer.start(2000)
    _quit_on_signals(app, window)
    window.present()
    try:
        if services.guard.is_set() or services.store.was_set_up:
            flow.start()
        else:
            _first_run_setup(services, window, flow, app)
        app.exec()
        log.info("the kiosk is closing")
    finally:
        flow.stop()
        saver_timer.stop()
        saver.hold(False)
        cursor.release()
        app.removeEventFilter(keys)
        app.removeEventFilter(cursor)
        if host.feed is not None:
            host.feed.pause_feed()
        # Hidden while the players still live: a feed hidden later (at interpreter exit) would
        # try to pause a released player.
        window.may_close = True
        window.close()
        engine.release()
        gui_thread.close()
    return EXIT_OK


def _first_run_setup(
    services: KioskServices, window: KioskWindow, flow: KioskFlow, app: QApplication
) -> None:
    """No PIN yet: setup first. Cancelling quits and leaves nothing written."""
    wizard = SetupWizard(services.guard, services.config_path)

    def finished(config: Config) -> None:
        services.mark_set_up()
        services.record_event("setup_done", {"folder": str(config.library.folder)})
        flow.host.apply_config(config)
        flow.start()

    def cancelled() -> None:
        window.leave()
        app.quit()

    wizard.finished.connect(finished)
    wizard.cancelled.connect(cancelled)
    window.show_screen(wizard)


class KioskHost:
    """What the flow asks of the app: the feed, the chime, events, notes, settings, leaving."""

    def __init__(
        self, services: KioskServices, engine: VlcEngine, gui_thread: GuiThread, window: KioskWindow
    ) -> None:
        self.services = services
        self.engine = engine
        self.gui_thread = gui_thread
        self.window = window
        self.feed: FeedWidget | None = None
        self._chime: Callable[[], None] | None = None
        self._pool: PlayerPool | None = None

    @property
    def config(self) -> Config:
        return self.services.config

    @property
    def config_path(self) -> Path:
        return self.services.config_path

    @property
    def limits(self) -> Limits:
        return self.services.limits

    @property
    def guard(self) -> PinGuard:
        return self.services.guard

    def attempt_pin(self, pin: str) -> AttemptResult:
        """The lock's PIN check; a missing or damaged PIN record unlocks nothing."""
        try:
            return self.guard.attempt(pin)
        except (PinNotSetError, PinStoreDamaged) as error:
            log.warning("PIN check refused: %s", error)
            return AttemptResult("wrong", 0, 0.0, None)

    def make_feed(self) -> FeedWidget:
        scan = scan_library(self.config.library.folder)
        if scan.problem:
            log.warning("library: %s", scan.problem)
        log.info(
            "library %s: %d clips, %d skipped", scan.folder, len(scan.clips), len(scan.skipped)
        )
        if self._pool is None:
            # The players outlive any one feed: a settings change builds a new feed on them.
            self._pool = PlayerPool(
                [self.engine.new_player(self.gui_thread.post) for _ in range(3)]
            )
        playlist = Playlist(scan.clips, order=self.config.library.order, rng=random.Random())
        self.feed = FeedWidget(
            playlist,
            self._pool,
            after_clip=self.config.player.after_clip,
            volume=self.config.player.volume,
        )
        self.feed.clip_changed.connect(lambda clip: log.info("showing clip: %s", clip.title))
        return self.feed

    def feed_is_playing(self) -> bool:
        return self.feed is not None and self.feed.isVisible() and not self.feed.is_paused

    def chime(self) -> None:
        if self._chime is None:
            self._chime = self.engine.new_sound(CHIME, self.config.player.volume)
        self._chime()

    def record_event(self, kind: str, detail: Mapping[str, object]) -> None:
        self.services.record_event(kind, detail)

    def parent_note(self, status: LimitStatus) -> str:
        if not self.guard.is_set():
            return NO_PIN_NOTE
        return describe_status(
            status, now=self.services.clock.wall(), tamper_message=self.limits.parent_message
        )

    def apply_config(self, config: Config) -> None:
        self.services.config = config

    def leave(self) -> None:
        self.window.leave()
        QApplication.quit()


def _quit_on_signals(app: QApplication, window: KioskWindow) -> None:
    """SIGTERM and SIGINT (a logout, a shutdown, Ctrl+C) save the ledger and exit 0.

    `QApplication.quit()` would first ask the window to close, which the kiosk refuses; the OS
    asking is not a child asking, so the window is told it may close and the loop exits directly.
    """

    def stop(*_: object) -> None:
        log.info("stopped by a signal")
        window.may_close = True
        app.exit(0)

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, stop)
    # Python runs signal handlers only between bytecodes; a slow idle timer lets it in.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
