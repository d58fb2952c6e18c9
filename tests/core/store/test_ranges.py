"""Reading a stretch of time back: the events of some kinds, the sessions open in it, and the
views begun in it, with the bounds where the report needs them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.core.store.store import Store, StoreReadError
from tests.core.store_kit import AT, raw_connection

HOUR = timedelta(hours=1)


def test_events_between_keep_to_their_kinds_and_bounds(store: Store) -> None:
    with store.write() as writer:
        writer.add_event(AT - HOUR, "pin_wrong", {"n": 1})  # before: left out
        writer.add_event(AT, "pin_wrong", {"n": 2})  # at the start: in
        writer.add_event(AT + HOUR, "pin_ok", {"n": 3})  # another kind: left out
        writer.add_event(AT + HOUR, "extend", {"n": 4})
        writer.add_event(AT + 2 * HOUR, "extend", {"n": 5})  # at the end: left out
    found = store.events_between(AT, AT + 2 * HOUR, ("pin_wrong", "extend"))
    assert [(event.kind, event.detail["n"]) for event in found] == [("pin_wrong", 2), ("extend", 4)]
    assert store.events_between(AT, AT + 2 * HOUR, ()) == []


def test_sessions_between_are_those_still_open_at_the_start(store: Store) -> None:
    with store.write() as writer:
        for started, ended in [
            (AT - 3 * HOUR, AT - HOUR),  # over before: left out
            (AT - HOUR, AT + HOUR),  # running at the start: in
            (AT + HOUR, None),  # open now: in
            (AT + 2 * HOUR, None),  # begins at the end: left out
        ]:
            row = writer.insert_session(started, 900)
            if ended is not None:
                writer.update_session(
                    row, counted_seconds=60, allowance_seconds=900, ended_at=ended, end_reason="x"
                )
    found = store.sessions_between(AT, AT + 2 * HOUR)
    assert [(s.started_at, s.ended_at) for s in found] == [
        (AT - HOUR, AT + HOUR),
        (AT + HOUR, None),
    ]


def test_views_until_leave_out_what_began_at_the_end(store: Store) -> None:
    for started in (AT - HOUR, AT, AT + HOUR):
        store.view_records.add(
            clip_key="k",
            path=Path("/k.mp4"),
            title="k",
            show=None,
            started_at=started,
            watched_seconds=1,
            outcome="finished",
        )
    assert [v.started_at for v in store.view_records.views(AT, AT + HOUR)] == [AT]
    assert len(store.view_records.views(until=AT + HOUR)) == 2


def test_an_event_whose_detail_is_not_an_object_is_damage(store: Store) -> None:
    with store.write() as writer:
        writer.add_event(AT, "extend", {"minutes": 5})
    raw_connection(store).execute("UPDATE events SET detail = '[5]' WHERE kind = 'extend'")
    with pytest.raises(StoreReadError, match="event log"):
        store.events_between(AT, AT + HOUR, ("extend",))
