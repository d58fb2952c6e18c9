"""The composition root: builds the core services, the media engine and the windows, and wires them.

This is the one place that knows every layer. It owns the start-up order (one instance, config,
state, library, engine, window) and, as important, the shutdown order: the ledger is saved, then
every player and the libvlc instance are released before the QApplication goes away, so the
process exits 0 and the ledger carries on from where it was.

No start-up failure drops the child to the desktop. A lock file that cannot be used, a config
file with problems, or any unexpected error while opening the services starts the kiosk locked
on a read-only copy of its state (`open_safe_services`): the lock note says why, and the PIN
opens the parent panel. An unexpected error while building the screens shows the lock screen
alone, whose PIN closes the kiosk (`rescue`). Each cause is logged. Only three things still end
the process with one sentence: another kiosk already running (its window is on screen), and no
display or no libvlc, where there is no screen to lock.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.app.display import require_display
from kiosk.app.first_paint import AfterFirstPaint
from kiosk.app.gui_thread import GuiThread
from kiosk.app.host import KioskHost
from kiosk.app.instance import AlreadyRunning, InstanceLock, LockUnavailable
from kiosk.app.logs import note_set_up, setup_logging
from kiosk.app.rescue import show_rescue_lock
from kiosk.app.screensaver import ScreenSaverBlock
from kiosk.app.services import (
    DEMO_PIN,
    BadConfig,
    KioskServices,
    open_safe_services,
    open_services,
)
from kiosk.core import paths
from kiosk.core.config.load import Config
from kiosk.core.i18n import N_, _, speak_as_set
from kiosk.errors import EXIT_OK, EXIT_REFUSED, KioskError
from kiosk.media.interface import PostToGui
from kiosk.media.vlc.engine import MediaUnavailable, VlcEngine
from kiosk.ui.flow import KioskFlow
from kiosk.ui.language import QtTranslator
from kiosk.ui.window import CursorHider, KioskKeys, KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.setup.wizard import SetupWizard

log = logging.getLogger(__name__)

#: The lock note when config.toml has problems; `problems` is the loader's list of them.
BAD_CONFIG_NOTE = N_(
    "The settings file has problems, so the kiosk starts locked and saves nothing until they"
    " are fixed: {problems}"
)
#: The lock note when opening the kiosk's services failed in a way nobody foresaw.
OPEN_FAILED_NOTE = N_(
    "The kiosk could not open its state because of an unexpected error ({error}), so it starts"
    " locked and saves nothing: the log in {log} has the details."
)


def run_kiosk(*, config_path: Path | None, windowed: bool, demo: bool) -> int:
    setup_logging()
    lock = InstanceLock(paths.instance_lock())
    cause: str | None = None
    if not demo:
        try:
            lock.acquire()
        except AlreadyRunning as running:
            raise KioskError(str(running), EXIT_REFUSED) from running
        except LockUnavailable as unavailable:
            log.error("%s", unavailable)
            cause = str(unavailable)
    try:
        services = _open_services(config_path, demo=demo, cause=cause)
        try:
            # The config as the kiosk runs on it; `kiosk` at a terminal spoke the file's already.
            speak_as_set(services.config.ui.language)
            return _run_window(services, windowed=windowed)
        finally:
            services.close()
    finally:
        lock.release()


def _open_services(config_path: Path | None, *, demo: bool, cause: str | None) -> KioskServices:
    """The kiosk's services, or a locked kiosk's that saves nothing when they cannot be opened
    as usual. A --config naming no file stays a refusal: that is a mistake at a terminal."""
    if cause is None:
        try:
            return open_services(config_path, demo=demo)
        except BadConfig as bad:
            log.error("the config has problems: %s", bad)
            cause = _(BAD_CONFIG_NOTE).format(problems=bad)
        except KioskError:
            raise
        except Exception as error:  # the child must not get the desktop: start locked
            log.exception("the kiosk's services could not be opened")
            cause = _(OPEN_FAILED_NOTE).format(error=error, log=paths.log_dir())
    return open_safe_services(config_path, cause=cause)


def _run_window(services: KioskServices, *, windowed: bool) -> int:
    require_display()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    # Qt's own dialogs (the folder picker) in the kiosk's language; it follows every change.
    QtTranslator(app)
    try:
        engine = VlcEngine()
    except MediaUnavailable as missing:
        raise KioskError(str(missing)) from missing
    gui_thread = GuiThread()
    window = KioskWindow(windowed=windowed)
    _quit_on_signals(app, window)
    screens = _KioskScreens()
    try:
        screens.start(services, engine, gui_thread, window, app)
    except Exception as error:  # the lock screen alone, rather than the desktop
        log.exception("the kiosk's screens could not be built")
        screens.stop(app)
        show_rescue_lock(window, services.guard, error, lambda: _leave(window, app))
    window.present()
    try:
        app.exec()
        log.info("the kiosk is closing")
    finally:
        screens.stop(app)
        # Hidden while the players still live: a feed hidden later (at interpreter exit) would
        # try to pause a released player.
        window.may_close = True
        window.close()
        engine.release()
        gui_thread.close()
    return EXIT_OK


class _KioskScreens:
    """The kiosk's screens and what keeps them kiosk-like (keys, cursor, screen saver). Built
    one part at a time, so that a start that fails half-way stops the parts it had started."""

    def __init__(self) -> None:
        self.host: KioskHost | None = None
        self.flow: KioskFlow | None = None
        self.keys: KioskKeys | None = None
        self.cursor: CursorHider | None = None
        self.saver: ScreenSaverBlock | None = None
        self.saver_timer: QTimer | None = None

    def start(
        self,
        services: KioskServices,
        engine: VlcEngine,
        gui_thread: GuiThread,
        window: KioskWindow,
        app: QApplication,
    ) -> None:
        host = self.host = KioskHost(services, engine, gui_thread, window)
        flow = self.flow = KioskFlow(
            window, host, pin_hint=_("PIN {pin}").format(pin=DEMO_PIN) if services.demo else None
        )
        keys = self.keys = KioskKeys(flow.open_parent_access, app)
        cursor = self.cursor = CursorHider(app)

        def watch_input() -> None:
            # After the first paint: an application-wide filter in Python before it makes
            # PySide6 build ~180 enum types on the way (see `first_paint`); nobody can type into
            # a window that is not on screen yet, and it refuses to close in any case.
            app.installEventFilter(keys)
            app.installEventFilter(cursor)

        AfterFirstPaint(window, watch_input)
        saver = self.saver = ScreenSaverBlock()
        self.saver_timer = QTimer(app)
        self.saver_timer.timeout.connect(lambda: saver.hold(host.feed_is_playing()))
        self.saver_timer.start(2000)
        if services.guard.is_set() or services.store.was_set_up:
            if services.guard.is_set() and not services.demo:
                note_set_up()
            flow.start()
        else:
            _first_run_setup(services, window, flow, app, gui_thread)

    def stop(self, app: QApplication) -> None:
        """Stop what was started, each part on its own: one that fails stops no other."""
        steps: list[Callable[[], object]] = []
        if self.flow is not None:
            steps.append(self.flow.stop)
        if self.saver_timer is not None:
            steps.append(self.saver_timer.stop)
        if self.saver is not None:
            steps.append(partial(self.saver.hold, False))
        if self.cursor is not None:
            steps += [self.cursor.release, partial(app.removeEventFilter, self.cursor)]
        if self.keys is not None:
            steps.append(partial(app.removeEventFilter, self.keys))
        feed = None if self.host is None else self.host.feed
        if feed is not None:
            steps += [feed.pause_feed, feed.end_view]
        self.host = self.flow = self.keys = self.cursor = self.saver = self.saver_timer = None
        for step in steps:
            try:
                step()
            except Exception:
                log.exception("a part of the kiosk could not be stopped")


def _leave(window: KioskWindow, app: QApplication) -> None:
    window.leave()
    app.quit()


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
        _leave(window, app)

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
