"""Reading the cache: lists, search, one article (read flags change in ``record/marks.py``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from antd_tui.core.dateline import split_dateline, without_dateline
from antd_tui.core.models import Block, RelatedLink


@dataclass(frozen=True)
class ArticleRow:
    """One line of a list: what `list --json` prints and the reader's rows show."""

    id: int
    title: str
    url: str | None
    category: str
    author: str
    published: datetime
    summary: str
    read: bool
    bookmarked: bool
    image: str | None
    full_text: str  # pending | done | failed | skipped


@dataclass
class ArticleDetail:
    row: ArticleRow
    lead: str | None  # as the page gives it, dateline included
    tags: list[str]
    blocks: list[Block]
    related: list[tuple[RelatedLink, int | None]]  # the page's own list: link, cached id
    suggested: list[tuple[RelatedLink, int]] = field(default_factory=list)  # local, when no list

    @property
    def shown_lead(self) -> str:
        """The lead every view shows: the page's, else the feed summary, without the dateline."""
        return without_dateline(self.lead or self.row.summary)

    @property
    def dateline(self) -> str:
        """The dateline the lead opened with ("ANTD.VN"), or ""."""
        return split_dateline(self.lead or self.row.summary)[0]


# The category shown for an article: the page's own section, else the first
# non-aggregate feed category that carries it (home.rss is an aggregate).
_CATEGORY = (
    "COALESCE(a.page_category, (SELECT name FROM article_categories c2 "
    "WHERE c2.article_id = a.id ORDER BY c2.aggregate, c2.slug LIMIT 1), '')"
)
_COLUMNS = (
    "a.id, a.title, a.url, " + _CATEGORY + ", a.author, a.published, a.summary, a.read, "
    "a.bookmarked_at IS NOT NULL, a.image, a.full_text"
)


def _row(values: Sequence[object]) -> ArticleRow:
    (aid, title, url, category, author, published, summary, read, bookmarked, image, ft) = values
    return ArticleRow(
        id=int(aid),  # type: ignore[call-overload]
        title=str(title),
        url=url if isinstance(url, str) else None,
        category=str(category),
        author=str(author),
        published=datetime.fromtimestamp(int(published), UTC),  # type: ignore[call-overload]
        summary=str(summary),
        read=bool(read),
        bookmarked=bool(bookmarked),
        image=image if isinstance(image, str) else None,
        full_text=str(ft),
    )


def list_articles(
    conn: sqlite3.Connection,
    *,
    category: str | None = None,
    unread: bool = False,
    bookmarked: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[ArticleRow]:
    """Newest first. ``category`` is a slug."""
    where: list[str] = []
    args: list[object] = []
    if unread:
        where.append("a.read = 0")
    if bookmarked:
        where.append("a.bookmarked_at IS NOT NULL")
    if category:
        sql = (f"SELECT {_COLUMNS} FROM article_categories c JOIN articles a ON a.id = c.article_id "
               "WHERE c.slug = ?")
        args.insert(0, category)
        order = "c.published DESC, c.article_id DESC"
    else:
        sql = f"SELECT {_COLUMNS} FROM articles a WHERE 1"
        order = "a.published DESC, a.id DESC"
    for clause in where:
        sql += f" AND {clause}"
    sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
    args += [limit, offset]
    return [_row(r) for r in conn.execute(sql, args)]


def count_articles(conn: sqlite3.Connection, *, category: str | None = None) -> int:
    """How many rows ``list_articles`` can page through (the reader's scroll size)."""
    if category:
        found = conn.execute("SELECT COUNT(*) FROM article_categories WHERE slug = ?", (category,))
    else:
        found = conn.execute("SELECT COUNT(*) FROM articles")
    return int(found.fetchone()[0])


def article_position(conn: sqlite3.Connection, article_id: int, *,
                     category: str | None = None) -> int | None:
    """The 0-based index of an article in ``list_articles`` order, or ``None`` if absent."""
    if category:
        row = conn.execute("SELECT published FROM article_categories WHERE slug = ? AND article_id = ?",
                           (category, article_id)).fetchone()
        if row is None:
            return None
        found = conn.execute(
            "SELECT COUNT(*) FROM article_categories WHERE slug = ? AND (published > ? OR "
            "(published = ? AND article_id > ?))", (category, row[0], row[0], article_id))
    else:
        row = conn.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        found = conn.execute(
            "SELECT COUNT(*) FROM articles WHERE published > ? OR (published = ? AND id > ?)",
            (row[0], row[0], article_id))
    return int(found.fetchone()[0])


def list_bookmarks(conn: sqlite3.Connection, *, limit: int = 1_000_000) -> list[ArticleRow]:
    """Newest bookmark first."""
    sql = (f"SELECT {_COLUMNS} FROM articles a WHERE a.bookmarked_at IS NOT NULL "
           "ORDER BY a.bookmarked_at DESC, a.id DESC LIMIT ?")
    return [_row(r) for r in conn.execute(sql, (limit,))]


def search_articles(
    conn: sqlite3.Connection, query: str, *, category: str | None = None, limit: int = 50,
    newest: bool = False, prefix: bool = False,
) -> list[ArticleRow]:
    """Articles matching ``query`` (``core/search/query.py`` says how it is read), most
    relevant first (``store/search_rank.py``), or newest first. ``prefix``: the last
    word also matches word starts (the reader, while typing). Raises ``QueryTooLong``."""
    from antd_tui.core.search.query import parse
    from antd_tui.core.store import search_rank

    parsed = parse(query, prefix=prefix)
    if not parsed or limit <= 0:
        return []
    _marks_caught_up(conn)
    pick = search_rank.newest_ids if newest else search_rank.ranked_ids
    ids = pick(conn, parsed, category=category, limit=limit)
    if not ids:
        return []
    rows = {r[0]: _row(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),))}
    return [rows[i] for i in ids if i in rows]


