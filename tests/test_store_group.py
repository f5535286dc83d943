"""Several feeds stored in one transaction: each feed still lands whole or not at all."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.models import FeedSource, ParsedItem
from antd_tui.core.store import ingest
from antd_tui.core.store.db import connect

FEEDS = [FeedSource(url=f"https://example.vn/rss/{slug}.rss", category=slug, slug=slug)
         for slug in ("phap-luat", "the-gioi", "kinh-te")]


def _items(feed: int, count: int = 5, lead: str = "Tóm tắt") -> list[ParsedItem]:
    return [ParsedItem(f"https://example.vn/bai-{feed}-{n}-post{feed}{n}.antd", None,
                       f"Bài {feed}.{n}", lead, "", None, datetime(2026, 11, 1, tzinfo=UTC))
            for n in range(count)]


def _job(conn: sqlite3.Connection, n: int, items: list[ParsedItem]) -> dict[str, Any]:
    state = ingest.feed_states(conn, [FEEDS[n]])[FEEDS[n].url]
    return dict(feed=FEEDS[n], state=state, items=items, title=f"Feed {n}", etag=f'"{n}"',
                last_modified=None, body_hash=f"hash-{n}", warning=None, now=1)


def _stored(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT slug, COUNT(*) FROM article_categories GROUP BY slug"))


def test_a_feed_that_fails_in_a_group_leaves_no_trace_and_the_others_land(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    broken = _items(1)
    broken[3] = ParsedItem(broken[3].url, None, None, "", "", None, None)  # type: ignore[arg-type]
    outcomes = ingest.store_group(conn, [_job(conn, 0, _items(0)), _job(conn, 1, broken),
                                         _job(conn, 2, _items(2))])
    assert [len(o.new_ids) if isinstance(o, ingest.StoredCounts) else type(o).__name__
            for o in outcomes] == [5, "IntegrityError", 5]
    assert _stored(conn) == {"phap-luat": 5, "kinh-te": 5}  # none of the broken feed's 3 good items
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 10
    states = dict(conn.execute("SELECT url, etag FROM feeds"))
    assert states == {FEEDS[0].url: '"0"', FEEDS[1].url: None, FEEDS[2].url: '"2"'}
    assert not conn.in_transaction


def test_a_full_database_fails_every_feed_of_the_group_and_stores_nothing(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    lead = "Tin nóng trong ngày. " * 200  # each feed needs new pages
    jobs = [_job(conn, 0, _items(0, lead=lead)), _job(conn, 1, _items(1, lead=lead))]
    conn.execute("PRAGMA max_page_count = 1")  # no page beyond those in use: as a full disk
    try:
        outcomes: list[object] = list(ingest.store_group(conn, jobs))
    except sqlite3.Error as exc:  # SQLite may undo the whole transaction itself
        outcomes = [exc, exc]
    finally:
        conn.execute("PRAGMA max_page_count = 1073741823")
    assert [str(o) for o in outcomes] == ["database or disk is full"] * 2
    assert _stored(conn) == {} and not conn.in_transaction
    again = ingest.store_group(conn, jobs)  # room again: the same group lands whole
    assert [len(o.new_ids) for o in again if isinstance(o, ingest.StoredCounts)] == [5, 5]


def test_a_group_told_to_stop_stores_none_of_its_feeds(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    jobs = [_job(conn, n, _items(n)) for n in range(3)]
    asked: list[int] = []

    def abandoned() -> bool:  # Ctrl+C while the second feed is written
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ingest.GroupAbandoned):
        ingest.store_group(conn, jobs, abandoned)
    assert _stored(conn) == {} and not conn.in_transaction
    assert conn.execute("SELECT COUNT(*) FROM feeds WHERE etag IS NOT NULL").fetchone()[0] == 0


@pytest.mark.parametrize("interrupt_at", [1, 3, 6])
def test_every_feed_a_cancelled_refresh_stored_was_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupt_at: int) -> None:
    """Ctrl+C (the refresh's task cancelled) in the middle of writing: stored == reported."""
    import asyncio
    from dataclasses import replace

    from antd_tui.core.config import load_settings
    from antd_tui.core.pipeline.refresh import Refresh
    from antd_tui.core.pipeline.report import FeedOutcome, RefreshListener
    from bench.data import write_feeds
    from tests.conftest import serve_copy

    paths = write_feeds(tmp_path / "src", count=12, items=30)
    reported: list[str] = []
    calls: list[int] = []
    real = ingest._store_feed

    class Listener(RefreshListener):
        def feed_finished(self, outcome: FeedOutcome) -> None:
            if outcome.status == "ok":
                reported.append(outcome.feed.url)

    with serve_copy(tmp_path / "src", tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category=f"Mục {n}",
                                 slug=f"muc-{n}") for n, p in enumerate(paths))
        settings = replace(load_settings(None), feeds=feeds)
        conn = connect(tmp_path / "data")

        async def main() -> None:
            task = asyncio.current_task()
            assert task is not None

            def store_feed(*args: Any, **kwargs: Any) -> ingest.StoredCounts:
                calls.append(1)
                if len(calls) == interrupt_at:
                    task.cancel()  # what asyncio's SIGINT handler does, between two lines
                return real(*args, **kwargs)

            monkeypatch.setattr(ingest, "_store_feed", store_feed)
            try:
                await Refresh(settings, conn, listener=Listener(), full_text=False).run()
            except asyncio.CancelledError:
                pass

        asyncio.run(main())
    stored = [row[0] for row in conn.execute("SELECT url FROM feeds WHERE body_hash IS NOT NULL")]
    conn.close()
    assert len(calls) >= interrupt_at
    assert sorted(stored) == sorted(reported)
