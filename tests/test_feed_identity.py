"""Which articles a feed's items become: guid-only items of two feeds stay apart, a feed moved to
another category files its articles there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from antd_tui.sample.server import SampleServer


def test_guid_only_items_of_two_feeds_are_two_articles(cli_factory: Any, tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    for name, title in (("a.json", "Tin A"), ("b.json", "Tin B")):
        (root / name).write_text(
            '{"version": "https://jsonfeed.org/version/1.1", "title": "x", '
            f'"items": [{{"id": "1", "title": "{title}", "content_text": "x"}}]}}', encoding="utf-8")
    with SampleServer(root=root) as server:
        cli = cli_factory([{"url": f"{server.base_url}/a.json", "category": "A"},
                           {"url": f"{server.base_url}/b.json", "category": "B"}])
        assert cli.json("refresh", "--json", "--no-full-text")["new"] == 2
        assert sorted(a["title"] for a in cli.json("list", "--json")) == ["Tin A", "Tin B"]


def test_moving_a_feed_to_another_category_files_its_articles_there(cli_factory: Any) -> None:
    with SampleServer() as server:
        feed = {"url": f"{server.base_url}/rss/the-gioi-7.rss", "category": "Thế giới"}
        cli = cli_factory([feed])
        cli("refresh", "--json", "--no-full-text")
        cli = cli_factory([{**feed, "category": "Quốc tế"}])
        report = cli.json("refresh", "--json", "--no-full-text")
        assert report["feeds"][0]["status"] == "ok"  # fetched in full, not 304
        assert len(cli.json("list", "--json", "--category", "quoc-te")) == 3
