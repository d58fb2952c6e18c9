"""What assistive technology finds on each screen: the accessibility tree of the start screen, the
feed with its time ring, the lock with its moon and PIN pad, every page of the parent panel and
of setup, walked as a screen reader walks it (QAccessible interfaces, their children, roles,
names and states). No control may be without a name, and the names say what each control is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
)
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.config.load import SETTINGS
from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.lock import LockScreen
from kiosk.ui.parent.settings import setting_title
from kiosk.ui.pin_pad.pad import WRONG_PIN, PinPad
from kiosk.ui.screens import StartScreen
from kiosk.ui.time_ring import TimeRing
from tests.ui.conftest import Feed
from tests.ui.kiosk_kit import Kiosk
from tests.ui.parent_helpers import shown
from tests.ui.parent_screens import ParentScreens

Role = QAccessible.Role
#: Roles a person acts on, and the roles that carry a value a person needs to hear.
INTERACTIVE = {
    Role.Button,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.SpinBox,
    Role.Slider,
    Role.Dial,
    Role.PageTab,
    Role.Link,
    Role.MenuItem,
    Role.ProgressBar,
    Role.Animation,
}


@dataclass(frozen=True)
class Node:
    role: QAccessible.Role
    name: str
    value: str
    description: str
    focusable: bool
    checked: bool
    kind: str
    #: The name the widget was given. On Linux Qt names a combo box by its value and leaves its
    #: label to a relation; elsewhere this is the name a screen reader says.
    given_name: str

    @property
    def interactive(self) -> bool:
        return self.focusable or self.role in INTERACTIVE


def walk(root: QWidget) -> list[Node]:
    """Every visible node under `root`, as assistive technology walks the tree."""
    found: list[Node] = []

    def visit(interface: QAccessibleInterface) -> None:
        state = interface.state()
        if state.invisible:
            return
        target = interface.object()
        found.append(
            Node(
                interface.role(),
                interface.text(QAccessible.Text.Name),
                interface.text(QAccessible.Text.Value),
                interface.text(QAccessible.Text.Description),
                bool(state.focusable),
                bool(state.checked),
                type(target).__name__ if target is not None else "",
                target.accessibleName() if isinstance(target, QWidget) else "",
            )
        )
        for index in range(interface.childCount()):
            child = interface.child(index)
            if child is not None:
                visit(child)

    interface = QAccessible.queryAccessibleInterface(root)
    assert interface is not None
    visit(interface)
    return found


def unnamed(nodes: list[Node]) -> list[Node]:
    return [node for node in nodes if node.interactive and not node.name.strip()]


def named(nodes: list[Node], role: QAccessible.Role) -> list[str]:
    return [node.name for node in nodes if node.role == role]


@pytest.fixture
def announcements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(kind, message or value) of every event the kiosk sends to assistive technology.

    Offscreen, no screen reader listens, so Qt's door to one is watched instead."""
    sent: list[tuple[str, str]] = []

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            sent.append(("announcement", event.message()))
        elif event.type() == QAccessible.Event.ValueChanged:
            sent.append(("value", str(event.value())))  # type: ignore[attr-defined]

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return sent


def _pad(**options: object) -> PinPad:
    wrong = AttemptResult("wrong", 1, 0.0, None)
    return PinPad(lambda pin: wrong, lambda: 0.0, **options)  # type: ignore[arg-type]


def test_the_start_screen_is_one_named_button_that_starts(qtbot: QtBot) -> None:
    screen = shown(qtbot, StartScreen())
    nodes = walk(screen)
    assert (nodes[0].role, nodes[0].name) == (Role.Button, "Start watching")
    interface = QAccessible.queryAccessibleInterface(screen)
    actions = interface.actionInterface()
    with qtbot.waitSignal(screen.start_requested, timeout=1000):  # type: ignore[attr-defined]
        actions.doAction(actions.pressAction())
    assert unnamed(nodes) == []


def test_the_feed_and_its_time_ring_speak_the_time_left_in_words(
    fake_feed: Callable[..., Feed],
) -> None:
    feed = fake_feed(["one", "two"])
    ring = TimeRing(feed.widget.update, feed.widget)
    ring.attach(feed.widget)
    ring.update_time(seconds_left=754, session_seconds=900, warn_levels=(120, 30))
    nodes = walk(feed.widget)
    assert unnamed(nodes) == []
    assert (nodes[0].role, nodes[0].name) == (Role.Animation, "Clips")
    (ring_node,) = [node for node in nodes if node.role == Role.ProgressBar]
    assert (ring_node.name, ring_node.value) == ("Time left in this session", "13 minutes left")


def test_a_tap_on_the_ring_still_reaches_the_feed(
    qtbot: QtBot, fake_feed: Callable[..., Feed]
) -> None:
    feed = fake_feed(["one", "two"])
    ring = TimeRing(feed.widget.update, feed.widget)
    ring.attach(feed.widget)
    assert ring.spot is not None
    qtbot.mouseClick(feed.widget, Qt.MouseButton.LeftButton, pos=ring.spot.geometry().center())
    assert feed.widget.is_paused


