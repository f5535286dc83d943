"""Hostile XML, impossible dates and link-breaking URLs in feeds: refused in bounded time or
neutralised, the feed keeps its good items.
"""

from __future__ import annotations

import time

import pytest

from antd_tui.core.dates import parse_date
from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds import parse_feed
from antd_tui.core.feeds.parse import defuse_xml
from antd_tui.core.identity import article_key
from antd_tui.core.sanitize import safe_url


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
