#!/usr/bin/env python3
"""Draws the Teams app icons (no image libraries needed): color.png 192x192 (a white handoff arrow
between two dots on the accent colour) and outline.png 32x32 (the same mark, white on transparent)."""
import struct
import zlib


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows, 9)))
        f.write(chunk(b"IEND", b""))


def mark(u, v):
    """True where the mark is, in unit coordinates (0..1): two dots joined by an arrow."""
    def dot(cx, cy, r):
        return (u - cx) ** 2 + (v - cy) ** 2 <= r * r
    shaft = 0.30 <= u <= 0.62 and abs(v - 0.5) <= 0.06
    head = 0.58 <= u <= 0.74 and abs(v - 0.5) <= (0.74 - u) * 0.9
    return dot(0.22, 0.5, 0.12) or dot(0.82, 0.5, 0.09) or shaft or head


ACCENT = (0x2E, 0x6B, 0xE6, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)

png("color.png", 192, lambda x, y, s: WHITE if mark((x + 0.5) / s, (y + 0.5) / s) else ACCENT)
png("outline.png", 32, lambda x, y, s: WHITE if mark((x + 0.5) / s, (y + 0.5) / s) else CLEAR)
