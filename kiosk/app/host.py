"""`KioskHost`: what the flow asks of the app (the feed, the chime and the ask's sound, events,
notes, settings, leaving), and the link that tells the feed on screen what the library service found or lost.

It holds the media engine, the players' pool, the media worker and the library service for the
kiosk's whole life; `run` builds one and hands it to the flow. While the clip folder is
unavailable (its drive is not plugged in, or was pulled mid-play), it looks again every few
seconds, so play resumes on its own once the drive is back.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.app.first_paint import AfterFirstPaint
from kiosk.app.gui_thread import GuiThread
from kiosk.app.library_service import LibraryService
from kiosk.app.services import KioskServices
from kiosk.core.clip import Clip
from kiosk.core.config.load import Config
from kiosk.core.i18n import speak_as_set
from kiosk.core.limits.limits import Limits
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.status_text import describe_status
from kiosk.core.limits.tick import Tick
from kiosk.core.pin.guard import AttemptResult, PinGuard
from kiosk.media.interface import Player
from kiosk.media.vlc.engine import VlcEngine
from kiosk.ui.reduced_motion import set_reduce_motion
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.app.library_actions import KioskLibraryActions
    from kiosk.app.week_actions import KioskWeekActions
    from kiosk.media.pool import PlayerPool
    from kiosk.media.worker import MediaWorker
    from kiosk.ui.feed.widget import FeedWidget

log = logging.getLogger(__name__)


SOUNDS = Path(__file__).resolve().parents[2] / "assets" / "sounds"
CHIME = SOUNDS / "chime.wav"
ASK_SOUND = SOUNDS / "ask.wav"
NO_PIN_NOTE = "No parent PIN is set: a parent can set one from a terminal with: kiosk pin set"
#: No PIN, although the kiosk was set up here before: the state and its PIN were lost.
PIN_LOST_NOTE = (
    "This kiosk was set up before, but no parent PIN could be found, so it stays locked:"
    " a parent can set a new PIN from a terminal with: kiosk pin set"
)

#: The parent panel's notice while the disk is full.
DISK_FULL_NOTICE = (
    "The disk is full, so the kiosk cannot save: what is counted now is kept in memory and"
    " saved once some space is freed, but lost if the kiosk is closed before that."
)
#: The parent panel's notice while saving fails for another reason.
NOT_SAVING_NOTICE = (
    "The kiosk cannot save its state just now, so what is counted is kept in memory and saved"
    " once it can, but lost if the kiosk is closed before that."
)

#: How often an unavailable clip folder is looked at again. A look at a folder that is not
#: there costs one stat.
FOLDER_LOOK_MS = 2000


class KioskHost:
    """What the flow asks of the app: the feed, the chime, events, notes, settings, leaving."""

    def __init__(
        self, services: KioskServices, engine: VlcEngine, gui_thread: GuiThread, window: KioskWindow
    ) -> None:
        self.services = services
        self.engine = engine
        self.gui_thread = gui_thread
        self.window = window
        engine.set_max_volume(services.config.player.max_volume)
        set_reduce_motion(services.config.ui.reduce_motion)
        self.feed: FeedWidget | None = None
        self._sounds: dict[Path, Callable[[], None]] = {}
        self._pool: PlayerPool | None = None
        # One worker for the kiosk's life: durations for auto-clips, thumbnails for the panel.
        # It starts with its first job (none at all on a start whose lengths are all cached),
        # and the engine closes it before it releases libvlc.
        self.worker = WorkerOnFirstUse(engine, gui_thread.post)
        self.library = LibraryService(
            services.library_state, services.config.library, gui_thread.post, self.worker
        )
        self.library.listeners.append(_FeedLink(self))
        self._library_actions: KioskLibraryActions | None = None
        self._week_actions: KioskWeekActions | None = None
        # In the background from the start, so the feed has clips by the time a child taps; but
        # only once the first screen is painted, so the scan thread does not hold up that paint.
        AfterFirstPaint(window, self._after_first_paint)
        self._folder_look = QTimer(window)  # it goes with the window
        self._folder_look.setInterval(FOLDER_LOOK_MS)
        self._folder_look.setTimerType(Qt.TimerType.CoarseTimer)
        self._folder_look.timeout.connect(self._look_for_folder)
        self._folder_look.start()

    def _after_first_paint(self) -> None:
        self.library.rescan()
        # The feed's modules load now, while the child looks at the first screen, rather than
        # at the tap that needs them (a locked kiosk loads them too: they are small).
        import kiosk.ui.feed.widget  # noqa: F401

    @property
    def library_actions(self) -> KioskLibraryActions:
        """The parent's library view's actions, loaded with the parent panel that shows them."""
        if self._library_actions is None:
            from kiosk.app.library_actions import KioskLibraryActions

            self._library_actions = KioskLibraryActions(
                self.library, self.worker, self._new_preview_player, self.record_event
            )
        return self._library_actions

    @property
    def week_actions(self) -> KioskWeekActions:
        """The parent's week page's actions, loaded with the parent panel that shows them."""
        if self._week_actions is None:
            from kiosk.app.week_actions import KioskWeekActions

            self._week_actions = KioskWeekActions(self.services, self.library, self.worker)
        return self._week_actions

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
        """The lock's PIN check: the guard's answer, "not_set" and "damaged" included."""
        return self.guard.attempt(pin)

    def make_feed(self) -> FeedWidget:
        # Loaded with the first session, not before: a locked kiosk or a start screen needs none.
        from kiosk.core.playlist.playlist import Playlist
        from kiosk.media.pool import PlayerPool
        from kiosk.ui.feed.widget import FeedWidget

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
        self.feed.clip_missing.connect(self.library.clip_missing)
        return self.feed

    def forget_feed(self) -> None:
        self.feed = None

    def feed_is_playing(self) -> bool:
        return self.feed is not None and self.feed.isVisible() and not self.feed.is_paused

    def chime(self) -> None:
        self._play(CHIME)

    def ask_sound(self) -> None:
        self._play(ASK_SOUND)

    def _play(self, sound: Path) -> None:
        play = self._sounds.get(sound)
        if play is None:
            play = self._sounds[sound] = self.engine.new_sound(sound, self.config.player.volume)
        play()

    def record_event(self, kind: str, detail: Mapping[str, object]) -> None:
        self.services.record_event(kind, detail)

    def parent_note(self, tick: Tick) -> str:
        """Why the kiosk is locked and until when, and what to do when no PIN can open it."""
        if self.guard.is_set():
            return describe_status(
                tick.status, now=self.limits.now, tamper_message=tick.parent_message
            )
        no_pin = PIN_LOST_NOTE if self.services.store.was_set_up else NO_PIN_NOTE
        return no_pin if tick.parent_message is None else f"{tick.parent_message} {no_pin}"

    def panel_notice(self) -> str | None:
        """Why the kiosk cannot save now, in one sentence for the parent panel; None while it
        can. A parent who unlocks now must know that what follows is not saved yet."""
        recovery = self.services.store.recovery
        if recovery is not None and recovery.in_memory:
            return recovery.message  # nothing of this run is saved at all
        if self.limits.disk_full:
            return DISK_FULL_NOTICE
        return NOT_SAVING_NOTICE if self.limits.saving_failed else None

    def apply_config(self, config: Config) -> None:
        """The parent saved settings: the language, the time rules and the library follow them
        at once (every screen with words listens for a change of language)."""
        before = self.services.config
        self.services.config = config
        speak_as_set(config.ui.language)
        self.engine.set_max_volume(config.player.max_volume)
        set_reduce_motion(config.ui.reduce_motion)
        self.services.limit_settings = LimitSettings.from_config(config)
        self.limits.update_settings(self.services.limit_settings)
        if config.library != before.library or self.library.scan is None:
            self.library.rescan(config.library)

    def rescan_library(self) -> None:
        """The parent may have changed the folder's contents, or hidden and approved clips."""
        self.library.rescan()

    def _look_for_folder(self) -> None:
        if self.library.waits_for_folder:
            self.library.rescan()

    def _new_preview_player(self) -> Player:
        player = self.engine.new_player(self.gui_thread.post)
        player.set_volume(self.config.player.volume)
        return player

    def leave(self) -> None:
        self.window.leave()
        QApplication.quit()


