"""A news site on 127.0.0.1 for the Fever server to subscribe to: RSS feeds tests can add
items to, and an HTML article page (a <h1> and a few <p>) at every item's <link>."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# slug, feed title, OPML group: two groups, one with two feeds (feeds_groups shows "2,3")
FEEDS = (
    ("thoi-su", "Thời sự – Tin nóng", "Thời sự"),
    ("bong-da", "Bóng đá", "Thể thao"),
    ("quan-vot", "Quần vợt", "Thể thao"),
)
FIRST_ITEMS = 3
# a 1x1 PNG: the feeds name it as their (square) image so Coldsweat fetches its favicon
# here instead of from an icon service on the internet
ICON = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63382127f71f0004ba0204e1090dd70000000049454e44ae426082"
)


@dataclass
class Feed:
    slug: str
    title: str
    group: str
    items: list[int] = field(default_factory=list)  # item numbers, oldest first


class FeedSite:
    """``http://127.0.0.1:<port>/feeds/<slug>.rss`` and ``/articles/<slug>/<n>.html``."""

    def __init__(self, items_per_feed: int = FIRST_ITEMS) -> None:
        # items are a minute apart from a day ago: recent, and never in the future
        self.start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
        self.feeds = {slug: Feed(slug, title, group) for slug, title, group in FEEDS}
        self.hits: list[str] = []  # every path asked for, in order
        self._lock = threading.Lock()
        self._count = 0
        for slug in self.feeds:
            self.add(slug, items_per_feed)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def add(self, slug: str, n: int) -> list[int]:
        """Adds ``n`` items to feed ``slug``; returns their numbers."""
        with self._lock:
            numbers = list(range(self._count + 1, self._count + n + 1))
            self._count += n
            self.feeds[slug].items.extend(numbers)
        return numbers

    def feed_url(self, slug: str) -> str:
        return f"{self.base}/feeds/{slug}.rss"

    def link(self, slug: str, number: int) -> str:
        return f"{self.base}/articles/{slug}/{number}.html"

    def title(self, slug: str, number: int) -> str:
        return f"{self.feeds[slug].title}: bản tin số {number}"

    def paragraphs(self, slug: str, number: int) -> list[str]:
        head = self.title(slug, number)
        return [
            f"Đây là đoạn mở đầu của bài {head}, viết bằng tiếng Việt có đủ dấu.",
            f"Đoạn thứ hai kể tiếp câu chuyện số {number} trong chuyên mục {self.feeds[slug].group}.",
            "Đoạn cuối cùng khép lại bài viết để trình đọc có đủ chữ mà lấy toàn văn.",
        ]

    def published(self, number: int) -> datetime:
        return self.start + timedelta(minutes=number)

    def opml(self) -> str:
        """The subscriptions: one outline per group with its feeds inside."""
        groups: dict[str, list[str]] = {}
        for feed in self.feeds.values():
            groups.setdefault(feed.group, []).append(
                f'    <outline type="rss" text="{escape(feed.title)}" title="{escape(feed.title)}"'
                f' xmlUrl="{self.feed_url(feed.slug)}" htmlUrl="{self.base}/"/>'
            )
        body = "".join(
            f'  <outline text="{escape(group)}" title="{escape(group)}">\n'
            + "\n".join(lines) + "\n  </outline>\n"
            for group, lines in groups.items()
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
            "<head><title>antd-tui sync tests</title></head>\n<body>\n" + body + "</body>\n</opml>\n"
        )

    def rss(self, slug: str) -> str:
        """The feed, newest item first (as real feeds are)."""
        with self._lock:
            numbers = list(self.feeds[slug].items)
        items = "".join(
            f"<item><title>{escape(self.title(slug, n))}</title><link>{self.link(slug, n)}</link>"
            f'<guid isPermaLink="true">{self.link(slug, n)}</guid>'
            f"<pubDate>{format_datetime(self.published(n), usegmt=True)}</pubDate>"
            f"<description>{escape('<p>' + self.paragraphs(slug, n)[0] + '</p>')}</description></item>\n"
            for n in reversed(numbers)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(self.feeds[slug].title)}</title><link>{self.base}/</link>"
            f"<description>Tin thử</description><image><url>{self.base}/icon.png</url>"
            f"<title>{escape(self.feeds[slug].title)}</title><link>{self.base}/</link>"
            "<width>16</width><height>16</height></image>\n" + items + "</channel></rss>\n"
        )

    def article(self, slug: str, number: int) -> str:
        title = escape(self.title(slug, number))
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs(slug, number))
        return (
            f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
        )

    def page(self, path: str) -> tuple[str, bytes] | None:
        """(content type, body) for ``path``, or None (404)."""
        parts = path.split("?")[0].strip("/").split("/")
        if parts == ["icon.png"]:
            return "image/png", ICON
        if len(parts) == 2 and parts[0] == "feeds" and parts[1].removesuffix(".rss") in self.feeds:
            return "application/rss+xml; charset=utf-8", self.rss(parts[1].removesuffix(".rss")).encode()
        if len(parts) == 3 and parts[0] == "articles" and parts[1] in self.feeds:
            number = parts[2].removesuffix(".html")
            if number.isdigit() and int(number) in self.feeds[parts[1]].items:
                return "text/html; charset=utf-8", self.article(parts[1], int(number)).encode()
        return None


def _handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits.append(self.path)
            found = site.page(self.path)
            if found is None:
                self.send_error(404)
                return
            kind, body = found
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
