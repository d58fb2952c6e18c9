"""Is this file a video? Decided from its first bytes only, never by decoding it, so that a scan
of thousands of files on a slow disk costs one small read each. A truncated but well-started file
passes here, and the player's watchdog catches it later. The answer is a reason to skip the file
in plain words, for `kiosk check` to show a parent, or None for a file that looks like a video.
"""

from __future__ import annotations

import codecs
import os

from kiosk.core.i18n import _
from kiosk.core.os_errors import unreadable

__all__ = ["is_video_container", "sniff"]

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


def sniff(path: str) -> str | None:
    """None if the file starts like a video container, or why it is not a video."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        return unreadable(err)
    try:
        head = os.read(fd, _SNIFF_BYTES)
    except OSError as err:
        return unreadable(err)
    finally:
        os.close(fd)
    if not head:
        return _("empty file (0 bytes)")
    if is_video_container(head):
        return None
    if _looks_like_text(head):
        return _("not a video: it holds text, such as a saved web page")
    return _("not a video: its contents are not a known video container")


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
