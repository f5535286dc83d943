"""The tabs' unread counts come from a read flag kept on each category row (schema 5).

Whatever changes an article's read state — opening it, `mark-read`, marking a
pane or everything read, a feed that brings a read article into another
category, pruning — the counts must equal what a join over the articles says.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antd_tui.core.models import FeedSource, ParsedItem
from antd_tui.core.record.marks import mark_all_read, set_read
from antd_tui.core.store import ingest
from antd_tui.core.store.db import connect
from antd_tui.core.store.queries import unread_counts
from antd_tui.core.store.schema import MIGRATIONS
from antd_tui.core.store.transaction import write

FEEDS = [FeedSource(url=f"https://example.vn/rss/{slug}.rss", category=name, slug=slug)
         for slug, name in (("phap-luat", "Pháp luật"), ("kinh-te", "Kinh tế"), ("the-thao", "Thể thao"))]


def _item(n: int) -> ParsedItem:
    return ParsedItem(f"https://example.vn/bai-{n}-post{n}.antd", None, f"Tin số {n}", "Tóm tắt", "",
                      None, datetime(2026, 11, 1, n % 24, tzinfo=UTC))


def _store(conn: sqlite3.Connection, feed: FeedSource, numbers: list[int]) -> None:
    state = ingest.feed_states(conn, [feed])[feed.url]
    ingest.store_items(conn, feed, state, [_item(n) for n in numbers], title="", etag=None,
                       last_modified=None, body_hash=repr(numbers), warning=None, now=1)


def _joined(conn: sqlite3.Connection) -> dict[str, int]:
    """What the counts were before schema 5: a join over every category row."""
    return dict(conn.execute(
        "SELECT c.slug, COUNT(*) FROM article_categories c JOIN articles a ON a.id = c.article_id "
        "WHERE a.read = 0 GROUP BY c.slug").fetchall())


def _ids(conn: sqlite3.Connection, numbers: list[int]) -> list[int]:
    keys = [f"https://example.vn/bai-{n}-post{n}.antd" for n in numbers]
    return [r[0] for r in conn.execute(
        f"SELECT id FROM articles WHERE url IN ({','.join('?' * len(keys))})", keys)]


def test_counts_follow_opening_marking_and_a_read_article_in_a_new_category(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    _store(conn, FEEDS[0], list(range(6)))
    _store(conn, FEEDS[1], [0, 1, 10])
    assert unread_counts(conn) == {"phap-luat": 6, "kinh-te": 3}
    set_read(conn, _ids(conn, [0]), True)  # one article, shown in two panes
    assert unread_counts(conn) == {"phap-luat": 5, "kinh-te": 2}
    set_read(conn, _ids(conn, [2, 3]), True)
    _store(conn, FEEDS[2], [2, 3, 20])  # read articles arrive in a third category: still read
    assert unread_counts(conn) == {"phap-luat": 3, "kinh-te": 2, "the-thao": 1}
    mark_all_read(conn, "kinh-te")  # articles 1 and 10, and 1 is also in phap-luat
    assert unread_counts(conn) == {"phap-luat": 2, "the-thao": 1}
    set_read(conn, _ids(conn, [1]), False)
    assert unread_counts(conn) == {"phap-luat": 3, "kinh-te": 1, "the-thao": 1}
    mark_all_read(conn)
    assert unread_counts(conn) == {} == _joined(conn)


OPS = st.lists(st.one_of(
    st.tuples(st.just("store"), st.integers(0, 2), st.lists(st.integers(0, 14), max_size=6)),
    st.tuples(st.just("read"), st.lists(st.integers(0, 14), max_size=4), st.booleans()),
    st.tuples(st.just("pane"), st.sampled_from([None, *(f.slug for f in FEEDS)])),
    st.tuples(st.just("delete"), st.integers(0, 14)),
), max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPS)
def test_counts_equal_the_join_after_any_sequence(tmp_path_factory: object, ops: list[tuple]) -> None:
    data = tmp_path_factory.mktemp("c")  # type: ignore[attr-defined]
    conn = connect(data)
    for op in ops:
        if op[0] == "store":
            _store(conn, FEEDS[op[1]], op[2])
        elif op[0] == "read":
            set_read(conn, _ids(conn, op[1]), op[2])
        elif op[0] == "pane":
            mark_all_read(conn, op[1])
        else:  # pruned as prune() does it: the category rows go with the article
            with write(conn):
                for article_id in _ids(conn, [op[1]]):
                    conn.execute("DELETE FROM search WHERE rowid = ?", (article_id,))
                    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        assert unread_counts(conn) == _joined(conn)
    conn.close()


def test_a_version_4_cache_carries_its_read_flags_over(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "antd.sqlite3")
    for number, script in enumerate(MIGRATIONS[:4]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    for article_id, read in ((1, 1), (2, 0), (3, 1)):
        conn.execute("INSERT INTO articles (id, key, title, published, first_seen, read) "
                     "VALUES (?, ?, 'Cũ', 1, 1, ?)", (article_id, f"antd:{article_id}", read))
        conn.execute("INSERT INTO article_categories (slug, published, article_id, name) "
                     "VALUES ('phap-luat', 1, ?, 'Pháp luật')", (article_id,))
    conn.execute("INSERT INTO article_categories (slug, published, article_id, name) "
                 "VALUES ('kinh-te', 1, 2, 'Kinh tế')")
    conn.commit()
    conn.close()
    conn = connect(tmp_path)
    assert unread_counts(conn) == {"phap-luat": 1, "kinh-te": 1}
    set_read(conn, [2], True)
    assert unread_counts(conn) == {}
