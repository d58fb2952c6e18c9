"""A private X screen for the benchmarks that measure what reaches a real display: Xvfb, read
and driven from outside the app through libX11 and libXtst (ctypes, no extra package).

Qt's offscreen platform flushes nothing anywhere, so painting looks cheaper there than on a
screen; these benchmarks put the app on Xvfb instead and look at the screen's own pixels
(`XGetImage` on the root window), the way a person's eyes would. `bench_start.py`,
`bench_playback.py` and `bench_latency.py` share it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_ALL_PLANES = 0xFFFFFFFF
_Z_PIXMAP = 2
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class XServer:
    display: str
    pid: int


@contextmanager
def xvfb(size: tuple[int, int], *, cpus: str | None = None) -> Iterator[XServer]:
    """A private Xvfb screen of `size` (24-bit, black root), pinned to `cpus` if given."""
    program = shutil.which("Xvfb")
    if program is None:
        raise SystemExit("Xvfb is needed (Debian: xvfb)")
    read_fd, write_fd = os.pipe()
    screen = f"{size[0]}x{size[1]}x24"
    command = [program, "-displayfd", str(write_fd), "-screen", "0", screen, "-br"]
    command += ["-nolisten", "tcp"]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    server = subprocess.Popen(
        command, pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        if not number:
            raise SystemExit("Xvfb did not start")
        yield XServer(f":{number}", server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def app_env(
    display: str, home: os.PathLike[str] | str, pycache: os.PathLike[str] | str | None = None
) -> dict[str, str]:
    """The environment of an app on `display`, with its own XDG folders under `home`.

    With `pycache`, Python keeps its compiled bytecode there (PYTHONPYCACHEPREFIX), even where
    the caller's environment says not to write any: an installed kiosk starts from compiled
    files, and a benchmark that compiled every module at every start would time the compiler.
    """
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = os.path.join(home, name.lower())
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.fspath(pycache)
    return env


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        # The command name may hold spaces; the fields after its closing parenthesis do not.
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _library(name: str, fallback: str) -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library(name) or fallback)


class Screen:
    """One connection to the X screen: its pixels, a synthetic keyboard and pointer (XTest),
    and bare windows for a native peer to draw into."""

    def __init__(self, display: str) -> None:
        x11 = _library("X11", "libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XGetImage.restype = ctypes.c_void_p
        x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int]
        x11.XGetImage.argtypes += [ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x11.XGetPixel.restype = ctypes.c_ulong
        x11.XGetPixel.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        x11.XDestroyImage.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCreateSimpleWindow.restype = ctypes.c_ulong
        x11.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XCreateSimpleWindow.argtypes += [ctypes.c_int] * 2 + [ctypes.c_uint] * 3
        x11.XCreateSimpleWindow.argtypes += [ctypes.c_ulong] * 2
        x11.XMapWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XDestroyWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        xtst = _library("Xtst", "libXtst.so.6")
        xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int]
        xtst.XTestFakeKeyEvent.argtypes += [ctypes.c_ulong]
        xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        xtst.XTestFakeMotionEvent.argtypes += [ctypes.c_int, ctypes.c_ulong]
        self._x11, self._xtst = x11, xtst
        self._display = x11.XOpenDisplay(display.encode())
        if not self._display:
            raise SystemExit(f"cannot open X display {display}")
        self._root = x11.XDefaultRootWindow(self._display)

    def rgb(self, x: int, y: int) -> tuple[int, int, int]:
        """The colour of one pixel as it is on the screen now (every window drawn on it)."""
        return self.row(x, y, 1)[0]

    def row(self, x: int, y: int, width: int) -> list[tuple[int, int, int]]:
        """The colours of `width` pixels from (x, y) to the right, in one request."""
        x11 = self._x11
        image = x11.XGetImage(self._display, self._root, x, y, width, 1, _ALL_PLANES, _Z_PIXMAP)
        if not image:
            raise RuntimeError(f"XGetImage failed at ({x}, {y})")
        try:
            values = [x11.XGetPixel(image, column, 0) for column in range(width)]
        finally:
            x11.XDestroyImage(image)
        return [((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF) for v in values]

    def press_key(self, name: str) -> None:
        """Press and release a key (an X keysym name, e.g. "Down"), sent at once."""
        code = self._x11.XKeysymToKeycode(self._display, self._x11.XStringToKeysym(name.encode()))
        self._xtst.XTestFakeKeyEvent(self._display, code, True, 0)
        self._xtst.XTestFakeKeyEvent(self._display, code, False, 0)
        self._x11.XFlush(self._display)

    def move_pointer(self, x: int, y: int) -> None:
        """Move the pointer (with no window manager, keyboard focus follows it)."""
        self._xtst.XTestFakeMotionEvent(self._display, 0, x, y, 0)
        self._x11.XSync(self._display, False)

    def new_window(self, width: int, height: int) -> int:
        """A bare, mapped top-level window at (0, 0): somewhere for a native player to draw."""
        window = int(
            self._x11.XCreateSimpleWindow(self._display, self._root, 0, 0, width, height, 0, 0, 0)
        )
        self._x11.XMapWindow(self._display, window)
        self._x11.XSync(self._display, False)
        return window

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)
