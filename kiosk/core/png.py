"""A small PNG encoder for 8-bit RGB or RGBA pixels, in pure Python over `zlib`.

Thumbnails are made on the media worker thread, and Qt's image writer must not run there: the
worker is plain Python and libvlc, so that no Qt object is ever touched off the GUI thread. PNG
is lossless and every image library reads it, and a writer for it fits in a page. Rows are
stored unfiltered (filter type 0): a per-byte filter in pure Python costs more time than the
bytes it saves are worth on a 320-pixel thumbnail.
"""

from __future__ import annotations

import struct
import zlib

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPES = {3: 2, 4: 6}  # bytes per pixel -> PNG colour type (2 = RGB, 6 = RGBA)
_FILTER_NONE = b"\x00"


def encode_png(
    width: int, height: int, pixels: bytes | bytearray | memoryview, *, channels: int = 3
) -> bytes:
    """A PNG file of `pixels`: rows top to bottom, `channels` bytes (RGB or RGBA) per pixel,
    with no padding between rows."""
    if channels not in _COLOUR_TYPES:
        raise ValueError(f"a PNG here has 3 (RGB) or 4 (RGBA) channels, not {channels}")
    if width < 1 or height < 1:
        raise ValueError(f"a PNG needs at least one pixel, not {width}x{height}")
    row_bytes = width * channels
    if len(pixels) != row_bytes * height:
        raise ValueError(
            f"{width}x{height} pixels of {channels} bytes need {row_bytes * height} bytes, "
            f"not {len(pixels)}"
        )
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPES[channels], 0, 0, 0)
    view = memoryview(pixels)
    rows = b"".join(
        _FILTER_NONE + view[start : start + row_bytes]
        for start in range(0, row_bytes * height, row_bytes)
    )
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows, 6)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)
