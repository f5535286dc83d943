"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/), by hand."""

from __future__ import annotations

import json
from typing import Any

from antd_tui.core.dates import parse_date
from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds.items import clean_summary, clean_title, first_image
from antd_tui.core.models import ParsedFeed, ParsedItem
from antd_tui.core.sanitize import clean_text, safe_url


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str:
    for source in (item, feed):
        authors = source.get("authors")
        if isinstance(authors, list):
            names = [clean_text(_text(a.get("name"))) for a in authors if isinstance(a, dict)]
            names = [n for n in names if n]
            if names:
                return ", ".join(names)
        author = source.get("author")
        if isinstance(author, dict) and _text(author.get("name")):
            return clean_text(author["name"])
    return ""


def parse_json_feed(body: bytes, base: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FeedParseError(f"broken JSON: {clean_text(str(exc))[:120]}") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in _text(data.get("version")):
        raise FeedParseError("JSON that is not a JSON Feed (no jsonfeed.org version)")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise FeedParseError("JSON Feed without an 'items' list")
    feed_base = safe_url(_text(data.get("home_page_url")), base=base) or base
    items: list[ParsedItem] = []
    skipped = 0
    for raw in raw_items:
        if not isinstance(raw, dict):
            skipped += 1
            continue
        url = safe_url(_text(raw.get("url")), base=feed_base) or safe_url(
            _text(raw.get("external_url")), base=feed_base
        )
        guid = clean_text(str(raw.get("id", "")))[:500] or None
        html = _text(raw.get("content_html"))
        text = _text(raw.get("summary")) or _text(raw.get("content_text"))
        summary = clean_summary(text) if text else clean_summary(html)
        image = safe_url(_text(raw.get("image")), base=feed_base) or safe_url(
            _text(raw.get("banner_image")), base=feed_base
        ) or first_image(html, feed_base)
        title = clean_title(_text(raw.get("title"))) or summary[:100]
        if not (url or guid) or not title:
            skipped += 1
            continue
        published = parse_date(_text(raw.get("date_published"))) or parse_date(
            _text(raw.get("date_modified"))
        )
        items.append(ParsedItem(url, guid, title, summary, _author(raw, data), image, published))
    warning = f"skipped {skipped} unusable item(s)" if skipped else None
    return ParsedFeed(clean_text(_text(data.get("title"))), items, warning)
