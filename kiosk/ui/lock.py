"""The lock screen: a sleeping moon for the child, and behind a tap the grown-up's PIN pad.

A child sees a calm night sky with no words to read. Any tap, click or key turns it over to the
"ask a grown-up" pad; if nobody types for a while it turns back to the moon, so a pad left open
does not invite button-mashing. The pad's own throttle decides when a PIN may be tried. When no
PIN can be checked (none is set, or the stored one is damaged), the pad says so to the parent in
one sentence, and the lock stays shut.

"Please, more." Under the moon a raised-hand button lets the child ask once a lock
(`ask_requested`; the time rules record it, and it opens nothing). A parent answers without the
panel: a chip under the hand ("One more clip"; with an ask waiting also "+5 min" and "Not today")
opens the pad for that answer, and the right PIN gives it (`answered`) and shows the child a
happy moon, or a moon gone to sleep, for a few seconds (`holds_front` meanwhile). A tap anywhere
else still opens the pad for the parent panel (`unlocked`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.core.i18n import N_, _
from kiosk.core.limits.ledger import AskAnswer
from kiosk.core.limits.settings import CLIP_GRANTS, EXTENSION_MINUTES
from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.language import Text, follow_language, word
from kiosk.ui.lock_moon import Hand, LockMoon
from kiosk.ui.pin_pad.pad import PinPad

#: With the pad open and untouched this long, the moon comes back.
PAD_IDLE_MS = 30_000
#: How long the child sees the answer's picture before the kiosk moves on.
ANSWER_MS = 3_000

#: What each answer gives: the smallest extension, and one clip.
ANSWER_MINUTES = EXTENSION_MINUTES[0]
ANSWER_CLIPS = CLIP_GRANTS[0]
_ONE_MORE_CLIP: tuple[AskAnswer, Text] = ("clip", N_("One more clip"))
_ANSWER_CHIPS: tuple[tuple[AskAnswer, Text], ...] = (
    ("minutes", lambda: _("+{minutes} min").format(minutes=ANSWER_MINUTES)),
    _ONE_MORE_CLIP,
    ("not_today", N_("Not today")),
)


class LockScreen(QStackedWidget):
    """The moon, or the PIN pad; `unlocked` once a grown-up typed the right PIN for the panel,
    `answered(answer)` once for an answer chip; `ask_requested` when the child raised the hand."""

    unlocked = Signal()
    answered = Signal(str)
    ask_requested = Signal()
    #: The answer's picture has been seen: the kiosk may show what the rules now say.
    answer_shown = Signal()

    def __init__(
        self,
        check: Callable[[str], AttemptResult],
        wait_seconds: Callable[[], float],
        *,
        hint: str | None = None,
        pad_idle_ms: int = PAD_IDLE_MS,
        answer_ms: int = ANSWER_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.moon = LockMoon()
        self.pad = PinPad(check, wait_seconds, hint=hint, can_cancel=True)
        self._answer: AskAnswer | None = None  # the chip the pad was opened for
        self._ask: tuple[bool, bool] = (False, False)  # (may_ask, asked), for a new language
        self.addWidget(self.moon)
        self.addWidget(self.pad)
        self.pad.accepted.connect(self._on_accepted)
        self.pad.cancelled.connect(self.show_moon)
        self.moon.pad_requested.connect(self.show_pad)
        self.moon.installEventFilter(self)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(pad_idle_ms)
        self._idle.timeout.connect(self._on_idle)
        self._picture = QTimer(self)
        self._picture.setSingleShot(True)
        self._picture.setInterval(answer_ms)
        self._picture.timeout.connect(self._on_picture_seen)
        follow_language(self, LockScreen._retranslate)

    @property
    def shows_pad(self) -> bool:
        return self.currentWidget() is self.pad

    @property
    def holds_front(self) -> bool:
        """The answer's picture is showing: the kiosk keeps this screen in front a moment."""
        return self._picture.isActive()

    def set_ask(self, *, may_ask: bool, asked: bool) -> None:
        """The hand (down while the child may ask, up once asked) and the parent's chips."""
        self._ask = (may_ask, asked)
        hand: Hand = "up" if asked else "down" if may_ask else "hidden"
        chips = _ANSWER_CHIPS if asked else (_ONE_MORE_CLIP,)
        self.moon.set_ask(hand, [(answer, word(words)) for answer, words in chips])

    def _retranslate(self) -> None:
        """The chips' words in the new language (the pad words its own)."""
        may_ask, asked = self._ask
        self.set_ask(may_ask=may_ask, asked=asked)

    def set_parent_note(self, text: str) -> None:
        """A small line under the moon for the parent: why it is locked, and until when."""
        self.moon.set_parent_note(text)

    def show_moon(self) -> None:
        self._watch_activity(False)
        self._idle.stop()
        self.pad.reset()
        self._answer = None
        self.pad.set_caption(None)
        self.setCurrentWidget(self.moon)
        self.moon.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_pad(self, answer: AskAnswer | None = None) -> None:
        """The pad, for the parent panel, or for `answer` (its words become the pad's caption)."""
        self.pad.reset()
        self._answer = answer
        words = dict(_ANSWER_CHIPS).get(answer) if answer is not None else None
        self.pad.set_caption(words)
        self.setCurrentWidget(self.pad)
        self.pad.setFocus(Qt.FocusReason.OtherFocusReason)
        self._watch_activity(True)
        self._idle.start()

    def _watch_activity(self, on: bool) -> None:
        """Any input anywhere while the pad is up (its keys are child widgets) keeps it open."""
        app = QApplication.instance()
        if app is None:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.moon and kind in _OPENING_EVENTS:
            self._on_moon_tapped(_tap_point(event))
            return True
        if kind in _ACTIVITY_EVENTS and self._idle.isActive():
            self._idle.start()
        return False

    def _on_idle(self) -> None:
        # A grown-up waiting out the throttle may leave the pad open: keep the countdown.
        if not self.pad.is_waiting:
            self.show_moon()

    def _on_moon_tapped(self, point: QPointF | None) -> None:
        if self.moon.picture is not None:
            return  # the answer's picture is the child's for its few seconds
        target = None if point is None else self.moon.hit(point)
        if target == "hand":
            self.ask_requested.emit()
        elif target is not None:
            self.show_pad(target)
        else:
            self.show_pad()

    def _on_accepted(self) -> None:
        answer = self._answer
        self.show_moon()
        if answer is None:
            self.unlocked.emit()
            return
        self.moon.show_picture("sleepy" if answer == "not_today" else "happy")
        self._picture.start()
        self.answered.emit(answer)

    def _on_picture_seen(self) -> None:
        self.moon.show_picture(None)
        self.answer_shown.emit()


def _tap_point(event: QEvent) -> QPointF | None:
    """Where a click or a touch landed on the moon; None for a key."""
    if isinstance(event, QMouseEvent):
        return event.position()
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].position()
    return None


_OPENING_EVENTS = frozenset(
    {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.KeyPress}
)
_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.MouseMove,
    }
)
