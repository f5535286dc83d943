"""Regenerate the sample edition's placeholder photos (stdlib only, no Pillow).

    python -m antd_tui.sample.make_images

Scans the edition's pages and feeds for ``{{BASE}}/images/...`` references and
writes every image they name: ``images/w800/*.jpg`` at 320x200 and
``images/orig/*.jpg`` at 480x300 (the "larger rendition" a reader may swap in),
plus the 1x1 ``images/blank.gif`` that lazy images use as their ``src``. Each
picture is a soft gradient "scene" (sky, ground, a sun, a few blocks) whose
colours come from a hash of the file name, so the output is deterministic and
every photo looks different. The encoder is a minimal baseline JPEG writer
(YCbCr 4:2:0, fixed Huffman tables); the files are a few KB each.
"""

from __future__ import annotations

import hashlib
import math
import re
import struct
import sys
from pathlib import Path

EDITION = Path(__file__).resolve().parent / "edition"
SIZES = {"w800": (320, 200), "orig": (480, 300)}
_REF = re.compile(r"\{\{BASE\}\}/images/([A-Za-z0-9_./-]+\.jpg)")

# --- baseline JPEG encoder ---------------------------------------------------

_ZIGZAG = sorted(range(64), key=lambda i: (i // 8 + i % 8,
                                           (i % 8) if (i // 8 + i % 8) % 2 == 0 else (i // 8)))
_LUMA_Q = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
           14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
           18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
           49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
_CHROMA_Q = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
             24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32

_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))
_AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
_AC_VALS = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61,
    0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52,
    0xD1, 0xF0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25,
    0x26, 0x27, 0x28, 0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45,
    0x46, 0x47, 0x48, 0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64,
    0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83,
    0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
    0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6,
    0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3,
    0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8,
    0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA,
]
# Every run/size symbol plus EOB and ZRL, each once: the table is a valid prefix code.
assert sorted(_AC_VALS) == sorted([0x00, 0xF0] + [(r << 4) | s for r in range(16)
                                                  for s in range(1, 11)])
assert sum(_AC_BITS) == len(_AC_VALS) and sum(_DC_BITS) == len(_DC_VALS)


def _codes(bits: list[int], vals: list[int]) -> dict[int, tuple[int, int]]:
    table: dict[int, tuple[int, int]] = {}
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            table[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return table


_DC = _codes(_DC_BITS, _DC_VALS)
_AC = _codes(_AC_BITS, _AC_VALS)
_COS = [[(math.sqrt(0.5) if u == 0 else 1.0) * 0.5 * math.cos((2 * x + 1) * u * math.pi / 16)
         for x in range(8)] for u in range(8)]


def _scaled(q: list[int], quality: int) -> list[int]:
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (v * scale + 50) // 100)) for v in q]


class _Bits:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, code: int, length: int) -> None:
        self.acc = (self.acc << length) | code
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)
        self.acc &= (1 << self.n) - 1

    def flush(self) -> bytes:
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)
        return bytes(self.out)


def _block(bits: _Bits, block: list[float], q: list[int], prev_dc: int) -> int:
    rows = [[sum(_COS[u][x] * block[y * 8 + x] for x in range(8)) for u in range(8)]
            for y in range(8)]
    coef = [0] * 64
    for v in range(8):
        cv = _COS[v]
        for u in range(8):
            i = v * 8 + u
            coef[i] = round(sum(cv[y] * rows[y][u] for y in range(8)) / q[i])
    zz = [coef[i] for i in _ZIGZAG]
    diff = zz[0] - prev_dc
    size = abs(diff).bit_length()
    bits.put(*_DC[size])
    if size:
        bits.put(diff if diff > 0 else diff + (1 << size) - 1, size)
    run = 0
    for value in zz[1:]:
        if value == 0:
            run += 1
            continue
        while run > 15:
            bits.put(*_AC[0xF0])
            run -= 16
        size = abs(value).bit_length()
        bits.put(*_AC[(run << 4) | size])
        bits.put(value if value > 0 else value + (1 << size) - 1, size)
        run = 0
    if run:
        bits.put(*_AC[0x00])
    return zz[0]


