"""Copying the WAL into the database on another thread during a big refresh.

A cold refresh of 100 feeds writes ~12 MB; SQLite copies it from the WAL into
the database file whenever a commit finds the WAL past 1000 pages, and again
when the last connection closes — both on the refreshing thread, ~0.15 s in
all. During a big refresh the writer's own automatic checkpoints are turned
off and a thread with its own connection runs ``PRAGMA wal_checkpoint(PASSIVE)``
every ``interval`` seconds instead: passive checkpoints never block the
writer, and ``sqlite3`` releases the GIL while SQLite works, so the copying
overlaps with fetching and parsing. Durability is unchanged (the WAL keeps
every commit until it is copied).
"""

from __future__ import annotations

import sqlite3
import threading

from antd_tui.core.store.db import database_file


class Checkpointer:
    def __init__(self, conn: sqlite3.Connection, interval: float = 0.1) -> None:
        self._conn = conn
        self._path = database_file(conn)
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._previous: int | None = None

    def start(self) -> Checkpointer:
        if not self._path:  # an in-memory database has no WAL
            return self
        self._previous = int(self._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, timeout=0, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            while not self._stop.wait(self._interval):
                self._checkpoint(conn)
            self._checkpoint(conn)
        finally:
            conn.close()

    @staticmethod
    def _checkpoint(conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass  # busy: the next round (or the writer's close) copies it

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._previous is not None:
            self._conn.execute(f"PRAGMA wal_autocheckpoint = {self._previous}")
            self._previous = None
