"""The bundled sample edition: ANTD-style feeds and pages served from 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from antd_tui.core.folding import slugify
from antd_tui.core.models import FeedSource

EDITION = Path(__file__).resolve().parent / "edition"

# (feed file, category pane name), in pane order.
SAMPLE_FEEDS: list[tuple[str, str]] = [
    ("rss/home.rss", "Trang chủ"),
    ("rss/chinh-tri-xa-hoi-3.rss", "Chính trị - Xã hội"),
    ("rss/phap-luat-80.rss", "Pháp luật"),
    ("rss/the-gioi-7.rss", "Thế giới"),
    ("rss/kinh-te-6.rss", "Kinh tế"),
    ("rss/the-thao-9.rss", "Thể thao"),
]


def sample_feeds(base_url: str) -> tuple[FeedSource, ...]:
    return tuple(
        FeedSource(url=f"{base_url}/{path}", category=name, slug=slugify(name))
        for path, name in SAMPLE_FEEDS
    )
