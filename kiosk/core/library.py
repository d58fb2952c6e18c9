"""The clip folder scan: walks the parent's folder to any depth and turns it into the clips the
feed may play, in natural order, with every file it leaves out and why, so that `kiosk check` can
tell a parent why a video they expected is missing. It decides from names and the first bytes of
each file only (no decoding): a truncated but well-started file passes here, and the player's
watchdog catches it later. Symlinks are followed, but a folder is never walked twice, so a link
loop is safe.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.clip import Clip
from kiosk.core.names import name_key, natural_key, readable_name

__all__ = [
    "PARTIAL_DOWNLOAD_SUFFIXES",
    "VIDEO_EXTENSIONS",
    "LibraryScan",
    "SkippedFile",
    "is_video_container",
    "natural_key",
    "scan_library",
]

VIDEO_EXTENSIONS = frozenset({"mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts"})
#: Lower-case suffixes browsers and download tools give a file until it is complete. Safari's
#: ".download" is a folder, so these apply to folders too.
PARTIAL_DOWNLOAD_SUFFIXES = frozenset(
    {".part", ".crdownload", ".download", ".partial", ".!qb", ".tmp"}
)
# Folders that an OS or a disk check puts at the top of a drive. A recycle bin holds videos the
# parent deleted: playing them would break the promise that only the parent's choice plays.
_SYSTEM_FOLDERS = {
    "$recycle.bin": "recycle bin: deleted files are never played",
    "recycler": "recycle bin: deleted files are never played",
    "system volume information": "system folder of Windows",
    "lost+found": "system folder: files recovered by a disk check",
}
_SUGGESTION = "(mp4, mkv, webm, ...)"
_CHOOSE = f"choose a folder of videos {_SUGGESTION}"
# Enough for the MPEG-TS check (sync bytes at 0, 188 and 376) and one disk block at most.
_SNIFF_BYTES = 512
_TS_PACKET = 188
_ISO_BMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    | getattr(os, "O_CLOEXEC", 0)
    # A FIFO that turned up between the listing and the open must not block the scan forever.
    | getattr(os, "O_NONBLOCK", 0)
)


@dataclass(frozen=True)
class SkippedFile:
    """A file or folder the scan left out, with a short plain sentence saying why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class LibraryScan:
    """The outcome of a scan. `problem` is one friendly sentence when the library is unusable."""

    folder: Path
    clips: list[Clip] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    problem: str | None = None


def scan_library(folder: Path) -> LibraryScan:
    """Scan `folder` for clips. Never raises for anything found on disk: it reports instead."""
    root = Path(os.path.abspath(folder))
    try:
        root_stat = os.stat(root)
        if not stat.S_ISDIR(root_stat.st_mode):
            return LibraryScan(
                root, problem=f"The clip folder {root} is a file, not a folder: {_CHOOSE}"
            )
        root_entries = _list(str(root))
    except FileNotFoundError:
        return LibraryScan(root, problem=f"The clip folder {root} does not exist: {_CHOOSE}")
    except OSError as err:
        why = "permission denied" if isinstance(err, PermissionError) else _error_text(err)
        return LibraryScan(
            root,
            problem=f"The clip folder {root} cannot be read ({why}): "
            "choose a folder that this user can read",
        )

    walk = _Walk(root_stat)
    walk.run(root, root_entries)
    problem = None
    if not walk.clips and not walk.skipped:
        problem = f"The clip folder {root} is empty: put some videos in it {_SUGGESTION}"
    elif not walk.clips:
        problem = (
            f"The clip folder {root} has no playable clips: put some videos in it "
            f"{_SUGGESTION}; each file it holds now is listed with the reason it was skipped"
        )
    return LibraryScan(root, walk.clips, walk.skipped, problem)


