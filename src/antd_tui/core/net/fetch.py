"""HTTP for feeds and pages: one connection pool per refresh, with hard limits.

What every request gets (issue 2, and the measured facts in issue 6):

* a connect and a read timeout, **and** an overall deadline enforced with
  ``asyncio.timeout`` — the read timeout is per chunk, so a server that
  trickles a byte every half second would otherwise never time out;
* a size cap counted while streaming, on the raw bytes *and* on the decoded
  bytes: we ask only for gzip/deflate and decompress the raw body ourselves
  with ``max_length``, so a gzip bomb never expands past the cap in memory;
* a compressed body is hashed as received first (``wire_digest``): when it
  matches the caller's ``same_as`` (the feed's last one), it is not
  decompressed at all — a server that ignores validators but resends the
  same bytes costs a hash, not a decompression, a parse and a hash;
* at most 5 redirects, each to http/https only (checked before following);
* retries with backoff for 429/5xx/timeouts/connection errors, honouring
  ``Retry-After`` (seconds or an HTTP date) when it fits in the deadline;
  what cannot succeed sooner (a refused connection, a host name that does not
  resolve, a certificate that does not verify) is tried once more after
  0.05 s and then given up (~0.05 s instead of 1.5 s of backoff);
* a global cap on requests in flight and a per-host cap that comes down when
  the host answers 429/503 (``core/net/host_gate.py``), HTTP/1.1 keep-alive
  (``core/net/http11.py``: h11 on asyncio streams).

The whole fetch — redirects and retries included — must finish within the
deadline; when it cannot, the error says so.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from antd_tui.core.config import FetchSettings
from antd_tui.core.errors import FetchError
from antd_tui.core.net.body_decode import BodyDecoder, mb, wire_hasher
from antd_tui.core.net.host_gate import FREE_RETRIES, HostGate
from antd_tui.core.sanitize import clean_text, safe_url

if TYPE_CHECKING:
    from antd_tui.core.net.http11 import StreamTransport
    from antd_tui.core.net.message import Response, Timeouts

MAX_REDIRECTS = 5
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_RETRY_STATUS = {429, 500, 502, 503, 504}
_MAX_BACKOFF = 8.0
QUICK_RETRIES = 1  # for a hopeless connect (refused, no such host): one more try ...
QUICK_DELAY = 0.05  # ... this soon (a server restarting, a resolver's hiccup)
_BAD_REDIRECT = "redirect to a non-http(s) or malformed address refused: "


@dataclass
class FetchResult:
    # "unchanged": the compressed body hashed to ``same_as``; it was not decompressed
    status: Literal["ok", "not_modified", "unchanged"]
    url: str  # final URL after redirects
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    wire_hash: str | None = None  # of a compressed body as received (see ``wire_digest``)


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None, busy: bool = False,
                 quick: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.busy = busy  # the host asks us to slow down (429, 503)
        self.quick = quick  # a retry soon meets the same answer: one quick retry at most


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """Use as ``async with Fetcher(settings) as f: await f.get(url)``."""

    def __init__(self, settings: FetchSettings) -> None:
        from antd_tui.core.net.message import Timeouts

        self.settings = settings
        self._transport: StreamTransport | None = None
        self._hosts: dict[str, HostGate] = {}
        # requests being tried, all hosts: taken with a host's slot, before the clock starts
        self._all = asyncio.Semaphore(max(1, settings.max_connections))
        s = settings
        self._timeouts: Timeouts = Timeouts(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=s.deadline)
        self._headers = [("User-Agent", s.user_agent), ("Accept-Encoding", "gzip, deflate")]

    async def __aenter__(self) -> Fetcher:
        from antd_tui.core.net.http11 import StreamTransport

        self._transport = StreamTransport(max_connections=self.settings.max_connections)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._transport is not None:
            await self._transport.aclose()
            self._transport = None

    def _host_gate(self, url: str) -> HostGate:
        from antd_tui.core.net.message import parse_target

        host = parse_target(url).host
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = HostGate(self.settings.per_host)
        return gate

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        same_as: str | None = None,
    ) -> FetchResult:
        """Fetch ``url``; raise ``FetchError`` with a short, clear message.

        ``same_as``: the ``wire_hash`` of the last compressed body; a body that
        matches it comes back as "unchanged", without being decompressed.
        """
        # The per-host gate is taken before the clock starts: a feed queued
        # behind slow ones on the same host is not charged for their time.
        from antd_tui.core.net.message import BadURL

        try:
            gate = self._host_gate(url)
        except BadURL:
            raise FetchError(f"not a usable URL: {clean_text(url)[:100]!r}") from None
        await self._take(gate)
        return await self._timed(url, gate, etag, last_modified, accept, same_as)

    async def _take(self, gate: HostGate, *, front: bool = False) -> None:
        await gate.acquire(front=front)
        try:
            await self._all.acquire()
        except BaseException:
            gate.release()
            raise

    def _give(self, gate: HostGate) -> None:
        self._all.release()
        gate.release()

    async def _timed(self, url: str, gate: HostGate, etag: str | None, last_modified: str | None,
                     accept: str, same_as: str | None) -> FetchResult:
        """Tries within the deadline; holds a slot of ``gate`` (acquired by the caller) while trying.

        The slot is given back during a backoff and taken again after it, at
        the front of the queue, so a host that pushed back sees fewer requests
        at once and a retried feed is not starved by feeds not tried yet. Up
        to ``FREE_RETRIES`` 429/503 answers are retried without counting
        against ``retries`` (see ``host_gate``); the deadline bounds it all.
        """
        s = self.settings
        started = time.monotonic()
        attempt = free = tries = 0
        held = True
        try:
            async with asyncio.timeout(s.deadline):
                while True:
                    if not held:
                        await self._take(gate, front=True)
                        held = True
                    if gate.tripped:
                        raise FetchError(_refuses_all(gate))
                    started_round = gate.round
                    tries += 1
                    try:
                        result = await self._follow(url, etag, last_modified, accept, same_as)
                    except FetchError as exc:
                        gate.answered()  # a 404, an oversize body…: the host is not pushing back
                        exc.tries = tries
                        raise
                    except _Retryable as exc:
                        burst = exc.busy and gate.push_back(started_round, str(exc))
                        if gate.tripped:
                            raise _tried(FetchError(_refuses_all(gate)), tries) from None
                        if burst and free < FREE_RETRIES:
                            free += 1
                        else:
                            attempt += 1
                            if attempt > (min(s.retries, QUICK_RETRIES) if exc.quick else s.retries):
                                raise _tried(FetchError(str(exc)), tries) from None
                        delay = min(_MAX_BACKOFF, 0.5 * 2 ** max(0, attempt - 1))
                        if exc.quick:
                            delay = QUICK_DELAY
                        elif exc.retry_after is not None:
                            delay = exc.retry_after
                        remaining = s.deadline - (time.monotonic() - started)
                        if delay >= remaining:
                            message = f"{exc} (retry after {delay:g} s is past the deadline)"
                            raise _tried(FetchError(message), tries) from None
                        self._give(gate)
                        held = False
                        await asyncio.sleep(delay)
                    else:
                        gate.answered()
                        return result
        except TimeoutError:
            raise FetchError(f"no complete response within the {s.deadline:g} s deadline") from None
        finally:
            if held:
                self._give(gate)

    async def _follow(
        self, url: str, etag: str | None, last_modified: str | None, accept: str, same_as: str | None
    ) -> FetchResult:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            headers = [*self._headers, ("Accept", accept)]
            if etag:
                headers.append(("If-None-Match", etag))
            if last_modified:
                headers.append(("If-Modified-Since", last_modified))
            result = await self._one(current, headers, same_as)
            if isinstance(result, FetchResult):
                return result
            target = safe_url(result, base=current)
            if target is None:
                raise FetchError(_BAD_REDIRECT + repr(clean_text(result)[:80]))
            current = target
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")

    async def _one(self, url: str, headers: list[tuple[str, str]], same_as: str | None
                   ) -> FetchResult | str:
        """One request: a result, or the Location of a redirect."""
        from antd_tui.core.net.message import BadURL, ConnectFailed, TimedOut, TransportError

        assert self._transport is not None, "use Fetcher as an async context manager"
        try:
            response = await self._transport.get(url, headers, self._timeouts)
        except TimedOut:
            raise _Retryable("timed out") from None
        except ConnectFailed as exc:
            raise _Retryable(f"cannot connect: {_reason(exc)}", quick=exc.hopeless) from None
        except BadURL:
            raise FetchError(f"not a usable URL: {clean_text(url)[:100]!r}") from None
        except TransportError as exc:
            raise _Retryable(f"network error: {_reason(exc)}") from None
        try:
            return await self._read(url, response, same_as)
        except TimedOut:
            raise _Retryable("timed out while reading") from None
        except TransportError as exc:
            raise _Retryable(_reason(exc)) from None
        finally:
            await response.aclose()

    async def _read(self, url: str, response: Response, same_as: str | None) -> FetchResult | str:
        code = response.status_code
        headers = response.headers
        if code in (301, 302, 303, 307, 308):
            location = headers.get("location", "")
            if not location:
                raise FetchError(f"HTTP {code} redirect without a Location")
            return location
        if code == 304:
            return FetchResult("not_modified", url, b"", "", None, None)
        if code in _RETRY_STATUS:
            raise _Retryable(f"HTTP {code} {clean_text(response.reason_phrase)}".strip(),
                             _retry_after(headers.get("retry-after")),
                             busy=code in (429, 503))
        if code >= 400 or code < 200:
            raise FetchError(f"HTTP {code} {clean_text(response.reason_phrase)}".strip())
        limit = self.settings.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"response too large ({mb(int(declared))}, limit {mb(limit)})")
        encoding = headers.get("content-encoding", "")
        decoder = BodyDecoder(encoding, limit)
        raw = 0
        compressed: list[bytes] = []  # kept until we know whether it changed
        wire = wire_hasher(encoding) if decoder.compressed else None
        async for chunk in response.aiter_raw():
            raw += len(chunk)
            if raw > limit:
                raise FetchError(f"response too large (over {mb(limit)})")
            if wire is None:
                decoder.feed(chunk)
            else:
                wire.update(chunk)
                compressed.append(chunk)
        wire_hash = None if wire is None else wire.hexdigest()
        if wire_hash is not None and wire_hash == same_as:
            return FetchResult("unchanged", url, b"", headers.get("content-type", ""),
                               _opt(headers.get("etag")), _opt(headers.get("last-modified")), wire_hash)
        for chunk in compressed:
            decoder.feed(chunk)
        compressed.clear()
        return FetchResult("ok", url, decoder.result(), headers.get("content-type", ""),
                           _opt(headers.get("etag")), _opt(headers.get("last-modified")), wire_hash)


def _tried(error: FetchError, tries: int) -> FetchError:
    error.tries = tries
    return error


def _refuses_all(gate: HostGate) -> str:
    return f"{gate.last_refusal} (the site refuses every request: not asked again in this refresh)"


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _reason(exc: Exception) -> str:
    text = clean_text(str(exc)) or type(exc).__name__
    return text[:160]
