"""The words a person reads, in their language: one gettext catalogue, "kiosk", for the rules, the
commands and the screens alike.

The kiosk is written in English; a language is a compiled catalogue under `kiosk/locale/`
(`de/LC_MESSAGES/kiosk.mo`, built from the `.po` beside it by `scripts/catalogue`). The language
is the parent's `ui.language`, or the system's when that is empty (`choose_language`); it can
change while the kiosk runs (`set_language`), and whatever shows words listens for that
(`on_language_change`) and words itself again.

A string is marked where it is written: `_()` for a sentence, `ngettext()` where a number picks
the form, `pgettext()` where one English word needs two German ones. A string built at import
time (a module constant, a setting's description) is marked with `N_()`, which only marks it, and
is translated with `_()` where it is shown: translated at import, it would stay in the language
the process started in. Log lines stay English: they are for bug reports, read by whoever fixes
the kiosk, whatever the family speaks.

A missing or unreadable catalogue is never an error: the words are then English.
"""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "choose_language",
    "language",
    "ngettext",
    "on_language_change",
    "pgettext",
    "set_language",
    "speak_as_set",
    "system_language",
    "use_translations",
]

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: The languages the kiosk speaks, English (the source) first.
LANGUAGES: tuple[str, ...] = ("en", "de")
SOURCE_LANGUAGE = "en"
#: The environment variables gettext reads, in its order: the first one set decides.
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_listeners: list[Callable[[], None]] = []


def _(message: str) -> str:
    """`message` in the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` ("1 minute", "2 minutes") in the current language."""
    return _translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where `context` tells apart two uses of one word."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it: it is translated where shown."""
    return message


def language() -> str:
    """The language the words are in now: one of `LANGUAGES`, or a test's own."""
    return _language


def set_language(code: str) -> str:
    """Speak `code` ("en", "de") from now on, and tell every listener; returns the language now
    spoken. A language the kiosk does not have, or whose catalogue cannot be read, is English."""
    if code not in LANGUAGES or code == SOURCE_LANGUAGE:
        return use_translations(gettext.NullTranslations(), SOURCE_LANGUAGE)
    try:
        translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    except (OSError, ValueError):
        # A plain install without compiled catalogues, or a damaged one: English, not a crash.
        return use_translations(gettext.NullTranslations(), SOURCE_LANGUAGE)
    return use_translations(translations, code)


def use_translations(translations: gettext.NullTranslations, code: str) -> str:
    """Speak with `translations` under the name `code`, and tell every listener (the tests'
    pseudo-language comes in this way)."""
    global _translations, _language
    _translations, _language = translations, code
    for listener in list(_listeners):
        listener()
    return code


def on_language_change(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener` after every change of language; returns what stops it."""
    _listeners.append(listener)

    def stop() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return stop


def speak_as_set(setting: str) -> str:
    """Speak what the parent's `ui.language` asks for (the system's language when empty): at
    start, and whenever the settings are saved. Returns the language now spoken."""
    return set_language(choose_language(setting))


def choose_language(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: the parent's `ui.language` if set, else the system's."""
    return setting if setting in LANGUAGES else system_language(environ)


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The first language of the user's that the kiosk speaks, else English.

    The locale variables first, in gettext's order (`LANGUAGE` may list several, "de:en"); where
    none is set, the user's display language on Windows and macOS.
    """
    environ = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return _first_spoken(value.split(":"))
    if sys.platform == "win32":
        return _first_spoken(_windows_languages())
    if sys.platform == "darwin":
        return _first_spoken(_mac_languages())
    return SOURCE_LANGUAGE


def _first_spoken(names: list[str]) -> str:
    for name in names:
        # "de_DE.UTF-8", "de-AT", "de_CH@euro", "de": the language is the part before them.
        code = name.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
        if code in ("c", "posix"):
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def _windows_languages() -> list[str]:
    """The user's display language on Windows, as a locale name ("de_DE")."""
    import ctypes
    import locale

    try:
        language_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return []
    name = locale.windows_locale.get(int(language_id))
    return [name] if name else []


def _mac_languages() -> list[str]:
    """The user's preferred languages on macOS, most preferred first ("de-DE", "en-US")."""
    try:
        result = subprocess.run(
            ["defaults", "read", "-g", "AppleLanguages"],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    # The output is a property list array: ( "de-DE", "en-US" ).
    return [part.strip(' \n\t"()') for part in result.stdout.split(",") if part.strip(' \n\t"()')]
