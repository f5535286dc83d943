"""Feed parsing: formats, hostile content, XML attacks, things that are not feeds."""

from __future__ import annotations

import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds import parse_feed
from antd_tui.core.sanitize import has_control

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
BASE = "https://evil.example.com/rss"


def parse_file(name: str) -> list[str]:
    return [i.title for i in parse_feed((FEEDS / name).read_bytes(), BASE).items]


def test_rss_items_have_lead_image_plain_summary_and_utc_dates() -> None:
    feed = parse_feed((FEEDS / "rss2.xml").read_bytes(), BASE)
    first = feed.items[0]
    assert first.image == "https://image.anninhthudo.vn/w800/Uploaded/2026/abc/lua-dao.jpg"
    assert first.summary.startswith("Công an TP Đà Nẵng")  # "ANTD.VN - " removed
    assert feed.items[1].summary.startswith("Công an quận Đống Đa")  # "ANTĐ - " removed
    assert feed.items[2].summary == "Một tin không có pubDate."  # "(ANTĐ) " removed
    assert feed.items[2].published is None
    assert first.published is not None and first.published.isoformat() == "2026-11-24T01:15:00+00:00"


def test_atom_resolves_relative_links_and_strips_html_titles() -> None:
    feed = parse_feed((FEEDS / "atom.xml").read_bytes(), "https://blog.example.org/feed.atom")
    assert feed.items[0].url == "https://blog.example.org/2026/11/phan-luong"
    assert feed.items[0].title == "Phân luồng giao thông quanh hồ Gươm"
    assert feed.items[0].author == "Minh Anh"
    assert feed.items[1].summary == "Sửa chữa mặt cầu."


def test_json_feed_items() -> None:
    feed = parse_feed((FEEDS / "jsonfeed.json").read_bytes(), "https://sport.example.net/feed.json")
    assert [i.title for i in feed.items] == [
        "V-League vòng 10: Hà Nội FC thắng đậm", "Đội tuyển Việt Nam tập trung", "Liên kết độc hại"]
    assert feed.items[0].author == "Quang Huy"
    assert feed.items[1].summary == "HLV triệu tập 28 cầu thủ."
    assert feed.items[2].url is None and feed.items[2].guid == "sport-3"


def test_hostile_titles_lose_controls_and_keep_markup_literally() -> None:
    feed = parse_feed((FEEDS / "hostile.xml").read_bytes(), BASE)
    titles = [i.title for i in feed.items]
    assert titles[0] == "[2J[H clear screen"
    assert titles[2] == "[bold]x[/italic] and [/]"
    assert titles[3].startswith("[link=file:///etc/passwd]click[/link] evil")
    assert titles[4] == "[@click=app.screenshot('x','/tmp')]hi[/]"
    assert feed.items[4].url is None  # javascript: link never stored
    assert feed.items[3].summary == "body"  # the script's text is dropped
    for item in feed.items:
        for value in (item.title, item.summary, item.author, item.url or ""):
            assert not has_control(value)
    assert not has_control(feed.title)


def test_truncated_feed_keeps_complete_items_with_a_warning() -> None:
    feed = parse_feed((FEEDS / "truncated.xml").read_bytes(), BASE)
    assert [i.title for i in feed.items] == ["Bài hoàn chỉnh thứ nhất", "Bài hoàn chỉnh thứ hai"]
    assert feed.warning and "dropped 1 cut off" in feed.warning


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>x</title>
<item><title>&lol9;</title><link>https://x.example/1</link></item></channel></rss>"""


def _bounded(body: bytes) -> list[str]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        titles = [i.title for i in parse_feed(body, BASE).items]
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 50_000_000
    return titles


def test_billion_laughs_is_not_expanded() -> None:
    titles = _bounded(BILLION_LAUGHS)
    assert all("lollol" not in t for t in titles)


def test_quadratic_blowup_is_not_expanded() -> None:
    big = b"A" * 100_000
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + big + b'">]>'
            b"<rss version=\"2.0\"><channel><title>t</title><item><title>"
            + b"&a;" * 10_000 + b"</title><link>https://x.example/1</link></item></channel></rss>")
    titles = _bounded(body)
    assert all("AAAA" not in t and len(t) <= 1000 for t in titles)


def test_external_entities_never_read_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            '<rss version="2.0"><channel><title>&xxe;</title><item><title>a &xxe; b</title>'
            "<link>https://x.example/1</link><description>&xxe;</description></item>"
            "</channel></rss>").encode()
    feed = parse_feed(body, BASE)
    assert "TOP-SECRET" not in repr(feed)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty response"),
        (b"   \n", "empty response"),
        (b"<!DOCTYPE html><html><head><title>Trang chu</title></head><body>x</body></html>",
         "HTML page"),
        (b'{"hello": "world"}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": ', "broken JSON"),
        (b"just some text", "not a feed"),
    ],
)
def test_things_that_are_not_feeds_are_clear_errors(body: bytes, message: str) -> None:
    with pytest.raises(FeedParseError, match=message):
        parse_feed(body, BASE)


def _cp1258(text: str) -> bytes:
    """Vietnamese in windows-1258: precomposed where the code page has it, else base + mark."""
    out = b""
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        for split in range(len(decomposed), 0, -1):
            try:
                out += (unicodedata.normalize("NFC", decomposed[:split]).encode("cp1258")
                        + decomposed[split:].encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(f"{ch!r} has no windows-1258 form")
    return out


def test_other_encodings_are_decoded() -> None:
    text = ('<?xml version="1.0" encoding="{enc}"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>Tin tức Đà Nẵng</title><link>https://x.example/1</link></item>"
            "</channel></rss>")
    utf16 = b"\xff\xfe" + text.format(enc="utf-16").encode("utf-16-le")
    assert parse_feed(utf16, BASE).items[0].title == "Tin tức Đà Nẵng"
    cp1258 = _cp1258(text.format(enc="windows-1258"))
    assert parse_feed(cp1258, BASE).items[0].title == "Tin tức Đà Nẵng"


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode)))
def test_parser_raises_only_its_own_error(body: bytes) -> None:
    try:
        feed = parse_feed(body, BASE)
    except FeedParseError:
        return
    for item in feed.items:
        assert not has_control(item.title + item.summary + item.author)


def _feed_files() -> list[Path]:
    from antd_tui.sample import EDITION

    return sorted(FEEDS.glob("*.xml")) + sorted((EDITION / "rss").glob("*.rss"))


@pytest.mark.parametrize("path", _feed_files(), ids=lambda p: p.name)
def test_fast_path_agrees_with_feedparser(path: Path) -> None:
    from antd_tui.core.feeds.fast import parse_fast
    from antd_tui.core.feeds.parse import _parse_xml, defuse_xml

    body = path.read_bytes().replace(b"{{BASE}}", b"http://127.0.0.1:8000")
    slow = _parse_xml(body, BASE, "")
    fast = parse_fast(defuse_xml(body), BASE)
    if slow.warning and "malformed" in slow.warning:
        assert fast is None  # broken XML is feedparser's job
        return
    assert fast is not None
    assert fast.title == slow.title
    assert fast.items == slow.items
