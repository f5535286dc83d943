"""Parsing feeds on the second core during a big refresh.

A cold refresh is CPU-bound in one Python process: fetching, parsing (~3–4 ms
a 50-item feed) and storing (~6 ms, mostly SQLite's FTS tokenizer) take turns
on one core while the GIL keeps threads from helping. With many feeds to
read, parsing moves to one worker process, so the main process stores feed N
while the worker parses feed N+1. ``parse_feed`` is a pure function of the
body's bytes, so the worker needs no database, lock or network.

The worker is started (``spawn``: a fresh interpreter, safe beside the
reader's threads) when the first body needs parsing, so a refresh where every
feed answers 304 never pays for it. It needs ~0.2 s to start; bodies that
arrive before it is ready are parsed inline. (Starting it with the refresh
when the cache is cold was measured: no gain, the spawn delays the first
requests by ~30 ms.) Small refreshes, and machines where a
process pool cannot start, parse inline as before. If the worker dies on a
body, that feed fails with a clear error and the rest parse inline.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

from antd_tui.core.errors import FeedParseError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from antd_tui.core.models import ParsedFeed

# Below this many feeds, starting a worker (~0.1 s of CPU) costs more than it saves.
PARALLEL_MIN_FEEDS = 8


def _quiet_worker() -> None:
    """Ctrl+C is the parent's to handle: the worker must not print a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ready() -> bool:
    """The worker's first job: start up and import the parsers."""
    import antd_tui.core.feeds.parse  # noqa: F401

    return True


class ParsePool:
    def __init__(self, feeds: int) -> None:
        self.parallel = feeds >= PARALLEL_MIN_FEEDS and (os.cpu_count() or 1) > 1
        self._pool: ProcessPoolExecutor | None = None
        self._ready: asyncio.Future[bool] | None = None

    def start(self) -> None:
        """Start the worker; until it answers its first job, bodies are parsed inline."""
        if not self.parallel or self._pool is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_quiet_worker)
            self._ready = asyncio.get_running_loop().run_in_executor(self._pool, _ready)
        except (OSError, ImportError, ValueError):  # no /dev/shm, no semaphores, process limits
            self.parallel = False

    def _worker_ready(self) -> bool:
        if not self.parallel or self._ready is None or not self._ready.done():
            return False
        if self._ready.cancelled() or self._ready.exception() is not None:
            self.parallel = False  # the worker never came up: parse inline
            return False
        return True

    async def parse(self, body: bytes, url: str, content_type: str) -> ParsedFeed:
        # imported here: a refresh where every feed answers 304 never loads the parsers
        from antd_tui.core.feeds.parse import parse_feed

        self.start()
        if not self._worker_ready():
            return parse_feed(body, url, content_type)
        assert self._pool is not None
        from concurrent.futures.process import BrokenProcessPool

        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._pool, parse_feed, body, url, content_type)
        except BrokenProcessPool:
            self.parallel = False  # the rest parse inline
            raise FeedParseError("the parser process stopped while reading this feed") from None
        except OSError:  # the worker could not be started (process or file limits)
            self.parallel = False
            return parse_feed(body, url, content_type)

    def finish(self) -> None:
        """No more feeds to parse: let the worker exit while the refresh goes on."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self.parallel = False

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
