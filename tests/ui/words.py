"""Everything a person reads on a screen, for the tests that look for words nobody translated:
the widgets' texts, placeholders, tooltips, window titles, choice boxes' items, the names and
descriptions a screen reader speaks, and the words the screens paint themselves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from tests.i18n.pseudo import unmarked


def widget_texts(root: QWidget) -> list[str]:
    """The words of `root` and every widget under it that is on screen (a hidden label holds
    whatever it said last, which nobody reads). What a parent typed into a field is theirs."""
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton) and not _elided(widget.text(), widget):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(index) for index in range(widget.count())]
    return [text for text in texts if text]


def _elided(text: str, widget: QWidget) -> bool:
    """A title cut short to fit ("Penguins swim un…"): its tooltip holds it whole."""
    return text.endswith("\u2026") and widget.toolTip().startswith(text[:-1])


@contextmanager
def painted_words(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The words the kiosk's own painters draw (the moon's chips and note, the PIN pad's
    caption and wait, the week chart's days) while the block runs: grab the screens in it."""
    words: list[str] = []
    draw = QPainter.drawText

    def recording(painter: QPainter, *arguments: object) -> object:
        words.extend(argument for argument in arguments if isinstance(argument, str))
        return draw(painter, *arguments)  # type: ignore[call-overload]

    with monkeypatch.context() as patch:
        patch.setattr(QPainter, "drawText", recording)
        yield words


def untranslated(texts: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """The texts, or the lines of them, that hold words no translated message covers."""
    return [line for text in texts for line in unmarked(text, allowed)]