class _Walk:
    """One scan: a depth-first walk that visits each folder's entries in natural order.

    Since every folder's entries are sorted and a folder's contents are visited in its place,
    clips and skipped files come out in natural order of their paths with no sort at the end.
    """

    def __init__(self, root_stat: os.stat_result) -> None:
        self.clips: list[Clip] = []
        self.skipped: list[SkippedFile] = []
        # Every folder entered, by (st_dev, st_ino), with the path it was first reached by (""
        # for the root). This is what makes link loops safe, and it also catches NTFS junctions
        # and bind mounts, which do not look like symlinks.
        self._visited: dict[tuple[int, int], str] = {_identity(root_stat): ""}
        # The folders being walked, innermost last: (entries left, the folder, its show, is it
        # the root). A stack rather than recursion, so a deep tree cannot hit the recursion limit.
        self._stack: list[tuple[Iterator[os.DirEntry[str]], Path, str | None, bool]] = []

    def run(self, root: Path, root_entries: list[os.DirEntry[str]]) -> None:
        self._stack.append((iter(root_entries), root, None, True))
        while self._stack:
            entries, folder, show, in_root = self._stack[-1]
            entry = next(entries, None)
            if entry is None:
                self._stack.pop()
                continue
            # folder / name, not Path(entry.path): joining skips parsing the whole path again,
            # which is a fair share of the time a scan of thousands of files takes.
            path = folder / entry.name
            reason = self._visit(entry, path, show, in_root)
            if reason is not None:
                self.skipped.append(SkippedFile(path, reason))

    def _visit(
        self, entry: os.DirEntry[str], path: Path, show: str | None, in_root: bool
    ) -> str | None:
        """Keep a clip or enter a folder and return None, or say why the entry is skipped."""
        name = entry.name
        stem, extension = os.path.splitext(name)
        extension = extension.lower()
        if name.startswith("._"):
            return "macOS AppleDouble file"
        if name.startswith("."):
            return "hidden folder" if _is_dir_quietly(entry) else "hidden file"
        if extension in PARTIAL_DOWNLOAD_SUFFIXES:
            return "partial download"

        # d_type from the listing answers "folder or file?" for free, except for a symlink,
        # which needs one stat to learn what it points at.
        try:
            if entry.is_symlink():
                target = os.stat(entry.path)
                is_dir, is_file = stat.S_ISDIR(target.st_mode), stat.S_ISREG(target.st_mode)
            else:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=False)
        except FileNotFoundError:
            return "broken link: what it points to does not exist"
        except OSError as err:
            return "symlink loop" if err.errno == errno.ELOOP else _unreadable(err)

        if is_dir:
            # A first-level sub-folder is a show; deeper folders belong to the show above them.
            return self._enter(entry, path, readable_name(name) if in_root else show)
        if extension[1:] not in VIDEO_EXTENSIONS:
            return "not a video file type"
        if not is_file:
            return "not a regular file (a device, pipe or socket)"
        reason = _sniff(entry.path)
        if reason is None:
            self.clips.append(Clip(path, readable_name(stem), show))
        return reason

    def _enter(self, entry: os.DirEntry[str], path: Path, show: str | None) -> str | None:
        system_reason = _SYSTEM_FOLDERS.get(entry.name.casefold())
        if system_reason is not None:
            return system_reason
        try:
            identity = _identity(os.stat(entry.path))
            first_path = self._visited.get(identity)
            if first_path is None:
                entries = _list(entry.path)
        except OSError as err:
            return _unreadable(err)
        if first_path is not None:
            if first_path == "" or entry.path.startswith(first_path.rstrip(os.sep) + os.sep):
                return "symlink loop: it leads back to a folder that contains it"
            return f"same folder as {first_path}, which is already scanned"
        self._visited[identity] = entry.path
        self._stack.append((iter(entries), path, show, False))
        return None


def _list(path: str) -> list[os.DirEntry[str]]:
    with os.scandir(path) as listing:
        return sorted(listing, key=lambda entry: name_key(entry.name))


def _sniff(path: str) -> str | None:
    """None if the file starts like a video container, or why it is not a video."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        return _unreadable(err)
    try:
        head = os.read(fd, _SNIFF_BYTES)
    except OSError as err:
        return _unreadable(err)
    finally:
        os.close(fd)
    if not head:
        return "empty file (0 bytes)"
    if is_video_container(head):
        return None
    if _looks_like_text(head):
        return "not a video: it holds text, such as a saved web page"
    return "not a video: its contents are not a known video container"


def is_video_container(head: bytes) -> bool:
    """True if `head`, the first bytes of a file, start like a container libvlc plays.

    The content decides, not the extension: libvlc picks its demuxer by content too, so an
    ".mp4" that really holds Matroska plays fine and is kept.
    """
    if len(head) >= 8 and head[4:8] in _ISO_BMFF_BOXES:
        return True  # ISO-BMFF (mp4, m4v, mov); old QuickTime may start without "ftyp"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return True  # EBML: Matroska and WebM
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return True
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return True  # MPEG program stream, or a bare MPEG-1/2 video stream
    if len(head) > 2 * _TS_PACKET and all(
        byte == 0x47 for byte in head[: 3 * _TS_PACKET : _TS_PACKET]
    ):
        # MPEG-TS: a sync byte at the start of every 188-byte packet. 0x47 is also "G", so a
        # text file may well have it at 0 and 188: three in a row are required.
        return True
    # Containers outside the extension list that a mislabelled file may still hold.
    return head.startswith(
        (b"OggS", b"FLV\x01", b"\x30\x26\xb2\x75\x8e\x66\xcf\x11")  # Ogg, Flash, ASF/WMV
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # Incremental, so that a character cut off at the end of the sample is not an error.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return all(char.isprintable() or char.isspace() for char in text)


def _is_dir_quietly(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _unreadable(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {_error_text(err)}"


def _error_text(err: OSError) -> str:
    return (err.strerror or str(err)).lower()
