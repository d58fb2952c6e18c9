"""The engine: a plain sentence when libvlc is missing, frame sizes that fit the box, and the
maximum volume every player holds to."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app.gui_thread import GuiThread
from kiosk.media.vlc.engine import MediaUnavailable, VlcEngine
from kiosk.media.vlc.frames import fit_in_box
from tests.i18n.pseudo import speaking_pseudo, unmarked

REPO = Path(__file__).resolve().parents[3]

TRY_ENGINE = """
from kiosk.media.vlc.engine import MediaUnavailable, VlcEngine
try:
    VlcEngine(["--aout=adummy"]).release()
except MediaUnavailable as missing:
    print(missing)
    raise SystemExit(7)
print("started")
"""


def try_engine(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", TRY_ENGINE],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
    )


def test_engine_starts_with_libvlc_present() -> None:
    done = try_engine()
    assert (done.returncode, done.stdout.strip()) == (0, "started"), done.stderr


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        # python-vlc calls sys.exit(1) when this names a file that is not there.
        ({"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"}, "libvlc is not installed"),
        # A library that loads but is not libvlc: python-vlc finds none of its functions.
        ({"PYTHON_VLC_LIB_PATH": "libm.so.6"}, "libvlc is not installed"),
    ],
)
def test_missing_libvlc_is_one_plain_sentence(env: dict[str, str], sentence: str) -> None:
    done = try_engine(**env)
    assert done.returncode == 7, done.stdout + done.stderr
    message = done.stdout.strip()
    assert message.startswith(sentence)
    assert "libvlc5 and vlc-plugin-base" in message
    assert message.count(".") == 1 and message.endswith(".")
    assert "Traceback" not in done.stderr


def test_an_instance_libvlc_refuses_is_one_plain_sentence() -> None:
    # libvlc_new returns NULL (python-vlc: None) for a broken plugin set or an unknown option.
    with pytest.raises(MediaUnavailable, match=r"^libvlc could not start: .*vlc-plugin-base\.$"):
        VlcEngine(["--no-such-option-in-any-vlc"])


def test_why_libvlc_cannot_start_is_worded_for_the_parents_language() -> None:
    with speaking_pseudo(), pytest.raises(MediaUnavailable) as refused:
        VlcEngine(["--no-such-option-in-any-vlc"])
    assert "libvlc could not start" in str(refused.value)
    assert unmarked(str(refused.value)) == []


@pytest.mark.parametrize(
    ("source", "box", "expected"),
    [
        ((1080, 1920), (360, 640), (360, 640)),
        ((1920, 1080), (360, 640), (360, 202)),
        ((180, 320), (360, 640), (360, 640)),
        ((640, 480), (360, 640), (360, 270)),
        ((1080, 1920), (0, 0), (1080, 1920)),
        ((1, 1000), (360, 640), (1, 640)),
    ],
)
def test_fit_in_box_keeps_the_aspect(
    source: tuple[int, int], box: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert fit_in_box(source, box) == expected


def test_engine_reports_its_libvlc_version() -> None:
    engine = VlcEngine(["--aout=adummy"])
    try:
        assert engine.version.startswith("3.")
    finally:
        engine.release()
    with pytest.raises(RuntimeError):
        engine.new_player(lambda fn: None)


# Frees one big block, then asks for a smaller one, and says whether glibc mapped it on its own
# (mallinfo2's hblkhd: the bytes in such mappings). With glibc's own rule, the freed 16 MiB
# raises the threshold, and the 12 MiB block comes from a heap, where freed holes pile up. The
# sizes are larger than any hole loading libvlc leaves (about 9 MiB here), which would serve the
# block from the heap under any threshold.
BIG_BLOCK_AFTER_A_FREE = """
import ctypes, sys
if sys.argv[1] == "engine":
    from kiosk.media.vlc.engine import VlcEngine
    VlcEngine(["--aout=adummy"]).release()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split())]
libc.mallinfo2.restype = Info
libc.free(libc.malloc(16 << 20))
before = libc.mallinfo2().hblkhd
block = libc.malloc(12 << 20)
print("own mapping" if libc.mallinfo2().hblkhd - before >= 12 << 20 else "heap")
libc.free(block)
"""


def big_block_after_a_free(with_engine: bool) -> str:
    result = subprocess.run(
        [sys.executable, "-c", BIG_BLOCK_AFTER_A_FREE, "engine" if with_engine else "bare"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's mmap threshold exists only on Linux with glibc",
)
def test_with_the_engine_a_freed_picture_buffer_never_moves_later_ones_into_the_heap() -> None:
    assert big_block_after_a_free(with_engine=False) == "heap"  # glibc's own rule, here
    assert big_block_after_a_free(with_engine=True) == "own mapping"


def test_the_maximum_volume_caps_every_player_at_once_and_from_then_on(
    engine: VlcEngine, gui_thread: GuiThread
) -> None:
    playing = engine.new_player(gui_thread.post)
    playing.set_volume(90)
    assert playing.volume == 90
    engine.set_max_volume(50)
    assert playing.volume == 50  # a player already made holds to the new cap at once
    later = engine.new_player(gui_thread.post)
    later.set_volume(80)
    assert later.volume == 50
    later.set_volume(40)
    assert later.volume == 40
    engine.set_max_volume(100)
    assert (playing.volume, later.volume) == (90, 40)  # the cap lifted: what was asked for
