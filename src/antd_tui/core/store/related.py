"""Local suggestions: related articles from the cache when a page has no list.

Candidates are the 400 newest articles of the same category (any category
when the article has none): a bounded set, so opening an article costs the
same with 1,000 or 1,000,000 cached. Each candidate is scored by the folded
title words it shares with the article, rarer words (within the candidates)
counting more, like FTS ranking does; ties go to the newer article.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter

from antd_tui.core.folding import fold

# Folded syllables so common in Vietnamese headlines that they say nothing.
_STOP = set(
    "va cua cac nhung mot trong cho voi duoc la co khong da dang se tai tu den ve nay do "
    "khi sau truoc theo nhieu hon ra vao len nguoi nam ngay thang tren duoi bi".split()
)
_CANDIDATES = 400
_WORD = re.compile(r"\w+")


def _words(title: str) -> set[str]:
    return {w for w in _WORD.findall(fold(title)) if len(w) > 1 and w not in _STOP}


def suggest(conn: sqlite3.Connection, article_id: int, limit: int = 5
            ) -> list[tuple[str, str | None, int]]:
    """(title, url, id) of up to ``limit`` similar cached articles, best first."""
    row = conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return []
    mine = _words(row[0])
    if not mine:
        return []
    slugs = [r[0] for r in conn.execute(
        "SELECT slug FROM article_categories WHERE article_id = ? ORDER BY aggregate", (article_id,))]
    if slugs:
        marks = ",".join("?" * len(slugs))
        candidates = conn.execute(
            f"SELECT DISTINCT a.id, a.title, a.url FROM article_categories c JOIN articles a "
            f"ON a.id = c.article_id WHERE c.slug IN ({marks}) AND a.id != ? "
            f"ORDER BY c.published DESC LIMIT ?", (*slugs, article_id, _CANDIDATES)).fetchall()
    else:
        candidates = conn.execute(
            "SELECT id, title, url FROM articles WHERE id != ? ORDER BY published DESC LIMIT ?",
            (article_id, _CANDIDATES)).fetchall()
    words = [(aid, title, url, _words(title)) for aid, title, url in candidates]
    frequency: Counter[str] = Counter(w for *_, ws in words for w in ws & mine)
    total = len(words) or 1
    scored = []
    for order, (aid, title, url, ws) in enumerate(words):
        shared = ws & mine
        if shared:
            score = sum(math.log(1 + total / frequency[w]) for w in shared)
            scored.append((-score, order, str(title), url, int(aid)))
    scored.sort()
    return [(title, url, aid) for _, _, title, url, aid in scored[:limit]]
