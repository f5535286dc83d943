"""Refresh: feeds → parse → store, then full text for new articles.

A plain class with listener callbacks and no UI import: the CLI wires the
callbacks to a Rich progress bar or JSON, the reader to ``post_message``.
Each feed is fetched concurrently (global and per-host caps live in the
``Fetcher``) and stored in its own transaction, or its own savepoint of a
transaction shared with the feeds parsed while the writer was busy
(``Refresh._store``); one feed's failure never touches another's data.
Unchanged bodies (same SHA-256 as last time) are not parsed again, for
servers that ignore validators.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from antd_tui.core.config import Settings
from antd_tui.core.errors import AntdError
from antd_tui.core.feed_source import FeedSource
from antd_tui.core.net.fetch import Fetcher
from antd_tui.core.pipeline.report import FeedOutcome, RefreshListener, RefreshSummary
from antd_tui.core.store import content, ingest, search_index
from antd_tui.core.store.index_thread import IndexThread

T = TypeVar("T")
# Big refreshes index new articles for search in batches of about this many
# (one FTS flush each, not one per feed); see store/search_index.py.
# Smaller refreshes (one category, the sample edition) index at once.
INDEX_BATCH, INDEX_MIN_FEEDS = 500, 8
# At most this many feeds' stores share a transaction (see Refresh._store): a
# crash costs no more than this many feeds, to be fetched again next time.
STORE_GROUP_MAX = 16


def _any_done(futures: list[asyncio.Future[ingest.StoredCounts]]) -> bool:
    return any(future.done() for future in futures)


class Refresh:
    def __init__(
        self,
        settings: Settings,
        conn: sqlite3.Connection,
        *,
        feeds: Sequence[FeedSource] | None = None,
        full_text: bool = True,
        listener: RefreshListener | None = None,
        data_dir: Path | None = None,
        sync: bool = True,
    ) -> None:
        self.settings = settings
        self.conn = conn
        self.feeds = list(settings.feeds if feeds is None else feeds)
        self.full_text = full_text and settings.fetch.full_text
        self.listener = listener or RefreshListener()
        self.data_dir = data_dir  # when set, incomplete bookmarks are completed too
        # with [sync] set and a data dir (the record holds what waits to be sent)
        self.sync = sync and settings.sync is not None and data_dir is not None

    async def run(self) -> RefreshSummary:
        # Store calls run inline on the loop: a writer thread was measured slower
        # (GIL hand-offs on every bound row cost more than the overlap gained);
        # parsing moves to a worker process instead when there are many feeds,
        # and batches of search indexing move to a thread: one long SQLite call
        # each, which SQLite runs without the GIL. (WAL checkpoints on a thread of
        # their own bought 4 ms of a 0.5 s cold refresh, 17 of 30 pairs: removed.)
        from antd_tui.core.feeds.pool import ParsePool

        self._catch_up()  # articles a killed refresh left unindexed
        self._states = ingest.feed_states(self.conn, self.feeds)
        self._parser = ParsePool(len(self.feeds))
        self._indexer = IndexThread(self.conn)
        self._defer_index = len(self.feeds) >= INDEX_MIN_FEEDS and self._indexer.usable
        self._unindexed = 0  # articles stored since the last search batch started
        self._stores: list[tuple[dict[str, Any], asyncio.Future[ingest.StoredCounts]]] = []
        self._storer: asyncio.Task[None] | None = None  # stores what _stores holds
        self._indexing: asyncio.Future[int] | None = None  # a batch on the indexer's thread
        try:
            async with Fetcher(self.settings.fetch) as fetcher:
                return await self._run(fetcher, RefreshSummary())
        finally:
            if self._storer is not None:  # cancelled: nothing more is written
                self._storer.cancel()
            self._parser.close()
            self._indexer.close()
            if self._defer_index:  # cancelled or failed half-way: index what was stored
                self._catch_up()

    async def _run(self, fetcher: Fetcher, summary: RefreshSummary) -> RefreshSummary:
        if sum(not s.fetched_before for s in self._states.values()) * 2 > len(self.feeds):
            # Most feeds were never fetched (a new cache, a big import): they will
            # need parsing, so the worker starts with the first requests instead of
            # at the first body (cold refresh 1.25 -> 1.19 s, 8 alternating runs,
            # at 50 ms and at 0 ms). Feeds that only ever failed do not count.
            self._parser.start()
        if self._indexer.usable and search_index.marks_pending(self.conn):
            # the marks-index rows the last refresh left: written on the indexer's
            # thread while the first requests are out (the first store waits for it)
            self._indexing = asyncio.wrap_future(self._indexer.start_marks())
        syncing = asyncio.ensure_future(self._sync()) if self.sync else None
        outcomes = await asyncio.gather(*(self._feed(fetcher, feed) for feed in self.feeds))
        if syncing is not None:
            summary.sync = await syncing
        self._parser.finish()
        await self._batch_done()
        self._catch_up()  # the last batch
        seen: set[int] = set()
        for outcome, new_ids in outcomes:
            summary.feeds.append(outcome)
            summary.new_ids.extend(i for i in new_ids if i not in seen)
            seen.update(new_ids)
        if summary.sync is not None:
            summary.new_ids.extend(i for i in summary.sync.new_ids if i not in seen)
        await self._full_text(fetcher, summary, outcomes)
        if self.data_dir is not None and content.any_bookmarked(self.conn):
            from antd_tui.core.library.bookmarks import complete_all  # ~8 ms of imports, only if needed

            summary.bookmarks_completed, summary.bookmarks_incomplete = await complete_all(
                fetcher, self.conn, self.data_dir)
        if self.data_dir is not None:
            from antd_tui.core.record.tail import compaction_due

            if compaction_due(self.data_dir):  # now and then: past 1 MB and twice its base
                from antd_tui.core.record.health import compact_if_due

                if self.settings.sync is None:
                    from antd_tui.core.sync.queue import forget_if_unused

                    forget_if_unused(self.conn, self.data_dir)

                compact_if_due(self.data_dir)
        if self.data_dir is not None and self.settings.retention_days:
            from antd_tui.core.library.prune import prune

            summary.pruned = prune(self.conn, self.data_dir, self.settings.retention_days,
                                   vacuum=False).articles
        return summary

    async def _sync(self) -> Any:
        """The feed server's items and flags (``core/sync``), beside the feeds' fetches."""
        from antd_tui.core.sync.engine import Syncer

        assert self.data_dir is not None
        outcome = await Syncer(self.settings, self.conn, self.data_dir, full_text=self.full_text,
                               write=self._write).run()
        self.listener.sync_finished(outcome)
        return outcome

    async def _feed(self, fetcher: Fetcher, feed: FeedSource) -> tuple[FeedOutcome, list[int]]:
        self.listener.feed_started(feed)
        new_ids: list[int] = []
        try:
            outcome, new_ids = await self._fetch_and_store(fetcher, feed)
        except AntdError as exc:
            outcome = await self._fail(feed, str(exc))
        except sqlite3.Error as exc:
            outcome = FeedOutcome(feed, "error", error=f"cannot write the cache: {exc}")
        except Exception as exc:
            outcome = await self._fail(feed, f"unexpected {type(exc).__name__}: {exc}")
        self.listener.feed_finished(outcome)
        return outcome, new_ids

    async def _write(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Every write of the feed phase: never while a search batch holds the write lock."""
        await self._batch_done()
        return function(self.conn, *args, **kwargs)

    async def _store(self, job: dict[str, Any]) -> ingest.StoredCounts:
        """Store one feed's items; feeds parsed while the writer was busy go in together.

        The storer takes every feed waiting when it gets the write lock and
        stores them in one transaction, each feed in its own savepoint
        (``ingest.store_group``): one commit for several feeds. Feeds whose
        bodies come one at a time are stored one at a time, as before.
        """
        future: asyncio.Future[ingest.StoredCounts] = asyncio.get_running_loop().create_future()
        self._stores.append((job, future))
        if self._storer is None:  # it starts after the feeds that are ready now have queued
            self._storer = asyncio.ensure_future(self._store_waiting())
        return await future

    async def _store_waiting(self) -> None:
        try:
            while self._stores:
                await self._batch_done()
                waiting = [(job, future) for job, future in self._stores if not future.done()]
                jobs, self._stores = waiting[:STORE_GROUP_MAX], waiting[STORE_GROUP_MAX:]
                if not jobs:
                    continue
                try:
                    # a feed cancelled meanwhile (Ctrl+C lands between two bytecodes, even
                    # here) would be stored and never reported: then none of them is stored
                    futures = [future for _, future in jobs]
                    outcomes = ingest.store_group(self.conn, [job for job, _ in jobs],
                                                  partial(_any_done, futures))
                except Exception as exc:  # the transaction failed as a whole (a full disk)
                    outcomes = [exc] * len(jobs)
                for (_, future), outcome in zip(jobs, outcomes, strict=True):
                    if future.done():
                        continue
                    if isinstance(outcome, Exception):
                        future.set_exception(outcome)
                    else:
                        future.set_result(outcome)
                await asyncio.sleep(0)  # the stored feeds go on (a search batch may start)
        finally:
            self._storer = None

    async def _batch_done(self) -> None:
        """Wait out the search batch running on the indexer's thread, if any."""
        while (batch := self._indexing) is not None:
            try:
                await asyncio.wait([batch])  # how it ended is not this write's business
            finally:
                if self._indexing is batch:
                    self._indexing = None
            if not batch.cancelled():
                batch.exception()  # a failed batch's articles stay pending for _catch_up

    def _catch_up(self) -> None:
        """Search rows for every article still without one; a failure leaves them pending.

        A full disk or a lock held too long must not turn a refresh whose feeds
        were all stored into an error: the next refresh catches up first.
        """
        try:
            search_index.catch_up(self.conn)
        except sqlite3.Error:
            pass

    def _index_in_background(self) -> None:
        """Enough articles stored without search rows: index them on the indexer's thread."""
        if self._indexing is None:
            self._unindexed = 0
            self._indexing = asyncio.wrap_future(self._indexer.start())

    async def _fail(self, feed: FeedSource, error: str) -> FeedOutcome:
        try:
            await self._write(ingest.record_failure, self._states[feed.url].id, error,
                              int(time.time()))
        except sqlite3.Error as exc:  # e.g. a full disk: still report the feed, don't abort
            error = f"{error}; and the failure could not be recorded: {exc}"
        return FeedOutcome(feed, "error", error=error)

    async def _fetch_and_store(self, fetcher: Fetcher, feed: FeedSource
                               ) -> tuple[FeedOutcome, list[int]]:
        state = self._states[feed.url]
        result = await fetcher.get(feed.url, etag=state.etag, last_modified=state.last_modified,
                                   same_as=state.wire_hash)
        now = int(time.time())
        if result.status == "not_modified":
            await self._write(ingest.record_not_modified, state.id, now)
            return FeedOutcome(feed, "not_modified"), []
        digest = None if result.status == "unchanged" else hashlib.sha256(result.body).hexdigest()
        if digest is None or digest == state.body_hash:
            await self._write(ingest.record_unchanged_body, state.id, result.etag,
                              result.last_modified, now, result.wire_hash)
            return FeedOutcome(feed, "not_modified"), []
        parsed = await self._parser.parse(result.body, result.url, result.content_type)
        if self.settings.retention_days:
            # items older than the retention window are not stored (they would be
            # pruned again at once, and come back as "new" on every change)
            cutoff = time.time() - self.settings.retention_days * 86400
            parsed.items = [i for i in parsed.items
                            if i.published is None or i.published.timestamp() >= cutoff]
        counts = await self._store(dict(
            feed=feed, state=state, items=parsed.items, title=parsed.title, etag=result.etag,
            last_modified=result.last_modified, body_hash=digest, warning=parsed.warning, now=now,
            full_text=self.full_text and feed.full_text, defer_index=self._defer_index,
            wire_hash=result.wire_hash,
        ))
        if self._defer_index:
            self._unindexed += len(counts.new_ids)
            if self._unindexed >= INDEX_BATCH:
                self._index_in_background()
        for article_id in counts.new_ids:
            self.listener.article_stored(article_id, feed)
        outcome = FeedOutcome(feed, "ok", new=len(counts.new_ids), updated=counts.updated,
                              warning=parsed.warning)
        return outcome, counts.new_ids

    async def _full_text(self, fetcher: Fetcher, summary: RefreshSummary,
                         outcomes: list[tuple[FeedOutcome, list[int]]]) -> None:
        wanted: list[int] = []
        for outcome, new_ids in outcomes:
            if self.full_text and outcome.feed.full_text:
                wanted.extend(new_ids)  # the others were stored as 'skipped'
        if self.full_text and summary.sync is not None:
            wanted.extend(summary.sync.new_ids)
        if self.full_text:
            slugs = sorted({f.slug for f in self.feeds if f.full_text}
                           | set(summary.sync.slugs if summary.sync is not None else ()))
            if slugs:
                wanted += [i for i in content.retry_candidates(self.conn, slugs) if i not in wanted]
        todo = content.needing_full_text(self.conn, list(dict.fromkeys(wanted)))
        if not todo:
            return
        from antd_tui.core.pipeline.fulltext import fetch_article

        self.listener.full_text_started(len(todo))

        # No semaphore of our own: the fetcher's per-host and overall limits
        # apply, and one site that pushed back does not hold up another's pages.
        async def one(article_id: int, url: str) -> None:
            try:
                error = await fetch_article(fetcher, self.conn, article_id, url)
            except Exception as exc:
                error = f"unexpected {type(exc).__name__}: {exc}"
            if error is None:
                summary.full_text_fetched += 1
            else:
                summary.full_text_failed += 1
            self.listener.full_text_finished(article_id, error)

        await asyncio.gather(*(one(article_id, url) for article_id, url in todo))
