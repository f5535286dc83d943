"""Parsing feeds on the second core during a big refresh.

A cold refresh is CPU-bound in one Python process: fetching, parsing (~3–4 ms
a 50-item feed) and storing (~6 ms, mostly SQLite's FTS tokenizer) take turns
on one core while the GIL keeps threads from helping. With many feeds to
read, parsing moves to one worker process, so the main process stores feed N
while the worker parses feed N+1. ``parse_feed`` is a pure function of the
body's bytes, so the worker needs no database, lock or network.

The worker is started when the first body needs parsing, so a refresh where
every feed answers 304 never pays for it, or with the refresh when most feeds
were never fetched (``Refresh`` decides: a new cache, a big import). Bodies
that arrive before it is ready are parsed inline. Small refreshes, and
machines where a process pool cannot start, parse inline as before. If the
worker dies on a body, that feed fails with a clear error and the rest parse
inline.

How it starts (``start_method``): on Linux, in a process with no other
thread (the CLI's refresh), the worker is forked: ready in ~50 ms (it
imports the parsers itself), with no second interpreter or resource-tracker
process to start (a cold refresh of 100 feeds used ~0.2 s less CPU). Anywhere
else, notably beside the reader's threads, where forking is unsafe, it is
spawned: a fresh interpreter, ~0.15 s to start. Either way the worker exits
the moment its parent is gone (``kill -9``): a spawned one would otherwise
live on under PID 1, and a forked one holds copies of the parent's
descriptors, the refresh lock's among them, and would keep that lock.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from antd_tui.core.errors import FeedParseError

if TYPE_CHECKING:
    # not imported at run time: the worker imports this module too, and needs no event loop
    import asyncio
    import multiprocessing.process
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from antd_tui.core.models import ParsedFeed

# Below this many feeds, starting a worker (~0.1 s of CPU) costs more than it saves.
PARALLEL_MIN_FEEDS = 8


def start_method() -> str:
    """``fork`` where it is safe (Linux, no other thread in this process), else ``spawn``."""
    import sys
    import threading

    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"


def _worker_init() -> None:
    """Ctrl+C is the parent's to handle: the worker must not print a traceback.

    And the worker leaves with its parent: the pipes the pool reads from do not
    tell it (a forked worker holds their other ends itself), but the sentinel
    multiprocessing gives every child does: only the parent holds its other
    end, so it reads as closed the moment the parent is gone.
    """
    import multiprocessing
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True,
                         name="parent-watch").start()


def _exit_with_parent(sentinel: int) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])  # returns when the parent's end closes: the parent is gone
    os._exit(1)


def _ready() -> bool:
    """The worker's first job: start up and import the parsers."""
    import antd_tui.core.feeds.parse  # noqa: F401

    return True


def _parse(body: bytes, url: str, content_type: str) -> ParsedFeed:
    """``parse_feed``, imported on first use: the worker is sent this function, so the
    parent imports the parsers (~25 ms of its busiest thread) only if it parses a body
    itself, and a refresh where every feed answers 304 never loads them."""
    from antd_tui.core.feeds.parse import parse_feed

    return parse_feed(body, url, content_type)


class ParsePool:
    def __init__(self, feeds: int) -> None:
        self.parallel = feeds >= PARALLEL_MIN_FEEDS and (os.cpu_count() or 1) > 1
        self._pool: ProcessPoolExecutor | None = None
        self._ready: asyncio.Future[bool] | None = None
        self._pending: list[asyncio.Future[ParsedFeed]] = []  # in the order the worker takes them
        self._culprit: asyncio.Future[ParsedFeed] | None = None
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._manager: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker; until it answers its first job, bodies are parsed inline."""
        if not self.parallel or self._pool is not None:
            return
        import asyncio
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = start_method()  # (multiprocessing flushes stdout and stderr before a fork)
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context(method),
                initializer=_worker_init)
            self._ready = asyncio.get_running_loop().run_in_executor(self._pool, _ready)
            # kept to join them in close(): after shutdown(wait=False) the executor forgets them
            self._processes = list(getattr(self._pool, "_processes", {}).values())
            # the executor's thread that reaps the worker when it exits: close() waits for it,
            # or a Process.is_alive() racing with its waitpid() can see a dead worker as alive
            self._manager = getattr(self._pool, "_executor_manager_thread", None)
        except (OSError, ImportError, ValueError, RuntimeError):
            # no /dev/shm, no semaphores, process or thread limits, an unguarded __main__
            self.parallel = False

    def _worker_ready(self) -> bool:
        if not self.parallel or self._ready is None or not self._ready.done():
            return False
        if self._ready.cancelled() or self._ready.exception() is not None:
            self.parallel = False  # the worker never came up: parse inline
            return False
        return True

    async def parse(self, body: bytes, url: str, content_type: str) -> ParsedFeed:
        self.start()
        if not self._worker_ready():
            return _parse(body, url, content_type)
        assert self._pool is not None
        import asyncio
        from concurrent.futures.process import BrokenProcessPool

        try:
            job = asyncio.get_running_loop().run_in_executor(
                self._pool, _parse, body, url, content_type)
        except (OSError, RuntimeError):  # process or file limits; a pool already shut down
            self.parallel = False
            return _parse(body, url, content_type)
        self._pending.append(job)
        try:
            return await job
        except BrokenProcessPool:
            # Every waiting body gets this error; only the oldest was in the
            # worker when it died (one worker, bodies taken in order): that feed
            # fails, the others are parsed inline.
            self.parallel = False
            if self._culprit is None:
                self._culprit = self._pending[0]
            if job is self._culprit:
                raise FeedParseError("the parser process stopped while reading this feed") from None
            return _parse(body, url, content_type)
        finally:
            self._pending.remove(job)

    def finish(self) -> None:
        """No more feeds to parse: let the worker exit while the refresh goes on."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self.parallel = False

    def close(self) -> None:
        """Stop the worker and wait for it (a few ms if ``finish`` already asked it to go)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._manager is not None:
            self._manager.join(timeout=5)
            self._manager = None
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=1)
        self._processes = []
