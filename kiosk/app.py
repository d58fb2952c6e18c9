"""The composition root: builds the core services, the media engine and the windows, and wires them.

This is the one place that knows every layer. It owns start-up order (config, library, engine,
window) and, just as important, shutdown order: every player, then the libvlc instance, before
the QApplication goes away, so the process exits 0.
"""

from __future__ import annotations

import logging
import random
import signal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core import paths
from kiosk.core.config import Config, ConfigInvalid, load_config
from kiosk.core.library import scan_library
from kiosk.core.playlist import Playlist
from kiosk.errors import EXIT_OK, EXIT_USAGE, KioskError
from kiosk.logs import setup_logging
from kiosk.media.pool import PlayerPool

log = logging.getLogger(__name__)


def load_user_config(config_path: Path | None, *, demo: bool) -> Config:
    """The parent's config, or the defaults for --demo, which must not depend on it."""
    if demo:
        return Config.defaults()
    path = paths.config_file(config_path)
    try:
        return load_config(path)
    except ConfigInvalid as invalid:
        raise KioskError(str(invalid), EXIT_USAGE) from invalid


def run_kiosk(*, config_path: Path | None, windowed: bool, demo: bool) -> int:
    setup_logging()
    config = load_user_config(config_path, demo=demo)
    folder = paths.demo_folder() if demo else config.library.folder
    scan = scan_library(folder)
    if scan.problem:
        log.warning("library: %s", scan.problem)
    log.info("library %s: %d clips, %d skipped", folder, len(scan.clips), len(scan.skipped))

    # Imported late: `kiosk check` and `kiosk status` must work without Qt or libvlc loaded.
    from kiosk.media.vlc_player import MediaUnavailable, VlcEngine
    from kiosk.ui.feed import FeedWidget
    from kiosk.ui.gui_thread import GuiThread
    from kiosk.ui.window import KioskWindow

    app = QApplication.instance() or QApplication([])
    try:
        engine = VlcEngine()
    except MediaUnavailable as missing:
        raise KioskError(str(missing)) from missing
    try:
        gui_thread = GuiThread()
        pool = PlayerPool([engine.new_player(gui_thread.post) for _ in range(3)])
        playlist = Playlist(scan.clips, order=config.library.order, rng=random.Random())
        window = KioskWindow(windowed=windowed)
        feed = FeedWidget(
            playlist, pool, after_clip=config.player.after_clip, volume=config.player.volume
        )
        window.show_screen(feed)
        window.present()
        _quit_on_sigterm(app)
        app.exec()
        log.info("window closed; shutting down")
    finally:
        engine.release()
    return EXIT_OK


def _quit_on_sigterm(app: QApplication) -> None:
    """SIGTERM and SIGINT quit through Qt's loop, so the normal shutdown path runs."""
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    # Python only runs signal handlers between bytecodes; a idle timer lets it in.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(200)
