"""Real clips for tests, made with ffmpeg: solid colours with a tone, and broken files.

Clips are cached per test session by their recipe, since ffmpeg is the slow part.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

FFMPEG = shutil.which("ffmpeg")


def _run_ffmpeg(args: list[str], out: Path) -> Path:
    if FFMPEG is None:
        raise RuntimeError("ffmpeg is not installed: scripts/test installs it with apt-get")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *args, str(out)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return out


def solid_clip(
    out: Path,
    color: str,
    *,
    seconds: float = 3.0,
    size: tuple[int, int] = (180, 320),
    fps: int = 25,
    tone_hz: int | None = 440,
) -> Path:
    """A clip of one colour (ffmpeg colour name or 0xRRGGBB), H.264 + AAC in the container of `out`."""
    w, h = size
    args = ["-f", "lavfi", "-i", f"color=c={color}:s={w}x{h}:r={fps}:d={seconds}"]
    if tone_hz is not None:
        args += ["-f", "lavfi", "-i", f"sine=frequency={tone_hz}:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(fps)]
    if tone_hz is not None:
        args += ["-c:a", "aac", "-b:a", "48k", "-shortest"]
    return _run_ffmpeg(args, out)


def colour_steps_clip(
    out: Path,
    colors: list[str],
    *,
    step_seconds: float = 2.0,
    size: tuple[int, int] = (180, 320),
    fps: int = 25,
) -> Path:
    """A clip that shows each colour for `step_seconds` in turn: red 0-2 s, green 2-4 s, ..."""
    w, h = size
    args: list[str] = []
    for color in colors:
        args += ["-f", "lavfi", "-i", f"color=c={color}:s={w}x{h}:r={fps}:d={step_seconds}"]
    inputs = "".join(f"[{i}:v]" for i in range(len(colors)))
    args += ["-filter_complex", f"{inputs}concat=n={len(colors)}:v=1:a=0[v]", "-map", "[v]"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(fps)]
    return _run_ffmpeg(args, out)


def audio_only_clip(out: Path, *, seconds: float = 2.0, tone_hz: int = 440) -> Path:
    """A tone with no video stream, in the container of `out`: a song saved as ".mp4"."""
    args = ["-f", "lavfi", "-i", f"sine=frequency={tone_hz}:duration={seconds}"]
    return _run_ffmpeg([*args, "-c:a", "aac", "-b:a", "48k"], out)


def empty_file(out: Path) -> Path:
    """A 0-byte file with a video extension."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(b"")
    return out


def text_as_video(out: Path) -> Path:
    """A text file wearing a video extension."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("this is not a video, just some words\n" * 20)
    return out


def truncated_clip(out: Path, source: Path, keep_fraction: float = 0.3) -> Path:
    """The first part of a real clip, as a partial copy would leave it (no moov atom for MP4)."""
    data = source.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data[: max(1, int(len(data) * keep_fraction))])
    return out


class ClipCache:
    """Makes each recipe once per test session and copies it where a test wants it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def solid(self, out: Path, color: str, **kwargs: object) -> Path:
        recipe = f"solid:{color}:{sorted(kwargs.items())}:{out.suffix}"
        return self._cached(recipe, out, lambda p: solid_clip(p, color, **kwargs))  # type: ignore[arg-type]

    def steps(self, out: Path, colors: list[str], **kwargs: object) -> Path:
        recipe = f"steps:{colors}:{sorted(kwargs.items())}:{out.suffix}"
        return self._cached(recipe, out, lambda p: colour_steps_clip(p, colors, **kwargs))  # type: ignore[arg-type]

    def audio_only(self, out: Path, **kwargs: object) -> Path:
        recipe = f"audio:{sorted(kwargs.items())}:{out.suffix}"
        return self._cached(recipe, out, lambda p: audio_only_clip(p, **kwargs))  # type: ignore[arg-type]

    def _cached(self, recipe: str, out: Path, make: object) -> Path:
        digest = hashlib.sha1(recipe.encode()).hexdigest()[:16]
        master = self.root / f"{digest}{out.suffix}"
        if not master.exists():
            make(master)  # type: ignore[operator]
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(master, out)
        return out


#: The kinds `broken_file` makes: files the kiosk must read as "no video".
BROKEN_KINDS = ("truncated", "text", "empty", "missing", "folder", "audio only")


def broken_file(kind: str, folder: Path, clip_cache: ClipCache) -> Path:
    """A path in `folder` that looks like a clip and is not one, of `kind` (see BROKEN_KINDS)."""
    path = folder / "broken.mp4"
    if kind == "truncated":
        truncated_clip(path, clip_cache.solid(folder / "whole.mp4", "red"))
    elif kind == "text":
        text_as_video(path)
    elif kind == "empty":
        empty_file(path)
    elif kind == "folder":
        path.mkdir(parents=True)
    elif kind == "audio only":
        clip_cache.audio_only(path, seconds=1.0)
    elif kind != "missing":
        raise ValueError(f"kind '{kind}' is not one of {', '.join(BROKEN_KINDS)}")
    return path
