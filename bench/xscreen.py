"""A private Xvfb screen for the benchmarks that need a real X server, and one pixel read from it.

Qt's offscreen platform flushes no pixels anywhere, so painting looks cheaper there than on a
screen; `bench_start.py` and `bench_idle.py` run the kiosk on a real (virtual) X server instead.
`XScreen.pid` is the server's process, so a benchmark can count the CPU the server spends
putting the app's pixels on screen as well as the app's own (`cpu_seconds`).
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

SCREEN = (1080, 1920)


@dataclass(frozen=True)
class XScreen:
    display: str
    pid: int


@contextmanager
def xvfb(size: tuple[int, int] = SCREEN) -> Iterator[XScreen]:
    """A private X screen (24-bit, black root, found with -displayfd) for the whole run."""
    program = shutil.which("Xvfb")
    if program is None or shutil.which("xdotool") is None:
        raise SystemExit("Xvfb and xdotool are needed (Debian: xvfb xdotool)")
    read_fd, write_fd = os.pipe()
    geometry = f"{size[0]}x{size[1]}x24"
    server = subprocess.Popen(
        [program, "-displayfd", str(write_fd), "-screen", "0", geometry, "-br", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        if not number:
            raise SystemExit("Xvfb did not start")
        yield XScreen(f":{number}", server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


class ScreenPixel:
    """Reads one pixel of the X screen (root window, with every window drawn on it)."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
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
        self._x11 = x11
        self._display = x11.XOpenDisplay(display.encode())
        if not self._display:
            raise SystemExit(f"cannot open X display {display}")
        self._root = x11.XDefaultRootWindow(self._display)

    def rgb(self, x: int, y: int) -> tuple[int, int, int]:
        all_planes, z_pixmap = 0xFFFFFFFF, 2
        image = self._x11.XGetImage(self._display, self._root, x, y, 1, 1, all_planes, z_pixmap)
        try:
            value = self._x11.XGetPixel(image, 0, 0)
        finally:
            self._x11.XDestroyImage(image)
        return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)


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
    """utime + stime of every thread of process `pid` so far, in seconds (from /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
