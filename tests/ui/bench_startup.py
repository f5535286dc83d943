"""Reader speed on a big cache: time to first paint and key latency with N synthetic articles.

    .venv/bin/python tests/ui/bench_startup.py                 # 100,000 articles, temp dir
    .venv/bin/python tests/ui/bench_startup.py --articles 19 --sample   # the sample edition

The cache is built through the real store (``ingest.store_items``), one
transaction per 5,000 items, spread over the sample edition's six categories
(the first, "Trang chủ", is an aggregate that carries every article, like
home.rss). First paint is measured headless with ``App.run_test``: from
creating the app to the first list row drawn, then to the tabs' unread counts
(read after the first page, so they never delay it). Python start-up and
imports (about 0.4 s) come on top; time a real launch in a terminal for those.
Not a pytest file: speed is measured, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from antd_tui.core.config import Settings, load_settings
from antd_tui.core.models import ParsedItem
from antd_tui.core.service import ReaderService
from antd_tui.core.store import ingest
from antd_tui.core.store.db import connect
from antd_tui.sample import sample_feeds

SITE = "https://www.anninhthudo.vn"
WORDS = ("Công an", "Hà Nội", "Đà Nẵng", "điều tra", "giao thông", "thời tiết", "kinh tế", "bóng đá",
         "triệt phá", "đường dây", "lừa đảo", "mưa lũ", "sơ tán", "giá vàng", "xăng dầu", "Tết")


def settings_for() -> Settings:
    return replace(load_settings(None), feeds=sample_feeds(SITE))


def build(data_dir: Path, count: int) -> float:
    started = time.perf_counter()
    feeds = list(settings_for().feeds)
    home, sections = feeds[0], feeds[1:]
    conn = connect(data_dir)
    base = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    batch = 5_000
    try:
        for start in range(0, count, batch):
            items: dict[str, list[ParsedItem]] = {f.slug: [] for f in feeds}
            for n in range(start, min(count, start + batch)):
                title = " ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7, 11)) + f" (bài {n})"
                item = ParsedItem(url=f"{SITE}/bai-so-{n}-post{900000 + n}.antd", guid=None,
                                  title=title, summary=f"Tóm tắt bài {n}: " + title, author="Bench",
                                  image=None, published=base - timedelta(minutes=7 * n))
                items[home.slug].append(item)
                items[sections[n % len(sections)].slug].append(item)
            for feed in feeds:
                state = ingest.feed_states(conn, [feed])[feed.url]
                ingest.store_items(conn, feed, state, items[feed.slug], title=feed.category, etag=None,
                                   last_modified=None, body_hash=f"{feed.slug}{start}", warning=None,
                                   now=int(time.time()))
            print(f"  stored {min(count, start + batch):,} articles", file=sys.stderr)
    finally:
        conn.close()
    return time.perf_counter() - started


async def measure(data_dir: Path, settings: Settings) -> dict[str, float]:
    from antd_tui.ui.app import make_app
    from antd_tui.ui.screens.main import MainScreen
    from antd_tui.ui.widgets.article_list import ArticleList

    results: dict[str, float] = {}
    service = ReaderService(settings, data_dir)
    started = time.perf_counter()
    app = make_app(service, settings, poll_interval=None, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        painted = False
        while True:
            screen = app.screen
            if isinstance(screen, MainScreen) and screen.is_mounted:
                articles = screen.query_one(ArticleList)
                if not painted and articles.loaded and articles.render_line(0).text.strip():
                    results["first paint (newest rows drawn)"] = time.perf_counter() - started
                    painted = True
                if painted and screen.counts:
                    break
            await asyncio.sleep(0.002)
        results["unread counts on the tabs"] = time.perf_counter() - started
        articles = app.screen.query_one(ArticleList)
        results["rows in pane"] = articles.total

        region = articles.region.reset_offset

        async def timed(action: str, times: int = 1) -> float:
            """One key's work: the action, any page read it needs, and redrawing the list."""
            samples = []
            for _ in range(times):
                t = time.perf_counter()
                await app.run_action(action, articles)
                while articles.current is None:  # the page under the cursor is being read
                    await asyncio.sleep(0.0005)
                articles.render_lines(region)
                samples.append(time.perf_counter() - t)
            return statistics.median(samples)

        results["j (median of 300)"] = await timed("cursor_down", 300)
        results["pagedown (median of 50)"] = await timed("page_down", 50)
        results["G to the last row"] = await timed("last")
        results["g back to the top"] = await timed("first")
        await pilot.pause()
        results["pages kept in memory"] = len(articles._rows.pages)
    service.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--data", type=Path, help="reuse or create the cache here")
    parser.add_argument("--sample", action="store_true", help="refresh the bundled sample edition")
    args = parser.parse_args()
    data_dir = args.data or Path(tempfile.mkdtemp(prefix="antd-bench-"))
    settings = settings_for()
    if args.sample:
        from antd_tui.core.pipeline.report import RefreshListener
        from antd_tui.sample.server import SampleServer

        with SampleServer() as server:
            settings = replace(settings, feeds=sample_feeds(server.base_url))
            service = ReaderService(settings, data_dir)
            service.refresh(None, RefreshListener())
            service.close()
    elif not (data_dir / "antd.sqlite3").exists():
        print(f"building {args.articles:,} articles in {data_dir} …", file=sys.stderr)
        print(f"built in {build(data_dir, args.articles):.1f} s", file=sys.stderr)
    results = asyncio.run(measure(data_dir, settings))
    width = max(len(k) for k in results)
    for key, value in results.items():
        shown = f"{value * 1000:8.1f} ms" if isinstance(value, float) else f"{value:8,}"
        print(f"{key.ljust(width)}  {shown}")


if __name__ == "__main__":
    main()
