"""Screens that follow the language while they live: the parent's words change the moment the
settings are saved with another `ui.language`, without a restart.

A screen keeps its words in a `Words`: each text is set at once and again after every change of
language (`kiosk.core.i18n.on_language_change`). The listener holds the screen only weakly and
stops when the screen is gone, so a closed screen is neither kept alive by it nor called after
Qt deleted it. Texts that depend on what is shown (the time left, a refusal)
are not kept here: the screen words them again in its own `retranslate()`, which a `Words` calls
after its own texts.

Qt's own dialogs (the folder picker) take their words from Qt's catalogue, `qtbase_<lang>.qm`,
which the PySide6 wheel ships: `QtTranslator` loads the one for the kiosk's language.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator
from PySide6.QtWidgets import QLineEdit, QWidget
from shiboken6 import isValid

from kiosk.core import i18n
from kiosk.core.i18n import _

__all__ = ["QtTranslator", "Text", "Words", "follow_language", "word"]

#: A text as a screen shows it: a message marked with `N_` (translated with `_` each time), or a
#: function that words it, for a message with placeholders.
Text = str | Callable[[], str]


class _HasText(Protocol):
    def setText(self, text: str, /) -> None: ...


_Worded = TypeVar("_Worded", bound=_HasText)
_Named = TypeVar("_Named", bound=QWidget)
_Owner = TypeVar("_Owner", bound=QObject)


def follow_language(owner: _Owner, retranslate: Callable[[_Owner], None]) -> None:
    """Call `retranslate(owner)` after every change of language, while `owner` lives.

    `retranslate` gets the owner as its argument, so that it need not hold it: the listener
    keeps only a weak reference, and stops once the owner is gone on either side (Python or Qt).
    """
    target = weakref.ref(owner)

    def listener() -> None:
        alive = target()
        if alive is None or not isValid(alive):
            stop()
            return
        retranslate(alive)

    stop = i18n.on_language_change(listener)
    # Not `destroyed`: a Python slot on it is called while Qt takes the object apart. Qt's
    # deletion lets go of the Python side, whose end stops the listener; one that outlives its
    # C++ object is stopped at the next change (`isValid`).
    weakref.finalize(owner, stop)


class Words(Generic[_Owner]):
    """The words of one screen: each text set now, and again whenever the language changes.

    The screen keeps its `Words` as an attribute, and nothing here holds the screen itself
    (the listener holds the `Words` weakly, and the `Words` its owner weakly): a screen that
    held itself through its words would outlive its last user until the garbage collector came,
    and its timers with it.
    """

    def __init__(self, owner: _Owner, retranslate: Callable[[_Owner], None] | None = None) -> None:
        """`retranslate(owner)`, when given, words what the screen shows now, after the texts
        here (an unbound method, such as `HomePage._retranslate`)."""
        self._owner = weakref.ref(owner)
        #: (the widget, or None for the owner; its setter's name; the text)
        self._texts: list[tuple[QObject | None, str, Text]] = []
        self._retranslate = retranslate
        itself = weakref.ref(self)

        def again(_owner: QObject) -> None:
            words = itself()
            if words is not None:
                words.retranslate()

        follow_language(owner, again)

    def set(self, target: QObject, setter: str, text: Text) -> None:
        """Call `target`'s method `setter` with `text` in the language now, and after every
        change: `words.set(field, "describe", N_("Clip folder"))`."""
        held = None if target is self._owner() else target
        self._texts.append((held, setter, text))
        getattr(target, setter)(word(text))

    def text(self, widget: _Worded, text: Text) -> _Worded:
        """`widget`'s text (a label's, a button's) follows the language; returns `widget`."""
        self.set(widget, "setText", text)  # type: ignore[arg-type]
        return widget

    def name(self, widget: _Named, text: Text) -> _Named:
        """`widget`'s accessible name follows the language; returns `widget`."""
        self.set(widget, "setAccessibleName", text)
        return widget

    def description(self, widget: _Named, text: Text) -> _Named:
        """`widget`'s accessible description follows the language; returns `widget`."""
        self.set(widget, "setAccessibleDescription", text)
        return widget

    def placeholder(self, widget: QLineEdit, text: Text) -> QLineEdit:
        """`widget`'s placeholder follows the language; returns `widget`."""
        self.set(widget, "setPlaceholderText", text)
        return widget

    def retranslate(self) -> None:
        owner = self._owner()
        if owner is None or not isValid(owner):
            return
        for target, setter, text in self._texts:
            widget = owner if target is None else target
            if isValid(widget):
                getattr(widget, setter)(word(text))
        if self._retranslate is not None:
            self._retranslate(owner)


def word(text: Text) -> str:
    """`text` in the language now."""
    return _(text) if isinstance(text, str) else text()


class QtTranslator:
    """Qt's own words (the folder picker's buttons and columns) in the kiosk's language."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.switch()
        follow_language(app, lambda _app: self.switch())

    @property
    def loaded(self) -> str | None:
        """The language whose Qt catalogue is installed, or None (English, Qt's own)."""
        return self._language if self._translator is not None else None

    def switch(self) -> None:
        """Install Qt's catalogue for the language now, if the wheel has it; English needs none."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self._language = i18n.language()
        if self._language == i18n.SOURCE_LANGUAGE:
            return
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(self._app)
        if translator.load(f"qtbase_{self._language}", folder):
            self._app.installTranslator(translator)
            self._translator = translator
