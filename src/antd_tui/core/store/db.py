"""Opening the SQLite cache: pragmas, forward migrations (write transactions: ``transaction.py``).

WAL lets the reader keep reading while a refresh (the reader's own or a cron
job's) writes; ``busy_timeout`` makes a second writer wait instead of failing;
every write starts with ``BEGIN IMMEDIATE`` because a deferred transaction
that began with a read fails with "database is locked" when another
connection committed in between, whatever the busy timeout.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from antd_tui.core.errors import DataDirError
from antd_tui.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from antd_tui.core.store.transaction import write

DB_NAME = "antd.sqlite3"
BUSY_TIMEOUT_MS = 30_000


# Migrations that rebuild the search index say so (``notice``) with the number of
# articles and then the time it took: one pass over the cache, once.
_REINDEXING = {6}


def _migrate(conn: sqlite3.Connection, path: Path, notice: Callable[[str], None]) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DataDirError(
            f"{path} was written by a newer antd-tui (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); it was left untouched"
        )
    if version == SCHEMA_VERSION:
        return
    with write(conn):
        # Re-read inside the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            started = time.perf_counter()
            articles = 0
            if number + 1 in _REINDEXING:
                articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                if articles:
                    notice(f"antd-tui: updating the search index of {path} (once, for search "
                           f"that keeps marks): {articles:,} articles…")
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            if articles:
                notice(f"antd-tui: search index updated in {time.perf_counter() - started:.1f} s")


def _statements(script: str) -> list[str]:
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def connect(data_dir: Path, *, readonly: bool = False,
            notice: Callable[[str], None] | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the cache in ``data_dir``; raise ``DataDirError``.

    A file that is not a database or is corrupt is moved aside (see
    ``recover.py``) and a fresh cache is opened; ``notice`` (default: stderr)
    receives the message naming both paths.
    """
    from antd_tui.core.store import recover

    try:
        return _open(data_dir, readonly, notice or _stderr)
    except _Damaged as damaged:
        message, bookmarks = recover.move_aside(data_dir / DB_NAME, damaged.reason)
    (notice or _stderr)(f"antd-tui: warning: {message}")
    conn = _open(data_dir, readonly, notice or _stderr)
    if bookmarks:
        recover.restore_bookmarks(conn, bookmarks)
    return conn


class _Damaged(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _open(data_dir: Path, readonly: bool, notice: Callable[[str], None]) -> sqlite3.Connection:
    from antd_tui.core.store.recover import is_corruption

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"cannot create data dir {data_dir}: {exc.strerror or exc}") from None
    path = data_dir / DB_NAME
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DataDirError(f"cannot open {path}: {exc}") from None
    try:
        _per_connection(conn)  # busy_timeout first: switching to WAL may wait for a lock
        conn.execute("PRAGMA journal_mode = WAL")
        if not readonly:
            _migrate(conn, path, notice)
    except DataDirError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_corruption(exc):
            raise _Damaged(str(exc)) from None
        raise DataDirError(f"{path} cannot be used: {exc}{_space_note(data_dir)}") from None
    return conn


def database_file(conn: sqlite3.Connection) -> str:
    """The file behind ``conn``, for a second connection; "" for an in-memory database."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else ""


def open_existing(path: str) -> sqlite3.Connection:
    """Another connection to a cache ``connect`` already opened and migrated (same pragmas)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _per_connection(conn)
    return conn


def _per_connection(conn: sqlite3.Connection) -> None:
    """The settings each connection needs (WAL mode is kept in the file itself)."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def _space_note(folder: Path) -> str:
    import shutil

    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" (the disk is full: {free} bytes free; nothing was changed)" if free < 1_000_000 else ""