def test_a_warning_is_announced_and_the_ring_tells_each_new_minute(
    fake_feed: Callable[..., Feed], announcements: list[tuple[str, str]]
) -> None:
    feed = fake_feed(["one"])
    ring = TimeRing(feed.widget.update, feed.widget)
    ring.attach(feed.widget)
    for seconds in (150, 149, 121, 120):
        ring.update_time(seconds_left=seconds, session_seconds=900, warn_levels=(120, 30))
    ring.warn()
    assert announcements == [
        ("value", "3 minutes left"),
        ("value", "2 minutes left"),
        ("announcement", "2 minutes left"),
    ]


def test_the_lock_has_a_named_moon_and_a_pad_whose_keys_are_all_named(qtbot: QtBot) -> None:
    wrong = AttemptResult("wrong", 1, 0.0, None)
    lock = LockScreen(lambda pin: wrong, lambda: 0.0)
    shown(qtbot, lock)
    lock.set_parent_note("Locked until 18:30.")
    moon = walk(lock.moon)
    assert unnamed(moon) == []
    assert moon[0].role == Role.Button and moon[0].description == "Locked until 18:30."
    actions = QAccessible.queryAccessibleInterface(lock.moon).actionInterface()
    actions.doAction(actions.pressAction())
    assert lock.shows_pad
    pad = walk(lock.pad)
    assert unnamed(pad) == []
    assert sorted(named(pad, Role.Button)) == sorted(
        [*"0123456789", "Delete the last digit", "Check the PIN", "Back"]
    )


def test_the_pad_tells_how_many_digits_are_typed_never_which_and_a_wrong_pin(
    qtbot: QtBot, announcements: list[tuple[str, str]]
) -> None:
    pad = shown(qtbot, _pad())
    assert walk(pad)[0].value == "No digits typed"
    qtbot.keyClicks(pad, "4827")
    assert walk(pad)[0].value == "4 digits typed"
    assert not any("4827" in node.name + node.value for node in walk(pad))
    qtbot.keyClick(pad, "\r")  # type: ignore[arg-type]
    assert ("announcement", WRONG_PIN) in announcements
    assert ("value", "1 digit typed") in announcements


def test_the_walk_covers_every_page_the_panel_has(parent_screens: ParentScreens) -> None:
    pages = parent_screens.panel.pages
    walked = {id(page) for _, page in parent_screens.pages()}
    assert all(id(pages.widget(index)) in walked for index in range(pages.count()))


def test_every_page_of_the_panel_and_of_setup_names_every_control(
    parent_screens: ParentScreens,
) -> None:
    found = {name: unnamed(walk(page)) for name, page in parent_screens.pages()}
    assert found == {name: [] for name in found}


def test_the_settings_editors_are_named_after_their_settings(
    parent_screens: ParentScreens,
) -> None:
    panel = parent_screens.panel
    panel.home.open_settings.emit()
    nodes = walk(panel.settings)
    fields = (Role.EditableText, Role.CheckBox, Role.ComboBox)
    names = {node.given_name for node in nodes if node.role in fields}
    assert {setting_title(setting) for setting in SETTINGS} <= names
    steps = named(nodes, Role.Button)
    assert "Decrease Minutes" in steps and "Increase Minutes" in steps


def test_the_library_names_each_switch_and_button_after_its_clip_or_show(
    parent_screens: ParentScreens,
) -> None:
    panel = parent_screens.panel
    panel.home.open_library.emit()
    assert panel.library is not None
    nodes = walk(panel.library)
    switches = named(nodes, Role.CheckBox)
    assert "Visible to the child: The penguins slide" in switches
    assert "Visible to the child: the show Penguins" in switches
    buttons = named(nodes, Role.Button)
    assert "Preview The penguins slide" in buttons
    assert "Approve Penguins swim under the ice" in buttons


def test_the_week_chart_is_a_chart_that_reads_each_day_out(parent_screens: ParentScreens) -> None:
    panel = parent_screens.panel
    panel.home.open_week.emit()
    assert panel.week is not None
    (chart,) = [node for node in walk(panel.week) if node.role == Role.Chart]
    assert chart.name == "Minutes watched each day, against the day's limit"
    assert "Thursday 26 November" in chart.description


def test_the_whole_kiosk_puts_the_ring_over_the_feed_and_announces_a_warning(
    make_kiosk: Callable[..., Kiosk], announcements: list[tuple[str, str]]
) -> None:
    kiosk = make_kiosk()
    kiosk.services.limits.start_session()
    kiosk.flow.tick()
    feed = kiosk.host.feed
    assert feed is not None
    kiosk.clock.advance(15 * 60 - 119)
    kiosk.flow.tick()
    assert ("announcement", "2 minutes left") in announcements
    ring = [node for node in walk(feed) if node.role == Role.ProgressBar]
    assert [node.value for node in ring] == ["2 minutes left"]