class WorkerOnFirstUse:
    """The media worker, made at its first job: its module, libvlc's thumbnailer and its thread
    are not loaded for a start that asks for neither a length nor a thumbnail."""

    def __init__(self, engine: VlcEngine, post: Callable[[Callable[[], None]], None]) -> None:
        self._engine = engine
        self._post = post
        self._worker: MediaWorker | None = None

    @property
    def started(self) -> bool:
        return self._worker is not None

    @property
    def probed(self) -> int:
        """Durations probed so far (see `MediaWorker.probed`)."""
        return 0 if self._worker is None else self._worker.probed

    def close(self) -> None:
        """Close the worker, if it was ever started (the engine also does, at its release)."""
        if self._worker is not None:
            self._worker.close()

    def _started(self) -> MediaWorker:
        if self._worker is None:
            from kiosk.media.worker import MediaWorker

            self._worker = MediaWorker(self._engine, self._post)
        return self._worker

    def request_duration(self, path: Path, on_done: Callable[[Path, float | None], None]) -> None:
        self._started().request_duration(path, on_done)

    def cancel_durations(self) -> None:
        if self._worker is not None:
            self._worker.cancel_durations()

    def request_thumbnail(self, clip: Clip, on_done: Callable[[Clip, Path | None], None]) -> None:
        self._started().request_thumbnail(clip, on_done)

    def cancel_thumbnails(self) -> None:
        if self._worker is not None:
            self._worker.cancel_thumbnails()


class _FeedLink:
    """Tells the feed on screen what the library service found or lost."""

    def __init__(self, host: KioskHost) -> None:
        self._host = host
        # What the log said of the library last: a folder looked at every few seconds while
        # its drive is out would otherwise fill the log.
        self._logged: tuple[object, ...] | None = None

    def clips_added(self, clips: list[Clip]) -> None:
        if self._host.feed is not None:
            self._host.feed.add_clips(clips)

    def clips_removed(self, clips: list[Clip]) -> None:
        if self._host.feed is not None:
            self._host.feed.remove_clips(clips)

    def loading_finished(self) -> None:
        scan = self._host.library.scan
        visible = len(self._host.library.visible())
        said = None if scan is None else (scan.problem, len(scan.clips), visible, len(scan.skipped))
        if scan is not None and said != self._logged:
            self._logged = said
            if scan.problem:
                log.warning("library: %s", scan.problem)
            log.info(
                "library %s: %d clips, %d visible, %d skipped",
                scan.folder,
                len(scan.clips),
                visible,
                len(scan.skipped),
            )
        if self._host.feed is not None:
            self._host.feed.finish_loading()
