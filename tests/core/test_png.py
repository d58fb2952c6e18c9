"""The PNG encoder: a file any reader accepts, with the pixels it was given.

The reader below is written from the PNG specification (chunks, CRCs, IHDR, zlib, filter 0), so
the test does not trust the encoder's own idea of the format; tests/media reads the thumbnails
back with Qt as well.
"""

from __future__ import annotations

import struct
import zlib

import pytest

from kiosk.core.png import encode_png

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, colour type, pixels) of an 8-bit, unfiltered, non-interlaced PNG."""
    assert data[:8] == SIGNATURE
    chunks: list[tuple[bytes, bytes]] = []
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        offset += 12 + length
    assert offset == len(data), "bytes after the last chunk"
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    assert (depth, compression, filtering, interlace) == (8, 0, 0, 0)
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    row = 1 + width * channels
    assert len(raw) == row * height
    assert all(raw[y * row] == 0 for y in range(height)), "a row with a filter other than None"
    pixels = b"".join(raw[y * row + 1 : (y + 1) * row] for y in range(height))
    return width, height, colour, pixels


def gradient(width: int, height: int, channels: int) -> bytes:
    return bytes(
        (x * 7 + y * 13 + c * 101) % 256
        for y in range(height)
        for x in range(width)
        for c in range(channels)
    )


def test_rgb_pixels_come_back_as_they_went_in() -> None:
    pixels = gradient(17, 9, 3)
    assert read_png(encode_png(17, 9, pixels)) == (17, 9, 2, pixels)


def test_rgba_pixels_come_back_as_they_went_in() -> None:
    pixels = gradient(5, 12, 4)
    assert read_png(encode_png(5, 12, pixels, channels=4)) == (5, 12, 6, pixels)


def test_a_one_pixel_image() -> None:
    assert read_png(encode_png(1, 1, b"\x01\x02\x03")) == (1, 1, 2, b"\x01\x02\x03")


def test_a_memoryview_and_a_bytearray_are_accepted() -> None:
    pixels = gradient(4, 4, 3)
    assert encode_png(4, 4, memoryview(pixels)) == encode_png(4, 4, bytearray(pixels))


def test_a_flat_picture_compresses_well() -> None:
    pixels = b"\x10\x80\x20" * (320 * 180)
    assert len(encode_png(320, 180, pixels)) < len(pixels) // 50


@pytest.mark.parametrize(
    ("width", "height", "size", "channels", "message"),
    [
        (2, 2, 11, 3, "need 12 bytes, not 11"),
        (2, 2, 12, 4, "need 16 bytes, not 12"),
        (0, 2, 0, 3, "at least one pixel"),
        (2, -1, 0, 3, "at least one pixel"),
        (1, 1, 1, 1, "3 \\(RGB\\) or 4 \\(RGBA\\) channels"),
    ],
)
def test_a_buffer_that_does_not_match_is_refused(
    width: int, height: int, size: int, channels: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        encode_png(width, height, bytes(size), channels=channels)
