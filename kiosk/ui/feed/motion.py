"""The vertical offset of the feed's content and the short animations that move it.

While a finger drags, the offset follows it directly. When it lifts, the offset slides to a full
height (the clip changes once the slide lands) or springs back to rest; keys and the wheel start
the same slide from rest. An edge of the feed answers with a small bump instead. Only one slide
runs at a time: a new one first lands the one in flight, so no move is ever lost or doubled.
With motion reduced (`reduced_motion`), a slide is a cut: the content is where the slide would
end at once, and the bump at an edge is left out; a drag still follows the finger.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation, Signal

from kiosk.ui.reduced_motion import motion_allowed

SLIDE_MS = 220
SPRING_BACK_MS = 200
BUMP_MS = 260
#: How far an edge bump moves the content, as a fraction of the height.
BUMP_FRACTION = 0.06
#: Dragging towards an edge moves the content this fraction of the finger's travel.
EDGE_RESISTANCE = 0.3
#: A slide starts one 60 Hz frame in, so the paint that follows the input already moves.
FIRST_STEP_MS = 16


class SlideMotion(QObject):
    """Owns `offset`: logical px the content is moved up (negative: down)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.offset = 0.0
        self._on_landed: Callable[[], None] | None = None
        self._animation = QVariantAnimation(self)
        self._animation.valueChanged.connect(self._on_value)
        self._animation.finished.connect(self._on_finished)

    @property
    def animating(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def follow(self, offset: float) -> None:
        """Put the content where the finger is (a drag cancels nothing: slides land first)."""
        self.offset = offset
        self.changed.emit()

    def slide_to(
        self,
        target: float,
        on_landed: Callable[[], None] | None = None,
        duration_ms: int = SLIDE_MS,
    ) -> None:
        """Ease out from the current offset to `target`, then call `on_landed`."""
        self.land()
        self._start([(0.0, self.offset), (1.0, target)], duration_ms, on_landed)

    def bump(self, direction: int, height: float) -> None:
        """A small push towards `direction` and back: there is nothing more that way."""
        self.land()
        peak = direction * height * BUMP_FRACTION
        self._start([(0.0, self.offset), (0.4, peak), (1.0, 0.0)], BUMP_MS, None)

    def land(self) -> None:
        """Finish a slide in flight at once, running its landing."""
        if self.animating:
            self._animation.setCurrentTime(self._animation.duration())
            # setCurrentTime at the end emits finished synchronously; this is just a guard.
            if self.animating:
                self._animation.stop()
                self._on_finished()

    def reset(self) -> None:
        """Back to rest without landing anything (the clip under the feed changed)."""
        self._on_landed = None
        self._animation.stop()
        self.offset = 0.0
        self.changed.emit()

    def _start(
        self,
        keys: list[tuple[float, float]],
        duration_ms: int,
        on_landed: Callable[[], None] | None,
    ) -> None:
        self._on_landed = on_landed
        if not motion_allowed():
            self.offset = keys[-1][1]
            self._on_finished()
            return
        self._animation.setDuration(duration_ms)
        self._animation.setKeyValues([(step, value) for step, value in keys])
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.start()
        # Qt's animation timer would first move the content a frame (16 ms) later, so the paint
        # that this input asks for would show nothing new. Step now, so that it already shows
        # the clip coming in.
        self._animation.setCurrentTime(FIRST_STEP_MS)

    def _on_value(self, value: object) -> None:
        self.offset = float(value)  # type: ignore[arg-type]
        self.changed.emit()

    def _on_finished(self) -> None:
        landed, self._on_landed = self._on_landed, None
        if landed is not None:
            landed()
        self.changed.emit()
