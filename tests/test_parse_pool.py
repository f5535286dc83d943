"""Parsing in a worker process during big refreshes: same results, safe failure."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from antd_tui.core.config import load_settings
from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds import parse_feed, pool
from antd_tui.core.feeds.pool import PARALLEL_MIN_FEEDS, ParsePool
from antd_tui.core.lock import holder
from antd_tui.core.models import FeedSource
from antd_tui.core.pipeline.refresh import Refresh
from antd_tui.core.store.db import connect
from antd_tui.sample.server import SampleServer
from bench.data import write_feeds
from tests.conftest import serve_copy, toml_config

LINUX_ONLY = pytest.mark.skipif(sys.platform != "linux", reason="the worker is forked on Linux only")

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
BODIES = [(FIXTURES / name).read_bytes() for name in ("rss2.xml", "atom.xml", "jsonfeed.json", "hostile.xml")]


def test_the_worker_gives_exactly_what_parsing_inline_gives() -> None:
    async def run() -> list[object]:
        parser = ParsePool(PARALLEL_MIN_FEEDS)
        parser.start()
        assert parser._ready is not None and await parser._ready  # bodies go to the worker now
        try:
            results: list[object] = []
            for body in [*BODIES, b"<html><body>not a feed</body></html>"]:
                try:
                    results.append(await parser.parse(body, "https://example.vn/rss", ""))
                except FeedParseError as exc:
                    results.append(str(exc))
            return results
        finally:
            parser.close()

    expected: list[object] = []
    for body in [*BODIES, b"<html><body>not a feed</body></html>"]:
        try:
            expected.append(parse_feed(body, "https://example.vn/rss", ""))
        except FeedParseError as exc:
            expected.append(str(exc))
    assert asyncio.run(run()) == expected


def test_bodies_that_come_before_the_worker_is_ready_are_parsed_inline() -> None:
    async def run() -> tuple[bool, int]:
        parser = ParsePool(PARALLEL_MIN_FEEDS)
        try:
            parsed = await parser.parse(BODIES[0], "https://example.vn/rss", "")  # starts it
            assert parser._ready is not None
            return parser._ready.done(), len(parsed.items)
        finally:
            parser.close()

    ready, items = asyncio.run(run())
    assert not ready and items == len(parse_feed(BODIES[0], "https://example.vn/rss").items)


def test_small_refreshes_parse_inline() -> None:
    async def run() -> bool:
        parser = ParsePool(PARALLEL_MIN_FEEDS - 1)
        await parser.parse(BODIES[0], "https://example.vn/rss", "")
        parser.close()
        return parser._pool is None

    assert asyncio.run(run())


def test_bodies_sent_after_the_worker_died_are_parsed_inline() -> None:
    async def run() -> int:
        parser = ParsePool(PARALLEL_MIN_FEEDS)
        try:
            parser.start()
            assert parser._ready is not None and await parser._ready
            for process in parser._processes:  # the worker is killed (OOM killer, kill -9)
                os.kill(process.pid or 0, signal.SIGKILL)
            await asyncio.sleep(0.3)
            return len((await parser.parse(BODIES[1], "https://example.vn/rss", "")).items)
        finally:
            parser.close()

    assert asyncio.run(run()) == len(parse_feed(BODIES[1], "https://example.vn/rss").items)


def test_when_the_worker_dies_only_the_body_it_was_reading_fails(tmp_path: Path) -> None:
    paths = write_feeds(tmp_path, count=8, items=50)
    bodies = [(tmp_path / p).read_bytes() for p in paths]  # ~5 ms each to parse

    async def run() -> list[str]:
        parser = ParsePool(PARALLEL_MIN_FEEDS)
        try:
            parser.start()
            assert parser._ready is not None and await parser._ready
            jobs = [asyncio.ensure_future(parser.parse(body, "https://example.vn/rss", ""))
                    for body in bodies]
            await asyncio.sleep(0)  # all submitted, in order
            for process in parser._processes:
                os.kill(process.pid or 0, signal.SIGKILL)
            outcomes = []
            for job in jobs:
                try:
                    outcomes.append(f"{len((await job).items)} items")
                except FeedParseError as exc:
                    outcomes.append(str(exc))
            return outcomes
        finally:
            parser.close()

    outcomes = asyncio.run(run())
    failed = [o for o in outcomes if not o.endswith("items")]
    # the first body may have been parsed before the kill landed; at most one fails
    assert len(failed) <= 1 and all(o == "the parser process stopped while reading this feed"
                                    for o in failed)
    assert outcomes[-1] == "50 items"


def test_close_waits_for_the_worker_even_after_finish() -> None:
    async def run() -> bool:
        parser = ParsePool(PARALLEL_MIN_FEEDS)
        parser.start()
        assert parser._ready is not None and await parser._ready
        processes = list(parser._processes)
        parser.finish()
        parser.close()
        return any(p.is_alive() for p in processes)

    assert asyncio.run(run()) is False


def test_no_process_pool_on_this_machine_means_parsing_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    def refuse(*_: object) -> None:
        raise OSError("no /dev/shm here")

    monkeypatch.setattr(multiprocessing, "get_context", refuse)

    async def run() -> int:
        parser = ParsePool(PARALLEL_MIN_FEEDS)
        parsed = await parser.parse(BODIES[0], "https://example.vn/rss", "")
        parser.close()
        return len(parsed.items)

    assert asyncio.run(run()) == len(parse_feed(BODIES[0], "https://example.vn/rss").items)


def _articles(data: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(data / "antd.sqlite3")
    rows = db.execute("SELECT key, url, title, summary, author, image, published FROM articles "
                      "ORDER BY key").fetchall()
    db.close()
    return rows


def test_a_big_refresh_stores_the_same_articles_with_or_without_the_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "src"
    paths = write_feeds(site, count=PARALLEL_MIN_FEEDS + 2, items=20)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        settings = replace(load_settings(None), feeds=feeds)

        def refresh(data: Path) -> int:
            conn = connect(data)
            summary = asyncio.run(Refresh(settings, conn, full_text=False).run())
            conn.close()
            return len(summary.new_ids)

        assert refresh(tmp_path / "parallel") == len(paths) * 20
        monkeypatch.setattr(pool, "PARALLEL_MIN_FEEDS", 10_000)
        assert refresh(tmp_path / "inline") == len(paths) * 20
    assert _articles(tmp_path / "parallel") == _articles(tmp_path / "inline")


def test_the_worker_starts_with_a_cold_refresh_and_never_for_one_of_304s(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "src"
    paths = write_feeds(site, count=PARALLEL_MIN_FEEDS, items=10)
    events: list[str] = []
    real_start, real_parse = ParsePool.start, ParsePool.parse

    def start(self: ParsePool) -> None:
        if self._pool is None:
            events.append("start")
        real_start(self)

    async def parse(self: ParsePool, body: bytes, url: str, content_type: str) -> object:
        events.append("parse")
        return await real_parse(self, body, url, content_type)

    monkeypatch.setattr(ParsePool, "start", start)
    monkeypatch.setattr(ParsePool, "parse", parse)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        settings = replace(load_settings(None), feeds=feeds)

        def refresh() -> None:
            conn = connect(tmp_path / "data")
            asyncio.run(Refresh(settings, conn, full_text=False).run())
            conn.close()

        refresh()  # a new cache: the worker starts before any body is parsed
        assert events[0] == "start" and events.count("parse") == len(paths)
        events.clear()
        refresh()  # every feed answers 304: no parsing, no worker
    assert events == []


def test_feeds_that_only_ever_failed_do_not_start_the_worker_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_start = ParsePool.start

    def start(self: ParsePool) -> None:
        if self._pool is None and self.parallel:
            started.append(1)
        real_start(self)

    monkeypatch.setattr(ParsePool, "start", start)
    with serve_copy(FIXTURES, tmp_path / "site") as server:  # every feed URL answers 404
        feeds = tuple(FeedSource(url=f"{server.base_url}/gone-{n}.rss", category="X", slug="x")
                      for n in range(PARALLEL_MIN_FEEDS))
        settings = replace(load_settings(None), feeds=feeds)
        conn = connect(tmp_path / "data")
        assert asyncio.run(Refresh(settings, conn, full_text=False).run()).errors == len(feeds)
        assert started == [1]  # never fetched: the worker started with the refresh
        started.clear()
        asyncio.run(Refresh(settings, conn, full_text=False).run())  # offline, dead feeds
        conn.close()
    assert started == []


def test_the_worker_is_forked_only_in_a_process_without_other_threads() -> None:
    code = ("import threading, time\n"
            "from antd_tui.core.feeds.pool import start_method\n"
            "alone = start_method()\n"
            "threading.Thread(target=time.sleep, args=(0.5,), daemon=True).start()\n"
            "print(alone, start_method())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == (["fork", "spawn"] if sys.platform == "linux" else ["spawn"] * 2)


def _cli_refresh(config: Path, data: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "antd_tui", "--config", str(config), "--data-dir", str(data),
            "refresh", "--json", "--no-full-text", *extra]


@LINUX_ONLY
def test_a_cli_refresh_with_a_forked_worker_stores_what_inline_parsing_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "src"
    paths = write_feeds(site, count=PARALLEL_MIN_FEEDS + 2, items=20)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = [{"url": f"{server.base_url}/{p}", "category": "Pháp luật"} for p in paths]
        config = toml_config(tmp_path / "c.toml", feeds)
        # its own process, with no other thread: the worker is forked
        forked = subprocess.run(_cli_refresh(config, tmp_path / "forked"), capture_output=True,
                                text=True, timeout=120)
        assert forked.returncode == 0, forked.stderr
        assert forked.stderr == ""  # nothing written twice by the worker, no warning
        monkeypatch.setattr(pool, "PARALLEL_MIN_FEEDS", 10_000)
        settings = load_settings(config)
        conn = connect(tmp_path / "inline")
        asyncio.run(Refresh(settings, conn, full_text=False).run())
        conn.close()
    assert len(_articles(tmp_path / "forked")) == len(paths) * 20
    assert _articles(tmp_path / "forked") == _articles(tmp_path / "inline")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def _wait_for_children(pid: int, count: int) -> list[int]:
    deadline = time.monotonic() + 20
    while len(children := _children(pid)) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return children


def _all_gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not any(_running(pid) for pid in pids)


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's PID 1 may never reap an orphan)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@LINUX_ONLY
def test_a_killed_refresh_leaves_no_worker_behind_holding_its_lock(tmp_path: Path) -> None:
    paths = write_feeds(tmp_path / "site", count=PARALLEL_MIN_FEEDS, items=5)
    with SampleServer(root=tmp_path / "site", delay=2.0) as server:  # still fetching when killed
        feeds = [{"url": f"{server.base_url}/{p}", "category": "Pháp luật"} for p in paths]
        config = toml_config(tmp_path / "c.toml", feeds)
        data = tmp_path / "data"
        proc = subprocess.Popen(_cli_refresh(config, data), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            workers = _wait_for_children(proc.pid, 1)
            assert workers, "the refresh never started its parse worker"
            assert holder(data) == proc.pid
        finally:
            proc.kill()
            proc.wait()
        assert _all_gone(workers), "the worker outlived its refresh"
        assert holder(data) is None  # the next refresh starts at once



BESIDE_A_THREAD = """
import asyncio, sys, threading
from dataclasses import replace
from pathlib import Path
from antd_tui.core.config import load_settings
from antd_tui.core.models import FeedSource
from antd_tui.core.pipeline.refresh import Refresh
from antd_tui.core.store.db import connect
feeds = tuple(FeedSource(url=u, category="X", slug="x") for u in sys.argv[2:])
settings = replace(load_settings(None), feeds=feeds)
def run():  # as the reader runs it: on a thread, so the worker is spawned
    asyncio.run(Refresh(settings, connect(Path(sys.argv[1])), full_text=False).run())
worker = threading.Thread(target=run)
worker.start()
worker.join()
"""


@LINUX_ONLY
def test_a_spawned_worker_does_not_outlive_a_killed_process(tmp_path: Path) -> None:
    paths = write_feeds(tmp_path / "site", count=PARALLEL_MIN_FEEDS, items=5)
    with SampleServer(root=tmp_path / "site", delay=2.0) as server:
        proc = subprocess.Popen([sys.executable, "-c", BESIDE_A_THREAD, str(tmp_path / "data"),
                                 *[f"{server.base_url}/{p}" for p in paths]],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            children = _wait_for_children(proc.pid, 2)  # the worker and the resource tracker
            assert len(children) == 2, "the refresh never started its parse worker"
            time.sleep(0.3)  # the worker is up and waiting for bodies
        finally:
            proc.kill()
            proc.wait()
        assert _all_gone(children), "the worker outlived its parent"
