"""Synthetic ANTD-like feeds and caches with Vietnamese titles and leads, deterministic."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

WORDS = (
    "Công an Hà Nội Đà Nẵng điều tra vụ việc người dân giao thông thành phố quận huyện phường "
    "xã tỉnh Quảng Ngãi Huế miền Trung lũ lụt mưa bão sơ tán hỗ trợ khẩn cấp triệt phá đường dây "
    "lừa đảo chiếm đoạt tài sản tiền tỷ đồng giá vàng xăng dầu chứng khoán ngân hàng doanh nghiệp "
    "xuất khẩu V-League đội tuyển Việt Nam bóng đá huấn luyện viên cầu thủ trận đấu chiến thắng "
    "Quốc hội Chính phủ Bộ trưởng hội nghị tổng kết triển khai nhiệm vụ trọng tâm năm kế hoạch "
    "phòng cháy chữa cháy kho hàng nhà máy khu công nghiệp an ninh trật tự vỉa hè phố cổ hồ Gươm "
    "Thủ đô mùa đông học sinh sinh viên bệnh viện y tế văn hóa du lịch lễ hội quốc tế Nhật Bản"
).split()
CATEGORIES = ["chinh-tri-xa-hoi", "phap-luat", "the-gioi", "kinh-te", "the-thao", "giai-tri"]
NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def feed_xml(rng: random.Random, feed: int, items: int = 50) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>',
           f"<title>ANTD bench {feed}</title><link>{{{{BASE}}}}/</link>"]
    for i in range(items):
        aid = 700000 + feed * 1000 + i
        link = f"{{{{BASE}}}}/bench-{feed}-{i}-post{aid}.antd"
        when = format_datetime(NOW - timedelta(minutes=37 * i + feed))
        lead = " ".join(sentence(rng, 12, 18) + "." for _ in range(7))
        out.append(
            f"<item><title>{sentence(rng, 8, 14)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{aid}</guid><pubDate>{when}</pubDate>'
            f'<description><![CDATA[<a href="{link}"><img src="{{{{BASE}}}}/images/w800/{aid}.jpg" '
            f'/></a>ANTD.VN - {lead}]]></description></item>')
    out.append("</channel></rss>")
    return "\n".join(out)


def write_feeds(root: Path, count: int = 100, items: int = 50, seed: int = 1) -> list[str]:
    """``count`` feeds of ``items`` items under ``root/rss``; returns their paths."""
    rng = random.Random(seed)
    (root / "rss").mkdir(parents=True, exist_ok=True)
    paths = []
    for feed in range(count):
        path = f"rss/bench-{feed}.rss"
        (root / path).write_text(feed_xml(rng, feed, items), encoding="utf-8")
        paths.append(path)
    return paths


def config_text(base: str, paths: list[str], extra: str = "") -> str:
    lines = [extra]
    for n, path in enumerate(paths):
        category = CATEGORIES[n % len(CATEGORIES)]
        lines += ["[[feeds]]", f'url = "{base}/{path}"', f'category = "{category}"', ""]
    return "\n".join(lines)


def fill_cache(data_dir: Path, articles: int = 100_000, seed: int = 2) -> None:
    """A cache of ``articles`` articles through the real store code (one transaction per 1000)."""
    from antd_tui.core.models import FeedSource, ParsedItem
    from antd_tui.core.store.db import connect
    from antd_tui.core.store.ingest import feed_states, store_items

    rng = random.Random(seed)
    conn = connect(data_dir)
    # The front page (the reader's first pane) carries a quarter of every section's
    # articles, as ANTD's home.rss does over time: the first paint shows real rows.
    home = FeedSource(url="https://www.anninhthudo.vn/rss/home.rss", category="Trang chủ",
                      slug="trang-chu")
    per_feed = 1000
    for feed_no in range(articles // per_feed):
        slug = CATEGORIES[feed_no % len(CATEGORIES)]
        feed = FeedSource(url=f"https://www.anninhthudo.vn/rss/bench-{feed_no}.rss",
                          category=slug, slug=slug)
        items = []
        for i in range(per_feed):
            aid = feed_no * per_feed + i
            items.append(ParsedItem(
                url=f"https://www.anninhthudo.vn/bench-post{aid}.antd", guid=str(aid),
                title=sentence(rng, 8, 14), summary=" ".join(sentence(rng, 12, 18) for _ in range(3)),
                author="P.V", image=None,
                published=NOW - timedelta(minutes=aid * 3 + rng.randint(0, 2))))
        store_items(conn, feed, feed_states(conn, [feed])[feed.url], items, title=slug, etag=None,
                    last_modified=None, body_hash=str(feed_no), warning=None, now=int(NOW.timestamp()))
        store_items(conn, home, feed_states(conn, [home])[home.url], items[::4], title="Trang chủ",
                    etag=None, last_modified=None, body_hash=f"home-{feed_no}", warning=None,
                    now=int(NOW.timestamp()))
    conn.close()
