"""Every word the core gives a parent goes through the catalogue: run in the pseudo-language, a
broken config, a broken clip folder and clips.toml, every sentence of the time rules, the PIN's
refusals, the store's notices, the durations and the report leave no English word unmarked.

What may stand unmarked: paths, file and show names, config keys and TOML values, numbers. Each
test fails when one `_()` it covers is removed, since that sentence then comes out bare.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.config.load import read_config
from kiosk.core.config.schema import SETTINGS
from kiosk.core.durations import hours_and_minutes, minutes_and_seconds, time_left_spoken
from kiosk.core.first_setup import check_clip_folder
from kiosk.core.i18n import _
from kiosk.core.library.scan import scan_library, segments_past_end
from kiosk.core.library.timecode import parse_timecode
from kiosk.core.limits.reading import CLOCK_BACK_ADVICE, DISK_FULL_MESSAGE, tamper_message
from kiosk.core.limits.status import LimitStatus
from kiosk.core.limits.status_text import describe_status, lead_note, zone_note
from kiosk.core.numbers import number
from kiosk.core.pin.guard import AttemptResult
from kiosk.core.pin.rules import check_pin_policy
from kiosk.core.report.events import PARENT_EVENT_KINDS
from kiosk.core.report.formats import report_text
from kiosk.core.store.recovery import StoreRecovery
from kiosk.core.weekdays import DAYS, day_name
from tests.core.report.history_kit import History, at, fresh_store
from tests.i18n.pseudo import speaking_pseudo, unmarked

MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41" + bytes(100)

BROKEN_CONFIG = """\
config_version = 0
[library]
folder = ""
order = "random"
auto_segment_seconds = 5
[session]
minutes = 45
minuts = 12
clips = 1
allowed_hours = ["7-12", 9, "12:00-12:00", "25:00-26:00"]
time_zone = "Mars/Olympus"
warn_at_seconds = [30, 30, 0, "x"]
chime = "yes"
[player]
volume = 90
max_volume = 80
[ui]
reduce_motion = "sometimes"
[sesion]
colour = 1
[schedule.saturday]
minutes = 12
[schedule.sun]
minuts = 12
volume = 5
[schedule.mon]
minutes = 20
"""


def test_every_config_error_and_setting_text_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(BROKEN_CONFIG, encoding="utf-8")
    with speaking_pseudo():
        errors = [str(error) for error in read_config(path)[1]]
        texts = [f"{setting.description} {setting.valid}" for setting in SETTINGS]
    assert len(errors) > 20
    assert [line for text in errors for line in unmarked(text, allowed=(str(path),))] == []
    assert [line for text in texts for line in unmarked(text)] == []


@pytest.mark.parametrize(
    "content",
    [
        b"minutes = \xff",
        b"[session\n",
        b"[session]\nminutes = " + b"9" * 5000,
        b"a = " + b"[" * 5000,
    ],
)
def test_a_config_that_cannot_be_read_at_all_is_said_in_marked_words(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    with speaking_pseudo():
        (error,) = read_config(path)[1]
    assert unmarked(str(error), allowed=(str(path),)) == []


def broken_library(root: Path) -> None:
    """A clip folder with every kind of file the scan skips, and clips.toml files with every
    kind of problem."""
    for name in ("Ball.mp4", "Tape.mp4", "Drum.mp4", "Clown.mp4"):
        (root / name).write_bytes(MP4)
    (root / "Film.mp4").write_bytes(MP4)
    (root / ".secret.mp4").write_bytes(MP4)
    (root / "._Ball.mp4").write_bytes(MP4)
    (root / "Next.mp4.part").write_bytes(MP4)
    (root / "notes.txt").write_text("notes")
    (root / "empty.mp4").write_bytes(b"")
    (root / "page.mp4").write_text("<html>a saved page</html>")
    (root / "noise.mp4").write_bytes(bytes(range(1, 200)))
    (root / "gone.mp4").symlink_to(root / "nowhere.mp4")
    os.mkfifo(root / "pipe.mp4")
    (root / "$RECYCLE.BIN").mkdir()
    (root / "Loop").mkdir()
    (root / "Loop" / "again").symlink_to(root / "Loop")
    (root / "clips.toml").write_text(
        "[[clip]]\nfile = 'Film.mp4'\nstart = '1:75'\nend = 0\n"
        "[[clip]]\nfile = 'Film.mp4'\nstart = 30\n"
        "[[clip]]\nfile = 'Ball.mp4'\nhide = 'yes'\ntitel = 'x'\n"
        "[[clip]]\nfile = 'Ball.mp4'\ntitle = 3\n"
        "[[clip]]\nfile = 'Bal.mp4'\n"
        "[[clip]]\nfile = 'page.mp4'\n"
        "[[clip]]\nfile = 'nothing-like-it.webm'\n"
        "[[clip]]\nfile = 'Tape.mp4'\nstart = 10\nend = 20\n"
        "[[clip]]\nfile = 'Tape.mp4'\nstart = 10\nend = 20\n"
        "[[clip]]\nfile = 'Tape.mp4'\nstart = 30\n"
        "[[clip]]\nfile = 'Tape.mp4'\n"
        "[[clip]]\nfile = 'Drum.mp4'\nhide = true\n"
        "[[clip]]\nfile = 'Drum.mp4'\ntitle = 'Drums'\n"
        "[[clip]]\nfile = 'Clwn.mp4'\nend = 'soon'\n"
    )
    for show, text in {
        "Shapes": "[[clip]]\ntitle = ''\n",
        "Songs": "[clip]\nfile = 'a.mp4'\n",
        "Tales": "clip = 3\n",
        "Words": "file = 'a.mp4'\n[[clip]]\nfile = 'a/b.mp4'\n",
        "Stars": "[[clip]]\nfile = '..'\n[[clip]]\nfile = 1\n",
        "Moons": "[[clips]]\nfile = 'a.mp4'\n",
        "Colours": "colour = 1\n",
        "Hats": "clips = 1\n",
        "Knots": "[[clip]\n",
        "Deep": "a = " + "[" * 5000,
        "Long": "[[clip]]\nfile = 'a.mp4'\nstart = " + "9" * 5000,
        "Huge": "#" * 4_000_001,
    }.items():
        (root / show).mkdir()
        (root / show / "a.mp4").write_bytes(MP4)
        (root / show / "clips.toml").write_text(text)
    for show in ("Suns", "Runes", "Boxes"):
        (root / show).mkdir()
        (root / show / "a.mp4").write_bytes(MP4)
    (root / "Suns" / "clips.toml").write_text("")
    (root / "Suns" / "Clips.toml").write_text("")
    (root / "Runes" / "clips.toml").write_bytes(b"[[clip]]\nfile = '\xff'\n")
    (root / "Boxes" / "clips.toml").mkdir()


def test_every_scan_problem_and_skip_reason_is_marked(tmp_path: Path) -> None:
    broken_library(tmp_path)
    with speaking_pseudo():
        scan = scan_library(tmp_path, known={})
        past_end = segments_past_end(scan, lambda path: 5.0)
        words = [problem.message for problem in [*scan.sidecar_problems, *past_end]]
        words += [skipped.reason for skipped in scan.skipped]
        words += [clip.title for clip in scan.clips if "(" in clip.title]
    assert len(scan.sidecar_problems) > 30 and len(scan.skipped) > 20 and past_end
    # The titles of cut clips hold the file's own name, and a bad time the key it was given
    # for: both stay as they are.
    allowed = ("Tape", "start =", "end =")
    assert [line for text in words for line in unmarked(text, allowed=allowed)] == []


def test_an_unusable_clip_folder_is_said_in_marked_words(tmp_path: Path) -> None:
    a_file = tmp_path / "file.mp4"
    a_file.write_bytes(MP4)
    empty, unplayable = tmp_path / "empty", tmp_path / "unplayable"
    empty.mkdir()
    unplayable.mkdir()
    (unplayable / "notes.txt").write_text("notes")
    with speaking_pseudo():
        problems = [
            scan_library(folder).problem or ""
            for folder in (tmp_path / "missing", a_file, empty, unplayable)
        ]
        problems.append(check_clip_folder(tmp_path / "missing").problem or "")
        problems.append(parse_timecode_problem("1:75"))
    assert all(problems)
    assert [line for text in problems for line in unmarked(text, allowed=(str(tmp_path),))] == []


def parse_timecode_problem(text: str) -> str:
    with pytest.raises(ValueError) as refused:
        parse_timecode(text)
    return str(refused.value)


def status(state: str, reason: str | None, opens: datetime | None) -> LimitStatus:
    return LimitStatus(state, reason, 600, 900, opens, None, reason == "tamper", "Europe/Berlin")


def test_every_status_sentence_and_note_is_marked() -> None:
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    opens = [None, now + timedelta(hours=2), now + timedelta(days=1), now + timedelta(days=3)]
    with speaking_pseudo():
        texts = [
            describe_status(status("in_session", None, None), now=now),
            describe_status(status("ready", None, None), now=now),
            describe_status(status("locked", "tamper", None), now=now),
            describe_status(status("locked", "tamper", None), now=now, tamper_message="⟦x⟧"),
        ]
        for reason in ("session_over", "daily_limit", "outside_hours", "parent", "odd"):
            texts += [describe_status(status("locked", reason, when), now=now) for when in opens]
        texts += [zone_note("Europe/Berlin", "Asia/Tokyo") or "", lead_note(7500) or ""]
        causes = ("clock_back", "store_write", "config_missing", "odd")
        texts += [tamper_message(cause) for cause in causes]
        texts += [_(CLOCK_BACK_ADVICE), _(DISK_FULL_MESSAGE).format(path="/state")]
    assert [line for text in texts for line in unmarked(text, allowed=("Europe/Berlin",))] == []


def test_every_pin_refusal_is_marked() -> None:
    pins = ["", "12a4", "123", "123456789", "7777", "1234", "1212", "1122", "1987", "2580", "1004"]
    with speaking_pseudo():
        texts = [check_pin_policy(pin) or "" for pin in pins]
        texts += [AttemptResult.unchecked(why).problem or "" for why in ("not_set", "damaged")]
    assert all(texts)
    assert [line for text in texts for line in unmarked(text)] == []


def test_the_state_files_notices_are_marked() -> None:
    path = Path("/data/kiosk.sqlite3")
    recoveries = [
        StoreRecovery(reason, path, moved, set_up, in_memory)
        for reason in ("missing", "corrupt", "newer_version", "busy")
        for moved in (None, Path("/data/kept"))
        for set_up in (False, True)
        for in_memory in (False, True)
    ]
    recoveries += [
        StoreRecovery(reason, path, None, True, True)
        for reason in ("disk_full", "disk_error", "folder_read_only")
    ]
    with speaking_pseudo():
        texts = [recovery.message for recovery in recoveries]
    assert [line for text in texts for line in unmarked(text)] == []


def test_durations_numbers_and_day_names_are_marked() -> None:
    with speaking_pseudo():
        texts = [minutes_and_seconds(s) for s in (0, 45, 120, 125)]
        texts += [hours_and_minutes(s) for s in (0, 2820, 3900)]
        texts += [time_left_spoken(s) for s in (0, 30, 60, 720)]
        texts += [day_name(day) for day in DAYS]
        texts.append(number(4300.5, decimals=1))
    assert [line for text in texts for line in unmarked(text)] == []


def test_the_report_in_words_is_marked(tmp_path: Path) -> None:
    store = fresh_store(tmp_path)
    history = History(store)
    history.session(at("2026-11-26 09:00"), 12.25)
    history.view(at("2026-11-26 09:00"), 300.4, "Ball", "Bouncy fun")
    for kind in PARENT_EVENT_KINDS:
        history.event(at("2026-11-26 09:10"), kind)
    history.event(at("2026-11-26 09:11"), "extend", minutes=5)
    history.event(at("2026-11-26 09:12"), "clips_granted", clips=3)
    history.event(at("2026-11-26 09:13"), "ask_answered", answer="not_today")
    with speaking_pseudo():
        text = report_text(history.report(date(2026, 11, 26), 2))
        text += report_text(history.report(date(2026, 11, 26), 1, limit=None))
    store.close()
    assert unmarked(text, allowed=("Bouncy fun",)) == []
