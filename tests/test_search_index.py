"""Big refreshes index for search in batches: every article still ends up searchable once."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antd_tui.core.config import load_settings
from antd_tui.core.folding import index_form
from antd_tui.core.models import FeedSource, ParsedItem
from antd_tui.core.pipeline.refresh import INDEX_MIN_FEEDS, Refresh
from antd_tui.core.store import ingest, search_index
from antd_tui.core.store.db import connect
from antd_tui.core.store.queries import search_articles
from antd_tui.core.store.schema import MIGRATIONS
from antd_tui.core.store.transaction import write
from bench.data import write_feeds
from tests.conftest import serve_copy

FEED = FeedSource(url="https://example.vn/rss/phap-luat.rss", category="Pháp luật", slug="phap-luat")


def _item(n: int, title: str | None = None) -> ParsedItem:
    return ParsedItem(f"https://example.vn/bai-{n}-post{n}.antd", None, title or f"Điều tra vụ {n}",
                      f"Tóm tắt đường phố {n}", "", None, datetime(2026, 11, 1, tzinfo=UTC))


def _store(conn: sqlite3.Connection, items: list[ParsedItem], *, defer: bool) -> list[int]:
    state = ingest.feed_states(conn, [FEED])[FEED.url]
    return ingest.store_items(conn, FEED, state, items, title="", etag=None, last_modified=None,
                              body_hash=str(len(items)), warning=None, now=1, defer_index=defer).new_ids


def _index_rows(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT rowid, title, summary FROM search")}


def _expected(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    return {r[0]: (index_form(r[1]), index_form(r[2]))
            for r in conn.execute("SELECT id, title, summary FROM articles")}


def _refresh(settings: object, data: Path) -> sqlite3.Connection:
    conn = connect(data)
    asyncio.run(Refresh(settings, conn, full_text=False).run())  # type: ignore[arg-type]
    return conn


@pytest.mark.parametrize("batch", [1000, 40])  # one batch at the end; several on the thread
def test_a_big_refresh_leaves_every_article_searchable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    from antd_tui.core.pipeline import refresh
    from antd_tui.core.store.index_thread import IndexThread

    monkeypatch.setattr(refresh, "INDEX_BATCH", batch)
    on_thread: list[int] = []
    start = IndexThread.start

    def counted(self: IndexThread) -> object:
        on_thread.append(1)
        return start(self)

    monkeypatch.setattr(IndexThread, "start", counted)
    # when batches ran and when the refresh wrote: never at the same time
    batches: list[tuple[float, float]] = []
    writes: list[float] = []
    real_catch_up, real_store, real_group = search_index.catch_up, ingest.store_items, ingest.store_group

    def timed_catch_up(conn: sqlite3.Connection) -> int:
        begun = time.perf_counter()
        try:
            return real_catch_up(conn)
        finally:
            batches.append((begun, time.perf_counter()))

    def timed_store(*args: Any, **kwargs: Any) -> ingest.StoredCounts:
        writes.append(time.perf_counter())
        return real_store(*args, **kwargs)

    monkeypatch.setattr(search_index, "catch_up", timed_catch_up)
    def timed_group(conn: sqlite3.Connection, *args: Any) -> list[object]:
        writes.append(time.perf_counter())
        return real_group(conn, *args)  # type: ignore[return-value]

    monkeypatch.setattr(ingest, "store_items", timed_store)
    monkeypatch.setattr(ingest, "store_group", timed_group)
    site = tmp_path / "src"
    paths = write_feeds(site, count=INDEX_MIN_FEEDS + 2, items=30)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        conn = _refresh(replace(load_settings(None), feeds=feeds), tmp_path / "data")
    assert len(_expected(conn)) == len(paths) * 30
    assert _index_rows(conn) == _expected(conn)  # each article once, with its title and summary
    title = conn.execute("SELECT title FROM articles ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert title in [row.title for row in search_articles(conn, title, limit=500)]
    assert not search_index.pending(conn)
    # (feeds parsed while the writer was busy are stored together: 1-4 writes for 10 feeds,
    # each followed by a batch on the thread once 40 articles wait)
    assert (len(on_thread) >= 1) if batch == 40 else not on_thread
    assert not [w for w in writes for begun, ended in batches if begun < w < ended]


def test_articles_a_killed_refresh_left_unindexed_are_indexed_by_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "src"
    paths = write_feeds(site, count=INDEX_MIN_FEEDS, items=20)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        settings = replace(load_settings(None), feeds=feeds)
        real_catch_up = search_index.catch_up
        monkeypatch.setattr(search_index, "catch_up", lambda conn: 0)  # killed before any batch
        conn = _refresh(settings, tmp_path / "data")
        assert _index_rows(conn) == {} and search_index.pending(conn)
        assert search_articles(conn, "điều tra") == []
        conn.close()
        monkeypatch.setattr(search_index, "catch_up", real_catch_up)
        conn = _refresh(settings, tmp_path / "data")  # every feed answers 304 now
    assert _index_rows(conn) == _expected(conn) and len(_expected(conn)) == len(paths) * 20


def test_an_article_rewritten_before_its_batch_is_indexed_once_with_its_new_title(
        tmp_path: Path) -> None:
    conn = connect(tmp_path)
    [first] = _store(conn, [_item(1)], defer=True)
    assert _index_rows(conn) == {}
    # the same article comes back with another title (a second feed, a later fetch)
    # from a store that indexes at once
    _store(conn, [_item(1, "Tiêu đề mới về Đà Nẵng")], defer=False)
    assert search_index.catch_up(conn) == 0  # it has its row already: nothing added twice
    assert _index_rows(conn) == {first: ("Tiêu ḏề mới về Ḏà Nẵng", "Tóm tắt ḏường phố 1")}


def test_ids_reused_after_a_prune_are_still_indexed(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    ids = _store(conn, [_item(n) for n in range(10)], defer=True)
    assert search_index.catch_up(conn) == 10
    with write(conn):  # the newest five are pruned: MAX(id)+1 gives their ids out again
        for article_id in ids[5:]:
            conn.execute("DELETE FROM search WHERE rowid = ?", (article_id,))
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    again = _store(conn, [_item(n) for n in range(10, 13)], defer=True)
    assert again == ids[5:8]
    assert search_index.catch_up(conn) == 3
    assert _index_rows(conn) == _expected(conn)


def test_a_version_2_cache_starts_with_everything_counted_as_indexed(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "antd.sqlite3")
    for number, script in enumerate(MIGRATIONS[:2]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    conn.execute("INSERT INTO articles (id, key, title, published, first_seen) "
                 "VALUES (41, 'antd:41', 'Cũ', 1, 1)")
    conn.execute("INSERT INTO search (rowid, title, summary, body) VALUES (41, 'Cũ', '', '')")
    conn.commit()
    conn.close()
    conn = connect(tmp_path)
    assert conn.execute("SELECT indexed_upto FROM search_state").fetchone()[0] == 41
    assert not search_index.pending(conn) and search_index.catch_up(conn) == 0


VIETNAMESE = st.text(alphabet=st.sampled_from("đĐdDaăâ ́̀ ̉ẽọ\u00f0Ωễx"), max_size=30)


@given(VIETNAMESE | st.text(max_size=30))
def test_the_sql_index_form_is_the_python_one(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    sql = search_index._INDEX_FORM.format("?")
    assert conn.execute(f"SELECT {sql}", (text,)).fetchone()[0] == index_form(text)


def test_stores_that_index_at_once_keep_the_cache_caught_up(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    _store(conn, [_item(n) for n in range(5)], defer=False)
    _store(conn, [_item(n) for n in range(5, 9)], defer=False)
    assert not search_index.pending(conn)  # a later refresh takes no write lock to check
    _store(conn, [_item(9)], defer=True)
    _store(conn, [_item(10)], defer=False)  # indexed, but above an article still waiting
    assert search_index.pending(conn) and search_index.catch_up(conn) == 1
    assert _index_rows(conn) == _expected(conn) and not search_index.pending(conn)


def _big_site(tmp_path: Path, items: int = 20) -> tuple[Path, list[str]]:
    site = tmp_path / "src"
    return site, write_feeds(site, count=INDEX_MIN_FEEDS + 2, items=items)


def test_a_full_disk_at_the_last_batch_leaves_the_refresh_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, paths = _big_site(tmp_path)
    real_catch_up = search_index.catch_up

    def full(conn: sqlite3.Connection) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        settings = replace(load_settings(None), feeds=feeds)
        monkeypatch.setattr(search_index, "catch_up", full)
        conn = connect(tmp_path / "data")
        summary = asyncio.run(Refresh(settings, conn, full_text=False).run())
        # every feed stored and reported; only the search rows wait
        assert summary.errors == 0 and len(summary.new_ids) == len(paths) * 20
        assert search_index.pending(conn)
        conn.close()
        monkeypatch.setattr(search_index, "catch_up", real_catch_up)
        conn = _refresh(settings, tmp_path / "data")
    assert _index_rows(conn) == _expected(conn)


def test_a_batch_that_fails_costs_no_feed_and_its_articles_are_indexed_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future

    from antd_tui.core.pipeline import refresh
    from antd_tui.core.store.index_thread import IndexThread

    monkeypatch.setattr(refresh, "INDEX_BATCH", 40)
    start = IndexThread.start
    calls: list[int] = []

    def first_fails(self: IndexThread) -> Future[int]:
        calls.append(1)
        if len(calls) > 1:
            return start(self)
        failed: Future[int] = Future()
        failed.set_exception(MemoryError("no memory for the batch"))
        return failed

    monkeypatch.setattr(IndexThread, "start", first_fails)
    monkeypatch.setattr(refresh, "STORE_GROUP_MAX", 2)  # several stores, each starting a batch
    site, paths = _big_site(tmp_path)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        conn = connect(tmp_path / "data")
        summary = asyncio.run(Refresh(replace(load_settings(None), feeds=feeds), conn,
                                      full_text=False).run())
    assert summary.errors == 0 and len(summary.new_ids) == len(paths) * 20
    assert len(calls) >= 3  # later batches ran: the failed one did not stay in the way
    assert _index_rows(conn) == _expected(conn)


def _twins(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(search rows, marks rows found for them, marks_upto)."""
    rows = conn.execute("SELECT COUNT(*) FROM search").fetchone()[0]
    words = conn.execute("SELECT COUNT(*) FROM search_marks WHERE search_marks MATCH 'tóm'").fetchone()[0]
    return rows, words, conn.execute("SELECT marks_upto FROM search_state").fetchone()[0]


