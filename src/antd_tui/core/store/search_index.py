"""Indexing new articles for search in batches during big refreshes.

SQLite's FTS5 writes its in-memory index to disk at every commit, and a
refresh commits once per feed: with 100 feeds that is 100 small index
segments, merged again and again, the biggest single cost of a cold refresh.
So a big refresh stores a feed's articles without their search rows
(``ingest.store_items(..., defer_index=True)``) and indexes them here every
~500 articles and when its feeds are done: one flush per batch
(a cold refresh of 100×50 items measured 1.44 → 1.34 s, 8 alternating runs).

The marks index (``search_marks``, issue 19) follows ``search`` at a distance:
a search row at or below ``search_state.marks_upto`` has its twin there, one
above it has none yet. Every write keeps that rule, and ``catch_up_marks``
gives the rows above the mark their twins and raises it, when someone needs
them: a search (``queries.search_articles``), or the next refresh's start on
the indexer's thread, while its first requests are on the network. A refresh
does not write them itself: the second index cost a cold 100x50 refresh
~0.1 s of CPU on its busiest stretch.

Crash-safe by construction: ``search_state.indexed_upto`` is a watermark
below which every article has its search row. A deferring store lowers it
in the same transaction as its articles; ``catch_up`` indexes every article
above it that has no row yet (``show`` or a changed title may have written
one meanwhile) and raises it. A refresh killed between the two leaves
articles unsearchable only until the next refresh, which catches up first.
"""

from __future__ import annotations

import sqlite3

from antd_tui.core.store.transaction import write

# ``folding.index_form`` in SQL (a test compares the two): only đ/Đ → ḏ/Ḏ,
# the FTS tokenizers fold (or keep) every other Vietnamese mark themselves.
_INDEX_FORM = "replace(replace({}, 'đ', 'ḏ'), 'Đ', 'Ḏ')"
_MISSING = "FROM articles WHERE id > ?1 AND id NOT IN (SELECT rowid FROM search WHERE rowid > ?1)"
_AT_OR_BELOW_MARK = "(SELECT marks_upto FROM search_state)"
_CATCH_UP = [
    # the marks index first: the second statement gives the rows it chose their ``search`` row
    f"INSERT INTO search_marks (rowid, title, summary, body) SELECT id, "
    f"{_INDEX_FORM.format('title')}, {_INDEX_FORM.format('summary')}, '' {_MISSING} "
    f"AND id <= {_AT_OR_BELOW_MARK} ORDER BY id",
    f"INSERT INTO search (rowid, title, summary, body) SELECT id, "
    f"{_INDEX_FORM.format('title')}, {_INDEX_FORM.format('summary')}, '' {_MISSING} ORDER BY id",
]


def insert(conn: sqlite3.Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """Index articles (rowid, title, summary, body, in ``index_form``).

    A row at or below the marks mark gets its twin in ``search_marks`` at once,
    with the same values: ``remove`` reads them from ``search`` to delete the
    twin (the marks index keeps no copy of the text). One above it gets it
    from ``catch_up_marks``.
    """
    conn.executemany(
        "INSERT INTO search_marks (rowid, title, summary, body) SELECT ?1, ?2, ?3, ?4 "
        f"WHERE ?1 <= {_AT_OR_BELOW_MARK}", rows)
    conn.executemany("INSERT INTO search (rowid, title, summary, body) VALUES (?, ?, ?, ?)", rows)


def remove(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Take articles out of both indexes (ids without a row are skipped)."""
    pairs = [(i,) for i in ids]
    conn.executemany(
        "INSERT INTO search_marks (search_marks, rowid, title, summary, body) "
        f"SELECT 'delete', rowid, title, summary, body FROM search WHERE rowid = ?1 "
        f"AND ?1 <= {_AT_OR_BELOW_MARK}", pairs)
    conn.executemany("DELETE FROM search WHERE rowid = ?", pairs)


def defer(conn: sqlite3.Connection, first_id: int) -> None:
    """Inside a store's transaction: articles from ``first_id`` on get their rows later.

    Ids are MAX(id)+1, so after a prune they can fall below the watermark:
    lowering it keeps them in the next ``catch_up``.
    """
    conn.execute("UPDATE search_state SET indexed_upto = ?1 WHERE indexed_upto > ?1",
                 (first_id - 1,))


def indexed(conn: sqlite3.Connection, first_id: int, last_id: int) -> None:
    """Inside a store's transaction: ``first_id``..``last_id`` got their rows at once.

    Moves the watermark along when nothing below them is waiting, so a cache
    filled by small refreshes never looks like it has articles to catch up.
    """
    conn.execute("UPDATE search_state SET indexed_upto = ? WHERE indexed_upto = ?",
                 (last_id, first_id - 1))


def pending(conn: sqlite3.Connection) -> bool:
    """Whether any article may lack its search row (a read: no write lock taken)."""
    row = conn.execute("SELECT 1 FROM articles WHERE id > "
                       "(SELECT indexed_upto FROM search_state) LIMIT 1").fetchone()
    return row is not None


def catch_up(conn: sqlite3.Connection) -> int:
    """Index every article above the watermark that has no search row; returns how many."""
    if not pending(conn):
        return 0
    with write(conn):
        mark = conn.execute("SELECT indexed_upto FROM search_state").fetchone()[0]
        conn.execute(_CATCH_UP[0], (mark,))
        added = conn.execute(_CATCH_UP[1], (mark,)).rowcount
        conn.execute("UPDATE search_state SET indexed_upto = "
                     "(SELECT COALESCE(MAX(id), 0) FROM articles)")
    return max(added, 0)


def marks_pending(conn: sqlite3.Connection) -> bool:
    """Whether a search row still lacks its twin in the marks index (a read)."""
    return conn.execute(f"SELECT 1 FROM search WHERE rowid > {_AT_OR_BELOW_MARK} LIMIT 1"
                        ).fetchone() is not None


def catch_up_marks(conn: sqlite3.Connection) -> int:
    """Give every search row above the marks mark its twin, and raise the mark; how many."""
    if not marks_pending(conn):
        return 0
    with write(conn):
        mark, top = conn.execute("SELECT marks_upto, (SELECT COALESCE(MAX(rowid), 0) FROM search) "
                                 "FROM search_state").fetchone()
        added = conn.execute(
            "INSERT INTO search_marks (rowid, title, summary, body) SELECT rowid, title, summary, "
            "body FROM search WHERE rowid > ? AND rowid <= ? ORDER BY rowid", (mark, top)).rowcount
        conn.execute("UPDATE search_state SET marks_upto = ?", (top,))
    return max(added, 0)
