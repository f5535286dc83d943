"""Running ``search_index.catch_up`` on a thread while the refresh goes on.

A batch of 500 articles costs SQLite's FTS tokenizer ~20 ms, all inside one
``INSERT … SELECT`` step, during which ``sqlite3`` releases the GIL: on a
thread with its own connection it overlaps with the event loop's fetching
and with the parse worker. The caller must not write while a batch runs (it
holds SQLite's write lock): ``Refresh`` waits for the batch before each of
its writes, so nobody sleeps in SQLite's busy handler.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from antd_tui.core.store import search_index
from antd_tui.core.store.db import database_file, open_existing

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


class IndexThread:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._path = database_file(conn)
        self._pool: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    @property
    def usable(self) -> bool:
        return bool(self._path)

    def start(self) -> Future[int]:
        """Index what is stored so far; the future gives how many rows were added.

        A failure (a full disk) gives 0: the articles stay above the watermark
        and the refresh's last ``catch_up`` (or the next refresh) indexes them.
        """
        return self._submit(search_index.catch_up)

    def start_marks(self) -> Future[int]:
        """Give the marks index the rows an earlier refresh left it (``catch_up_marks``);
        a failure leaves them to the next search."""
        return self._submit(search_index.catch_up_marks)

    def _submit(self, job: Callable[[sqlite3.Connection], int]) -> Future[int]:
        if self._closed:  # a late call (a cancelled refresh's task): nothing to start
            done: Future[int] = Future()
            done.set_result(0)
            return done
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor  # (a refresh with nothing to index needs none)

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
        return self._pool.submit(self._run, job)

    def _run(self, job: Callable[[sqlite3.Connection], int]) -> int:
        try:
            if self._conn is None:
                self._conn = open_existing(self._path)
            return job(self._conn)
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        """Wait for a running batch, then close the thread's connection."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
