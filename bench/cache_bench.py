"""A 100,000-article cache: list, open an article, mark all read (search: search_bench.py)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.data import fill_cache
from bench.measure import median, ours
from bench.refresh_bench import Figure

CACHE_VERSION = "2"  # 2: the home pane has articles


def big_cache(work: Path, articles: int = 100_000) -> Path:
    """Build once, then reuse (bench/results is git-ignored)."""
    data = work / f"cache-{articles}-v{CACHE_VERSION}"
    if not (data / "ready").exists():
        import shutil

        shutil.rmtree(data, ignore_errors=True)
        fill_cache(data, articles)
        (data / "ready").write_text("ok")
    from antd_tui.core.store.db import connect

    connect(data).close()  # a cache from older code is upgraded here (it says so), not in a run
    return data


def cache_figures(data: Path, runs: int) -> list[Figure]:
    base = ("--data-dir", str(data))
    listing = median([ours(*base, "list", "--json", "--limit", "50").seconds for _ in range(runs)])
    from antd_tui.core.store.db import connect
    from antd_tui.core.store.queries import get_detail, list_articles

    conn = connect(data)
    ids = [r.id for r in list_articles(conn, limit=200, offset=5000)]
    timings = []
    for article_id in ids:
        started = time.perf_counter()
        get_detail(conn, article_id)
        timings.append(time.perf_counter() - started)
    conn.close()
    mark_all = median([_mark_all_read(data) for _ in range(runs)])
    return [
        Figure("list --json --limit 50 (100k cache)", listing, None, goal_abs=0.25),
        Figure("open a cached article (100k cache)", statistics.median(timings) * 1000, None,
               goal_abs=50, unit="ms"),
        Figure("mark-read --all, 100k unread (recorded)", mark_all, None),
    ]


def _mark_all_read(data: Path) -> float:
    """One whole ``mark-read --all`` on a copy of the cache (every article unread), its
    journal entry written and fsynced (docs/RECORD.md); opened once first, untimed."""
    import os
    import shutil

    copy = data.with_name(data.name + "-mark-all")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("record"))
    try:
        ours("--data-dir", str(copy), "list", "--json", "--limit", "1")
        # the copy's 120 MB are still being written back: the journal's fsync would wait
        # for them (ext4 commits in order), which no real cache makes it do
        os.sync()
        run = ours("--data-dir", str(copy), "mark-read", "--all")
        if run.code != 0 or "100000" not in run.stdout.split():  # in either language
            raise RuntimeError(f"mark-read --all failed ({run.code}): {run.stdout[:80]}")
        return run.seconds
    finally:
        shutil.rmtree(copy, ignore_errors=True)
