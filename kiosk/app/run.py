"""The composition root: builds the core services, the media engine and the windows, and wires them.

This is the one place that knows every layer. It owns the start-up order (one instance, config,
state, library, engine, window) and, as important, the shutdown order: the ledger is saved, then
every player and the libvlc instance are released before the QApplication goes away, so the
process exits 0 and the ledger carries on from where it was.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.app.display import require_display
from kiosk.app.first_paint import AfterFirstPaint
from kiosk.app.gui_thread import GuiThread
from kiosk.app.host import KioskHost
from kiosk.app.instance import AlreadyRunning, InstanceLock
from kiosk.app.logs import setup_logging
from kiosk.app.screensaver import ScreenSaverBlock
from kiosk.app.services import DEMO_PIN, KioskServices, open_services
from kiosk.core import paths
from kiosk.core.config.load import Config
from kiosk.errors import EXIT_OK, EXIT_REFUSED, KioskError
from kiosk.media.interface import PostToGui
from kiosk.media.vlc.engine import MediaUnavailable, VlcEngine
from kiosk.ui.flow import KioskFlow
from kiosk.ui.window import CursorHider, KioskKeys, KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.setup.wizard import SetupWizard

log = logging.getLogger(__name__)


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

    def watch_input() -> None:
        # After the first paint: an application-wide filter in Python before it makes PySide6
        # build ~180 enum types on the way (see `first_paint`); nobody can type into a window
        # that is not on screen yet, and it refuses to close in any case.
        app.installEventFilter(keys)
        app.installEventFilter(cursor)

    AfterFirstPaint(window, watch_input)
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
            _first_run_setup(services, window, flow, app, gui_thread)
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


def setup_wizard(services: KioskServices, post: PostToGui) -> SetupWizard:
    """First-run setup, starting from the parent's config: a config.toml written before the PIN
    was set keeps every key that setup does not ask about (volume, hours, limits)."""
    from kiosk.ui.setup.wizard import SetupWizard  # once in a kiosk's life: loaded only then

    return SetupWizard(services.guard, services.config_path, post, initial=services.config)


def _first_run_setup(
    services: KioskServices,
    window: KioskWindow,
    flow: KioskFlow,
    app: QApplication,
    gui_thread: GuiThread,
) -> None:
    """No PIN yet: setup first. Cancelling quits and leaves nothing written."""
    wizard = setup_wizard(services, gui_thread.post)

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
    _SignalWake(app)


class _SignalWake(QObject):
    """Wakes Qt's loop when a signal arrives, so that Python runs its handler at once.

    Python runs a signal handler only between bytecodes, and Qt's loop may sleep in C++ for
    hours on an idle screen. So the signal also writes a byte to a socket that Qt watches: the
    loop wakes, Python runs, and the handler with it. No timer has to poll for it.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._receiver, self._sender = socket.socketpair()
        self._sender.setblocking(False)
        self._receiver.setblocking(False)
        signal.set_wakeup_fd(self._sender.fileno())
        self._notifier = QSocketNotifier(self._receiver.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._receiver.recv(512)
