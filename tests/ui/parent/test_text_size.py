"""Text on the parent's screens follows the system's font, and at twice the usual size every
screen of the panel and of setup still lays out with no label or button cut off: each one's
size hint fits its geometry, wrapped text has the height it needs, and long pages scroll rather
than squeeze."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.ui.library.tiles import ElidedLabel
from kiosk.ui.parent.theme import BODY_PX, text_scale
from tests.ui.parent_screens import ParentScreens


@pytest.fixture
def twice_the_text(qapp: QApplication) -> Iterator[None]:
    """The system's font at twice its size, as a parent with large text has it."""
    usual = QFont(qapp.font())
    large = QFont(usual)
    if usual.pointSizeF() > 0:
        large.setPointSizeF(usual.pointSizeF() * 2)
    else:
        large.setPixelSize(usual.pixelSize() * 2)
    qapp.setFont(large)
    yield
    qapp.setFont(usual)


def cut_off(root: QWidget) -> list[str]:
    """What of `root`'s visible text is not shown whole."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        name = f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}"
        if isinstance(widget, ElidedLabel):
            # Elided on purpose, with the whole text as its tooltip; its line must fit.
            if widget.height() < widget.fontMetrics().height():
                problems.append(
                    f"{name}: a line of {widget.fontMetrics().height()} px in {widget.height()}"
                )
        elif isinstance(widget, QLabel) and widget.text():
            problems.extend(_label_cut(widget, name))
        elif isinstance(widget, QAbstractButton | QComboBox):
            hint = widget.sizeHint()
            if widget.width() < hint.width() - 1 or widget.height() < hint.height() - 1:
                problems.append(f"{name}: needs {hint.toTuple()}, has {widget.size().toTuple()}")
    for area in root.findChildren(QScrollArea):
        content = area.widget()
        visible = area.isVisibleTo(root) and content is not None
        if visible and content.width() > area.viewport().width():
            problems.append(f"a page {content.width()} px wide in {area.viewport().width()}")
    return problems


def _label_cut(label: QLabel, name: str) -> list[str]:
    room = label.contentsRect()
    if not label.wordWrap():
        hint = label.sizeHint()
        if label.width() < hint.width() or label.height() < hint.height():
            return [f"{name}: needs {hint.toTuple()}, has {label.size().toTuple()}"]
        return []
    flags = int(Qt.TextFlag.TextWordWrap)
    needed = label.fontMetrics().boundingRect(
        QRect(0, 0, room.width(), 1 << 20), flags, label.text()
    )
    if needed.width() > room.width():
        return [f"{name}: a word {needed.width()} px wide in {room.width()}"]
    if label.height() < label.heightForWidth(label.width()):
        return [
            f"{name}: needs {label.heightForWidth(label.width())} px high, has {label.height()}"
        ]
    return []


def test_text_follows_the_system_font(
    qtbot: QtBot, twice_the_text: None, parent_screens: ParentScreens
) -> None:
    assert text_scale() == pytest.approx(2.0)
    button = parent_screens.panel.home.settings_button
    assert QFontInfo(button.font()).pixelSize() == 2 * BODY_PX
    assert button.height() >= 2 * 56


def test_the_usual_font_keeps_the_usual_sizes(parent_screens: ParentScreens) -> None:
    assert text_scale() == 1.0
    assert QFontInfo(parent_screens.panel.home.settings_button.font()).pixelSize() == BODY_PX


@pytest.mark.parametrize("size", [(768, 1024), (1024, 768)], ids=["portrait", "landscape"])
def test_at_twice_the_text_no_parent_screen_cuts_off_a_word(
    qtbot: QtBot, twice_the_text: None, parent_screens: ParentScreens, size: tuple[int, int]
) -> None:
    parent_screens.panel.resize(*size)
    parent_screens.wizard.resize(*size)
    found = {}
    for name, page in parent_screens.pages():
        QApplication.processEvents()
        found[name] = cut_off(page)
    assert found == {name: [] for name in found}


def test_at_the_usual_text_no_parent_screen_cuts_off_a_word_in_a_phone_sized_window(
    parent_screens: ParentScreens,
) -> None:
    parent_screens.panel.resize(405, 720)
    parent_screens.wizard.resize(405, 720)
    found = {}
    for name, page in parent_screens.pages():
        QApplication.processEvents()
        found[name] = cut_off(page)
    assert found == {name: [] for name in found}
