"""The per-host limit backs off when a real loopback server says "too many" (429/503)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from antd_tui.core.config import FetchSettings
from antd_tui.core.errors import FetchError
from antd_tui.core.fetch import Fetcher
from antd_tui.core.host_gate import HostGate
from tests.conftest import dead_url


class LimitedSite:
    """Answers at most ``cap`` requests at once; the others get ``status`` at once."""

    def __init__(self, cap: int, status: int = 503) -> None:
        self.cap, self.status = cap, status
        self.lock = threading.Lock()
        self.in_flight = self.refused = self.served = 0

    def __call__(self, request: Request) -> Response:
        with self.lock:
            if self.in_flight >= self.cap:
                self.refused += 1
                return Response("slow down", status=self.status, headers={"Retry-After": "0"})
            self.in_flight += 1
        time.sleep(0.05)
        with self.lock:
            self.in_flight -= 1
            self.served += 1
        return Response("<rss/>")


def fetch_all(urls: list[str], settings: FetchSettings) -> tuple[list[object], Fetcher]:
    async def run() -> tuple[list[object], Fetcher]:
        async with Fetcher(settings) as fetcher:
            results = await asyncio.gather(*(fetcher.get(u) for u in urls), return_exceptions=True)
            return list(results), fetcher

    return asyncio.run(run())


def only_gate(fetcher: Fetcher) -> HostGate:
    (gate,) = fetcher._hosts.values()  # every test here talks to one host
    return gate


@pytest.mark.parametrize("status", [429, 503])
def test_a_burst_the_site_refuses_is_slowed_down_and_no_feed_is_lost(
        threaded_httpserver: HTTPServer, status: int) -> None:
    site = LimitedSite(cap=4, status=status)
    threaded_httpserver.expect_request("/feed").respond_with_handler(site)
    settings = FetchSettings(per_host=16, max_connections=32, retries=0, deadline=20)
    results, fetcher = fetch_all([threaded_httpserver.url_for("/feed")] * 24, settings)
    assert [getattr(r, "body", r) for r in results] == [b"<rss/>"] * 24  # retries=0, yet none failed
    assert site.served == 24
    gate = only_gate(fetcher)
    # 16 -> 8 -> 4, what the site takes: one halving per round, not one per refusal
    assert gate.limit == 4 and site.refused > 2


def test_a_feed_refused_every_time_fails_after_its_own_retries(threaded_httpserver: HTTPServer) -> None:
    tries = [0]

    def always_busy(request: Request) -> Response:
        tries[0] += 1
        return Response("busy", status=503, headers={"Retry-After": "0"})

    threaded_httpserver.expect_request("/bad").respond_with_handler(always_busy)
    threaded_httpserver.expect_request("/good").respond_with_data("<rss/>")
    settings = FetchSettings(per_host=8, max_connections=16, retries=1, deadline=10)
    urls = [threaded_httpserver.url_for("/bad")] + [threaded_httpserver.url_for("/good")] * 6
    results, fetcher = fetch_all(urls, settings)
    assert isinstance(results[0], FetchError) and "HTTP 503" in str(results[0])
    assert all(getattr(r, "body", None) == b"<rss/>" for r in results[1:])
    assert tries[0] == 3, "one free try for lowering the limit, then its own 1 + 1 retries"
    assert only_gate(fetcher).limit == 4, "one stubborn feed halves the limit once"


def test_other_errors_do_not_lower_the_limit(threaded_httpserver: HTTPServer) -> None:
    threaded_httpserver.expect_request("/feed").respond_with_data("oops", status=500)
    settings = FetchSettings(per_host=8, retries=1, deadline=10)
    results, fetcher = fetch_all([threaded_httpserver.url_for("/feed")] * 3, settings)
    assert all(isinstance(r, FetchError) for r in results)
    assert only_gate(fetcher).limit == 8


def test_gate_hands_slots_in_order_and_survives_cancelled_waiters() -> None:
    async def run() -> list[str]:
        gate = HostGate(2)
        order: list[str] = []
        await gate.acquire()
        await gate.acquire()

        async def wait(name: str) -> None:
            await gate.acquire()
            order.append(name)

        first = asyncio.create_task(wait("first"))
        doomed = asyncio.create_task(wait("doomed"))
        last = asyncio.create_task(wait("last"))
        await asyncio.sleep(0)
        doomed.cancel()
        assert gate.push_back() and gate.limit == 1
        assert not gate.push_back() and gate.limit == 1, "never below one"
        gate.release()  # 1 active, limit 1: nobody gets in yet
        await asyncio.sleep(0)
        assert order == []
        gate.release()
        await asyncio.sleep(0)
        gate.release()
        await asyncio.gather(first, last, return_exceptions=True)
        assert gate.active == 1 and doomed.cancelled()
        return order

    assert asyncio.run(run()) == ["first", "last"]


def test_a_refused_connection_lowers_the_limit_but_earns_no_free_retry() -> None:
    settings = FetchSettings(per_host=8, retries=0, deadline=10)
    started = time.monotonic()
    results, fetcher = fetch_all([dead_url()] * 3, settings)
    elapsed = time.monotonic() - started
    assert all(isinstance(r, FetchError) and str(r).startswith("cannot connect") for r in results)
    assert only_gate(fetcher).limit == 4
    assert elapsed < 0.4, "retries=0: no backoff sleep (a free retry would wait 0.5 s first)"
