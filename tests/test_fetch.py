"""The fetcher's limits, against real loopback servers."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from antd_tui.core.config import FetchSettings
from antd_tui.core.errors import FetchError
from antd_tui.core.net.body_decode import wire_digest
from antd_tui.core.net.fetch import Fetcher, FetchResult
from tests.conftest import SilentServer, dead_url

SMALL = FetchSettings(connect_timeout=2, read_timeout=2, deadline=3, max_bytes=1_000_000,
                      retries=0)


def get(url: str, settings: FetchSettings = SMALL, **kw: Any) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.get(url, **kw)

    return asyncio.run(run())


def error_of(url: str, settings: FetchSettings = SMALL) -> str:
    with pytest.raises(FetchError) as info:
        get(url, settings)
    return str(info.value)


def test_conditional_get_sends_validators_and_304_is_not_modified(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Mon, 23 Nov 2026 00:00:00 GMT"}
    ).respond_with_data("", status=304)
    result = get(httpserver.url_for("/feed"), etag='"v1"',
                 last_modified="Mon, 23 Nov 2026 00:00:00 GMT")
    assert result.status == "not_modified" and result.body == b""


def test_ok_response_gives_body_validators_and_user_agent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "<rss/>", headers={"ETag": '"abc"', "Last-Modified": "x"}, content_type="application/rss+xml")
    result = get(httpserver.url_for("/feed"))
    assert (result.status, result.body, result.etag, result.last_modified) == ("ok", b"<rss/>", '"abc"', "x")
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("antd-tui/")


@pytest.mark.parametrize("code", [404, 410, 500, 503])
def test_http_errors_are_clear(httpserver: HTTPServer, code: int) -> None:
    httpserver.expect_request("/feed").respond_with_data("x", status=code)
    assert error_of(httpserver.url_for("/feed")).startswith(f"HTTP {code}")


def test_redirects_are_followed_up_to_five(httpserver: HTTPServer) -> None:
    for i in range(5):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"})
    httpserver.expect_request("/r5").respond_with_data("<rss/>")
    result = get(httpserver.url_for("/r0"))
    assert result.url.endswith("/r5") and result.body == b"<rss/>"


def test_more_than_five_redirects_and_loops_fail(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/loop").respond_with_data("", status=301, headers={"Location": "/loop"})
    assert error_of(httpserver.url_for("/loop")) == "too many redirects (more than 5)"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x/y"])
def test_redirect_to_other_schemes_is_refused(httpserver: HTTPServer, target: str) -> None:
    httpserver.expect_request("/feed").respond_with_data("", status=302, headers={"Location": target})
    assert "non-http(s)" in error_of(httpserver.url_for("/feed"))


def test_declared_oversize_is_refused_before_reading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_response(
        Response(iter([b"x"]), headers={"Content-Length": "300000000"}))
    assert "too large" in error_of(httpserver.url_for("/big"))


def _stream(total: int) -> Iterator[bytes]:
    chunk = b"x" * 65536
    sent = 0
    while sent < total:
        yield chunk
        sent += len(chunk)


def test_streamed_oversize_is_cut_off_while_reading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_response(
        Response(_stream(300_000_000), content_type="application/rss+xml"))
    started = time.monotonic()
    assert "too large" in error_of(httpserver.url_for("/big"))
    assert time.monotonic() - started < 3


def test_gzip_bomb_is_never_decoded_past_the_cap(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)
    assert len(bomb) < 300_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/rss+xml")
    assert "too large (over 1 MB decoded)" in error_of(httpserver.url_for("/bomb"))


def test_gzip_body_is_decoded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress("<rss>Đà Nẵng</rss>".encode()), headers={"Content-Encoding": "gzip"})
    assert get(httpserver.url_for("/gz")).body.decode() == "<rss>Đà Nẵng</rss>"


def test_a_compressed_body_that_hashes_to_same_as_comes_back_unchanged(httpserver: HTTPServer) -> None:
    packed = gzip.compress("<rss>Đà Nẵng</rss>".encode(), mtime=0)
    httpserver.expect_request("/gz").respond_with_data(packed, headers={"Content-Encoding": "gzip"})
    httpserver.expect_request("/plain").respond_with_data("<rss>Huế</rss>")
    first = get(httpserver.url_for("/gz"))
    assert first.status == "ok" and first.wire_hash == wire_digest("gzip", packed)
    again = get(httpserver.url_for("/gz"), same_as=first.wire_hash)
    assert (again.status, again.body, again.wire_hash) == ("unchanged", b"", first.wire_hash)
    other = get(httpserver.url_for("/gz"), same_as=wire_digest("deflate", packed))
    assert other.status == "ok" and other.body.decode() == "<rss>Đà Nẵng</rss>"
    plain = get(httpserver.url_for("/plain"), same_as=first.wire_hash)  # identity: body hash's job
    assert (plain.status, plain.wire_hash, plain.body) == ("ok", None, "<rss>Huế</rss>".encode())


def _trickle(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        for _ in range(100):
            time.sleep(0.5)
            yield b"x"

    return Response(body(), content_type="application/rss+xml")


def test_a_trickling_server_hits_the_overall_deadline(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/slow").respond_with_handler(_trickle)
    started = time.monotonic()
    message = error_of(httpserver.url_for("/slow"))
    assert "deadline" in message
    assert time.monotonic() - started < SMALL.deadline + 1


def test_a_server_that_never_answers_times_out(silent_server: SilentServer) -> None:
    started = time.monotonic()
    message = error_of(silent_server.url)
    assert "timed out" in message or "deadline" in message
    assert time.monotonic() - started < SMALL.deadline + 1


def test_connection_refused_is_clear() -> None:
    assert error_of(dead_url()).startswith("cannot connect")


def test_retry_after_is_honoured_then_succeeds(httpserver: HTTPServer) -> None:
    calls: list[float] = []

    def handler(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("busy", status=429, headers={"Retry-After": "1"})
        return Response("<rss/>")

    httpserver.expect_request("/feed").respond_with_handler(handler)
    settings = FetchSettings(connect_timeout=2, read_timeout=2, deadline=5, retries=2)
    assert get(httpserver.url_for("/feed"), settings).body == b"<rss/>"
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.9


def test_retry_after_past_the_deadline_gives_up_at_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "busy", status=503, headers={"Retry-After": "120"})
    settings = FetchSettings(connect_timeout=2, read_timeout=2, deadline=5, retries=2)
    started = time.monotonic()
    assert "past the deadline" in error_of(httpserver.url_for("/feed"), settings)
    assert time.monotonic() - started < 1


def test_per_host_cap_limits_requests_in_flight(threaded_httpserver: HTTPServer) -> None:
    in_flight = [0, 0]  # current, peak
    lock = threading.Lock()

    def handler(request: Request) -> Response:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        time.sleep(0.1)
        with lock:
            in_flight[0] -= 1
        return Response("<rss/>")

    threaded_httpserver.expect_request("/feed").respond_with_handler(handler)
    settings = FetchSettings(per_host=2, max_connections=10, retries=0)

    async def run() -> None:
        async with Fetcher(settings) as fetcher:
            await asyncio.gather(*(fetcher.get(threaded_httpserver.url_for("/feed")) for _ in range(8)))

    asyncio.run(run())
    assert in_flight[1] == 2, "the server answers in parallel: the cap, not the server, limits"


@pytest.mark.parametrize("wbits", [15, -15], ids=["zlib-wrapped", "raw"])
@pytest.mark.parametrize("split", [1, 2, 3, 40])
def test_deflate_is_decoded_however_its_first_bytes_arrive(wbits: int, split: int) -> None:
    from antd_tui.core.net.body_decode import BodyDecoder

    body = "<rss>Đà Nẵng</rss>".encode() * 200
    packer = zlib.compressobj(wbits=wbits)
    packed = packer.compress(body) + packer.flush()
    decoder = BodyDecoder("deflate", 1_000_000)
    decoder.feed(packed[:split])
    decoder.feed(packed[split:])
    assert decoder.result() == body
