"""The pseudo-language's finder itself: it must see an English word left unmarked, and let a
translated message (nested ones too), numbers, clocks and allowed names through."""

from __future__ import annotations

from kiosk.core.i18n import _, language, ngettext
from tests.i18n.pseudo import PSEUDO, speaking_pseudo, unmarked


def test_marked_messages_numbers_and_clocks_pass_and_english_words_do_not() -> None:
    with speaking_pseudo():
        assert language() == PSEUDO
        sentence = _("{time} left").format(time=ngettext("{n} minute", "{n} minutes", 5))
    assert unmarked(sentence) == []
    assert unmarked("12:05  3 / 10  -42 %") == []
    assert unmarked("⟦Locked.⟧ It opens again at 21:00") == ["It opens again at 21:00"]
    assert unmarked("Settings\n⟦PIN⟧") == ["Settings"]
    assert unmarked("Clips in /media/Clips", allowed=("/media/Clips",)) == ["Clips in"]
    assert unmarked("Kiosk Clips", allowed=("Kiosk Clips",)) == []
    assert language() == "en"
