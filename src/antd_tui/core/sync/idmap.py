"""The server's item ids and this cache's articles: which flags to send where, which to take.

``sync_items`` maps a server id to an article key (schema 9); an article the server sent
twice has two ids. ``sync_unsent`` holds local changes to articles the server had not
sent when they were made (a ``[[feeds]]`` entry brought them first), until it does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from antd_tui.core.store.transaction import write

Flags = dict[str, bool]  # "read" / "saved" -> the state a change ended in
UNSENT_DAYS = 30  # a change the server never matched is forgotten after this long


def _chunked(conn: sqlite3.Connection, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        rows += conn.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows


def mapped_ids(conn: sqlite3.Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute("SELECT remote_id FROM sync_items")}


def missing_articles(conn: sqlite3.Connection, ids: set[int]) -> set[int]:
    """Of these mapped server ids, those whose article is not in the cache (pruned); not
    those of items that could not be stored (no title, no text: asking again is no use)."""
    present = {int(r[0]) for r in _chunked(
        conn, "SELECT s.remote_id FROM sync_items s LEFT JOIN articles a ON a.key = s.key "
              "WHERE (a.id IS NOT NULL OR s.key LIKE 'unusable:%') AND s.remote_id IN",
        sorted(ids))}
    return ids - present


def remote_ids(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, list[int]]:
    """The server's live item ids of these articles."""
    found: dict[str, list[int]] = {}
    for key, remote in _chunked(conn, "SELECT key, remote_id FROM sync_items WHERE gone = 0 "
                                      "AND key IN", list(dict.fromkeys(keys))):
        found.setdefault(str(key), []).append(int(remote))
    return found


@dataclass
class Known:
    """One synced article as the cache holds it, with its server ids."""

    article_id: int
    key: str
    read: bool
    bookmarked: bool
    remote: list[int]
    saved_before: bool  # the server had it saved at the last sync


def known(conn: sqlite3.Connection) -> list[Known]:
    """Every synced article the server still has (not those it answered it had not)."""
    rows: dict[int, Known] = {}
    for rid, aid, key, read, marked, saved in conn.execute(
            "SELECT s.remote_id, a.id, a.key, a.read, a.bookmarked_at IS NOT NULL, s.saved "
            "FROM sync_items s JOIN articles a ON a.key = s.key WHERE s.gone = 0"):
        entry = rows.get(aid)
        if entry is None:
            entry = rows[aid] = Known(aid, key, bool(read), bool(marked), [], False)
        entry.remote.append(int(rid))
        entry.saved_before = entry.saved_before or bool(saved)
    return list(rows.values())


def remember_saved(conn: sqlite3.Connection, saved: set[int]) -> None:
    """What the server has saved now: the ``saved_before`` of the next sync (only the rows
    that changed are written; a sync with nothing new writes none)."""
    before = {int(r[0]) for r in conn.execute("SELECT remote_id FROM sync_items WHERE saved = 1")}
    if before == saved:
        return
    with write(conn):
        conn.executemany("UPDATE sync_items SET saved = 0 WHERE remote_id = ?",
                         [(i,) for i in before - saved])
        conn.executemany("UPDATE sync_items SET saved = 1 WHERE remote_id = ?",
                         [(i,) for i in saved - before])


def listed_again(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Items the server lists as unread or saved are not gone, whatever it answered before."""
    with write(conn):
        gone = [int(r[0]) for r in conn.execute("SELECT remote_id FROM sync_items WHERE gone = 1")]
        conn.executemany("UPDATE sync_items SET gone = 0 WHERE remote_id = ?",
                         [(i,) for i in gone if i in ids])


def mark_gone(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """The server answered that it no longer has these items: its state is not taken for them."""
    with write(conn):
        conn.executemany("UPDATE sync_items SET gone = 1 WHERE remote_id = ?", [(i,) for i in ids])


def unsent(conn: sqlite3.Connection) -> dict[str, Flags]:
    wanted: dict[str, Flags] = {}
    for key, read, saved in conn.execute("SELECT key, read, saved FROM sync_unsent"):
        flags = wanted.setdefault(str(key), {})
        if read is not None:
            flags["read"] = bool(read)
        if saved is not None:
            flags["saved"] = bool(saved)
    return wanted


def settle(conn: sqlite3.Connection, sent: Iterable[str], waiting: dict[str, Flags],
           now: int) -> None:
    """After a send: the changes sent are done; ``waiting`` (queued changes to articles the
    server has not sent yet) join the table with their state, dated now; rows older than
    ``UNSENT_DAYS`` are forgotten (a row's date is its last change, not its last sync)."""
    with write(conn):
        conn.executemany("DELETE FROM sync_unsent WHERE key = ?", [(k,) for k in sent])
        conn.executemany(
            "INSERT INTO sync_unsent (key, read, saved, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET read = COALESCE(excluded.read, read), "
            "saved = COALESCE(excluded.saved, saved), at = excluded.at",
            [(key, flags.get("read"), flags.get("saved"), now) for key, flags in waiting.items()])
        conn.execute("DELETE FROM sync_unsent WHERE at < ?", (now - UNSENT_DAYS * 86400,))


def seed_unsent(conn: sqlite3.Connection, now: int) -> None:
    """A new account (this cache's first sync, or another server): what was read and
    bookmarked here is this machine's to send, for the articles the server turns out to have."""
    with write(conn):
        conn.execute(
            "INSERT OR IGNORE INTO sync_unsent (key, read, saved, at) SELECT key, "
            "CASE WHEN read = 1 THEN 1 END, CASE WHEN bookmarked_at IS NOT NULL THEN 1 END, ? "
            "FROM articles WHERE read = 1 OR bookmarked_at IS NOT NULL", (now,))
