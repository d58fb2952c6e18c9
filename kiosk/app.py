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
from kiosk.core.clip import Clip
from kiosk.core.config import Config
from kiosk.core.instance import AlreadyRunning, InstanceLock
from kiosk.core.limits import Limits
from kiosk.core.limits_status import LimitStatus
from kiosk.core.pin_guard import AttemptResult, PinGuard, PinNotSetError
from kiosk.core.pin_store import PinStoreDamaged
from kiosk.core.playlist import Playlist
from kiosk.core.status_text import describe_status
from kiosk.display import require_display
from kiosk.errors import EXIT_OK, EXIT_REFUSED, KioskError
from kiosk.library_service import LibraryService
from kiosk.logs import setup_logging
from kiosk.media.interface import Player
from kiosk.media.media_worker import MediaWorker
from kiosk.media.pool import PlayerPool
from kiosk.media.vlc_engine import MediaUnavailable, VlcEngine
from kiosk.services import DEMO_PIN, KioskServices, open_services
from kiosk.ui.feed import FeedWidget
from kiosk.ui.gui_thread import GuiThread
from kiosk.ui.kiosk_flow import KioskFlow
from kiosk.ui.library_actions import KioskLibraryActions
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
            host.feed.end_view()
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
        # One worker for the kiosk's life: durations for auto-clips, thumbnails for the panel.
        # The engine closes it before it releases libvlc.
        self.worker = MediaWorker(engine, gui_thread.post)
        self.library = LibraryService(
            services.library_state, services.config.library, gui_thread.post, self.worker
        )
        self.library.listeners.append(_FeedLink(self))
        self.library_actions = KioskLibraryActions(
            self.library, self.worker, self._new_preview_player, self.record_event
        )
        # In the background from the start, so the feed has clips by the time a child taps.
        self.library.rescan()

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
        if self._pool is None:
            # The players outlive any one feed: a settings change builds a new feed on them.
            self._pool = PlayerPool(
                [self.engine.new_player(self.gui_thread.post) for _ in range(3)]
            )
        settings = self.config.library
        playlist = Playlist(
            self.library.visible(),
            order=settings.order,
            rng=random.Random(),
            memory=self.services.library_state.shuffle_memory(),
            max_per_show=settings.max_per_show_per_session,
        )
        self.feed = FeedWidget(
            playlist,
            self._pool,
            after_clip=self.config.player.after_clip,
            volume=self.config.player.volume,
            loading=self.library.loading,
            views=self.services.watch_history,
        )
        self.feed.clip_changed.connect(lambda clip: log.info("showing clip: %s", clip.title))
        return self.feed

    def forget_feed(self) -> None:
        self.feed = None

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
        before = self.services.config
        self.services.config = config
        if config.library != before.library or self.library.scan is None:
            self.library.rescan(config.library)

    def rescan_library(self) -> None:
        """The parent may have changed the folder's contents, or hidden and approved clips."""
        self.library.rescan()

    def _new_preview_player(self) -> Player:
        player = self.engine.new_player(self.gui_thread.post)
        player.set_volume(self.config.player.volume)
        return player

    def leave(self) -> None:
        self.window.leave()
        QApplication.quit()


class _FeedLink:
    """Tells the feed on screen what the library service found or lost."""

    def __init__(self, host: KioskHost) -> None:
        self._host = host

    def clips_added(self, clips: list[Clip]) -> None:
        if self._host.feed is not None:
            self._host.feed.add_clips(clips)

    def clips_removed(self, clips: list[Clip]) -> None:
        if self._host.feed is not None:
            self._host.feed.remove_clips(clips)

    def loading_finished(self) -> None:
        scan = self._host.library.scan
        if scan is not None:
            if scan.problem:
                log.warning("library: %s", scan.problem)
            log.info(
                "library %s: %d clips, %d visible, %d skipped",
                scan.folder,
                len(scan.clips),
                len(self._host.library.visible()),
                len(scan.skipped),
            )
        if self._host.feed is not None:
            self._host.feed.finish_loading()


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