def encode_jpeg(width: int, height: int, rgb: list[tuple[int, int, int]], quality: int = 70) -> bytes:
    """Baseline JPEG of ``rgb`` (row-major list of (r, g, b) tuples)."""
    lq, cq = _scaled(_LUMA_Q, quality), _scaled(_CHROMA_Q, quality)
    pw, ph = -(-width // 16) * 16, -(-height // 16) * 16

    def px(x: int, y: int) -> tuple[int, int, int]:
        return rgb[min(y, height - 1) * width + min(x, width - 1)]

    ys: list[list[float]] = [[0.0] * pw for _ in range(ph)]
    cb: list[list[float]] = [[0.0] * (pw // 2) for _ in range(ph // 2)]
    cr: list[list[float]] = [[0.0] * (pw // 2) for _ in range(ph // 2)]
    for y in range(ph):
        for x in range(pw):
            r, g, b = px(x, y)
            ys[y][x] = 0.299 * r + 0.587 * g + 0.114 * b - 128
    for y in range(ph // 2):
        for x in range(pw // 2):
            acc_b = acc_r = 0.0
            for dy in (0, 1):
                for dx in (0, 1):
                    r, g, b = px(2 * x + dx, 2 * y + dy)
                    acc_b += -0.168736 * r - 0.331264 * g + 0.5 * b
                    acc_r += 0.5 * r - 0.418688 * g - 0.081312 * b
            cb[y][x], cr[y][x] = acc_b / 4, acc_r / 4

    def grab(plane: list[list[float]], x0: int, y0: int) -> list[float]:
        return [plane[y0 + j][x0 + i] for j in range(8) for i in range(8)]

    bits = _Bits()
    dc = [0, 0, 0]
    for my in range(0, ph, 16):
        for mx in range(0, pw, 16):
            for oy, ox in ((0, 0), (0, 8), (8, 0), (8, 8)):
                dc[0] = _block(bits, grab(ys, mx + ox, my + oy), lq, dc[0])
            dc[1] = _block(bits, grab(cb, mx // 2, my // 2), cq, dc[1])
            dc[2] = _block(bits, grab(cr, mx // 2, my // 2), cq, dc[2])
    scan = bits.flush()

    def seg(marker: int, payload: bytes) -> bytes:
        return struct.pack(">HH", marker, len(payload) + 2) + payload

    out = bytearray(b"\xff\xd8")
    out += seg(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += seg(0xFFDB, b"\x00" + bytes(lq[i] for i in _ZIGZAG)
               + b"\x01" + bytes(cq[i] for i in _ZIGZAG))
    out += seg(0xFFC0, struct.pack(">BHHB", 8, height, width, 3)
               + b"\x01\x22\x00" + b"\x02\x11\x01" + b"\x03\x11\x01")
    out += seg(0xFFC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS)
               + b"\x10" + bytes(_AC_BITS) + bytes(_AC_VALS))
    out += seg(0xFFDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00")
    out += scan + b"\xff\xd9"
    return bytes(out)


# --- scenes --------------------------------------------------------------------

def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    t = min(1.0, max(0.0, t))
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def _hsv(h: float, s: float, v: float) -> tuple[int, int, int]:
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    r, g, b = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return round(r * 255), round(g * 255), round(b * 255)


def scene(name: str, width: int, height: int) -> list[tuple[int, int, int]]:
    """A deterministic picture for ``name``: the same name gives the same scene at any size."""
    h = hashlib.sha256(name.encode()).digest()
    hue = h[0] / 255
    sky_top = _hsv(hue, 0.55, 0.55 + h[1] / 1000)
    sky_low = _hsv((hue + 0.08) % 1, 0.25, 0.95)
    ground = _hsv((hue + 0.35 + h[2] / 2550) % 1, 0.5, 0.45)
    horizon = 0.55 + (h[3] / 255) * 0.2
    sun_x, sun_y, sun_r = 0.15 + h[4] / 255 * 0.7, 0.2 + h[5] / 255 * 0.2, 0.06 + h[6] / 255 * 0.06
    sun = _hsv((hue + 0.5) % 1, 0.35, 1.0)
    blocks = []
    for k in range(3 + h[7] % 4):
        x0 = h[8 + k] / 255
        blocks.append((x0, x0 + 0.06 + h[14 + k] / 255 * 0.12, horizon - 0.1 - h[20 + k] / 255 * 0.3,
                       _hsv((hue + 0.6 + k * 0.05) % 1, 0.3, 0.3 + h[26 + k] / 255 * 0.4)))
    pixels = []
    for y in range(height):
        fy = y / height
        for x in range(width):
            fx = x / width
            if fy < horizon:
                colour = _mix(sky_top, sky_low, fy / horizon)
                d = math.hypot((fx - sun_x) * width / height, fy - sun_y)
                if d < sun_r:
                    colour = _mix(sun, colour, (d / sun_r) ** 4)
            else:
                colour = _mix(ground, (20, 20, 20), (fy - horizon) / (1 - horizon) * 0.7)
            for x0, x1, top, c in blocks:
                if x0 <= fx <= x1 and top <= fy < horizon:
                    colour = _mix(c, colour, 0.15)
            pixels.append(colour)
    return pixels


BLANK_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
             b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def referenced(edition: Path = EDITION) -> set[str]:
    names: set[str] = set()
    for path in edition.rglob("*"):
        if path.suffix in (".antd", ".rss", ".html"):
            names.update(_REF.findall(path.read_text(encoding="utf-8")))
    return names


def main(edition: Path = EDITION) -> int:
    images = edition / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "blank.gif").write_bytes(BLANK_GIF)
    names = referenced(edition)
    # Every w800 photo gets its orig twin and vice versa (pages link both).
    stems = {n.split("/", 1)[1] for n in names if n.split("/", 1)[0] in SIZES}
    for stem in sorted(stems):
        for size, (w, h) in SIZES.items():
            target = images / size / stem
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(encode_jpeg(w, h, scene(stem, w, h)))
    print(f"wrote {len(stems) * len(SIZES)} photos and blank.gif under {images}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
