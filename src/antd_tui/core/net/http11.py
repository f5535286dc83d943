"""HTTP/1.1 GETs with h11 over asyncio streams; httpx only behind a proxy.

httpx's client and default transport (httpcore on anyio) cost ~4 ms of CPU
per feed request in the refresh benchmark and ~50 ms to import — as much as
parsing the feed. h11, the HTTP/1.1 state machine httpcore itself uses, driven
on plain asyncio streams, does the same requests for a fifth of the CPU, and a
refresh of 100 feeds where every answer is 304 becomes latency plus start-up.

What this module does: GET requests with keep-alive connections per (scheme,
host, port), reused while h11 says the connection is clean; a cap on requests
in flight; TLS verified like httpx does it (certifi, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``),
set up on the first https request; connect/read/write/pool timeouts; clear errors. A
request that fails on a reused connection before any answer arrived (the
server closed it while idle) is sent once more on a new connection. Response
bodies stream as raw bytes: decoding, size limits, redirects and retries are
the fetcher's (``core/net/fetch.py``).

Requests the environment sends through a proxy go to ``proxy.py``
(httpx's proxy transport); URLs, headers, the response object and errors are
in ``message.py``.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import re
import socket
import ssl
import time
from collections.abc import AsyncIterator, Callable

import h11

from antd_tui.core.net.connect_pacer import ConnectPacer
from antd_tui.core.net.message import (
    ConnectFailed,
    Key,
    Response,
    Target,
    TimedOut,
    Timeouts,
    TransportError,
    decode_headers,
    header_bytes,
    parse_target,
)
from antd_tui.core.net.proxy import Proxies

_READ_SIZE = 65536
# httpcore's limit for a response head (h11's own default, 16 KiB, refuses real
# sites with long Set-Cookie, CSP or Link headers)
_MAX_HEAD = 100 * 1024
_IDLE_EXPIRY = 5.0  # seconds an idle keep-alive connection is trusted (httpx's default)


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        self.reused = False
        self.eof = False
        self.idle_since = 0.0

    def usable(self) -> bool:
        """Open, fresh, and with nothing unread: a server that sends ``408`` or
        stray bytes to an idle connection and closes it must not answer our
        next request."""
        if self.reader.at_eof() or self.writer.is_closing():
            return False
        if self.idle_since and time.monotonic() - self.idle_since > _IDLE_EXPIRY:
            return False
        pending = len(getattr(self.reader, "_buffer", b""))  # asyncio keeps no public count
        return not pending and not self.h11.trailing_data[0]

    def close(self) -> None:
        self.writer.close()


async def _next_event(conn: _Conn, timeout: float | None) -> h11.Event:
    while True:
        try:
            event = conn.h11.next_event()
        except h11.RemoteProtocolError as exc:
            if conn.eof:  # e.g. fewer bytes than Content-Length said
                raise TransportError(f"connection broke: {exc}") from None
            raise TransportError(f"invalid HTTP response: {exc}") from None
        if event is not h11.NEED_DATA:
            assert not isinstance(event, type)  # h11's PAUSED is only for servers
            return event
        try:
            async with asyncio.timeout(timeout):
                data = await conn.reader.read(_READ_SIZE)
        except TimeoutError:
            raise TimedOut("timed out while reading") from None
        except ssl.SSLError as exc:
            raise TransportError(f"connection broke: TLS: {exc.reason or exc}") from None
        except OSError as exc:
            raise TransportError(f"connection broke: {_os_reason(exc)}") from None
        if not data and conn.h11.their_state is h11.SEND_RESPONSE:
            raise TransportError("server disconnected without sending a response")
        conn.eof = not data
        conn.h11.receive_data(data)  # b"" is the end of the stream


def _finish_buffered(conn: _Conn) -> None:
    """Consume the rest of a response h11 already holds (a 304's end, a short
    error page), so the connection can be reused; never wait for the network."""
    try:
        while conn.h11.their_state is h11.SEND_BODY:
            event = conn.h11.next_event()
            if event is h11.NEED_DATA or isinstance(event, h11.EndOfMessage):
                return
    except h11.RemoteProtocolError:
        return


class _Stale(Exception):
    """A reused keep-alive connection turned out to be closed by the server."""


class StreamTransport:
    def __init__(self, *, max_connections: int,
                 ssl_context: Callable[[], ssl.SSLContext] | None = None) -> None:
        self._slots = asyncio.Semaphore(max(1, max_connections))
        self._max_idle = max(1, max_connections)
        self._idle: dict[Key, list[_Conn]] = {}
        self._make_ssl = ssl_context or _default_ssl
        self._ssl: ssl.SSLContext | None = None
        self._proxies = Proxies(max_connections)
        self._closed = False
        self._pacer = ConnectPacer()

    async def get(self, url: str, headers: list[tuple[str, str]], timeouts: Timeouts) -> Response:
        """Send a GET; the response's body is streamed by the caller, who must
        ``aclose()`` it (that frees the connection for the next request)."""
        if self._closed:
            raise RuntimeError("transport is closed")
        where = parse_target(url)
        proxy = self._proxies.proxy_for(where)
        if proxy is not None:
            if where.authorization:
                headers = [("Authorization", where.authorization), *headers]
            return await self._proxies.get(proxy, url, headers, timeouts)
        try:
            async with asyncio.timeout(timeouts.pool):
                await self._slots.acquire()
        except TimeoutError:
            raise TimedOut("no free connection slot in time") from None
        try:
            conn = self._take_idle(where.key)
            if conn is not None:
                try:
                    return await self._exchange(where, headers, conn, timeouts)
                except _Stale:
                    pass
            conn = await self._connect(where, timeouts)
            return await self._exchange(where, headers, conn, timeouts)
        except BaseException:
            self._slots.release()
            raise

    async def _exchange(self, where: Target, headers: list[tuple[str, str]], conn: _Conn,
                        timeouts: Timeouts) -> Response:
        """Send the request, read the response head; the body streams later."""
        try:
            lines = [(b"Host", where.host_header.encode("ascii"))]
            if where.authorization:
                lines.append((b"Authorization", where.authorization.encode("ascii")))
            lines += [(name.encode("ascii"), header_bytes(value)) for name, value in headers]
            try:
                data = conn.h11.send(h11.Request(method="GET", target=where.target, headers=lines))
            except h11.LocalProtocolError as exc:
                raise TransportError(f"cannot send this request ({exc})") from None
            data += conn.h11.send(h11.EndOfMessage())
            conn.writer.write(data)
            try:
                async with asyncio.timeout(timeouts.write):
                    await conn.writer.drain()
            except TimeoutError:
                raise TimedOut("timed out while sending") from None
            except OSError as exc:
                if conn.reused:
                    raise _Stale from None
                raise TransportError(f"connection broke: {_os_reason(exc)}") from None
            while True:
                try:
                    event = await _next_event(conn, timeouts.read)
                except TimedOut:
                    raise
                except TransportError:
                    if conn.reused and conn.h11.their_state is h11.SEND_RESPONSE:
                        raise _Stale from None
                    raise
                if isinstance(event, h11.Response):
                    break
                if not isinstance(event, h11.InformationalResponse):
                    raise TransportError(f"unexpected {type(event).__name__} before the response")
        except BaseException:
            conn.close()
            raise
        return self._response(event, where.key, conn, timeouts.read)

    def _response(self, head: h11.Response, key: Key, conn: _Conn, read_timeout: float | None
                  ) -> Response:
        done = False

        async def chunks() -> AsyncIterator[bytes]:
            while True:
                event = await _next_event(conn, read_timeout)
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, h11.EndOfMessage):
                    return

        async def close() -> None:
            nonlocal done
            if not done:
                done = True
                _finish_buffered(conn)
                self._release(key, conn)

        return Response(head.status_code, head.reason.decode("latin-1"), decode_headers(list(head.headers)),
                        chunks, close)

    def _release(self, key: Key, conn: _Conn) -> None:
        """After a response: keep the connection if it is clean, free the slot."""
        self._slots.release()
        state = conn.h11
        if (not self._closed and state.our_state is h11.DONE and state.their_state is h11.DONE
                and conn.usable()):
            state.start_next_cycle()
            conn.reused = True
            conn.idle_since = time.monotonic()
            idle = self._idle.setdefault(key, [])
            idle.append(conn)
            if sum(len(v) for v in self._idle.values()) > self._max_idle:
                idle.pop(0).close()
        else:
            conn.close()

    def _take_idle(self, key: Key) -> _Conn | None:
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            if conn.usable():
                return conn
            conn.close()
        return None

    async def _connect(self, where: Target, timeouts: Timeouts) -> _Conn:
        await self._pacer.turn()
        context = None
        if where.scheme == "https":
            if self._ssl is None:
                try:
                    self._ssl = self._make_ssl()
                except (OSError, ssl.SSLError) as exc:
                    raise ConnectFailed(f"TLS: cannot load the CA certificates ({exc})") from None
            context = self._ssl
        # happy eyeballs as anyio did for httpx: a black-holed IPv6 address costs
        # 0.25 s, not the whole connect timeout; an IP literal is one address with
        # nothing to race, and asyncio's race costs ~0.2 ms of CPU a connection
        eyeballs = None if _ip_literal(where.host) else 0.25
        try:
            async with asyncio.timeout(timeouts.connect):
                reader, writer = await asyncio.open_connection(
                    where.host, where.port, ssl=context,
                    server_hostname=where.host if context else None, limit=_READ_SIZE * 2,
                    happy_eyeballs_delay=eyeballs, interleave=1)
        except TimeoutError:
            raise TimedOut("timed out while connecting") from None
        except ssl.SSLCertVerificationError as exc:
            raise ConnectFailed(f"TLS: {exc.verify_message or exc.reason}", hopeless=True) from None
        except ssl.SSLError as exc:
            raise ConnectFailed(f"TLS: {exc.reason or exc}") from None
        except OSError as exc:
            raise ConnectFailed(_os_reason(exc), hopeless=_hopeless(exc)) from None
        except UnicodeError:  # a host name asyncio's resolver refuses
            raise ConnectFailed("not a usable host name", hopeless=True) from None
        return _Conn(reader, writer)

    async def aclose(self) -> None:
        self._closed = True
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()
        await self._proxies.aclose()


def _ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _hopeless(exc: OSError) -> bool:
    """A refused connection or a host name that does not resolve: a retry in a second
    meets the same answer. (asyncio reports several addresses that all refused as one
    OSError, "Multiple exceptions: [Errno 111] … [Errno 111] …", without an errno.)"""
    if isinstance(exc, socket.gaierror):
        return True
    if exc.errno == errno.ECONNREFUSED:
        return True
    text = str(exc)
    codes = re.findall(r"\[Errno (\d+)\]", text)
    return (exc.errno is None and text.startswith("Multiple exceptions") and bool(codes)
            and all(int(c) == errno.ECONNREFUSED for c in codes))


def _os_reason(exc: OSError) -> str:
    """"connection refused", "cannot resolve the host name (…)" — no addresses or ports."""
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve the host name ({exc.strerror})"
    if exc.errno and exc.errno > 0:
        return os.strerror(exc.errno).lower()
    return str(exc) or type(exc).__name__


def _default_ssl() -> ssl.SSLContext:
    """What httpx does: ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set, else certifi's roots."""
    if os.environ.get("SSL_CERT_FILE"):
        context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    elif os.environ.get("SSL_CERT_DIR"):
        context = ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    else:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    context.set_alpn_protocols(["http/1.1"])
    return context
