"""Writing one feed's outcome and items: all of a feed or none of it (a transaction,
or a savepoint when several feeds share one: ``store_group``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from antd_tui.core.feed_source import FeedSource
from antd_tui.core.folding import fold, index_form
from antd_tui.core.identity import article_key
from antd_tui.core.store import search_index
from antd_tui.core.store.transaction import write

if TYPE_CHECKING:
    from antd_tui.core.models import ParsedItem  # (only parsing makes them)


@dataclass
class FeedState:
    id: int
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    fetched_before: bool = False  # a refresh tried this feed before (it may have failed)
    wire_hash: str | None = None  # of the last compressed body, before decompression (fetch.py)


@dataclass
class StoredCounts:
    new_ids: list[int]
    updated: int


def is_aggregate(feed: FeedSource) -> bool:
    """A front-page feed (``home.rss``): its articles belong to a real section too."""
    folded = fold(feed.category)
    return feed.url.rstrip("/").endswith("/home.rss") or folded in ("trang chu", "home", "tin moi")


def feed_states(conn: sqlite3.Connection, feeds: list[FeedSource]) -> dict[str, FeedState]:
    """Validators of every feed by URL, creating missing rows, in one transaction."""
    states: dict[str, FeedState] = {}
    with write(conn):
        for feed in feeds:
            row = conn.execute(
                # a feed moved to another category is fetched in full again, so its
                # articles are filed under the new one (validators would answer 304)
                "INSERT INTO feeds (url, category, slug) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE "
                "SET category = excluded.category, slug = excluded.slug, "
                "etag = CASE WHEN slug = excluded.slug THEN etag END, "
                "last_modified = CASE WHEN slug = excluded.slug THEN last_modified END, "
                "body_hash = CASE WHEN slug = excluded.slug THEN body_hash END, "
                "wire_hash = CASE WHEN slug = excluded.slug THEN wire_hash END "
                "RETURNING id, etag, last_modified, body_hash, checked_at IS NOT NULL, wire_hash",
                (feed.url, feed.category, feed.slug),
            ).fetchone()
            states[feed.url] = FeedState(row[0], row[1], row[2], row[3], bool(row[4]), row[5])
    return states


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


def _search_text(title: str, summary: str, lead: str = "") -> tuple[str, str]:
    """Title and the searched summary: the feed's summary and the page's lead, as
    ``content.save_full_text`` (and the migrations, restore) index them."""
    return index_form(title), index_form(" ".join(filter(None, [summary, lead])))


def _update_existing(conn: sqlite3.Connection, row: tuple[object, ...], item: ParsedItem,
                     published: int, now: int) -> tuple[int, int, str]:
    """An item we already have: update what changed. Returns (id, published, outcome)."""
    article_id, title, summary, author, image, date_known, old_published, _was_read = row
    assert isinstance(article_id, int) and isinstance(old_published, int)
    if not item.published:
        published = old_published  # keep the first-seen time; don't drift on every fetch
    new_values = (item.title, item.summary or summary, item.author or author, item.image or image)
    changed = (title, summary, author, image) != new_values
    if changed or published != old_published:
        conn.execute(
            "UPDATE articles SET title = ?, summary = ?, author = ?, image = ?, published = ?, "
            "date_known = ?, updated_at = ? WHERE id = ?",
            (*new_values, published, int(bool(item.published) or bool(date_known)), now, article_id),
        )
        conn.execute("UPDATE article_categories SET published = ? WHERE article_id = ?",
                     (published, article_id))
    if changed:
        body, lead = conn.execute(
            "SELECT (SELECT body FROM search WHERE rowid = ?1), lead FROM articles WHERE id = ?1",
            (article_id,)).fetchone()
        search_index.remove(conn, [article_id])
        search_index.insert(conn, [(article_id, *_search_text(item.title, str(new_values[1]),
                                                              str(lead or "")), body or "")])
    return article_id, published, "updated" if changed else "same"


def _existing(conn: sqlite3.Connection, keys: list[str]) -> dict[str, tuple[object, ...]]:
    found: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT key, id, title, summary, author, image, date_known, published, read FROM articles "
            f"WHERE key IN ({marks})", chunk):
            found[row[0]] = tuple(row[1:])
    return found


def _store(conn: sqlite3.Connection, feed: FeedSource, items: list[ParsedItem], now: int,
           full_text: str, defer_index: bool) -> StoredCounts:
    """Batched: one lookup for the feed's keys, ``executemany`` for new rows."""
    keyed: dict[str, ParsedItem] = {}
    for item in items:
        key = article_key(item.url, item.guid, feed.url)
        if key is not None:
            keyed.setdefault(key, item)  # the same article twice in one feed: first wins
    existing = _existing(conn, list(keyed))
    counts = StoredCounts([], 0)
    memberships: list[tuple[str, int, int, str, int, int]] = []
    aggregate = int(is_aggregate(feed))
    fresh: list[tuple[str, ParsedItem, int]] = []
    for key, item in keyed.items():
        published = int(item.published.timestamp()) if item.published else now
        row = existing.get(key)
        if row is None:
            fresh.append((key, item, published))
            continue
        article_id, published, outcome = _update_existing(conn, row, item, published, now)
        counts.updated += outcome == "updated"
        read = 1 if row[-1] else 0  # a new category row starts as read as its article
        memberships.append((feed.slug, published, article_id, feed.category, aggregate, read))
    if fresh:
        # Ids are given, not read back: the write transaction is ours (BEGIN
        # IMMEDIATE), so MAX(id)+1 onwards is what SQLite would assign anyway.
        first = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM articles").fetchone()[0])
        ids = {key: first + n for n, (key, _, _) in enumerate(fresh)}
        conn.executemany(
            "INSERT INTO articles (id, key, url, guid, title, summary, author, image, published, "
            "date_known, first_seen, full_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(ids[key], key, i.url, i.guid, i.title, i.summary, i.author, i.image, published,
              int(i.published is not None), now, full_text) for key, i, published in fresh],
        )
        if defer_index:
            search_index.defer(conn, first)
        else:
            search_index.insert(conn, [(ids[key], *_search_text(i.title, i.summary), "")
                                       for key, i, _ in fresh])
            search_index.indexed(conn, first, first + len(fresh) - 1)
        for key, _, published in fresh:
            counts.new_ids.append(ids[key])
            memberships.append((feed.slug, published, ids[key], feed.category, aggregate, 0))
    conn.executemany(
        "INSERT INTO article_categories (slug, published, article_id, name, aggregate, read) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(slug, article_id) DO UPDATE SET name = excluded.name",
        memberships,
    )
    if fresh and conn.execute("SELECT EXISTS (SELECT 1 FROM pending_reads)").fetchone()[0]:
        _reapply_reads(conn, first, first + len(fresh) - 1)
    return counts


