"""What the app says to a parent is looked up in the catalogue (the pseudo-language finds every
word that is not), and the parent's saved `ui.language` is spoken at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.display import require_display
from kiosk.app.instance import AlreadyRunning, InstanceLock, LockUnavailable
from kiosk.app.rescue import show_rescue_lock
from kiosk.app.run import _open_services
from kiosk.app.services import open_services
from kiosk.core import i18n, paths
from kiosk.errors import KioskError
from kiosk.ui.window import KioskWindow
from tests.core.fake_clock import FakeClock
from tests.i18n.pseudo import speaking_pseudo, unmarked
from tests.ui.kiosk_kit import Kiosk


def test_no_display_and_an_unreachable_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    said = []
    for display in ("", ":987"):
        monkeypatch.setenv("DISPLAY", display)
        with speaking_pseudo(), pytest.raises(KioskError) as refused:
            require_display()
        said.append(str(refused.value))
    assert unmarked("\n".join(said), allowed=("DISPLAY", "Kiosk Clips")) == []


def test_a_lock_file_that_cannot_be_used_and_one_that_is_held(tmp_path: Path) -> None:
    folder = tmp_path / "kiosk.lock"
    folder.mkdir()
    with speaking_pseudo(), pytest.raises(LockUnavailable) as unavailable:
        InstanceLock(folder).acquire()
    path = tmp_path / "held.lock"
    with InstanceLock(path), speaking_pseudo(), pytest.raises(AlreadyRunning) as running:
        InstanceLock(path).acquire()  # a second lock on the file, as another kiosk would take
    said = f"{unavailable.value}\n{running.value}"
    assert unmarked(said, allowed=(str(folder), "Kiosk Clips")) == []


def test_the_lock_note_of_a_kiosk_whose_config_is_broken(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[session]\nminutes = 45\n")
    with speaking_pseudo():
        services = _open_services(config, demo=False, cause=None)
    try:
        recovery = services.store.recovery
        assert recovery is not None
        assert "session.minutes" in recovery.message
        assert unmarked(recovery.message, allowed=(str(config), "session.minutes")) == []
    finally:
        services.close()


def test_the_rescue_lock_says_why_in_the_parents_words(qtbot: QtBot) -> None:
    services = open_services(None, clock=FakeClock())
    window = KioskWindow(windowed=True)
    qtbot.addWidget(window)
    try:
        with speaking_pseudo():
            lock = show_rescue_lock(window, services.guard, RuntimeError("boom"), lambda: None)
        assert unmarked(lock.moon.parent_note, allowed=(str(paths.log_dir()), "boom")) == []
    finally:
        window.leave()
        services.close()


def test_the_lock_note_of_a_kiosk_with_no_pin(make_kiosk: object) -> None:
    kiosk: Kiosk = make_kiosk(with_pin=False)  # type: ignore[operator]
    tick = kiosk.flow.last_tick
    assert tick is not None
    with speaking_pseudo():
        note = kiosk.host.parent_note(tick)
    assert "kiosk pin set" in note
    assert unmarked(note, allowed=("kiosk pin set",)) == []


def test_saved_settings_speak_their_language_at_once(make_kiosk: object) -> None:
    kiosk: Kiosk = make_kiosk(with_pin=False)  # type: ignore[operator]
    config = kiosk.services.config
    kiosk.host.apply_config(replace(config, ui=replace(config.ui, language="de")))
    assert i18n.language() == "de"
    tick = kiosk.flow.last_tick
    assert tick is not None
    assert "keine Eltern-PIN" in kiosk.host.parent_note(tick)
    kiosk.host.apply_config(replace(config, ui=replace(config.ui, language="en")))
    assert i18n.language() == "en"
