"""What a request and its answer are made of, apart from the wire: the URL
split for a request (IDNA host, percent-encoded target, Host header, Basic auth
from ``user:password@``), response headers, the response object the fetcher
reads, timeouts and the transport's errors (short, user-facing texts).
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

Key = tuple[str, str, int]
# Characters a request target may carry as they are (RFC 3986 pchar, "/", "?", "%").
_TARGET_SAFE = "/?%:@!$&'()*+,;=-._~"


class TransportError(Exception):
    """The request could not be completed; the text is short and user-facing."""


class ConnectFailed(TransportError):
    """No connection. ``hopeless``: trying again at once cannot help (refused, no such
    host, a certificate that does not verify): worth one quick retry, not a backoff."""

    def __init__(self, message: str, *, hopeless: bool = False) -> None:
        super().__init__(message)
        self.hopeless = hopeless


class TimedOut(TransportError):
    pass


class BadURL(TransportError):
    pass


@dataclass
class Timeouts:
    connect: float | None = None
    read: float | None = None
    write: float | None = None
    pool: float | None = None


@dataclass
class Target:
    scheme: str
    host: str  # ASCII (IDNA) and lowercase
    port: int
    target: str  # path and query, percent-encoded
    host_header: str
    authorization: str | None = None  # Basic, from user:password@ in the URL

    @property
    def key(self) -> Key:
        return (self.scheme, self.host, self.port)


def parse_target(url: str) -> Target:
    """Split an absolute http(s) URL for a request; ``BadURL`` if it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadURL("not a usable URL") from None
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("http", "https") or not host:
        raise BadURL("not a usable http(s) URL")
    host = _ascii_host(host)
    default = 443 if scheme == "https" else 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not target.isascii() or " " in target:
        target = quote(target, safe=_TARGET_SAFE)
    shown = f"[{host}]" if ":" in host else host
    header = shown if port in (None, default) else f"{shown}:{port}"
    auth = None
    if parts.username is not None:  # as httpx did: user:password@ becomes Basic auth
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return Target(scheme, host, default if port is None else port, target, header, auth)


def _ascii_host(host: str) -> str:
    """IDNA 2008 for international names (as httpx and browsers do); odd ASCII names
    (empty labels, labels over 63 characters) are refused here, not deep in asyncio."""
    if ":" in host:  # an IPv6 literal
        return host
    try:
        if host.isascii():
            host.encode("idna")
            return host
        import idna

        return idna.encode(host.lower()).decode("ascii")
    except (UnicodeError, ValueError):  # idna.IDNAError is a UnicodeError
        raise BadURL("not a usable host name") from None


class Response:
    """Status, headers (names lowercase) and the raw body stream of one answer."""

    def __init__(self, status_code: int, reason: str, headers: dict[str, str],
                 chunks: Callable[[], AsyncIterator[bytes]], close: Callable[[], Awaitable[None]]
                 ) -> None:
        self.status_code = status_code
        self.reason_phrase = reason
        self.headers = headers
        self._chunks = chunks
        self._close = close

    def aiter_raw(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def aclose(self) -> None:
        await self._close()


def decode_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Names lowercased; values UTF-8 when they are (a Vietnamese site's
    ``Location: /tin-tức``), else Latin-1; repeated names joined with ", "."""
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")
        out[key] = f"{out[key]}, {text}" if key in out else text
    return out


def header_bytes(value: str) -> bytes:
    return value.encode("utf-8")  # the inverse of decode_headers for a value we send back (an ETag)
