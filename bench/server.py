"""The bench's loopback HTTP server: every answer prepared in memory, one asyncio thread.

The sample edition's server (``antd_tui.sample.server``) is a threaded
``http.server``: fine for the demo and the tests, but under a burst of 50
requests its threads take turns on the GIL and its answers left about 1 ms
apart, whoever asked. That held our 50-connection refresh back (its client
sat idle half of its busiest stretch) and not newsboat's 8, so the bench
measured the server. This one answers the way a static file server does:
each file read, ``{{BASE}}`` filled in, gzipped and hashed once, then only
written. It keeps the behaviour the scenarios rely on: a strong ETag with
``304`` for ``If-None-Match`` (switchable off: a server that ignores
validators), ``Last-Modified``, gzip when asked, keep-alive, Nagle off
(asyncio's default for TCP), a deep listen queue, and ``delay`` seconds
before each answer.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
from email.utils import formatdate
from pathlib import Path
from types import TracebackType

from antd_tui.sample.server import TYPES

_STARTED = formatdate(usegmt=True)


class _Entry:
    def __init__(self, data: bytes, content_type: str) -> None:
        self.plain = data
        self.gzipped = gzip.compress(data, compresslevel=6, mtime=0)
        self.etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        self.content_type = content_type


class BenchServer:
    """``with BenchServer(root, delay=0.05) as server: server.base_url``; serves ``root``."""

    def __init__(self, root: Path, delay: float = 0.0) -> None:
        self.root = root
        self.delay = delay
        self.validators = True
        self.base_url = ""
        self._entries: dict[str, _Entry] = {}
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name="bench-server")
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._failed: BaseException | None = None

    def honour_validators(self, on: bool) -> None:
        """Off: ``If-None-Match`` is ignored and every feed comes back 200, same bytes."""
        self.validators = on

    def __enter__(self) -> BenchServer:
        self._thread.start()
        self._ready.wait(30)
        if not self.base_url:
            raise RuntimeError("the bench server did not start") from self._failed
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _close(self) -> None:
        """Stop listening and close every open connection; each client's task then ends
        at its next read (cancelling them made asyncio's streams log tracebacks)."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        clients = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if clients:
            await asyncio.wait(clients, timeout=max(5.0, 2 * self.delay))

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._client, "127.0.0.1", 0, backlog=256))
            base = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
            self._load(base)
        except BaseException as exc:  # __enter__ raises it
            self._failed = exc
            self._ready.set()
            self._loop.close()
            return
        self.base_url = base
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._server.close()
            self._loop.close()

    def _load(self, base_url: str) -> None:
        base = base_url.encode()
        for path in self.root.rglob("*"):
            if path.is_file():
                data = path.read_bytes().replace(b"{{BASE}}", base)
                kind = TYPES.get(path.suffix, "application/octet-stream")
                self._entries["/" + path.relative_to(self.root).as_posix()] = _Entry(data, kind)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1] if lines[0].count(" ") == 2 else ""
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(self._answer(target.split("?", 1)[0], headers))
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def _answer(self, path: str, headers: dict[str, str]) -> bytes:
        entry = self._entries.get(path)
        if entry is None:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        if self.validators and headers.get("if-none-match") == entry.etag:
            return f"HTTP/1.1 304 Not Modified\r\nETag: {entry.etag}\r\nContent-Length: 0\r\n\r\n".encode()
        gz = "gzip" in headers.get("accept-encoding", "") and len(entry.plain) > 512
        body = entry.gzipped if gz else entry.plain
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: {entry.content_type}\r\n"
                f"Content-Length: {len(body)}\r\n" + ("Content-Encoding: gzip\r\n" if gz else "")
                + f"ETag: {entry.etag}\r\nLast-Modified: {_STARTED}\r\n\r\n")
        return head.encode("latin-1") + body
