"""The WAL is copied into the database by a thread while a big refresh writes."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from antd_tui.core.store.checkpointer import Checkpointer
from antd_tui.core.store.db import DB_NAME, connect
from antd_tui.core.store.transaction import write


def _fill(conn: sqlite3.Connection, rows: int) -> None:
    with write(conn):
        conn.executemany("INSERT INTO feeds (url, category, slug, title) VALUES (?, 'c', 'c', ?)",
                         [(f"https://x.vn/{time.monotonic_ns()}-{n}", "t" * 2000) for n in range(rows)])


def _db_file_mb(data: Path) -> float:
    """The database file itself grows only when WAL pages are copied into it."""
    return (data / DB_NAME).stat().st_size / 1e6


def test_the_thread_copies_the_wal_while_the_writer_does_not(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    before = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    checkpointer = Checkpointer(conn, interval=0.02).start()
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    for _ in range(5):
        _fill(conn, 400)  # ~4 MB through the WAL
    deadline = time.monotonic() + 5
    while _db_file_mb(tmp_path) < 3.5 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _db_file_mb(tmp_path) > 3.5  # copied by the thread, with the writer's own checkpoints off
    checkpointer.stop()
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == before
    assert conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0] == 2000
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_control_with_checkpoints_off_and_no_thread_the_database_file_stays_small(tmp_path: Path
                                                                                   ) -> None:
    conn = connect(tmp_path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for _ in range(5):
        _fill(conn, 400)
    time.sleep(0.3)
    assert _db_file_mb(tmp_path) < 0.5
    conn.close()
