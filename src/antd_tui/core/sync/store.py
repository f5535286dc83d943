"""The cache's side of a sync: the account, the server's items and groups, the id map.

Items are stored as any feed's are (``ingest.store_synced``: sanitized, keyed by
their link, so an article the server and a ``[[feeds]]`` entry both carry is one
article), filed under their feed's groups. The highest item id seen moves in the
same transaction as the items it covers, and never past an id not yet asked for
(``engine._items``): a sync cut short starts again below what it may have missed,
and an item sent twice is stored once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from antd_tui.core.feed_source import FeedSource
from antd_tui.core.feeds.items import clean_summary, clean_title, first_image
from antd_tui.core.folding import slugify
from antd_tui.core.identity import article_key
from antd_tui.core.models import ParsedItem
from antd_tui.core.sanitize import clean_text, safe_url
from antd_tui.core.store import ingest
from antd_tui.core.store.transaction import write
from antd_tui.core.sync.protocol import RemoteFeed, RemoteGroup, RemoteItem
from antd_tui.core.sync_config import SyncSettings

MAX_GROUPS = 500  # a server's groups become tabs: more than this is not a reading list


@dataclass
class SyncState:
    account: str
    since_id: int
    synced_at: int | None
    tried_at: int | None
    error: str | None


def state(conn: sqlite3.Connection) -> SyncState | None:
    row = conn.execute("SELECT account, since_id, synced_at, tried_at, error FROM sync_state"
                       ).fetchone()
    return SyncState(*row) if row else None


def begin(conn: sqlite3.Connection, account: str) -> SyncState:
    """The cache's sync state for ``account``; another account (or none yet) starts afresh:
    its items stay as articles, but nothing of the old server's map or groups is kept."""
    with write(conn):
        current = state(conn)
        if current is not None and current.account == account:
            return current
        conn.execute("DELETE FROM sync_items")
        conn.execute("DELETE FROM sync_groups")
        conn.execute("INSERT INTO sync_state (id, account, since_id) VALUES (1, ?, 0) "
                     "ON CONFLICT(id) DO UPDATE SET account = excluded.account, since_id = 0, "
                     "synced_at = NULL, tried_at = NULL, error = NULL", (account,))
        return SyncState(account, 0, None, None, None)


def finish(conn: sqlite3.Connection, account: str, at: int, error: str | None) -> None:
    """Remember how the sync of ``account`` ended (the reader and ``doctor`` show it)."""
    with write(conn):
        if error is None:
            conn.execute("UPDATE sync_state SET synced_at = ?, tried_at = ?, error = NULL "
                         "WHERE account = ?", (at, at, account))
        else:
            conn.execute("UPDATE sync_state SET tried_at = ?, error = ? WHERE account = ?",
                         (at, error, account))


