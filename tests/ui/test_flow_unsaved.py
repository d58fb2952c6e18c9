"""A kiosk that cannot save: it starts locked and says why under the moon, the PIN still opens
the parent panel, and the panel says that nothing is saved; a kiosk whose PIN was lost says what
a parent can do."""

from __future__ import annotations

from pathlib import Path

from kiosk.app.host import PIN_LOST_NOTE
from kiosk.core import paths
from tests.ui.kiosk_kit import PARENT_PIN, Kiosk, type_pin

CAUSE = "The kiosk's lock file is a folder, so the kiosk starts locked and saves nothing."


def test_a_kiosk_that_could_not_start_as_usual_locks_and_the_pin_opens_the_panel(
    make_kiosk: object,
) -> None:
    kiosk: Kiosk = make_kiosk(safe_cause=CAUSE)  # type: ignore[operator]
    kept = paths.state_file().read_bytes()
    lock = kiosk.flow.lock_screen
    assert kiosk.window.currentWidget() is lock
    assert CAUSE in lock.moon.parent_note
    lock.show_pad()
    type_pin(lock.pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    assert panel.home.notice.isVisible() and panel.home.notice.text() == CAUSE
    kiosk.services.limits.extend(10)  # in memory: the parent may let the child watch
    kiosk.flow.tick()
    assert kiosk.services.limits.status().state == "in_session"
    assert paths.state_file().read_bytes() == kept  # and nothing of it reaches the file


def test_a_kiosk_set_up_before_whose_pin_is_gone_says_what_to_do(
    make_kiosk: object, tmp_path: Path
) -> None:
    kiosk: Kiosk = make_kiosk(with_pin=False, safe_cause=CAUSE)  # type: ignore[operator]
    note = kiosk.flow.lock_screen.moon.parent_note
    assert note == f"{CAUSE} {PIN_LOST_NOTE}"
    assert "kiosk pin set" in note
