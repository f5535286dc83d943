"""Hostile inputs found by review: each once broke a refresh, a page or a config."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.dates import parse_date
from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds import parse_feed
from antd_tui.core.feeds.parse import defuse_xml
from antd_tui.core.identity import article_key
from antd_tui.core.sanitize import safe_url
from antd_tui.sample.server import SampleServer


def test_unterminated_doctypes_are_refused_in_linear_time() -> None:
    body = b"<!DOCTYPE x [" * 100_000  # 1.3 MB; the old regex needed minutes
    started = time.monotonic()
    with pytest.raises(FeedParseError, match="DOCTYPE never ends"):
        parse_feed(body, "http://example.org/feed")
    assert time.monotonic() - started < 1


def test_a_declaration_spliced_around_a_removed_one_is_refused() -> None:
    spliced = (b'<!DOC<!DOCTYPE z>TYPE rss [<!ENT<!ENTITY q>ITY a "' + b"A" * 1000 + b'">]>'
               b'<rss version="2.0"><channel><title>&a;&a;</title></channel></rss>')
    with pytest.raises(FeedParseError, match="refused"):
        defuse_xml(spliced)


def test_an_impossible_utc_offset_is_no_date_and_the_feed_keeps_its_items() -> None:
    assert parse_date("Tue, 24 Nov 2026 08:15:00 +2400") is None
    assert parse_date("2026-11-24T08:15:00+25:00") is None
    feed = parse_feed(
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><link>https://x.vn/a</link><pubDate>Tue, 24 Nov 2026 08:15:00 +2400"
        b"</pubDate></item><item><title>b</title><link>https://x.vn/b</link></item></channel></rss>",
        "https://x.vn/rss")
    assert [i.title for i in feed.items] == ["a", "b"] and feed.items[0].published is None


def test_bad_ports_and_link_breaking_characters() -> None:
    assert safe_url("http://x.vn:99999/") is None
    assert safe_url("http://x.vn:abc/") is None
    assert article_key("http://x.vn:abc/", None) == "url:x.vn/"
    assert safe_url("https://a.vn/a>[x](javascript:alert(1))") == "https://a.vn/a%3E[x](javascript:alert(1))"
    assert safe_url('https://a.vn/"q"`') == "https://a.vn/%22q%22%60"


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


def test_a_database_error_is_exit_4_not_a_traceback(cli_factory: Any) -> None:
    import sqlite3

    cli = cli_factory([{"url": "http://127.0.0.1:9/x.rss", "category": "X"}])
    assert cli("list")[0] == 0
    db = sqlite3.connect(cli.data_dir / "antd.sqlite3")
    db.execute("DROP TABLE articles")  # the cache is unusable in a way no migration expects
    db.commit()
    db.close()
    code, _, err = cli("list")
    assert code == 4 and "database cannot be used" in err and "Traceback" not in err


def test_importing_into_a_config_with_inline_feeds_changes_nothing(cli_factory: Any,
                                                                   tmp_path: Path) -> None:
    config = tmp_path / "inline.toml"
    config.write_text('feeds = [{url = "https://a.example/r", category = "A"}]\n')
    opml = tmp_path / "x.opml"
    opml.write_text('<opml version="2.0"><body><outline text="B" xmlUrl="https://b.example/r"/>'
                    "</body></opml>")
    cli = cli_factory([])
    cli.config = config
    before = config.read_text()
    code, _, err = cli("feeds", "import", str(opml))
    assert code == 2 and "nothing was changed" in err
    assert config.read_text() == before


def test_moving_a_feed_to_another_category_files_its_articles_there(cli_factory: Any) -> None:
    with SampleServer() as server:
        feed = {"url": f"{server.base_url}/rss/the-gioi-7.rss", "category": "Thế giới"}
        cli = cli_factory([feed])
        cli("refresh", "--json", "--no-full-text")
        cli = cli_factory([{**feed, "category": "Quốc tế"}])
        report = cli.json("refresh", "--json", "--no-full-text")
        assert report["feeds"][0]["status"] == "ok"  # fetched in full, not 304
        assert len(cli.json("list", "--json", "--category", "quoc-te")) == 3
