"""Cache housekeeping: delete old articles, never a bookmark or what it needs."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from antd_tui.core.photos.files import images_dir
from antd_tui.core.store import search_index
from antd_tui.core.store.db import DB_NAME
from antd_tui.core.store.transaction import write


@dataclass
class PruneReport:
    articles: int
    images: int
    bytes_before: int
    bytes_after: int

    @property
    def freed(self) -> int:
        return max(0, self.bytes_before - self.bytes_after)


def _disk_use(data_dir: Path) -> int:
    total = sum(p.stat().st_size for p in data_dir.glob(DB_NAME + "*") if p.is_file())
    folder = images_dir(data_dir)
    if folder.is_dir():
        total += sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return total


class _DryRun(Exception):
    """Raised inside the write transaction to roll back what a dry run deleted."""


def prune(conn: sqlite3.Connection, data_dir: Path, keep_days: float, *, vacuum: bool = True,
          dry_run: bool = False) -> PruneReport:
    """Delete articles older than ``keep_days`` (bookmarks stay).

    An article's age counts from when it was published or first seen,
    whichever is earlier, so a feed with clocks in the future cannot make an
    article unprunable.

    ``dry_run``: the same deletions in a transaction that is rolled back, so the
    counts are exactly what a prune would delete and nothing changes. The bytes
    are an estimate of what ``VACUUM`` would give back: the database pages left
    free by the deletions (SQLite's own free-page count, read before the
    rollback) and the WAL file it truncates, plus the orphaned photos' files.
    """
    before = _disk_use(data_dir)
    cutoff = max(0, int(time.time() - min(keep_days, 1e6) * 86400))  # 1e6 days: keep all
    estimate = 0
    try:
        with write(conn):
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM articles WHERE bookmarked_at IS NULL AND MIN(published, first_seen) <= ?",
                (cutoff,))]
            _keep_read_flags(conn, ids)
            search_index.remove(conn, ids)
            conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
            # images no remaining article shows (as a body image or its lead image)
            orphans = conn.execute(
                "SELECT url, path FROM images WHERE url NOT IN "
                "(SELECT src FROM blocks WHERE src IS NOT NULL) "
                "AND url NOT IN (SELECT image FROM articles WHERE image IS NOT NULL)").fetchall()
            conn.executemany("DELETE FROM images WHERE url = ?", [(u,) for u, _ in orphans])
            if dry_run:
                if ids and vacuum:
                    estimate = _vacuum_gain(conn, data_dir)
                estimate += sum(_size(images_dir(data_dir) / path) for _, path in orphans)
                raise _DryRun
    except _DryRun:
        return PruneReport(len(ids), len(orphans), before, before - estimate)
    for _, relative in orphans:
        (images_dir(data_dir) / relative).unlink(missing_ok=True)
    if ids and vacuum:  # `antd-tui prune`; automatic retention leaves the file as it is
        conn.execute("INSERT INTO search (search) VALUES ('optimize')")
        conn.execute("INSERT INTO search_marks (search_marks) VALUES ('optimize')")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return PruneReport(len(ids), len(orphans), before, _disk_use(data_dir))


def _keep_read_flags(conn: sqlite3.Connection, ids: list[int]) -> None:
    """The read flags of articles about to be deleted wait in ``pending_reads`` (by their
    stable key), as after a lost cache: an article its feed brings back is read again, as the
    journal says. Only those seen within the journal's ``FORGET_READ_DAYS`` (older flags are
    forgotten there too; a row leaves the table when its article comes back)."""
    from antd_tui.core.record.journal import FORGET_READ_DAYS

    horizon = int(time.time()) - FORGET_READ_DAYS * 86400
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        conn.execute(
            "INSERT OR IGNORE INTO pending_reads (key) SELECT key FROM articles WHERE read != 0 "
            f"AND MAX(published, first_seen) >= ? AND id IN ({','.join('?' * len(chunk))})",
            (horizon, *chunk))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _vacuum_gain(conn: sqlite3.Connection, data_dir: Path) -> int:
    """Bytes ``VACUUM`` and a truncating checkpoint would free, as the transaction stands."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    free_pages = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int(free_pages * page_size + _size(data_dir / (DB_NAME + "-wal")))
