"""Writing one feed's outcome and items: one transaction per feed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from antd_tui.core.folding import fold
from antd_tui.core.identity import article_key
from antd_tui.core.models import FeedSource, ParsedItem
from antd_tui.core.store.db import write


@dataclass
class FeedState:
    id: int
    etag: str | None
    last_modified: str | None
    body_hash: str | None


@dataclass
class StoredCounts:
    new_ids: list[int]
    updated: int


def is_aggregate(feed: FeedSource) -> bool:
    """A front-page feed (``home.rss``): its articles belong to a real section too."""
    folded = fold(feed.category)
    return feed.url.rstrip("/").endswith("/home.rss") or folded in ("trang chu", "home", "tin moi")


def feed_state(conn: sqlite3.Connection, feed: FeedSource) -> FeedState:
    """The stored validators of ``feed``, creating its row on first sight."""
    row = conn.execute(
        "SELECT id, etag, last_modified, body_hash, category, slug FROM feeds WHERE url = ?",
        (feed.url,),
    ).fetchone()
    if row is None:
        with write(conn):
            cur = conn.execute(
                "INSERT INTO feeds (url, category, slug) VALUES (?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET category = excluded.category RETURNING id",
                (feed.url, feed.category, feed.slug),
            )
            feed_id = cur.fetchone()[0]
        return FeedState(feed_id, None, None, None)
    if (row[4], row[5]) != (feed.category, feed.slug):
        with write(conn):
            conn.execute("UPDATE feeds SET category = ?, slug = ? WHERE id = ?",
                         (feed.category, feed.slug, row[0]))
    return FeedState(row[0], row[1], row[2], row[3])


def record_failure(conn: sqlite3.Connection, feed_id: int, error: str, now: int) -> None:
    with write(conn):
        conn.execute(
            "UPDATE feeds SET status = 'error', error = ?, warning = NULL, checked_at = ?, "
            "new_count = 0 WHERE id = ?",
            (error, now, feed_id),
        )


def record_not_modified(conn: sqlite3.Connection, feed_id: int, now: int) -> None:
    with write(conn):
        conn.execute(
            "UPDATE feeds SET status = 'not_modified', error = NULL, checked_at = ?, ok_at = ?, "
            "new_count = 0 WHERE id = ?",
            (now, now, feed_id),
        )


def _search_text(title: str, summary: str) -> tuple[str, str]:
    return fold(title), fold(summary)


def _upsert(conn: sqlite3.Connection, feed: FeedSource, item: ParsedItem, now: int
            ) -> tuple[int, str] | None:
    """Insert or update one item; return (id, 'new'|'updated'|'same') or None if unusable."""
    key = article_key(item.url, item.guid)
    if key is None:
        return None
    published = int(item.published.timestamp()) if item.published else now
    row = conn.execute(
        "SELECT id, title, summary, author, image, date_known, published FROM articles WHERE key = ?",
        (key,),
    ).fetchone()
    if row is None:
        article_id = conn.execute(
            "INSERT INTO articles (key, url, guid, title, summary, author, image, published, "
            "date_known, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (key, item.url, item.guid, item.title, item.summary, item.author, item.image,
             published, int(item.published is not None), now),
        ).fetchone()[0]
        conn.execute("INSERT INTO search (rowid, title, summary, body) VALUES (?, ?, ?, '')",
                     (article_id, *_search_text(item.title, item.summary)))
        outcome = "new"
    else:
        article_id, title, summary, author, image, date_known, old_published = row
        if not item.published:
            published = old_published  # keep the first-seen time; don't drift on every fetch
        changed = (title, summary, author, image) != (
            item.title, item.summary or summary, item.author or author, item.image or image)
        if changed or published != old_published:
            conn.execute(
                "UPDATE articles SET title = ?, summary = ?, author = ?, image = ?, published = ?, "
                "date_known = ?, updated_at = ? WHERE id = ?",
                (item.title, item.summary or summary, item.author or author, item.image or image,
                 published, int(bool(item.published) or bool(date_known)), now, article_id),
            )
            conn.execute("UPDATE article_categories SET published = ? WHERE article_id = ?",
                         (published, article_id))
        if changed:
            body = conn.execute("SELECT body FROM search WHERE rowid = ?", (article_id,)).fetchone()
            conn.execute("DELETE FROM search WHERE rowid = ?", (article_id,))
            conn.execute("INSERT INTO search (rowid, title, summary, body) VALUES (?, ?, ?, ?)",
                         (article_id, *_search_text(item.title, item.summary or summary),
                          body[0] if body else ""))
        outcome = "updated" if changed else "same"
    conn.execute(
        "INSERT INTO article_categories (slug, published, article_id, name, aggregate) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(slug, article_id) DO UPDATE SET name = excluded.name",
        (feed.slug, published, article_id, feed.category, int(is_aggregate(feed))),
    )
    return article_id, outcome


def store_items(
    conn: sqlite3.Connection,
    feed: FeedSource,
    state: FeedState,
    items: list[ParsedItem],
    *,
    title: str,
    etag: str | None,
    last_modified: str | None,
    body_hash: str,
    warning: str | None,
    now: int,
) -> StoredCounts:
    """All of one feed in one transaction: either every item lands or none does."""
    counts = StoredCounts([], 0)
    with write(conn):
        for item in items:
            result = _upsert(conn, feed, item, now)
            if result is None:
                continue
            article_id, outcome = result
            if outcome == "new":
                counts.new_ids.append(article_id)
            elif outcome == "updated":
                counts.updated += 1
        conn.execute(
            "UPDATE feeds SET title = ?, etag = ?, last_modified = ?, body_hash = ?, status = 'ok', "
            "error = NULL, warning = ?, checked_at = ?, ok_at = ?, new_count = ?, item_count = ? "
            "WHERE id = ?",
            (title, etag, last_modified, body_hash, warning, now, now, len(counts.new_ids),
             len(items), state.id),
        )
    return counts


def record_unchanged_body(conn: sqlite3.Connection, feed_id: int, etag: str | None,
                          last_modified: str | None, now: int) -> None:
    """The server resent the same bytes: nothing to parse, remember new validators."""
    with write(conn):
        conn.execute(
            "UPDATE feeds SET status = 'not_modified', error = NULL, etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified), checked_at = ?, ok_at = ?, new_count = 0 "
            "WHERE id = ?",
            (etag, last_modified, now, now, feed_id),
        )
