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
from antd_tui.core.net.fetch import Fetcher
from antd_tui.core.net.host_gate import HostGate


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
    settings = FetchSettings(per_host=16, max_connections=32, deadline=20)  # retries=2
    results, fetcher = fetch_all([threaded_httpserver.url_for("/feed")] * 24, settings)
    assert [getattr(r, "body", r) for r in results] == [b"<rss/>"] * 24
    gate = only_gate(fetcher)
    assert site.served == 24 and gate.active == 0
    # 16 -> 8 -> 4, then probing up by one at a time: one cut per round, not one per refusal
    assert gate.limit <= 5 and gate.round <= 4 < site.refused and not gate.tripped


def test_refusals_of_our_own_burst_do_not_use_up_retries(threaded_httpserver: HTTPServer) -> None:
    site = LimitedSite(cap=4)
    threaded_httpserver.expect_request("/feed").respond_with_handler(site)
    settings = FetchSettings(per_host=8, max_connections=16, retries=0, deadline=20)
    results, fetcher = fetch_all([threaded_httpserver.url_for("/feed")] * 8, settings)
    assert [getattr(r, "body", r) for r in results] == [b"<rss/>"] * 8  # retries=0, yet none failed
    assert site.refused == 4 and only_gate(fetcher).active == 0


def test_a_feed_refused_when_alone_gets_no_free_try(threaded_httpserver: HTTPServer) -> None:
    tries = [0]

    def always_busy(request: Request) -> Response:
        tries[0] += 1
        return Response("busy", status=503, headers={"Retry-After": "0"})

    threaded_httpserver.expect_request("/bad").respond_with_handler(always_busy)
    settings = FetchSettings(per_host=8, retries=1, deadline=10)
    results, fetcher = fetch_all([threaded_httpserver.url_for("/bad")], settings)
    assert isinstance(results[0], FetchError) and "HTTP 503" in str(results[0])
    assert tries[0] == 2, "its own try and 1 retry: nothing else was in flight to blame"
    assert only_gate(fetcher).limit == 8 and only_gate(fetcher).active == 0


def test_a_site_refusing_everything_trips_the_gate_and_fails_fast(
        threaded_httpserver: HTTPServer) -> None:
    tries = [0]

    def always_busy(request: Request) -> Response:
        tries[0] += 1
        time.sleep(0.02)
        return Response("down for maintenance", status=503, headers={"Retry-After": "0"})

    threaded_httpserver.expect_request("/feed").respond_with_handler(always_busy)
    settings = FetchSettings(per_host=8, max_connections=16, retries=2, deadline=20)
    results, fetcher = fetch_all([threaded_httpserver.url_for("/feed")] * 40, settings)
    messages = [str(r) for r in results]
    assert all(isinstance(r, FetchError) and "HTTP 503" in str(r) for r in results)
    assert sum("refuses every request" in m for m in messages) > 20
    # without the breaker: 40 feeds x (1 + 2 free + 2 retries), most of them one at a time
    assert tries[0] < 40 * 2 and only_gate(fetcher).tripped and only_gate(fetcher).active == 0


def test_other_errors_do_not_lower_the_limit(threaded_httpserver: HTTPServer) -> None:
    threaded_httpserver.expect_request("/feed").respond_with_data("oops", status=500)
    settings = FetchSettings(per_host=8, retries=1, deadline=10)
    results, fetcher = fetch_all([threaded_httpserver.url_for("/feed")] * 3, settings)
    assert all(isinstance(r, FetchError) for r in results)
    assert only_gate(fetcher).limit == 8


def test_the_cut_halves_what_was_in_flight_and_answers_grow_it_back() -> None:
    async def run() -> list[int]:
        gate = HostGate(50)
        for _ in range(9):
            await gate.acquire()
        seen = []
        gate.push_back(gate.round, "HTTP 503")
        seen.append(gate.limit)  # 9 in flight: 4, not 25
        gate.push_back(gate.round - 1, "HTTP 503")  # started before that cut: no second cut
        seen.append(gate.limit)
        for _ in range(9):
            gate.release()
        for _ in range(4 + 5 + 6):
            gate.answered()
        seen.append(gate.limit)  # +1 after 4 answers, +1 after 5, +1 after 6
        gate.ceiling = 8
        for _ in range(100):
            gate.answered()
        seen.append(gate.limit)  # never above per_host
        return seen

    assert asyncio.run(run()) == [4, 4, 7, 8]


def test_gate_serves_retries_first_and_survives_cancelled_waiters() -> None:
    async def run() -> list[str]:
        gate = HostGate(2)
        order: list[str] = []
        await gate.acquire()
        await gate.acquire()

        async def wait(name: str, front: bool = False) -> None:
            await gate.acquire(front=front)
            order.append(name)

        first = asyncio.create_task(wait("first"))
        doomed = asyncio.create_task(wait("doomed"))
        last = asyncio.create_task(wait("last"))
        await asyncio.sleep(0)
        retry = asyncio.create_task(wait("retry", front=True))
        await asyncio.sleep(0)
        doomed.cancel()
        gate.push_back(gate.round, "HTTP 503")  # 2 in flight: limit 1
        assert gate.limit == 1
        gate.release()  # 1 active, limit 1: nobody gets in yet
        await asyncio.sleep(0)
        assert order == []
        for _ in range(3):
            gate.release()
            await asyncio.sleep(0)
        await asyncio.gather(first, last, retry, return_exceptions=True)
        assert gate.active == 1 and doomed.cancelled()
        return order

    assert asyncio.run(run()) == ["retry", "first", "last"]


def test_a_slot_handed_over_to_a_cancelled_waiter_is_given_back() -> None:
    async def run() -> int:
        gate = HostGate(1)
        await gate.acquire()
        waiter = asyncio.create_task(gate.acquire())
        await asyncio.sleep(0)
        gate.release()  # hands the slot to the waiter …
        waiter.cancel()  # … which is cancelled before it runs
        await asyncio.gather(waiter, return_exceptions=True)
        return gate.active

    assert asyncio.run(run()) == 0
