"""What assistive technology (a screen reader, a switch device) hears from the kiosk's widgets.

Qt names its own widgets and gives each its role: a button by its text, a check box by its label,
a field by the name set on it. A widget that paints itself (the start button, the moon, a tile's
picture, the time ring) is only a plain "client" to Qt. Such a widget says what it is with a
class attribute, `accessible_role`, and optionally two methods: `accessible_value()` (the time
ring's time left, in words) and `activate()` (what a press does, for a widget in the role of a
button). `ensure_installed()` registers the one factory that turns these into an accessible
interface; each such widget calls it when made, so it works in any window that shows one.

`announce` tells assistive technology something that changed without the focus moving, such as
a warning that the session ends soon. Child screens stay wordless on screen: these words exist
only for assistive technology.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QAccessibleValueChangeEvent,
)
from PySide6.QtWidgets import QAccessibleWidget, QWidget

_installed = False


class _SelfPainted(QAccessibleWidget):
    """The accessible face of a widget that declares `accessible_role`."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, widget.accessible_role)  # type: ignore[attr-defined]

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Value:
            value = getattr(self.widget(), "accessible_value", None)
            return str(value()) if callable(value) else ""
        return super().text(kind)

    def actionNames(self) -> list[str]:
        names = list(super().actionNames())
        if callable(getattr(self.widget(), "activate", None)):
            names.insert(0, QAccessibleActionInterface.pressAction())
        return names

    def doAction(self, name: str) -> None:
        if name == QAccessibleActionInterface.pressAction():
            self.widget().activate()  # type: ignore[attr-defined]
        else:
            super().doAction(name)


def _factory(key: str, target: QObject) -> QAccessibleInterface | None:
    if isinstance(target, QWidget) and hasattr(target, "accessible_role"):
        return _SelfPainted(target)
    return None


def ensure_installed() -> None:
    """Register the factory for self-painted widgets, once per process."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def announce(source: QObject, message: str) -> None:
    """Have assistive technology say `message`, on behalf of `source` (a widget on screen)."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(source, message))


def value_changed(source: QObject, value: str) -> None:
    """Tell assistive technology that `source`'s value is now `value`."""
    QAccessible.updateAccessibility(QAccessibleValueChangeEvent(source, value))
