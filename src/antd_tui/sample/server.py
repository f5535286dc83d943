"""A small loopback HTTP server for the sample edition (and tests).

Serves ``edition/`` with ``{{BASE}}`` in text files replaced by the server's
own base URL, strong ETags and Last-Modified with 304 answers, and gzip when
the client asks for it. Python's ``http.server`` needs Nagle off and a deeper
listen queue, or keep-alive responses stall ~40 ms and bursts of connects
time out.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from antd_tui.sample import EDITION

TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".antd": "text/html; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
}
_TEXT = (".rss", ".xml", ".atom", ".json", ".antd", ".html")
_STARTED = formatdate(usegmt=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    _gzip_cache: dict[str, bytes]

    def gzipped(self, data: bytes, etag: str | None) -> bytes:
        """Compress once per ETag: the server's own CPU must not skew benchmarks."""
        if etag is None:
            return gzip.compress(data, compresslevel=6, mtime=0)
        cache: dict[str, bytes] = self.__dict__.setdefault("_gzip_cache", {})
        if etag not in cache:
            cache[etag] = gzip.compress(data, compresslevel=6, mtime=0)
        return cache[etag]
    root: Path
    base: str
    delay: float
    validators: bool

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that left mid-answer (a killed refresh, a reader that quit) is normal:
        no traceback on stderr, which would land on the demo reader's screen."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def _body(self) -> tuple[bytes, str] | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        root = self.server.root.resolve()
        target = (root / rel).resolve()
        if root not in target.parents or not target.is_file():
            return None
        data = target.read_bytes()
        if target.suffix in _TEXT:
            data = data.replace(b"{{BASE}}", self.server.base.encode())
        return data, TYPES.get(target.suffix, "application/octet-stream")

    def do_GET(self) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)
        found = self._body()
        if found is None:
            self._send(404, b"not found", "text/plain; charset=utf-8")
            return
        data, ctype = found
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if self.server.validators and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, data, ctype, etag)

    def _send(self, code: int, data: bytes, ctype: str, etag: str | None = None) -> None:
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and len(data) > 512
        if gz:
            data = self.server.gzipped(data, etag)
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", _STARTED)
        self.end_headers()
        self.wfile.write(data)


class SampleServer:
    """``with SampleServer() as server: server.base_url`` — serves until closed."""

    def __init__(self, root: Path = EDITION, port: int = 0, delay: float = 0.0,
                 validators: bool = True) -> None:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.root = root
        self._server.delay = delay  # seconds before each answer: latency for tests and bench
        self._server.validators = validators  # False: ignore If-None-Match, always 200
        real_port = int(self._server.server_address[1])
        self.base_url = f"http://127.0.0.1:{real_port}"
        self._server.base = self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="sample-edition")

    def honour_validators(self, on: bool) -> None:
        """Switch ETag/304 handling on or off while serving (bench: a server that ignores them)."""
        self._server.validators = on

    def start(self) -> SampleServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
