"""The library's preview: one clip played large, so a parent sees it before approving or hiding it.

It borrows the preview `Player` the library's actions keep: it loads, plays, pauses and stops it,
and never releases it. Frames are painted exactly as the feed paints them (`ui.feed.painter`), so the
parent sees what the child would. While it holds the player it owns the player's listener, and it
lets go of both on close, so a late frame never reaches a closed preview. `playing_changed(bool)`
tells the panel when playback starts and stops: a parent watching a clip is not idle.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAccessible, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.clip import Clip
from kiosk.core.i18n import N_, _
from kiosk.media.interface import Player, PlayerListener
from kiosk.ui.accessible import ensure_installed
from kiosk.ui.feed.painter import frame_box, paint_clip
from kiosk.ui.feed.screens import paint_pause_icon
from kiosk.ui.language import Words
from kiosk.ui.library.model import NO_SHOW_TITLE
from kiosk.ui.parent.theme import button, label, row, set_message


class _Loan:
    """The borrowed player, held outside any widget so it can be handed back when the preview is
    deleted: then nothing the player still posts may reach a deleted widget."""

    def __init__(self) -> None:
        self.player: Player | None = None

    def give_back(self) -> None:
        player, self.player = self.player, None
        if player is not None:
            player.listener = PlayerListener()  # first: nothing more may reach the preview
            player.stop()


class PreviewScreen(QWidget):
    """Paints the player's current frame; a tap emits `clicked()` (play or pause)."""

    clicked = Signal()

    accessible_role = QAccessible.Role.Animation

    def __init__(self) -> None:
        super().__init__()
        ensure_installed()
        self.words = Words(self)
        self.words.name(self, N_("Preview"))
        self.player: Player | None = None
        self.paused = False
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # paint_clip fills every pixel, so Qt need not clear the background first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect())
        painted = paint_clip(painter, self.player, area)
        if painted and self.paused:
            paint_pause_icon(painter, area)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.player is not None:
            self.player.set_frame_box(*frame_box(event.size(), self.devicePixelRatioF()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()


class LibraryPreview(QWidget):
    """A clip's title, its picture large, play/pause and close. `closed()` after a close."""

    closed = Signal()
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loan = _Loan()
        self.destroyed.connect(self._loan.give_back)
        self._clip: Clip | None = None
        self._playing = False
        self._ended = False
        self.words = Words(self, LibraryPreview._retranslate)
        self._reason: str | None = None  # why the clip cannot be played
        self.title = label("", "title")
        self.title.setObjectName("preview_title")
        self.show_name = label("", "muted")
        self.close_button = self.words.text(
            button("", name="preview_close", wide=False), N_("Close")
        )
        self.close_button.clicked.connect(self.close_preview)
        self.video = PreviewScreen()
        self.video.clicked.connect(self.toggle_play)
        self.problem = label("", "error")
        self.problem.hide()
        self.play_button = button("", "primary", name="preview_play")
        self.play_button.clicked.connect(self.toggle_play)
        top = row(self.title, self.close_button)
        top.setStretch(0, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addLayout(top)
        column.addWidget(self.show_name)
        column.addWidget(self.video, 1)
        column.addWidget(self.problem)
        column.addWidget(self.play_button)
        self.play_button.setText(_("Pause"))

    @property
    def clip(self) -> Clip | None:
        """The clip being previewed, or None when the preview is closed."""
        return self._clip

    @property
    def is_playing(self) -> bool:
        return self._playing

    def open(self, player: Player, clip: Clip) -> None:
        """Load `clip` into `player` and play it, sized to the screen it is painted on."""
        if self._loan.player is not player:
            self._let_go()
        self._loan.player, self._clip, self._ended = player, clip, False
        self.video.player = player
        player.listener = PlayerListener(
            on_first_frame=self.video.update,
            on_frame=self.video.update,
            on_end=self._on_end,
            on_error=self._on_error,
        )
        player.set_frame_box(*frame_box(self.video.size(), self.devicePixelRatioF()))
        player.load(clip, preload=False)
        player.play()
        self._reason = None
        self._retranslate()
        set_message(self.problem, None)
        self.play_button.setEnabled(True)
        self._set_playing(True)

    def _retranslate(self) -> None:
        """The clip's words, and the play button's, in the language now."""
        clip = self._clip
        if clip is None:
            return
        self._set_playing(self._playing)
        self.title.setText(clip.title)
        self.video.setAccessibleName(_("Preview of {title}").format(title=clip.title))
        self.show_name.setText(clip.show or _(NO_SHOW_TITLE))
        if self._reason is not None:
            self._show_reason(self._reason)

    def toggle_play(self) -> None:
        player = self._loan.player
        if player is None or not self.play_button.isEnabled():
            return
        if self._playing:
            player.pause()
            self._set_playing(False)
        elif self._ended:
            self._ended = False
            player.restart()
            self._set_playing(True)
        else:
            player.play()
            self._set_playing(True)

    def close_preview(self) -> None:
        """Stop the player and let go of it; emits `closed()` if a clip was open."""
        was_open = self._loan.player is not None
        self._let_go()
        if was_open:
            self.closed.emit()

    def _let_go(self) -> None:
        self._loan.give_back()
        self._clip = None
        self.video.player = None
        self._set_playing(False)

    def _set_playing(self, playing: bool) -> None:
        self.video.paused = not playing
        if playing:
            self.play_button.setText(_("Pause"))
        else:
            self.play_button.setText(_("Play again") if self._ended else _("Play"))
        self.video.update()
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)

    def _on_end(self) -> None:
        self._ended = True
        self._set_playing(False)

    def _on_error(self, reason: str) -> None:
        self._reason = reason
        self._show_reason(reason)
        self.play_button.setEnabled(False)
        self._set_playing(False)

    def _show_reason(self, reason: str) -> None:
        set_message(self.problem, _("This clip cannot be played ({reason}).").format(reason=reason))
