"""Bounded decompression of response bodies (gzip, deflate), and their wire hash.

The fetcher's body handling, kept apart from its request logic: a
compressed body is hashed as it arrives (``wire_hasher``), then decompressed
with ``BodyDecoder`` only if it changed, never past the size cap.
"""

from __future__ import annotations

import hashlib
import zlib

from antd_tui.core.errors import FetchError
from antd_tui.core.sanitize import clean_text


def mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


class BodyDecoder:
    """Bounded decompression of the raw body stream."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        enc = encoding.strip().lower()
        self.zlib: zlib._Decompress | None = None
        self.head = b""  # "deflate": the first bytes, until they tell zlib from raw DEFLATE
        if enc in ("", "identity"):
            self.compressed = False
        elif enc in ("gzip", "x-gzip"):
            self.compressed = True
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.compressed = True  # zlib-wrapped by the spec, raw DEFLATE from some servers
        else:
            raise FetchError(f"unsupported Content-Encoding {clean_text(encoding)[:40]!r}")
        self.parts: list[bytes] = []

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"response too large (over {mb(self.limit)} decoded)")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if not self.compressed:
            self._add(chunk)
            return
        data = chunk
        if self.zlib is None:  # deflate: a zlib header (RFC 1950) or raw DEFLATE?
            data = self.head = self.head + chunk
            if len(data) < 2:
                return
            wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self.zlib = zlib.decompressobj() if wrapped else zlib.decompressobj(-zlib.MAX_WBITS)
            self.head = b""
        while data:
            try:
                out = self.zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error as exc:
                raise FetchError(f"corrupt compressed body ({exc})") from None
            self._add(out)
            data = self.zlib.unconsumed_tail
            if self.zlib.eof:
                break

    def result(self) -> bytes:
        if self.head:
            raise FetchError("corrupt compressed body (cut off after its first byte)")
        if self.zlib is not None:
            try:
                self._add(self.zlib.flush())
            except zlib.error as exc:
                raise FetchError(f"corrupt compressed body ({exc})") from None
        return b"".join(self.parts)


def wire_hasher(encoding: str) -> hashlib._Hash:
    return hashlib.sha256(encoding.strip().lower().encode("ascii", "replace") + b"\0")


def wire_digest(encoding: str, wire: bytes) -> str:
    """Hash of a compressed body as received, with its Content-Encoding."""
    digest = wire_hasher(encoding)
    digest.update(wire)
    return digest.hexdigest()