def _marks_caught_up(conn: sqlite3.Connection) -> None:
    """Articles a refresh stored since the last search get their marks-index rows first
    (``search_index.catch_up_marks``: ~15 ms per 1,000 articles, once). A cache this
    process cannot write (read-only, or locked past the busy timeout) is searched as it
    is: its newest articles may then miss a query typed with marks."""
    from antd_tui.core.store import search_index

    try:
        search_index.catch_up_marks(conn)
    except sqlite3.Error:
        pass


def get_row(conn: sqlite3.Connection, article_id: int) -> ArticleRow | None:
    found = conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
    return _row(found) if found else None


def find_by_url(conn: sqlite3.Connection, url: str) -> int | None:
    from antd_tui.core.identity import article_key

    key = article_key(url, None)
    if key is None:
        return None
    # the key is derived from the URL, and it is indexed (a url lookup would scan the table)
    found = conn.execute("SELECT id FROM articles WHERE key = ?", (key,)).fetchone()
    return int(found[0]) if found else None


def get_detail(conn: sqlite3.Connection, article_id: int) -> ArticleDetail | None:
    row = get_row(conn, article_id)
    if row is None:
        return None
    lead, tags = conn.execute("SELECT lead, tags FROM articles WHERE id = ?", (article_id,)).fetchone()
    blocks = [
        Block(kind, text, src, caption)
        for kind, text, src, caption in conn.execute(
            "SELECT kind, text, src, caption FROM blocks WHERE article_id = ? ORDER BY position",
            (article_id,),
        )
    ]
    related: list[tuple[RelatedLink, int | None]] = []
    for title, url in conn.execute(
        "SELECT title, url FROM related WHERE article_id = ? ORDER BY position", (article_id,)
    ):
        related.append((RelatedLink(title, url), find_by_url(conn, url)))
    try:
        tag_list = [str(t) for t in json.loads(tags)]
    except (TypeError, ValueError):
        tag_list = []
    suggested: list[tuple[RelatedLink, int]] = []
    if not related:
        from antd_tui.core.store.related import suggest

        suggested = [(RelatedLink(title, url or ""), aid) for title, url, aid in suggest(conn, article_id)]
    return ArticleDetail(row, lead, tag_list, blocks, related, suggested)


def missing_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[int]:
    """Those of ``ids`` that name no article, in the order given, each once."""
    wanted = list(dict.fromkeys(ids))
    found: set[int] = set()
    storable = [i for i in wanted if 0 < i < 2**63]  # beyond SQLite's integers: none such
    for start in range(0, len(storable), 500):
        chunk = storable[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
    return [i for i in wanted if i not in found]


def unread_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        slug: count
        for slug, count in conn.execute(
            "SELECT slug, COUNT(*) FROM article_categories WHERE read = 0 GROUP BY slug"
        )
    }


def feed_rows(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    cols = ("url", "category", "slug", "title", "status", "error", "warning", "checked_at",
            "ok_at", "new_count", "item_count")
    out: dict[str, dict[str, object]] = {}
    for values in conn.execute(f"SELECT {', '.join(cols)} FROM feeds"):
        record = dict(zip(cols, values, strict=True))
        out[str(record["url"])] = record
    return out
