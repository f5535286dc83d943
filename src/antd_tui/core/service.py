"""The reader's one door into core: everything the UI needs, no SQL or HTTP in the UI.

Thread-safety: the reader calls these from Textual thread workers, so every
call on the shared read connection goes through one lock. A refresh opens
its own connection and runs its own event loop in the calling (worker)
thread, so parsing never stalls the UI's loop and the UI keeps reading
through WAL while it writes.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from antd_tui.core.config import Settings
from antd_tui.core.models import FeedSource
from antd_tui.core.pipeline.report import RefreshListener, RefreshSummary
from antd_tui.core.store import queries
from antd_tui.core.store.db import connect
from antd_tui.core.store.queries import ArticleDetail, ArticleRow


class ReaderService:
    def __init__(self, settings: Settings, data_dir: Path) -> None:
        self.settings = settings
        self.data_dir = data_dir
        # What opening the cache had to say (a damaged cache moved aside, what the reader's
        # record restored): on stderr as for any command, and shown by the reader.
        self.notices: list[str] = []
        self._conn: sqlite3.Connection = connect(data_dir, notice=self._notice,
                                                 language=settings.language)
        self._lock = threading.Lock()
        # Writes (read flags, bookmarks) have their own connection and lock: while one
        # waits for a refresh's transaction, lists and articles keep loading.
        self._write_conn: sqlite3.Connection = connect(data_dir)
        self._write_lock = threading.Lock()

    def _notice(self, text: str) -> None:
        import sys

        self.notices.append(text)
        print(text, file=sys.stderr)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
        with self._write_lock:
            self._write_conn.close()

    # -- reading -------------------------------------------------------------
    def categories(self) -> list[tuple[str, str]]:
        """The config's categories, then the feed server's groups (``[sync]``)."""
        categories = self.settings.categories()
        if self.settings.sync is not None:
            from antd_tui.core.sync.store import categories as synced

            with self._lock:
                categories += [c for c in synced(self._conn) if c not in categories]
        return categories

    def sync_times(self) -> tuple[int | None, int | None, str | None] | None:
        """(last good sync, last try, its error) with ``[sync]`` set, else None."""
        if self.settings.sync is None:
            return None
        from antd_tui.core.sync.store import state

        with self._lock:
            try:
                current = state(self._conn)
            except sqlite3.OperationalError:
                current = None
        if current is None or current.account != self.settings.sync.account:
            return None, None, None
        return current.synced_at, current.tried_at, current.error

    def unread_counts(self) -> dict[str, int]:
        with self._lock:
            return queries.unread_counts(self._conn)

    def articles(self, slug: str | None, *, limit: int = 200, offset: int = 0,
                 unread: bool = False) -> list[ArticleRow]:
        with self._lock:
            return queries.list_articles(self._conn, category=slug, limit=limit, offset=offset,
                                         unread=unread)

    def article_count(self, slug: str | None) -> int:
        with self._lock:
            return queries.count_articles(self._conn, category=slug)

    def article_position(self, slug: str | None, article_id: int) -> int | None:
        """Where ``article_id`` sits in ``articles(slug)`` order (keeps the reader's selection)."""
        with self._lock:
            return queries.article_position(self._conn, article_id, category=slug)

    def bookmarks(self, limit: int = 1_000_000) -> list[ArticleRow]:
        with self._lock:
            return queries.list_bookmarks(self._conn, limit=limit)

    def search(self, text: str, limit: int = 200, *, newest: bool = False,
               typing: bool = False) -> list[ArticleRow]:
        """Most relevant first (``newest``: newest first); ``typing``: the last word is a
        prefix, as it is still being typed. Raises ``QueryTooLong``."""
        with self._lock:
            return queries.search_articles(self._conn, text, limit=limit, newest=newest,
                                           prefix=typing)

    def article(self, article_id: int) -> ArticleDetail | None:
        with self._lock:
            return queries.get_detail(self._conn, article_id)

    def data_version(self) -> int:
        """Changes whenever another connection (a refresh, cron) commits: cheap to poll."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    # -- state ---------------------------------------------------------------
    # Read flags and bookmarks are written to the reader's record too (core/record):
    # a full disk raises RecordError (an AntdError) and changes nothing.
    def set_read(self, article_id: int, read: bool = True) -> None:
        from antd_tui.core.record.marks import set_read

        with self._write_lock:
            set_read(self._write_conn, [article_id], read)

    def mark_category_read(self, slug: str | None) -> int:
        from antd_tui.core.record.marks import mark_all_read

        with self._write_lock:
            return mark_all_read(self._write_conn, slug)

    def set_bookmark(self, article_id: int, on: bool) -> None:
        """Instant: the bookmark is stored; call ``save_offline`` (blocking) next to fill it."""
        from antd_tui.core.record.marks import set_bookmarked

        with self._write_lock:
            set_bookmarked(self._write_conn, [article_id], on)

    def save_offline(self, article_id: int) -> list[str]:
        """Blocking (worker thread): full text and images of a bookmark; returns problems."""
        from antd_tui.core.library.bookmarks import snapshot
        from antd_tui.core.net.fetch import Fetcher

        async def run() -> list[str]:
            conn = connect(self.data_dir)
            try:
                async with Fetcher(self.settings.fetch) as fetcher:
                    return await snapshot(fetcher, conn, self.data_dir, article_id)
            finally:
                conn.close()

        return asyncio.run(run())

    def incomplete_bookmarks(self) -> list[int]:
        """Bookmarks still missing their full text or a photo (the next refresh completes them)."""
        from antd_tui.core.library.bookmarks import incomplete_bookmarks

        with self._lock:
            return incomplete_bookmarks(self._conn, self.data_dir)

    def is_offline_ready(self, article_id: int) -> bool:
        """True when a bookmark has its full text and every image stored locally."""
        from antd_tui.core.library.bookmarks import is_complete

        with self._lock:
            return is_complete(self._conn, self.data_dir, article_id)

    def load_photos(self, urls: Sequence[str], deliver: Callable[[str, Path | None, str | None], None],
                    cancelled: Callable[[], bool]) -> None:
        """Blocking (worker thread): each photo's local path, in order, as it becomes available.

        Stored copies come first and at once; the rest are fetched with the page
        limits (size cap, content check, deadline). ``deliver(url, path, error)``
        is called once per URL; ``cancelled()`` is checked between photos so
        leaving the article stops its pending loads. Afterwards the cache is
        trimmed to ``image_cache_mb`` (never a bookmark's photos).
        """
        from antd_tui.core.errors import AntdError
        from antd_tui.core.net.fetch import Fetcher
        from antd_tui.core.photos.cache import evict, fetch_image
        from antd_tui.core.photos.files import local_path

        conn = connect(self.data_dir)
        try:
            missing: list[str] = []
            for url in urls:
                found = local_path(self.data_dir, conn, url)
                if found is None:
                    missing.append(url)
                else:
                    deliver(url, found, None)

            async def fetch_missing() -> None:
                async with Fetcher(self.settings.fetch) as fetcher:
                    for url in missing:
                        if cancelled():
                            return
                        try:
                            deliver(url, await fetch_image(fetcher, conn, self.data_dir, url), None)
                        except (AntdError, OSError) as exc:
                            deliver(url, None, str(exc) or type(exc).__name__)

            if missing and not cancelled():
                asyncio.run(fetch_missing())
                evict(conn, self.data_dir, self.settings.image_cache_mb * 1_000_000)
        finally:
            conn.close()

    # -- network -------------------------------------------------------------
    def refresh(self, slugs: Sequence[str] | None, listener: RefreshListener,
                *, wait: float = 0.0) -> RefreshSummary:
        """Blocking: run in a worker thread. Takes the refresh lock (LockTimeout if busy)."""
        from antd_tui.core.lock import RefreshLock
        from antd_tui.core.pipeline.refresh import Refresh  # the fetcher and the store: not at start-up

        feeds: list[FeedSource] = [f for f in self.settings.feeds if not slugs or f.slug in slugs]
        with RefreshLock(self.data_dir, wait=wait):
            conn = connect(self.data_dir)
            try:
                return asyncio.run(Refresh(self.settings, conn, feeds=feeds, listener=listener,
                                           data_dir=self.data_dir).run())
            finally:
                conn.close()

    def fetch_full_text(self, article_id: int) -> str | None:
        """Blocking: fetch one article's page now. ``None`` on success, else the error."""
        from antd_tui.core.net.fetch import Fetcher
        from antd_tui.core.pipeline.fulltext import fetch_article

        with self._lock:
            row = queries.get_row(self._conn, article_id)
        if row is None or not row.url:
            return "no link to fetch"
        url = row.url

        async def run() -> str | None:
            conn = connect(self.data_dir)
            try:
                async with Fetcher(self.settings.fetch) as fetcher:
                    return await fetch_article(fetcher, conn, article_id, url)
            finally:
                conn.close()

        return asyncio.run(run())
