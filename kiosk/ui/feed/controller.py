"""The feed's playback state: which clip plays, what waits beside it, and what to do on trouble.

The controller ties the `Playlist` (which clip comes next) to the `PlayerPool` (which player holds
it). It plays the current clip unless the child paused it or the feed is held (hidden, locked);
it keeps the neighbours preloaded; it answers a clip's end with the next clip or a loop; and it
skips broken clips, dropping them from the playlist for good. A clip that only missed the
first-frame watchdog is slow, not broken (a busy PC): it is passed over for now and tried again
later, and only a second miss skips it as broken. After five broken clips in a row
with nothing playing, it stops every player and reports that there is nothing to play; while a
clip plays fine, a run of broken neighbours only pauses the search on that side. A clip whose
file is gone (a drive unplugged mid-play) is not broken: it leaves the playlist without counting,
and `clip_missing` asks the library to look again, which brings it back with its drive. The library is
scanned in the background, so clips may arrive after the feed is on screen (`add_clips`) and may
leave it after a rescan (`remove_clips`); while the library is still loading, an empty playlist
waits instead of giving up. Each clip shown is reported to a `ViewRecorder`, the watch history,
and numbered (`current_view`), so the time rules can tell one clip on screen from the next.
It knows no widget: the feed widget asks it where to move and paints what it holds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.clip import Clip
from kiosk.core.config.schema import AFTER_CLIP_CHOICES, AfterClip
from kiosk.core.playlist.playlist import Playlist
from kiosk.media.interface import Player, PlayerListener
from kiosk.media.pool import PlayerPool, Role
from kiosk.ui.feed.views import ViewRecorder, ViewTracker

log = logging.getLogger(__name__)

#: After this many broken clips in a row the feed stops and shows the "no clips" screen.
MAX_BROKEN_IN_A_ROW = 5
#: A clip that misses the first-frame watchdog this often is skipped as broken; before that it
#: is only slow (a busy PC), passed over for now and tried again later.
SLOW_MISSES_TO_SKIP = 2
#: How long a slow clip waits before it is tried again: time for a busy PC to calm down.
SLOW_RETRY_MS = 20_000


class FeedController(QObject):
    """Playback for the feed. Every method runs on the GUI thread, as do the player callbacks."""

    #: A new clip is on screen: it became current and its picture is there (so a clip that
    #: turns out broken before showing anything is never announced).
    clip_changed = Signal(object)
    #: The feed has nothing it can play: an empty playlist, or too many broken clips in a row.
    all_broken = Signal()
    #: The current clip ended and `after_clip` is "next": the widget slides to the next clip.
    advance_requested = Signal()
    #: Something on screen changed: a new frame, the pause state, the "no clips" screen.
    changed = Signal()
    #: In `finish_current` mode, the current clip reached its end; nothing follows it.
    last_clip_finished = Signal()
    #: A clip's file is gone (Clip): it left the feed until the library finds it again.
    clip_missing = Signal(object)

    def __init__(
        self,
        playlist: Playlist,
        pool: PlayerPool,
        *,
        after_clip: AfterClip = "next",
        volume: int = 70,
        loading: bool = False,
        views: ViewRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if after_clip not in AFTER_CLIP_CHOICES:
            choices = ", ".join(AFTER_CLIP_CHOICES)
            raise ValueError(f"after_clip '{after_clip}' is not one of: {choices}")
        if not 0 <= volume <= 100:
            raise ValueError(f"volume {volume} is out of range (0 to 100)")
        self._playlist = playlist
        self._pool = pool
        self._volume = volume
        self.after_clip: AfterClip = after_clip
        self._started = False
        self._out_of_clips = False
        self._user_paused = False
        # Reasons playback is held besides the child's own pause ("hidden", "locked"): the clip
        # plays only when there are none, and the child's pause survives them.
        self._holds: set[str] = set()
        self._broken_in_a_row = 0
        self._announce_pending = False
        # How many clips were announced: the number of the view on screen.
        self._views_shown = 0
        # Set at the end of a session: the current clip may play out, and then nothing follows.
        self._finishing = False
        # Neighbour roles that stopped preloading after a run of broken clips (see _skip_broken).
        self._starved: set[Role] = set()
        # The library scan is still running: an empty playlist waits for `add_clips`.
        self._loading = loading
        self._views = ViewTracker(views)
        # Clips that missed the first-frame watchdog, by key, and how often; and the slow ones
        # out of the playlist for now, until the retry timer brings them back.
        self._slow_misses: dict[str, int] = {}
        self._retry_later: list[Clip] = []
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._retry_timer.setInterval(SLOW_RETRY_MS)
        self._retry_timer.timeout.connect(self.retry_slow_clips)
        for player in pool.players:
            player.listener = PlayerListener(
                on_first_frame=partial(self._on_first_frame, player),
                on_frame=partial(self._on_frame, player),
                on_end=partial(self._on_end, player),
                on_error=partial(self._on_error, player),
                on_missing=partial(self._on_missing, player),
                on_slow=partial(self._on_slow, player),
            )
        pool.set_volume(volume)

    @property
    def out_of_clips(self) -> bool:
        """True once the feed has given up: the "no clips" screen is showing."""
        return self._out_of_clips

    @property
    def clips(self) -> tuple[Clip, ...]:
        """Every clip the feed may still play."""
        return self._playlist.clips

    @property
    def user_paused(self) -> bool:
        return self._user_paused

    @property
    def current_clip(self) -> Clip | None:
        return None if self._out_of_clips else self._pool.clip(Role.CURRENT)

    @property
    def current_view(self) -> int | None:
        """The number of the view on screen, new with each clip shown; None while no clip's
        picture is there (before the first, between a clip and its first frame, no clips)."""
        if self._out_of_clips or self._announce_pending or self._views_shown == 0:
            return None
        return self._views_shown

    @property
    def current_player(self) -> Player | None:
        return None if self.current_clip is None else self._pool.current

    def neighbour_player(self, direction: int) -> Player | None:
        """The player holding the clip one step away (+1 next, -1 previous), if there is one."""
        role = Role(direction)
        if self._out_of_clips or self._pool.clip(role) is None:
            return None
        return self._pool.player(role)

    def can_move(self, direction: int) -> bool:
        if self._finishing:
            return False
        return not self._out_of_clips and self._pool.clip(Role(direction)) is not None

    def finish_current(self) -> None:
        """Let the current clip play to its end, with no moving on: the session's soft landing."""
        self._finishing = True

    @property
    def finishing(self) -> bool:
        return self._finishing

    def stop_finishing(self) -> None:
        """A new session: the feed moves on again, starting after the clip that played out."""
        self._finishing = False
        if not self.move(+1):
            self.restart_current()

    def current_seconds_left(self) -> float | None:
        player = self.current_player
        return None if player is None else player.seconds_left()

    def start(self) -> None:
        """Show the playlist's current clip; called once, when the feed is first on screen."""
        if self._started:
            return
        self._started = True
        if self._playlist.is_empty:
            if not self._loading:
                self._give_up("the playlist is empty")
            return
        self._show_playlist_current()

    def add_clips(self, clips: Iterable[Clip]) -> None:
        """Clips the background scan found, or a rescan brought back: they join the feed now.

        A feed that was waiting for its first clip, or that gave up, starts on them.
        """
        self._playlist.add(clips)
        if not self._started or self._playlist.is_empty:
            return
        if self._out_of_clips or self._pool.clip(Role.CURRENT) is None:
            self._out_of_clips = False
            self._broken_in_a_row = 0
            self._show_playlist_current()
        else:
            self._starved.clear()
            self._arrange()
            self.changed.emit()

    def remove_clips(self, clips: Iterable[Clip]) -> None:
        """Clips that must not play any more (the parent hid them, or they left the disk). A
        later `add_clips` brings them back."""
        leaving = {clip.key for clip in clips}
        self._retry_later = [clip for clip in self._retry_later if clip.key not in leaving]
        current_removed = False
        for role in (Role.PREVIOUS, Role.CURRENT, Role.NEXT):
            held = self._pool.clip(role)
            if held is not None and held.key in leaving:
                current_removed |= Role.CURRENT in self._pool.drop(held)
        self._playlist.remove(leaving)
        if not self._started or self._out_of_clips:
            return
        if self._playlist.is_empty:
            self._give_up("every clip left the library")
        elif current_removed:
            self._show_playlist_current()
        else:
            self._arrange()
            self.changed.emit()

    def finish_loading(self) -> None:
        """The library scan is over: an empty playlist now means there is nothing to play."""
        self._loading = False
        if self._started and not self._out_of_clips and self._playlist.is_empty:
            self._give_up("the library has no clips")

    def start_session(self) -> None:
        """A new session: the per-show cap counts from zero again."""
        self._playlist.start_session()

    def end_view(self) -> None:
        """Close the view of the clip on screen, e.g. when the feed is put away for good."""
        self._views.end()

    def move(self, direction: int) -> bool:
        """Make the clip one step away current; False (nothing changes) if there is none."""
        if not self.can_move(direction):
            return False
        if direction > 0:
            self._playlist.advance()
        elif self._playlist.back() is None:
            return False
        # A new clip starts playing, as in any feed, even if the last one was paused.
        self._user_paused = False
        self._starved.clear()
        self._show_playlist_current()
        return True

    def toggle_pause(self) -> None:
        if self._out_of_clips or not self._started:
            return
        self._user_paused = not self._user_paused
        self._apply_playback()
        self.changed.emit()

    def rest(self) -> None:
        """Nobody has seen the feed for a while: every player stops decoding, and each clip
        starts again from its start when it plays next. The neighbours too: libvlc 3 keeps
        converting a paused picture, a neighbour's held first frame as much as the current
        clip's (about 0.1 of a core each under the lock, bench_idle). A neighbour's last
        picture stays for the slide. A feed hidden as the kiosk closes finds its players
        released by then: there is nothing to rest."""
        if self._started and not self._out_of_clips:
            for player in self._pool.players:
                if not player.released:
                    player.rest()

    def restart_current(self) -> None:
        """Play the current clip again from its start (unless paused or held)."""
        if self._out_of_clips or not self._started:
            return
        self._pool.restart_current()
        self._apply_playback()

    def hold(self, reason: str) -> None:
        """Hold playback for `reason` (the feed is hidden or locked) until `release(reason)`."""
        self._holds.add(reason)
        self._apply_playback()

    def release(self, reason: str) -> None:
        self._holds.discard(reason)
        self._apply_playback()

    def progress(self) -> float:
        player = self.current_player
        return 0.0 if player is None else player.progress()

    def set_frame_box(self, width: int, height: int) -> None:
        self._pool.set_frame_box(width, height)

    def set_wind_down(self, level: float) -> None:
        """The bedtime wind-down at `level` (0..1): every player's colour fades to grey and its
        volume to half of what the feed was given, both fully at 1.0."""
        self._pool.set_volume(round(self._volume * (1.0 - 0.5 * level)))
        self._pool.set_saturation(1.0 - level)

    def _show_playlist_current(self) -> None:
        self._arrange()
        self._apply_playback()
        self._announce_pending = True
        self._announce_when_shown()
        self.changed.emit()

    def _announce_when_shown(self) -> None:
        clip = self.current_clip
        if self._announce_pending and clip is not None and self._pool.current.has_frame:
            self._announce_pending = False
            self._views_shown += 1
            self._views.shown(clip, playing=self._pool.current.is_playing)
            self.clip_changed.emit(clip)

    def _arrange(self) -> None:
        playlist = self._playlist
        previous = None if Role.PREVIOUS in self._starved else playlist.peek(-1)
        following = None if Role.NEXT in self._starved else playlist.peek(+1)
        self._pool.arrange(previous, playlist.current, following)

    def _apply_playback(self) -> None:
        if not self._started or self._out_of_clips:
            return
        playing = not (self._user_paused or self._holds)
        if playing:
            self._pool.play_current()
        else:
            self._pool.pause_current()
        self._views.playing(playing)

    def _give_up(self, why: str) -> None:
        log.warning("feed stopped: %s", why)
        self._views.end()
        self._out_of_clips = True
        # Nothing decodes behind the "no clips" screen, and no timer is left running.
        self._pool.stop_all()
        self.changed.emit()
        self.all_broken.emit()

    def _role(self, player: Player) -> Role:
        return self._pool.role_of(player)

    def _on_first_frame(self, player: Player) -> None:
        if self._out_of_clips or self._pool.clip(self._role(player)) is None:
            return
        self._broken_in_a_row = 0
        if self._role(player) is Role.CURRENT:
            self._announce_when_shown()
        if self._starved:
            # A clip works again, so the sides that gave up searching may search once more.
            self._starved.clear()
            self._arrange()
        self.changed.emit()

    def _on_frame(self, player: Player) -> None:
        # libvlc redisplays a paused picture every few dozen ms; repainting for those would keep
        # a paused kiosk busy. A pause costs at most a few frames of lag in what is painted.
        if self._user_paused or self._holds:
            return
        if not self._out_of_clips and self._role(player) is Role.CURRENT:
            self.changed.emit()

    def _on_end(self, player: Player) -> None:
        if self._out_of_clips or self._role(player) is not Role.CURRENT:
            return
        self._views.reached_end()
        if self._finishing:
            self.last_clip_finished.emit()
            return
        if self.after_clip == "next" and self.can_move(+1):
            self.advance_requested.emit()
        else:
            # "loop", or nothing else to go to: playing on beats stopping on a still picture.
            self.restart_current()

    def _on_error(self, player: Player, reason: str) -> None:
        if self._out_of_clips:
            return
        broken = self._pool.clip(self._role(player))
        if broken is None:
            return  # a late report from a clip the pool already let go of
        # A player may report a failure from inside `load` or `play`, that is, while the pool
        # is being arranged. Handle it once that is over; the broken clip is named now, so a
        # player reloaded meanwhile cannot make another clip take the blame.
        QTimer.singleShot(0, self, partial(self._skip_broken, broken, reason))

    @property
    def slow_clips(self) -> int:
        """How many clips missed the first-frame watchdog at least once."""
        return len(self._slow_misses)

    def retry_slow_clips(self) -> None:
        """Bring back the clips passed over as slow (the retry timer's tick)."""
        clips, self._retry_later = self._retry_later, []
        self._retry_timer.stop()
        if clips:
            self.add_clips(clips)

    def _on_slow(self, player: Player) -> None:
        if self._out_of_clips:
            return
        slow = self._pool.clip(self._role(player))
        if slow is None:
            return
        misses = self._slow_misses[slow.key] = self._slow_misses.get(slow.key, 0) + 1
        if misses >= SLOW_MISSES_TO_SKIP:
            self._on_error(player, f"no picture in time, {misses} times")
        else:
            # As for an error, after the arranging that may be under way.
            QTimer.singleShot(0, self, partial(self._pass_over_slow, slow))

    def _pass_over_slow(self, slow: Clip) -> None:
        """Out of the playlist for now (not dropped), and back when the retry timer fires."""
        if not self._in_play(slow):
            return
        log.warning("clip %s was slow to show a picture; it is tried again later", slow.path)
        emptied = self._take_out(slow)
        self._retry_later.append(slow)
        self._retry_timer.start()
        if self._playlist.is_empty:
            self.retry_slow_clips()  # nothing else to show: try it again now
        else:
            self._refill(emptied)

    def _on_missing(self, player: Player) -> None:
        gone = None if self._out_of_clips else self._pool.clip(self._role(player))
        if gone is not None:
            # Like an error, it may come from inside `load`: handled once the arranging is over.
            QTimer.singleShot(0, self, partial(self._lose_missing, gone))

    def _lose_missing(self, gone: Clip) -> None:
        if not self._in_play(gone):
            return
        log.warning("the file of clip %s is gone", gone.path)
        # Removed, not dropped: a later `add_clips` (the drive is back) brings it back.
        emptied = self._take_out(gone)
        self.clip_missing.emit(gone)
        if self._playlist.is_empty:
            self._give_up("the files of the clips are gone")
        else:
            self._refill(emptied)

    def _in_play(self, clip: Clip) -> bool:
        """Still in the playlist, and the feed has not given up: a late report may find neither."""
        return not self._out_of_clips and any(each.key == clip.key for each in self._playlist.clips)

    def _take_out(self, clip: Clip) -> list[Role]:
        """Out of the players and the playlist, but not dropped: `add_clips` may bring it back.
        Returns the roles it left empty."""
        emptied = self._pool.drop(clip)
        self._playlist.remove([clip.key])
        return emptied

    def _skip_broken(self, broken: Clip, reason: str) -> None:
        if self._out_of_clips or all(clip.key != broken.key for clip in self._playlist.clips):
            return  # already dropped: two players held it, or the feed gave up meanwhile
        log.warning("skipping broken clip %s: %s", broken.path, reason)
        self._broken_in_a_row += 1
        emptied = self._pool.drop(broken)
        self._playlist.drop(broken)
        current_shows = self._pool.clip(Role.CURRENT) is not None and self._pool.current.has_frame
        if self._playlist.is_empty:
            self._give_up("every clip in the playlist is broken")
        elif self._broken_in_a_row >= MAX_BROKEN_IN_A_ROW and not current_shows:
            self._give_up(f"{MAX_BROKEN_IN_A_ROW} broken clips in a row")
        else:
            if self._broken_in_a_row >= MAX_BROKEN_IN_A_ROW and Role.CURRENT not in emptied:
                # The clip on screen plays fine, so the feed goes on; but these sides stop
                # searching through a run of broken files until some clip works again.
                self._starved.update(emptied)
            self._refill(emptied)

    def _refill(self, emptied: list[Role]) -> None:
        """Fill the players a lost clip left empty."""
        if Role.CURRENT in emptied:
            # The playlist made the clip after the lost one current: show it at once.
            self._show_playlist_current()
        else:
            self._arrange()
            self.changed.emit()
