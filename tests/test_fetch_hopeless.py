"""What cannot succeed sooner is not retried with backoff: a refused connection or a host
name that does not resolve gets one quick retry; a server error still gets every retry."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from antd_tui.core.config import FetchSettings
from antd_tui.core.errors import FetchError
from antd_tui.core.net.fetch import Fetcher
from tests.conftest import dead_url
from tests.test_http11 import Scripted, ok

SETTINGS = FetchSettings(connect_timeout=2, read_timeout=2, deadline=10, retries=2)


def failure(url: str, settings: FetchSettings = SETTINGS) -> FetchError:
    async def run() -> None:
        async with Fetcher(settings) as fetcher:
            await fetcher.get(url)

    with pytest.raises(FetchError) as info:
        asyncio.run(run())
    return info.value


def test_a_refused_connection_is_tried_twice_not_three_times() -> None:
    error = failure(dead_url())
    assert str(error) == "cannot connect: connection refused"
    assert error.tries == 2


def test_refused_on_every_address_of_a_name_is_refused_too() -> None:
    """``localhost`` may be ::1 and 127.0.0.1; asyncio reports both refusals as one error."""
    port = dead_url().split(":")[2].split("/")[0]
    error = failure(f"http://localhost:{port}/feed.rss")
    assert "refused" in str(error) and error.tries == 2


def test_a_host_that_does_not_resolve_is_tried_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # straight to the resolver (the test proxy would answer for it otherwise); .invalid never
    # resolves (RFC 6761)
    try:  # a machine whose resolver does not answer at all times out instead: not this case
        started = time.monotonic()
        socket.getaddrinfo("no-such-host.invalid", 80)
    except socket.gaierror:
        if time.monotonic() - started > 1.0:
            pytest.skip("this machine's resolver takes over a second to say no")
    else:
        pytest.skip("this machine's resolver answers for .invalid")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,.invalid")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,.invalid")
    error = failure("http://no-such-host.invalid/feed.rss")
    assert str(error).startswith("cannot connect: cannot resolve the host name")
    assert error.tries == 2


def test_no_retries_configured_means_one_try() -> None:
    error = failure(dead_url(), FetchSettings(connect_timeout=2, read_timeout=2, deadline=10,
                                              retries=0))
    assert error.tries == 1


def test_a_server_error_still_gets_every_retry(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.rss").respond_with_data("down", status=500)
    error = failure(httpserver.url_for("/feed.rss"))
    assert str(error) == "HTTP 500 INTERNAL SERVER ERROR" and error.tries == 3
    assert len(httpserver.log) == 3


def test_a_certificate_that_does_not_verify_is_tried_twice(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server = Scripted(lambda head: (ok(), False), wrap=context)
    try:
        error = failure(server.url(scheme="https"))
    finally:
        server.close()
    assert str(error) == "cannot connect: TLS: self-signed certificate"
    assert error.tries == 2 and server.connections == 2
