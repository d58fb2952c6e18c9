"""Text kept in the state file comes back exactly: the escape of `kiosk.core.store.text` over any str, and
a file name that is not valid UTF-8 through each part of the library state that stores one."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.clip import Clip
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store, StoreReadError
from kiosk.core.store.text import MARKER, from_store, to_store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import open_store, set_up_marker, state_path

# No deadline: the machine is shared, and a slow example is not a failure.
PROPERTY = settings(deadline=None, max_examples=300)

# Any str at all, surrogates included (st.text leaves them out by default), often with the
# marker in front or inside, and the bytes an undecodable file name turns into.
ANY_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=()),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.sampled_from(MARKER),
    )
)
TEXTS = st.one_of(
    ANY_TEXT,
    st.builds(lambda rest: MARKER + rest, ANY_TEXT),
    st.builds(lambda a, b: a + MARKER + b, ANY_TEXT, ANY_TEXT),
    st.builds(os.fsdecode, st.binary()),
)


def _is_valid_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The escape.


@PROPERTY
@given(TEXTS)
def test_any_text_comes_back_exactly(text: str) -> None:
    stored = to_store(text)
    assert _is_valid_text(stored)  # sqlite3 can bind it
    assert from_store(stored) == text


@PROPERTY
@given(ANY_TEXT)
def test_valid_text_is_stored_as_it_is(text: str) -> None:
    """So the state file stays readable and rows written before the escape still match."""
    if _is_valid_text(text) and not text.startswith(MARKER):
        assert to_store(text) == text


@pytest.mark.parametrize(
    "text",
    [
        os.fsdecode(b"caf\xe9.mp4"),  # Latin-1, as an old USB stick may name it
        "\udcc3\udca9",  # the surrogateescape bytes of "é": must not come back as "é"
        "\ud83d\ude00",  # a lone pair, not the emoji it would make as UTF-16
        MARKER,
        MARKER + "aGVsbG8=",  # a genuine name that looks escaped
    ],
)
def test_the_awkward_cases_are_escaped_and_come_back(text: str) -> None:
    assert to_store(text).startswith(MARKER)
    assert from_store(to_store(text)) == text


@pytest.mark.parametrize("damaged", [MARKER + "not base64!", MARKER + "7Q=="])
def test_a_damaged_escape_is_an_error_not_a_guess(damaged: str) -> None:
    with pytest.raises(ValueError, match="not a text escaped"):
        from_store(damaged)


# A file name that is not valid UTF-8, through the library state.


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder whose own name is not valid UTF-8 either. Nothing needs to exist on disk."""
    return tmp_path / os.fsdecode(b"Vid\xe9os")


def test_undecodable_names_wait_for_approval_and_come_back_equal(
    tmp_path: Path, store: Store, folder: Path
) -> None:
    library = LibraryState(store, FakeClock())
    plain = folder / "plain.mp4"
    odd = folder / os.fsdecode(b"caf\xe9.mp4")
    odder = folder / os.fsdecode(b"\xff\xfe.mkv")
    stamp = (100, 200)
    assert library.note_files(folder, {plain: stamp}, require_approval=True) == set()
    every = dict.fromkeys([plain, odd, odder], stamp)
    pending = library.note_files(folder, every, require_approval=True)
    assert pending == {odd, odder}
    assert library.pending_paths() == {odd, odder}
    library.approve({odd: stamp})
    reopened = open_store(state_path(tmp_path), set_up_marker(tmp_path))
    again = LibraryState(reopened, FakeClock())
    assert again.pending_paths() == {odder}
    # The reviewed folder matched too: seeing the same files is not a new review.
    assert again.note_files(folder, every, require_approval=True) == {odder}
    reopened.close()


def test_undecodable_names_keep_their_durations(store: Store, folder: Path) -> None:
    library = LibraryState(store, FakeClock())
    odd = folder / os.fsdecode(b"caf\xe9.mp4")
    library.save_durations([(odd, 10, 20, 61.5), (folder / "plain.mp4", 10, 20, 30.0)])
    library.save_durations([(folder / os.fsdecode(b"\xff.avi"), 1, 2, 5.0)])
    assert library.cached_duration(odd, 10, 20) == 61.5
    assert library.cached_duration(folder / "plain.mp4", 10, 20) == 30.0
    assert library.cached_duration(folder / os.fsdecode(b"\xff.avi"), 1, 2) == 5.0


def test_undecodable_clips_and_shows_stay_hidden(store: Store, folder: Path) -> None:
    library = LibraryState(store, FakeClock())
    clip = Clip(folder / os.fsdecode(b"caf\xe9.mp4"), "Caf\ufffd", None, 0.0, 60.0)
    library.set_clip_hidden(clip.key, True)
    library.set_clip_hidden(str(folder / "plain.mp4"), True)
    library.set_show_hidden(os.fsdecode(b"Sh\xf6w"), True)
    assert library.hidden_clip_keys() == {clip.key, str(folder / "plain.mp4")}
    assert library.hidden_shows() == {os.fsdecode(b"Sh\xf6w")}
    library.set_clip_hidden(clip.key, False)
    library.set_show_hidden(os.fsdecode(b"Sh\xf6w"), False)
    assert library.hidden_clip_keys() == {str(folder / "plain.mp4")}
    assert library.hidden_shows() == frozenset()


def test_undecodable_clips_are_remembered_by_the_shuffle(store: Store, folder: Path) -> None:
    library = LibraryState(store, FakeClock())
    odd = Clip(folder / os.fsdecode(b"caf\xe9.mp4"), "Caf\ufffd")
    memory = library.shuffle_memory()
    memory.mark_shown(odd.key)
    memory.mark_shown("plain")
    assert library.shuffle_memory().seen_keys() == {odd.key, "plain"}  # read from the store


def test_a_damaged_escaped_row_fails_the_read(tmp_path: Path, store: Store) -> None:
    """Failing is safer than an empty set, which would show every hidden clip."""
    library = LibraryState(store, FakeClock())
    library.set_clip_hidden(os.fsdecode(b"/v/caf\xe9.mp4"), True)
    raw = sqlite3.connect(state_path(tmp_path))
    raw.execute("UPDATE hidden_clips SET clip_key = ?", (MARKER + "***",))
    raw.commit()
    raw.close()
    with pytest.raises(StoreReadError, match="hidden clips"):
        library.hidden_clip_keys()
