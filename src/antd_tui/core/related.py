"""Local suggestions: related articles from the cache when a page has no list.

Similarity is FTS5 over folded titles: the article's title words (minus very
common Vietnamese syllables) ORed together, ranked by bm25, articles from the
same category first. The candidate pass is bounded (``LIMIT``) so the cost
does not grow with the cache.
"""

from __future__ import annotations

import re
import sqlite3

from antd_tui.core.folding import fold

# Folded syllables so common in Vietnamese headlines that they say nothing.
_STOP = set(
    "va cua cac nhung mot trong cho voi duoc la co khong da dang se tai tu den ve nay do "
    "khi sau truoc theo nhieu hon ra vao len nguoi nam ngay thang tren duoi bi".split()
)
_CANDIDATES = 40


def suggest(conn: sqlite3.Connection, article_id: int, limit: int = 5) -> list[tuple[str, str | None, int]]:
    """(title, url, id) of up to ``limit`` similar cached articles, best first."""
    row = conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return []
    words = [w for w in re.split(r"\W+", fold(row[0])) if len(w) > 1 and w not in _STOP]
    terms = list(dict.fromkeys(words))[:12]
    if not terms:
        return []
    match = "title : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
    slugs = [r[0] for r in conn.execute(
        "SELECT slug FROM article_categories WHERE article_id = ? AND aggregate = 0", (article_id,))]
    marks = ",".join("?" * len(slugs)) or "NULL"
    sql = (
        "SELECT a.id, a.title, a.url, "
        f"EXISTS (SELECT 1 FROM article_categories c WHERE c.article_id = a.id AND c.slug IN ({marks})) "
        "AS same FROM (SELECT rowid, rank FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?) s "
        "JOIN articles a ON a.id = s.rowid WHERE a.id != ? ORDER BY same DESC, s.rank LIMIT ?"
    )
    try:
        found = conn.execute(sql, (*slugs, match, _CANDIDATES, article_id, limit)).fetchall()
    except sqlite3.OperationalError:
        return []
    return [(str(title), url, int(aid)) for aid, title, url, _ in found]
