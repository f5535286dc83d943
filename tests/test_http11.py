"""The HTTP/1.1 transport under the fetcher, against scripted loopback servers.

Each server here is a real socket on 127.0.0.1 that answers with bytes we
choose, so keep-alive reuse, servers that drop idle connections, framing
variants, broken responses, proxies and TLS are all exercised for real.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from antd_tui.core.config import FetchSettings
from antd_tui.core.errors import FetchError
from antd_tui.core.net.fetch import Fetcher, FetchResult

SMALL = FetchSettings(connect_timeout=2, read_timeout=2, deadline=3, max_bytes=1_000_000, retries=0)
FEED = b"<rss><channel><title>t</title></channel></rss>"


def ok(body: bytes = FEED, extra: bytes = b"") -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n" + extra + b"\r\n" + body)


class Scripted:
    """Answers each request on a connection with ``answer(request_head)``.

    ``answer`` returns the bytes to send and whether to close afterwards.
    Records every connection and every request head it read.
    """

    def __init__(self, answer: Callable[[bytes], tuple[bytes, bool]],
                 wrap: ssl.SSLContext | None = None) -> None:
        self.answer = answer
        self.wrap = wrap
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str = "/feed.rss", scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.wrap is not None:
                conn = self.wrap.wrap_socket(conn, server_side=True)
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                self.requests.append(head)
                data, close = self.answer(head)
                conn.sendall(data)
                if close:
                    return
        except (OSError, ssl.SSLError):
            return
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def scripted() -> Iterator[Callable[..., Scripted]]:
    servers: list[Scripted] = []

    def make(answer: Callable[[bytes], tuple[bytes, bool]], wrap: ssl.SSLContext | None = None
             ) -> Scripted:
        servers.append(Scripted(answer, wrap))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def fetch_all(urls: list[str], settings: FetchSettings = SMALL, pause: float = 0.0) -> list[FetchResult]:
    """One Fetcher, requests one after another (``pause`` seconds apart)."""
    async def run() -> list[FetchResult]:
        out = []
        async with Fetcher(settings) as fetcher:
            for url in urls:
                out.append(await fetcher.get(url))
                await asyncio.sleep(pause)
        return out

    return asyncio.run(run())


def test_keep_alive_reuses_one_connection_for_sequential_requests(scripted: Callable[..., Scripted]
                                                                  ) -> None:
    server = scripted(lambda head: (ok(), False))
    results = fetch_all([server.url(f"/f{n}.rss") for n in range(10)])
    assert [r.body for r in results] == [FEED] * 10
    assert server.connections == 1 and len(server.requests) == 10


def test_answers_the_fetcher_does_not_read_still_leave_the_connection_reusable(
        scripted: Callable[..., Scripted]) -> None:
    # A 304 (no body) and a redirect with a short page: the fetcher never reads
    # their bodies, yet the next request goes out on the same connection.
    def answer(head: bytes) -> tuple[bytes, bool]:
        if head.startswith(b"GET /old"):
            return b"HTTP/1.1 301 Moved\r\nLocation: /new.rss\r\nContent-Length: 9\r\n\r\nmoved ...", False
        if b"If-None-Match" in head:
            return b'HTTP/1.1 304 Not Modified\r\nETag: "v"\r\nContent-Length: 0\r\n\r\n', False
        return ok(extra=b'ETag: "v"\r\n'), False

    server = scripted(answer)

    async def run() -> list[str]:
        async with Fetcher(SMALL) as fetcher:
            first = await fetcher.get(server.url("/old.rss"))
            again = [await fetcher.get(server.url("/new.rss"), etag='"v"') for _ in range(3)]
        return [first.status, *(r.status for r in again)]

    assert asyncio.run(run()) == ["ok", "not_modified", "not_modified", "not_modified"]
    assert server.connections == 1 and len(server.requests) == 5


def test_a_server_that_drops_idle_connections_costs_nothing(scripted: Callable[..., Scripted]) -> None:
    # Claims keep-alive, then closes the socket after every answer: the next
    # request finds its idle connection dead and goes out on a new one.
    server = scripted(lambda head: (ok(), True))
    results = fetch_all([server.url(f"/f{n}.rss") for n in range(4)], pause=0.05)
    assert [r.status for r in results] == ["ok"] * 4
    assert server.connections == 4


def test_connection_close_is_honoured(scripted: Callable[..., Scripted]) -> None:
    server = scripted(lambda head: (ok(extra=b"Connection: close\r\n"), True))
    results = fetch_all([server.url(), server.url()])
    assert [r.body for r in results] == [FEED, FEED] and server.connections == 2


def test_chunked_and_read_until_close_bodies_are_whole(scripted: Callable[..., Scripted]) -> None:
    chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               + b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (FEED[:10], FEED[10:]))
               + b"0\r\n\r\n")
    server = scripted(lambda head: (chunked, False))
    assert fetch_all([server.url(), server.url()])[1].body == FEED
    old = scripted(lambda head: (b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + FEED, True))
    assert fetch_all([old.url()])[0].body == FEED


@pytest.mark.parametrize("answer, message", [
    (b"HELLO\r\n\r\n", "invalid HTTP response"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "connection broke"),
    (b"", "server disconnected"),
    (b"HTTP/1.1 200 OK\r\nX: " + b"a" * 150_000 + b"\r\n\r\n", "invalid HTTP response"),
], ids=["garbage", "short body", "nothing", "150 KB head"])
def test_broken_responses_are_clear_errors(scripted: Callable[..., Scripted], answer: bytes,
                                           message: str) -> None:
    server = scripted(lambda head: (answer, True))
    with pytest.raises(FetchError) as info:
        fetch_all([server.url()])
    assert message in str(info.value)


def test_a_long_response_head_arriving_in_pieces_is_fine(scripted: Callable[..., Scripted]) -> None:
    # Real sites send long Set-Cookie/CSP headers; on a network they come in segments.
    server = scripted(lambda head: (ok(extra=b"Content-Security-Policy: " + b"x" * 18_000 + b"\r\n"), False))
    assert fetch_all([server.url()])[0].body == FEED


def test_a_utf8_location_is_followed_to_the_right_address(scripted: Callable[..., Scripted]) -> None:
    def answer(head: bytes) -> tuple[bytes, bool]:
        if head.startswith(b"GET /old"):
            return ("HTTP/1.1 301 Moved\r\nLocation: /tin-tức.rss\r\nContent-Length: 0\r\n\r\n"
                    .encode()), False
        return ok(), False

    server = scripted(answer)
    result = fetch_all([server.url("/old.rss")])[0]
    assert result.url == server.url("/tin-tức.rss")
    assert server.requests[1].startswith(b"GET /tin-t%E1%BB%A9c.rss HTTP/1.1")


def test_an_idle_connection_the_server_answered_408_on_is_not_reused(
        scripted: Callable[..., Scripted]) -> None:
    # Some servers send "408 Request Timeout" to an idle keep-alive connection,
    # then close it: that 408 must not become the answer to our next request.
    def answer(head: bytes) -> tuple[bytes, bool]:
        timeout = b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        return ok() + timeout, True

    server = scripted(answer)
    results = fetch_all([server.url("/a.rss"), server.url("/b.rss")], pause=0.1)
    assert [r.body for r in results] == [FEED, FEED] and server.connections == 2


def test_credentials_in_a_feed_url_are_sent_as_basic_auth(scripted: Callable[..., Scripted]) -> None:
    server = scripted(lambda head: (ok(), False))
    fetch_all([server.url().replace("http://", "http://đọc:p%40ss@")])
    assert b"Authorization: Basic " + base64.b64encode("đọc:p@ss".encode()) in server.requests[0]


def test_a_non_ascii_etag_goes_back_as_it_came(scripted: Callable[..., Scripted]) -> None:
    tag = '"bản-1"'.encode()

    def answer(head: bytes) -> tuple[bytes, bool]:
        if b"If-None-Match: " + tag in head:
            return b"HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n", False
        return ok(extra=b"ETag: " + tag + b"\r\n"), False

    server = scripted(answer)

    async def run() -> list[str]:
        async with Fetcher(SMALL) as fetcher:
            first = await fetcher.get(server.url())
            again = await fetcher.get(server.url(), etag=first.etag)
        return [first.status, again.status]

    assert asyncio.run(run()) == ["ok", "not_modified"]


@pytest.mark.parametrize("url", ["http://a..b/feed.rss", "http://" + "x" * 70 + ".vn/feed.rss",
                                 "http://.example.com/feed.rss"])
def test_unusable_host_names_are_clear_errors(url: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_all([url])
    assert str(info.value).startswith("not a usable URL")


def test_an_international_host_name_is_encoded_as_browsers_do() -> None:
    from antd_tui.core.net.message import parse_target

    assert parse_target("http://x.vn:0/a").port == 0  # an explicit port 0 is not "the default"
    assert parse_target("http://faß.de/x").host == "xn--fa-hia.de"  # IDNA 2008, not "fass.de"
    assert parse_target("http://báo.vn:8080/a b?q=1").host_header == "xn--bo-mia.vn:8080"
    assert parse_target("http://báo.vn/tin tức").target == "/tin%20t%E1%BB%A9c"


def test_an_informational_response_is_skipped(scripted: Callable[..., Scripted]) -> None:
    server = scripted(lambda head: (b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + ok(), False))
    assert fetch_all([server.url()])[0].body == FEED


def test_requests_go_through_the_configured_proxy(scripted: Callable[..., Scripted],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = scripted(lambda head: (ok(b"<rss>via proxy</rss>"), False))
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, proxy.url(""))
    monkeypatch.setenv("NO_PROXY", "localhost")
    result = fetch_all(["http://feeds.example.invalid/home.rss"])[0]
    assert result.body == b"<rss>via proxy</rss>"
    assert proxy.requests[0].startswith(b"GET http://feeds.example.invalid/home.rss HTTP/1.1")


def test_a_proxy_written_without_a_scheme_is_used(scripted: Callable[..., Scripted],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = scripted(lambda head: (ok(b"<rss>via proxy</rss>"), False))
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, f"127.0.0.1:{proxy.port}")  # as many people write it
    monkeypatch.setenv("NO_PROXY", "localhost")
    assert fetch_all(["http://feeds.example.invalid/home.rss"])[0].body == b"<rss>via proxy</rss>"


def test_no_proxy_hosts_are_fetched_directly(scripted: Callable[..., Scripted],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = scripted(lambda head: (ok(b"<rss>via proxy</rss>"), False))
    direct = scripted(lambda head: (ok(), False))
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, proxy.url(""))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert fetch_all([direct.url()])[0].body == FEED and proxy.requests == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def _tls_server(scripted: Callable[..., Scripted], certificate: tuple[Path, Path]) -> Scripted:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*map(str, certificate))
    return scripted(lambda head: (ok(), False), wrap=context)


def test_tls_with_an_untrusted_certificate_is_refused(scripted: Callable[..., Scripted],
                                                      certificate: tuple[Path, Path]) -> None:
    server = _tls_server(scripted, certificate)
    with pytest.raises(FetchError) as info:
        fetch_all([server.url(scheme="https")])
    assert str(info.value) == "cannot connect: TLS: self-signed certificate"


def test_tls_with_a_trusted_certificate_keeps_the_connection(scripted: Callable[..., Scripted],
                                                             certificate: tuple[Path, Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # honoured like httpx does
    server = _tls_server(scripted, certificate)
    results = fetch_all([server.url("/a.rss", "https"), server.url("/b.rss", "https")])
    assert [r.body for r in results] == [FEED, FEED] and server.connections == 1


def test_an_unreadable_ca_file_is_a_clear_error(scripted: Callable[..., Scripted],
                                                certificate: tuple[Path, Path],
                                                monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    server = _tls_server(scripted, certificate)
    with pytest.raises(FetchError) as info:
        fetch_all([server.url(scheme="https")])
    assert str(info.value).startswith("cannot connect: TLS: cannot load the CA certificates")