def test_a_refresh_leaves_the_marks_index_to_the_next_search_or_refresh(tmp_path: Path) -> None:
    # the marks index costs a cold refresh ~0.1 s: its rows are written when someone needs them
    conn = connect(tmp_path / "data")
    ids = _store(conn, [_item(n) for n in range(30)], defer=True)
    assert search_index.catch_up(conn) == 30
    assert _twins(conn) == (30, 0, 0) and search_index.marks_pending(conn)
    # an article rewritten while its twin waits gets one twin, with its new text
    with write(conn):
        search_index.remove(conn, [ids[0]])
        search_index.insert(conn, [(ids[0], index_form("Cũ"), index_form("Tóm tắt mới"), "")])
    # a search typed with marks finds what the refresh stored, catching the index up first
    found = search_articles(conn, "tóm tắt đường phố", limit=100)
    assert len(found) == 29 and not search_index.marks_pending(conn)
    assert _twins(conn) == (30, 30, ids[-1])
    assert [r.id for r in search_articles(conn, '"tóm tắt mới"')] == [ids[0]]
    # below the mark every write keeps the twin: a rewrite, a removal, a new row
    with write(conn):
        search_index.remove(conn, [ids[1], ids[2]])
        search_index.insert(conn, [(ids[1], index_form("Mới"), index_form("Tóm lại"), "")])
    assert _twins(conn) == (29, 29, ids[-1])
    assert [r.id for r in search_articles(conn, "tóm lại")] == [ids[1]]
    assert search_articles(conn, "đường phố 2") == []


def test_the_next_refresh_writes_the_marks_rows_the_last_one_left(tmp_path: Path) -> None:
    site = tmp_path / "src"
    paths = write_feeds(site, count=INDEX_MIN_FEEDS, items=10)
    with serve_copy(site, tmp_path / "site") as server:
        feeds = tuple(FeedSource(url=f"{server.base_url}/{p}", category="Pháp luật", slug="phap-luat")
                      for p in paths)
        settings = replace(load_settings(None), feeds=feeds)
        conn = _refresh(settings, tmp_path / "data")
        stored = len(_expected(conn))
        assert stored == len(paths) * 10 and search_index.marks_pending(conn)
        conn.close()
        conn = _refresh(settings, tmp_path / "data")  # every feed unchanged: nothing new stored
    assert not search_index.marks_pending(conn)
    marks = conn.execute("SELECT marks_upto, (SELECT MAX(rowid) FROM search) FROM search_state").fetchone()
    assert marks[0] == marks[1]
