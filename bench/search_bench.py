"""Search at scale (issue 19): ranked and newest-first ``search`` on the 100k cache and on a
1,000,000-article cache, ten years of a daily paper.

The 1M cache is built once with bulk SQL (``million_cache``: ~1-2 min, then reused from
bench/results, like the 100k one) — articles from a pool of generated titles and leads in the
bench's Vietnamese vocabulary, both search indexes filled by ``INSERT ... SELECT`` — not through
the store's code (that would take half an hour). Ids grow with the publication time, as
refreshes give them. About half the articles contain "công" and "an" (``công an`` as typed, with
its marks, goes to the index that keeps them).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.data import CATEGORIES, NOW, sentence
from bench.measure import median, ours
from bench.refresh_bench import Figure

MILLION_VERSION = "1"
POOL = 50_000  # distinct titles and leads; article n takes title n % POOL, lead (n * 7) % POOL


def million_cache(work: Path, articles: int = 1_000_000) -> Path:
    """Build once, then reuse (bench/results is git-ignored)."""
    data = work / f"cache-{articles}-search-v{MILLION_VERSION}"
    if (data / "ready").exists():
        return data
    import shutil
    import sqlite3

    from antd_tui.core.store.db import DB_NAME, connect

    shutil.rmtree(data, ignore_errors=True)
    started = time.perf_counter()
    connect(data).close()  # the schema, as the code creates it
    rng = random.Random(3)
    titles = [sentence(rng, 8, 14) for _ in range(POOL)]
    leads = [" ".join(sentence(rng, 12, 18) for _ in range(3)) for _ in range(POOL)]
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute("CREATE TEMP TABLE pool (n INTEGER PRIMARY KEY, title TEXT, lead TEXT)")
    conn.executemany("INSERT INTO pool VALUES (?, ?, ?)",
                     [(n, titles[n], leads[n]) for n in range(POOL)])
    newest = int(NOW.timestamp())
    step = 10 * 365 * 86400 // articles  # ten years
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO articles (id, key, url, title, summary, author, published, first_seen, "
        "full_text) SELECT i, 'bench:' || i, 'https://www.anninhthudo.vn/bench-post' || i || '.antd', "
        "(SELECT title FROM pool WHERE n = i % ?), (SELECT lead FROM pool WHERE n = (i * 7) % ?), "
        "'P.V', ? - (? - i) * ?, ?, 'skipped' FROM n",
        (articles, POOL, POOL, newest, articles, step, newest))
    conn.execute(
        "INSERT INTO article_categories (slug, published, article_id, name) "
        "SELECT CASE id % 6 " + " ".join(f"WHEN {k} THEN '{c}'" for k, c in enumerate(CATEGORIES))
        + " END, published, id, 'Bench' FROM articles")
    for table in ("search_marks", "search"):
        conn.execute(
            f"INSERT INTO {table} (rowid, title, summary, body) SELECT id, "
            "replace(replace(title, 'đ', 'ḏ'), 'Đ', 'Ḏ'), "
            "replace(replace(summary, 'đ', 'ḏ'), 'Đ', 'Ḏ'), '' FROM articles ORDER BY id")
    conn.execute("UPDATE search_state SET indexed_upto = ?, marks_upto = ?", (articles, articles))
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    (data / "ready").write_text(f"built in {time.perf_counter() - started:.0f} s")
    return data


def search_figures(hundred_k: Path, million: Path, runs: int) -> list[Figure]:
    figures = []
    for data, size, goal in ((hundred_k, "100k", 0.30), (million, "1M", 0.5)):
        base = ("--data-dir", str(data))
        for label, extra in (("", ()), (" --sort newest", ("--sort", "newest"))):
            seconds = median([ours(*base, "search", "công an", "--json", "--limit", "50", *extra
                                   ).seconds for _ in range(runs)])
            figures.append(Figure(f'search "công an"{label} --json ({size} cache)', seconds, None,
                                  goal_abs=goal if not label else None))
        if size == "1M":  # "cầu thủ" side by side: ~0.3% of the articles
            rare = median([ours(*base, "search", '"cầu thủ"', "--json", "--limit", "50").seconds
                           for _ in range(runs)])
            figures.append(Figure(f'search \'"cầu thủ"\' (a rare phrase) --json ({size} cache)',
                                  rare, None, goal_abs=goal))
    return figures
