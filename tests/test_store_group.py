"""Several feeds stored in one transaction: each feed still lands whole or not at all."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
