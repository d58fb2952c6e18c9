"""The parent side's keyboard, for a parent who cannot or would rather not use a pointer.

Tab and Shift+Tab move the focus in reading order, and so do the arrow keys between buttons and
switches (a field keeps its arrows for its text, a choice box for its choices). Space and Enter
press the button or flip the switch that has the focus. Esc goes back one step where that is
safe: the screen that owns it says where (`ParentPanel`, `LibraryView`, `SetupWizard`); it never
leaves the kiosk. Each page, when it comes to the front, gives the focus to its first control.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
_FORWARD = frozenset({Qt.Key.Key_Down, Qt.Key.Key_Right})
_BACKWARD = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Left})


def arrow_direction(event: QKeyEvent) -> bool | None:
    """True for an arrow that moves the focus forward, False for back, None for anything else."""
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return None  # Alt+Left and the like belong to someone else
    key = event.key()
    if key in _FORWARD:
        return True
    if key in _BACKWARD:
        return False
    return None


def is_enter(event: QKeyEvent) -> bool:
    """Enter or Return, pressed (not held down repeating)."""
    return event.key() in ENTER_KEYS and not event.isAutoRepeat()


class ButtonKeys:
    """Mixed into a button class (before the Qt class): Enter presses it as Space does, and the
    arrows move the focus on, as Tab and Shift+Tab do."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        forward = arrow_direction(event)
        if forward is not None:
            self.focusNextPrevChild(forward)  # type: ignore[attr-defined]
        elif is_enter(event):
            self.click()  # type: ignore[attr-defined]
        else:
            super().keyPressEvent(event)  # type: ignore[misc]


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab may give `widget` the focus now."""
    policy = widget.focusPolicy()
    return (
        bool(policy & Qt.FocusPolicy.TabFocus)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
    )


def focus_first(page: QWidget) -> None:
    """Give the focus to the first control of `page` in Tab order, if it has one."""
    candidate = page.nextInFocusChain()
    while candidate is not None and candidate is not page:
        if page.isAncestorOf(candidate) and takes_tab(candidate):
            candidate.setFocus(Qt.FocusReason.TabFocusReason)
            return
        candidate = candidate.nextInFocusChain()
