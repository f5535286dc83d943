"""The local changes waiting to be sent: the record's entries after this syncer's cursor.

The record (``core/record``) logs every read flag and bookmark change, fsynced before the
cache commits it; the syncer's cursor in ``record/cursors.json`` says how far it has sent.
What follows the cursor is the queue: it survives a crash, a lost cache and a server
outage, and compaction never folds it. Entries a sync logged itself (scope ``sync:…``)
are the server's own changes: never sent back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from antd_tui.core.record import journal

CURSOR = "sync"  # this syncer's name in record/cursors.json
_FLAG = {"read": ("read", True), "unread": ("read", False),
         "bookmark": ("saved", True), "unbookmark": ("saved", False)}


def queued(data_dir: Path) -> tuple[int, dict[str, dict[str, bool]]]:
    """(the last entry read, key -> {"read"/"saved": the state it ended in})."""
    cursor = journal.read_cursors(data_dir).get(CURSOR, 0)
    entries = journal.load(data_dir, after=cursor).entries
    wanted: dict[str, dict[str, bool]] = {}
    for entry in entries:
        if entry.op == "base" or (entry.scope or "").startswith("sync:"):
            continue  # a base: folded before this syncer registered; sync: the server's own
        flag, value = _FLAG[entry.op]
        for key in entry.keys:
            wanted.setdefault(key, {})[flag] = value
    return (entries[-1].seq if entries else cursor), wanted


def registered(data_dir: Path) -> bool:
    return CURSOR in journal.read_cursors(data_dir)


def register(data_dir: Path, after: int | None = None) -> None:
    """Start the queue at the journal's end, or, given the time of the last sync (the
    cursor was lost, the cache was not), at the first change made after it."""
    cursor = journal.last_seq(data_dir)
    if after is not None:
        for entry in journal.load(data_dir).entries:
            if entry.op != "base" and entry.at > after:
                cursor = entry.seq - 1
                break
    journal.set_cursor(data_dir, CURSOR, cursor)


def sent(data_dir: Path, upto: int) -> None:
    """Everything up to entry ``upto`` reached the server."""
    if upto > journal.read_cursors(data_dir).get(CURSOR, 0):
        journal.set_cursor(data_dir, CURSOR, upto)


UNUSED_DAYS = 30  # a syncer not configured and not run for this long holds nothing back


def forget_if_unused(conn: sqlite3.Connection, data_dir: Path) -> None:
    """``[sync]`` is gone from the config: once no sync has run for ``UNUSED_DAYS`` (or the
    cache never synced), the cursor is dropped so compaction may fold what follows it.
    A shorter break keeps the queue: changes made while the server was off are still sent."""
    import time

    if not registered(data_dir):
        return
    try:
        row = conn.execute("SELECT MAX(COALESCE(synced_at, 0), COALESCE(tried_at, 0)) "
                           "FROM sync_state").fetchone()
    except sqlite3.Error:
        row = None
    last = int(row[0]) if row and row[0] is not None else 0
    if last < time.time() - UNUSED_DAYS * 86400:
        journal.set_cursor(data_dir, CURSOR, None)
