"""The image cache: downloads through the real server, LRU eviction, bookmarks protected."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.config import FetchSettings
from antd_tui.core.errors import AntdError
from antd_tui.core.net.fetch import Fetcher
from antd_tui.core.photos.cache import evict, fetch_image
from antd_tui.core.store.db import connect
from antd_tui.sample.server import SampleServer


def _fetch(conn: sqlite3.Connection, data: Path, url: str) -> Path:
    async def run() -> Path:
        async with Fetcher(FetchSettings(retries=0)) as fetcher:
            return await fetch_image(fetcher, conn, data, url)

    return asyncio.run(run())


def test_lru_eviction_never_removes_a_bookmarks_images(tmp_path: Path, cli_factory: Any) -> None:
    with SampleServer() as server:
        cli = cli_factory([{"url": f"{server.base_url}/rss/chinh-tri-xa-hoi-3.rss",
                            "category": "Chính trị - Xã hội"}])
        cli("refresh", "--json")
        data = cli.data_dir
        conn = connect(data)
        urls = [r[0] for r in conn.execute(
            "SELECT src FROM blocks WHERE kind = 'image' ORDER BY article_id, position")]
        assert len(urls) >= 6
        paths = []
        for url in urls:
            paths.append(_fetch(conn, data, url))
            time.sleep(0.01)
        assert all(p.is_file() for p in paths)
        conn.execute("UPDATE images SET used_at = rowid")  # a strict order: first fetched = oldest
        bookmarked = conn.execute("SELECT article_id FROM blocks WHERE src = ?", (urls[0],)).fetchone()[0]
        conn.execute("UPDATE articles SET bookmarked_at = 1 WHERE id = ?", (bookmarked,))
        protected = {r[0] for r in conn.execute(
            "SELECT src FROM blocks WHERE article_id = ? AND src IS NOT NULL", (bookmarked,))}
        sizes = dict(conn.execute("SELECT url, bytes FROM images"))
        budget = sum(sizes[u] for u in protected) + sizes[urls[-1]]
        report = evict(conn, data, budget)
        left = {r[0] for r in conn.execute("SELECT url FROM images")}
        # the bookmark's photos survive though they are the oldest; the newest one stays
        assert left == protected | {urls[-1]}
        assert report.kept_bytes == budget and report.removed == len(urls) - len(left)
        for url, path in zip(urls, paths, strict=True):
            assert path.is_file() == (url in left)
        # a removed image comes back on demand
        again = _fetch(conn, data, urls[1])
        assert again.is_file()
        conn.close()


def test_a_corrupt_or_huge_image_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "broken.jpg").write_bytes(b"\xff\xd8\xff" + b"not really" * 10)
    (root / "page.jpg").write_text("<html>hello</html>")
    (root / "huge.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 6_000_000)
    data = tmp_path / "data"
    conn = connect(data)
    with SampleServer(root=root) as server:
        with pytest.raises(AntdError, match="not a JPEG"):
            _fetch(conn, data, f"{server.base_url}/page.jpg")
        with pytest.raises(AntdError, match="too large"):
            _fetch(conn, data, f"{server.base_url}/huge.jpg")
        # a file that only starts like a JPEG is stored; decoding it is the reader's job
        assert _fetch(conn, data, f"{server.base_url}/broken.jpg").is_file()
    conn.close()
