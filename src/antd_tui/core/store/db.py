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
from typing import TYPE_CHECKING

from antd_tui.core.errors import DataDirError
from antd_tui.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from antd_tui.core.store.transaction import write

if TYPE_CHECKING:
    from antd_tui.core.record.restore import Restored

DB_NAME = "antd.sqlite3"
BUSY_TIMEOUT_MS = 30_000


# Migrations that rebuild the search index say so (``notice``) with the number of
# articles and then the time it took: one pass over the cache, once.
_REINDEXING = {7}


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
            notice: Callable[[str], None] | None = None,
            language: str = "vi", damaged: str | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the cache in ``data_dir``; raise ``DataDirError``.

    A file that is not a database or is corrupt is moved aside (see
    ``recover.py``) and a fresh cache is opened; ``notice`` (default: stderr)
    receives the message naming both paths. A cache never given the reader's
    record (new, or replacing a lost one) gets its bookmarks and read flags
    back from it at once (``record/restore.py``), and the message says what, in
    ``language``. ``damaged`` (the error a command met in a cache that opened) moves it
    aside first, the same way: damage past the header shows only when a page is read.
    """
    from antd_tui.core.locale.messages import Tr
    from antd_tui.core.store import recover

    tr = Tr(language)

    damage = ""
    bookmarks: list[dict[str, object]] = []
    if damaged is not None and (data_dir / DB_NAME).exists():
        damage, bookmarks = recover.move_aside(data_dir / DB_NAME, damaged, language)
    try:
        conn = _open(data_dir, readonly, notice or _stderr)
    except _Damaged as found:
        damage, bookmarks = recover.move_aside(data_dir / DB_NAME, found.reason, language)
        conn = _open(data_dir, readonly, notice or _stderr)
    if bookmarks:
        recover.restore_bookmarks(conn, bookmarks)
    if readonly:
        if damage:
            (notice or _stderr)(tr("cli.warning", message=damage))
        return conn
    try:
        restored = _catch_up_record(conn, data_dir)
    except BaseException:
        conn.close()
        raise
    if restored is not None and (restored.bookmarks or restored.read_flags or restored.problems):
        damage = damage or tr("cache.new", dir=data_dir)
        damage += "; " + restored.describe(data_dir, language)
    if damage:
        (notice or _stderr)(tr("cli.warning", message=damage))
    for problem in restored.problems if restored else []:
        (notice or _stderr)(tr("cli.warning", message=problem))
    return conn


def _catch_up_record(conn: sqlite3.Connection, data_dir: Path) -> Restored | None:
    """The reader's record applied to the cache (``record/restore.py``); errors are exit 4.

    Nothing to do is the common case, checked without loading the rest of ``record``.
    """
    from antd_tui.core.record.tail import last_seq

    applied, restored = conn.execute("SELECT applied, restored FROM record_state").fetchone()
    if restored and last_seq(data_dir) <= applied:
        return None
    from antd_tui.core.record.restore import on_open

    try:
        return on_open(conn, data_dir)
    except OSError as exc:
        free = _free(data_dir)
        if free is not None and free < 1_000_000:
            raise DataDirError.said("record.unusable_full", dir=data_dir,
                                    error=exc.strerror or exc, free=free) from None
        raise DataDirError.said("record.unusable", dir=data_dir, error=exc.strerror or exc) from None


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
        raise DataDirError(_problem(data_dir) or
                           f"cannot create data dir {data_dir}: {exc.strerror or exc}") from None
    path = data_dir / DB_NAME
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DataDirError(_problem(data_dir) or f"cannot open {path}: {exc}") from None
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
        raise DataDirError(_problem(data_dir) or
                           f"{path} cannot be used: {exc}{_space_note(data_dir)}") from None
    return conn


def _problem(data_dir: Path) -> str | None:
    from antd_tui.core.paths import data_dir_problem

    return data_dir_problem(data_dir, DB_NAME)


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


def _free(folder: Path) -> int | None:
    import shutil

    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _space_note(folder: Path) -> str:
    free = _free(folder)
    if free is None or free >= 1_000_000:
        return ""
    return f" (the disk is full: {free} bytes free; nothing was changed)"
