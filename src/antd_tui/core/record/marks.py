"""Read flags and bookmarks, changed in the cache and in the reader's record together.

Every change is one write transaction on the cache; inside it the journal
entry is written and fsynced (``journal.append``) before the cache commits.
The journal entry is the commit point: a crash after it is rolled forward the
next time the cache is opened (``restore.catch_up``), a crash before it
leaves the old state everywhere. A bookmark's snapshot is written to a temp
file (fsynced: a full disk fails here, before anything is logged) and renamed
into place after the entry. When the record cannot be written the change is
refused with ``RecordError`` and the cache is left as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from antd_tui.core.errors import AntdError
from antd_tui.core.record import atomic, journal, snapshots
from antd_tui.core.record.restore import catch_up, data_dir_of
from antd_tui.core.store.transaction import write


class RecordError(AntdError):
    """The record could not be written (a full disk, permissions): nothing was changed."""


def _space(folder: Path) -> str:
    import shutil

    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return " (the disk is full)" if free < 1_000_000 else ""


def _refused(data_dir: Path, what: str, exc: OSError) -> RecordError:
    return RecordError(f"{what}: cannot write the record in {journal.record_dir(data_dir)}: "
                       f"{exc.strerror or exc}{_space(data_dir)}; nothing was changed")


def _log(conn: sqlite3.Connection, data_dir: Path, op: str, keys: list[str],
         scope: str | None = None, staged: dict[str, Path] | None = None,
         keys_json: str | None = None) -> None:
    """Inside the cache's write transaction: the journal entry (the commit point), then the
    staged snapshot files renamed into place."""
    with journal.locked(data_dir):
        catch_up(conn, data_dir)  # entries another process logged and did not commit
        seq = journal.append(data_dir, op, keys, scope, keys_json=keys_json)
        for key, temp in (staged or {}).items():
            atomic.commit(temp, snapshots.path_for(data_dir, key))
    conn.execute("UPDATE record_state SET applied = ?", (seq,))


def _caught_up(conn: sqlite3.Connection) -> Path | None:
    """Inside a write transaction, before a change: the data dir, with any entry another
    process logged and never committed (it was killed) applied first."""
    data_dir = data_dir_of(conn)
    if data_dir is not None:
        catch_up(conn, data_dir)
    return data_dir


def _rows(conn: sqlite3.Connection, ids: Sequence[int], column: str) -> dict[int, tuple[str, object]]:
    found: dict[int, tuple[str, object]] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        for aid, key, value in conn.execute(
                f"SELECT id, key, {column} FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            found[int(aid)] = (str(key), value)
    return found


def set_read(conn: sqlite3.Connection, ids: Sequence[int], read: bool) -> list[int]:
    """Mark articles read/unread; returns the ids that do not exist."""
    with write(conn):
        data_dir = _caught_up(conn)
        rows = _rows(conn, ids, "read")
        missing = [i for i in ids if i not in rows]
        changed = [i for i in dict.fromkeys(ids) if i in rows and bool(rows[i][1]) != read]
        if changed and data_dir is not None:
            try:
                _log(conn, data_dir, "read" if read else "unread", [rows[i][0] for i in changed])
            except OSError as exc:
                raise _refused(data_dir, "mark-read" if read else "mark-unread", exc) from None
        conn.executemany("UPDATE articles SET read = ? WHERE id = ?",
                         [(int(read), i) for i in changed])
    return missing


def mark_all_read(conn: sqlite3.Connection, category: str | None = None) -> int:
    """Every unread article (of a category slug) read; logged as one entry with its scope.

    The keys come from SQLite as one JSON array (100k articles: ~25 ms, against
    ~80 ms for a list of rows and ``json.dumps``); the entry is written and
    fsynced before the transaction commits, so a crash in between leaves them
    unread. The transaction holds the write lock throughout: the UPDATE changes
    exactly the articles listed.
    """
    where = "read = 0"
    args: tuple[str, ...] = ()
    if category:
        where += " AND id IN (SELECT article_id FROM article_categories WHERE slug = ? AND read = 0)"
        args = (category,)
    with write(conn):
        data_dir = _caught_up(conn)
        count, listed = conn.execute(
            f"SELECT COUNT(*), json_group_array(key) FROM articles WHERE {where}", args).fetchone()
        if count and data_dir is not None:
            try:
                _log(conn, data_dir, "read", [], scope=category or "*", keys_json=listed)
            except OSError as exc:
                raise _refused(data_dir, "mark all read", exc) from None
        if count:
            conn.execute(f"UPDATE articles SET read = 1 WHERE {where}", args)
    return int(count)


def set_bookmarked(conn: sqlite3.Connection, ids: Sequence[int], on: bool) -> list[int]:
    """Add or remove bookmarks (snapshot written or deleted); returns ids that do not exist."""
    import time

    with write(conn):
        data_dir = _caught_up(conn)
        rows = _rows(conn, ids, "bookmarked_at")
        missing = [i for i in ids if i not in rows]
        changed = [i for i in dict.fromkeys(ids) if i in rows and (rows[i][1] is None) == on]
        conn.executemany("UPDATE articles SET bookmarked_at = ? WHERE id = ?",
                         [(int(time.time()) if on else None, i) for i in changed])
        if changed and data_dir is not None:
            keys = [rows[i][0] for i in changed]
            staged: dict[str, Path] = {}
            try:
                if on:
                    for article_id, key in zip(changed, keys, strict=True):
                        built = snapshots.build(conn, article_id)
                        path = snapshots.path_for(data_dir, key)
                        if built is not None and not snapshots.is_newer(path):
                            staged[key] = atomic.prepare(path, snapshots.encode(built))
                    _log(conn, data_dir, "bookmark", keys, staged=staged)
                else:
                    _log(conn, data_dir, "unbookmark", keys)
                    for key in keys:
                        snapshots.remove(data_dir, key)
            except OSError as exc:
                for temp in staged.values():
                    temp.unlink(missing_ok=True)
                raise _refused(data_dir, "bookmark " + ("add" if on else "remove"), exc) from None
    return missing


def save_snapshot(conn: sqlite3.Connection, data_dir: Path, article_id: int) -> None:
    """Write a bookmark's snapshot again as the cache holds it now (after its full text and
    photos were fetched); nothing when it is no longer a bookmark."""
    with write(conn):
        built = snapshots.build(conn, article_id)
        if built is None:
            return
        try:
            with journal.locked(data_dir):
                snapshots.write(data_dir, built)
        except OSError as exc:
            raise RecordError(
                f"bookmark {article_id}: its snapshot in {journal.record_dir(data_dir)} could not "
                f"be brought up to date: {exc.strerror or exc}{_space(data_dir)} (the cache has "
                "it; `antd-tui doctor` writes it again)") from None
