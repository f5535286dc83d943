"""Full text: an article's extracted blocks, related links and tags."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from antd_tui.core.folding import index_form
from antd_tui.core.store import search_index
from antd_tui.core.store.transaction import write

if TYPE_CHECKING:
    from antd_tui.core.models import ExtractedArticle  # (only extraction makes them)

MAX_TRIES = 5  # after this many failed page fetches an article stops being retried


def save_full_text(conn: sqlite3.Connection, article_id: int, page: ExtractedArticle) -> None:
    """Store blocks, related links, tags and page header fields in one transaction.

    An article whose feed item had no date (it was given the time it was first
    seen) takes the page's publication time when the page has one.
    """
    body = " ".join(
        part
        for block in page.blocks
        for part in (block.text, block.caption or "")
        if part
    )
    with write(conn):
        row = conn.execute("SELECT title, summary, author, date_known FROM articles WHERE id = ?",
                           (article_id,)).fetchone()
        if row is None:
            return
        title, summary, author, date_known = row
        if not date_known and page.published is not None:
            # The feed gave no date: the page's own time replaces the first-seen one.
            published = int(page.published.timestamp())
            conn.execute("UPDATE articles SET published = ?, date_known = 1 WHERE id = ?",
                         (published, article_id))
            conn.execute("UPDATE article_categories SET published = ? WHERE article_id = ?",
                         (published, article_id))
        conn.execute("DELETE FROM blocks WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO blocks (article_id, position, kind, text, src, caption) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(article_id, i, b.kind, b.text, b.src, b.caption) for i, b in enumerate(page.blocks)],
        )
        conn.execute("DELETE FROM related WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO related (article_id, position, title, url) VALUES (?, ?, ?, ?)",
            [(article_id, i, r.title, r.url) for i, r in enumerate(page.related)],
        )
        conn.execute(
            "UPDATE articles SET full_text = 'done', full_text_error = NULL, lead = ?, "
            "page_category = ?, tags = ?, author = ? WHERE id = ?",
            (page.lead, page.category or None, json.dumps(page.tags, ensure_ascii=False),
             author or page.author or "", article_id),
        )
        search_index.remove(conn, [article_id])
        search_index.insert(conn, [
            (article_id, index_form(title), index_form(" ".join(filter(None, [summary, page.lead]))),
             index_form(body))])
    snapshots_follow(conn, [article_id])


def snapshots_follow(conn: sqlite3.Connection, article_ids: list[int]) -> None:
    """After a commit that completed articles (full text, a photo): the snapshots of those
    that are bookmarks written again, whichever command fetched it (``show``, ``export``, the
    reader), so a lost cache gives back what the cache held. A snapshot that cannot be written
    (a full disk) is left: ``doctor`` writes it again from the cache."""
    marked = [i for i in article_ids if conn.execute(
        "SELECT 1 FROM articles WHERE id = ? AND bookmarked_at IS NOT NULL", (i,)).fetchone()]
    if not marked:
        return  # (the common case: no write transaction, no imports)
    from antd_tui.core.record.marks import RecordError, save_snapshot
    from antd_tui.core.record.restore import data_dir_of

    data_dir = data_dir_of(conn)
    if data_dir is None:
        return
    for article_id in marked:
        try:
            save_snapshot(conn, data_dir, article_id)
        except RecordError:
            pass


def snapshots_follow_photo(conn: sqlite3.Connection, url: str) -> None:
    """After a photo was stored: the snapshots of the bookmarks that show it written again."""
    ids = [int(i) for (i,) in conn.execute(
        "SELECT id FROM articles a WHERE bookmarked_at IS NOT NULL AND (image = ? OR EXISTS "
        "(SELECT 1 FROM blocks b WHERE b.article_id = a.id AND b.src = ?))", (url, url))]
    if ids:
        snapshots_follow(conn, ids)


def mark_full_text_failed(conn: sqlite3.Connection, article_id: int, error: str) -> None:
    with write(conn):
        conn.execute(
            "UPDATE articles SET full_text = 'failed', full_text_error = ?, "
            "full_text_tries = full_text_tries + 1 WHERE id = ?",
            (error, article_id),
        )


def needing_full_text(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[int, str]]:
    """Of ``ids``, those without full text yet (pending, or failed under MAX_TRIES)."""
    out: list[tuple[int, str]] = []
    for article_id in ids:
        row = conn.execute(
            "SELECT url FROM articles WHERE id = ? AND url IS NOT NULL AND (full_text = 'pending' "
            "OR full_text = 'skipped' OR (full_text = 'failed' AND full_text_tries < ?))",
            (article_id, MAX_TRIES),
        ).fetchone()
        if row:
            out.append((article_id, row[0]))
    return out


def retry_candidates(conn: sqlite3.Connection, slugs: list[str], limit: int = 50) -> list[int]:
    """Older articles of these categories whose page failed before: retried on refresh."""
    marks = ",".join("?" * len(slugs))
    return [
        int(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT c.article_id FROM article_categories c JOIN articles a "
            f"ON a.id = c.article_id WHERE c.slug IN ({marks}) AND a.full_text = 'failed' "
            f"AND a.full_text_tries < ? ORDER BY c.published DESC LIMIT ?",
            (*slugs, MAX_TRIES, limit),
        )
    ]


def any_bookmarked(conn: sqlite3.Connection) -> bool:
    """Any bookmark at all (bookmarks keep their full text and photos offline)."""
    return conn.execute(
        "SELECT 1 FROM articles WHERE bookmarked_at IS NOT NULL LIMIT 1").fetchone() is not None