def categories(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The server's groups as (slug, name), in the server's order."""
    try:
        return [(str(s), str(n)) for s, n in
                conn.execute("SELECT slug, name FROM sync_groups ORDER BY position, slug")]
    except sqlite3.OperationalError:  # a cache this version never migrated (read-only)
        return []


class Filing:
    """Where each remote feed's items go: one ``FeedSource`` per group it is in."""

    def __init__(self, server_url: str, groups: list[RemoteGroup], feeds: list[RemoteFeed],
                 ungrouped: str) -> None:
        self.server_url = server_url
        names: dict[str, str] = {}  # slug -> name, in the server's order
        self._by_feed: dict[int, list[tuple[str, str]]] = {}
        for group in groups[:MAX_GROUPS]:
            name = clean_text(group.title[:2000], html=True)[:200] or f"#{group.id}"
            slug = slugify(name) or f"group-{group.id}"
            name = names.setdefault(slug, name)  # two groups with one slug are one category
            for feed_id in group.feed_ids:
                filed = self._by_feed.setdefault(feed_id, [])
                if (slug, name) not in filed:
                    filed.append((slug, name))
        self.groups: list[tuple[str, str]] = list(names.items())
        self._ungrouped = ("other", ungrouped)  # one slug in every language
        self.fresh = True  # the server's groups as of now: the stored ones follow
        self.known_feeds = {feed.id for feed in feeds} | set(self._by_feed)
        if any(feed.id not in self._by_feed for feed in feeds):
            self.groups.append(self._ungrouped)

    def sources(self, feed_id: int) -> list[FeedSource]:
        filed = self._by_feed.get(feed_id) or [self._ungrouped]
        if self._ungrouped in filed and self._ungrouped not in self.groups:
            self.groups.append(self._ungrouped)
        url = f"{self.server_url}#feed-{feed_id}"  # the key of items without a link
        return [FeedSource(url=url, category=name, slug=slug) for slug, name in filed]


def parsed(item: RemoteItem, base: str) -> ParsedItem | None:
    """A server's item as a feed's item: every field sanitized as any feed's is."""
    url = safe_url(item.url, base=base) if item.url else None
    summary = clean_summary(item.html)
    title = clean_title(item.title) or summary[:100]
    if not title:
        return None
    published = datetime.fromtimestamp(item.created, UTC) if item.created else None
    image = first_image(item.html, url or base) if item.html else None
    return ParsedItem(url=url, guid=None if url else f"item-{item.id}", title=title,
                      summary=summary, author=clean_text(item.author[:2000], html=True)[:200], image=image,
                      published=published)


def store_items(conn: sqlite3.Connection, filing: Filing, items: Iterable[RemoteItem],
                since_id: int, now: int, full_text: bool, cutoff: float | None = None) -> list[int]:
    """Store a batch and move the mark to ``since_id``, in one transaction; returns the new
    articles' ids. Items older than ``cutoff`` (``retention_days``) are mapped, not stored
    (a refresh would prune them again at once), unless the server has them saved: those
    are bookmarks. An item that cannot be stored (no title, no text, no link) is mapped to
    no article, so it is not asked for again."""
    by_source: dict[FeedSource, list[ParsedItem]] = {}
    mapped: list[tuple[int, str]] = []
    for item in items:
        entry = parsed(item, filing.server_url)
        sources = filing.sources(item.feed_id)
        key = article_key(entry.url, entry.guid, sources[0].url) if entry else None
        if entry is None or key is None:
            mapped.append((item.id, f"unusable:{item.id}"))
            continue
        mapped.append((item.id, key))
        if cutoff is not None and not item.saved and entry.published is not None \
                and entry.published.timestamp() < cutoff:
            continue
        for source in sources:
            by_source.setdefault(source, []).append(entry)
    new_ids: list[int] = []
    with write(conn):
        if filing.fresh:  # groups the server no longer has are no longer categories
            conn.execute("DELETE FROM sync_groups")
            filing.fresh = False
        for position, (slug, name) in enumerate(filing.groups):
            conn.execute("INSERT INTO sync_groups (slug, name, position) VALUES (?, ?, ?) "
                         "ON CONFLICT(slug) DO UPDATE SET name = excluded.name, "
                         "position = excluded.position", (slug, name, position))
        for source, entries in by_source.items():
            counts = ingest.store_synced(conn, source, entries, now, full_text)
            new_ids.extend(i for i in counts.new_ids if i not in new_ids)
        conn.executemany("INSERT INTO sync_items (remote_id, key) VALUES (?, ?) "
                         "ON CONFLICT(remote_id) DO UPDATE SET key = excluded.key, gone = 0",
                         mapped)
        conn.execute("UPDATE sync_state SET since_id = MAX(since_id, ?)", (since_id,))
    return new_ids


def move_mark(conn: sqlite3.Connection, since_id: int) -> None:
    """Every id up to ``since_id`` was asked for: the next sync starts above it."""
    with write(conn):
        conn.execute("UPDATE sync_state SET since_id = MAX(since_id, ?)", (since_id,))


def report(conn: sqlite3.Connection, data_dir: Path, sync: SyncSettings) -> dict[str, object]:
    """What ``doctor`` says of the sync: the account (never the password), the last sync,
    what the cache follows and what waits to be sent."""
    from antd_tui.core.sync.queue import queued

    try:
        current = state(conn)
        items = int(conn.execute("SELECT COUNT(*) FROM sync_items").fetchone()[0])
    except sqlite3.OperationalError:  # a cache never migrated (read-only)
        current, items = None, 0
    if current is not None and current.account != sync.account:
        current, items = None, 0  # the cache follows another account: the next sync starts over
    return {
        "service": sync.service, "server": sync.server, "username": sync.username,
        "password": "password_command" if sync.password_command else "password",
        "synced_at": current.synced_at if current else None,
        "tried_at": current.tried_at if current else None,
        "error": current.error if current else None,
        "since_id": current.since_id if current else 0,
        "items": items,
        "queued": len(queued(data_dir)[1]),
    }