def store_synced(conn: sqlite3.Connection, feed: FeedSource, items: list[ParsedItem], now: int,
                 full_text: bool) -> StoredCounts:
    """Items a feed server sent (``core/sync``), filed under ``feed``'s category; the caller
    holds the write transaction. No ``feeds`` row: the server fetches the feed, not us."""
    return _store(conn, feed, items, now, "pending" if full_text else "skipped", False)


def _reapply_reads(conn: sqlite3.Connection, first: int, last: int) -> None:
    """New articles the reader's record says were read (the cache was lost since): read again."""
    conn.execute("UPDATE articles SET read = 1 WHERE id BETWEEN ? AND ? AND key IN "
                 "(SELECT key FROM pending_reads)", (first, last))
    conn.execute("DELETE FROM pending_reads WHERE key IN "
                 "(SELECT key FROM articles WHERE id BETWEEN ? AND ?)", (first, last))


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
    full_text: bool = True,
    defer_index: bool = False,
    wire_hash: str | None = None,
) -> StoredCounts:
    """All of one feed in one transaction: either every item lands or none does.

    New articles start ``pending`` when this refresh fetches their pages, else
    ``skipped`` (a later refresh or ``show`` still fetches them): set here, not
    by an UPDATE of thousands of rows after the refresh. With ``defer_index``
    new articles get their search rows from ``search_index.catch_up`` later.
    """
    with write(conn):
        return _store_feed(conn, feed, state, items, title=title, etag=etag,
                           last_modified=last_modified, body_hash=body_hash, warning=warning,
                           now=now, full_text=full_text, defer_index=defer_index,
                           wire_hash=wire_hash)


class GroupAbandoned(Exception):
    """``store_group`` was told to stop (the refresh was cancelled): nothing was stored."""


def store_group(conn: sqlite3.Connection, jobs: list[dict[str, Any]],
                abandoned: Callable[[], bool] = lambda: False) -> list[StoredCounts | Exception]:
    """Several feeds' ``store_items`` (keyword arguments each) in one transaction.

    Each feed has its own savepoint, so one that fails leaves no trace and the
    others still land; if the commit itself fails (a full disk), none does and
    the caller gets that error. One commit instead of one per feed: the pages
    the feeds share (the newest-first indexes) are written to the WAL once.
    ``abandoned`` is asked before each feed and before the commit: once it
    says yes (Ctrl+C while the group is written, whose feeds will never be
    reported), the whole group is rolled back and ``GroupAbandoned`` raised.
    """
    outcomes: list[StoredCounts | Exception] = []
    with write(conn):
        for job in jobs:
            if abandoned():
                raise GroupAbandoned
            conn.execute("SAVEPOINT feed")
            try:
                outcomes.append(_store_feed(conn, **job))
            except Exception as exc:
                if not conn.in_transaction:  # SQLite undid it all (a full disk): none lands
                    raise
                conn.execute("ROLLBACK TO feed")
                outcomes.append(exc)
            conn.execute("RELEASE feed")
        if abandoned():
            raise GroupAbandoned
    return outcomes


def _store_feed(conn: sqlite3.Connection, feed: FeedSource, state: FeedState,
                items: list[ParsedItem], *, title: str, etag: str | None,
                last_modified: str | None, body_hash: str, warning: str | None, now: int,
                full_text: bool = True, defer_index: bool = False,
                wire_hash: str | None = None) -> StoredCounts:
    counts = _store(conn, feed, items, now, "pending" if full_text else "skipped", defer_index)
    conn.execute(
        "UPDATE feeds SET title = ?, etag = ?, last_modified = ?, body_hash = ?, wire_hash = ?, "
        "status = 'ok', error = NULL, warning = ?, checked_at = ?, ok_at = ?, new_count = ?, "
        "item_count = ? WHERE id = ?",
        (title, etag, last_modified, body_hash, wire_hash, warning, now, now,
         len(counts.new_ids), len(items), state.id),
    )
    return counts


def record_unchanged_body(conn: sqlite3.Connection, feed_id: int, etag: str | None,
                          last_modified: str | None, now: int, wire_hash: str | None = None) -> None:
    """The server resent the same feed: nothing to parse, remember new validators.

    ``wire_hash`` (when the body came compressed) is kept for the next refresh
    to compare before decompressing; same content compressed differently
    updates it.
    """
    with write(conn):
        conn.execute(
            "UPDATE feeds SET status = 'not_modified', error = NULL, etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified), wire_hash = COALESCE(?, wire_hash), "
            "checked_at = ?, ok_at = ?, new_count = 0 WHERE id = ?",
            (etag, last_modified, wire_hash, now, now, feed_id),
        )
