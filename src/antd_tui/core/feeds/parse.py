"""Bytes -> ``ParsedFeed``: JSON Feed by hand, RSS/Atom through feedparser.

Safety before parsing: any ``<!DOCTYPE …>`` (with its internal subset) and
stray ``<!ENTITY`` declarations are removed from XML, so entity expansion
attacks (billion laughs, quadratic blowup) and external entities never reach
a parser. feedparser runs with its HTML sanitizer and URI resolution off: we
strip HTML ourselves (one sanitizer for everything) and resolve links with
``safe_url``, which only lets http/https through.

A truncated feed keeps its complete items: an entry is kept only if its
closing tag (``</item>``/``</entry>``) is present, and the feed reports a
warning. A body that is empty, an HTML page or anything else without items
is a ``FeedParseError`` with a message saying what it was.
"""

from __future__ import annotations

import re
from typing import Any

from antd_tui.core.dates import from_struct, parse_date
from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds.items import clean_summary, clean_title, first_image
from antd_tui.core.feeds.jsonfeed import parse_json_feed
from antd_tui.core.models import ParsedFeed, ParsedItem
from antd_tui.core.sanitize import clean_text, safe_url

_DECLARATION = re.compile(rb"<!(?:doctype|entity)", re.IGNORECASE)
_CLOSE_ITEM = re.compile(rb"</(?:[A-Za-z0-9_]+:)?(?:item|entry)\s*>")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def _looks_json(body: bytes, content_type: str) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[") or "json" in content_type.lower()


def defuse_xml(body: bytes) -> bytes:
    """Remove the prolog's DOCTYPE (with its internal subset) before any XML parser sees it.

    Linear in the body's size: plain ``find`` calls, no backtracking regex. A
    declaration left anywhere after that (a second DOCTYPE, an ENTITY spliced
    together around a removed one) is refused outright: no entity is ever
    declared to a parser, so none can be expanded.
    """
    head = body[:65536].lower()
    start = head.find(b"<!doctype")
    if start != -1:
        close = body.find(b">", start)
        bracket = body.find(b"[", start, close if close != -1 else len(body))
        if bracket != -1:
            subset_end = body.find(b"]", bracket)
            close = body.find(b">", subset_end) if subset_end != -1 else -1
        if close == -1:
            raise FeedParseError("broken XML: the DOCTYPE never ends")
        body = body[:start] + body[close + 1:]
    if _DECLARATION.search(body):
        raise FeedParseError("refused: the feed declares a DOCTYPE or entities")
    return body


def _entry_url(entry: Any, base: str) -> str | None:
    candidates = [entry.get("link")]
    for link in entry.get("links") or []:
        if isinstance(link, dict) and link.get("rel", "alternate") == "alternate":
            candidates.append(link.get("href"))
    guid = entry.get("id")
    if entry.get("guidislink") and guid:
        candidates.append(guid)
    for candidate in candidates:
        url = safe_url(candidate if isinstance(candidate, str) else None, base=base)
        if url:
            return url
    return None


def _entry_image(entry: Any, html: str, base: str) -> str | None:
    found = first_image(html, base)
    if found:
        return found
    for key in ("media_content", "media_thumbnail", "enclosures"):
        for media in entry.get(key) or []:
            if not isinstance(media, dict):
                continue
            kind = str(media.get("type", "image/"))
            url = safe_url(media.get("url") or media.get("href"), base=base)
            if url and kind.startswith("image/"):
                return url
    return None


def _entry_date(entry: Any) -> Any:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str):
            found = parse_date(raw)
            if found:
                return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            found = from_struct(value)
            if found:
                return found
    return None


def _entry_html(entry: Any) -> str:
    summary = entry.get("summary")
    if isinstance(summary, str) and summary:
        return summary
    for content in entry.get("content") or []:
        if isinstance(content, dict) and isinstance(content.get("value"), str):
            return str(content["value"])
    return ""


def _parse_xml(body: bytes, base: str, content_type: str) -> ParsedFeed:
    import feedparser

    safe = body  # already defused by parse_feed
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(
        safe, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    entries = list(parsed.entries)
    warning = None
    if parsed.get("bozo"):
        complete = len(_CLOSE_ITEM.findall(safe))
        dropped = max(0, len(entries) - complete)
        if dropped:
            entries = entries[:complete]
        reason = clean_text(str(parsed.get("bozo_exception", "")))[:160] or "malformed XML"
        kept = f"kept {len(entries)} complete item(s)" + (f", dropped {dropped} cut off" if dropped else "")
        warning = f"feed is malformed ({reason}); {kept}"
    if not entries and not parsed.get("version"):
        if _HTML_START.match(body):
            raise FeedParseError("got an HTML page, not a feed")
        raise FeedParseError("not a feed (no RSS, Atom or JSON Feed found)")
    channel = parsed.get("feed", {})
    feed_base = safe_url(channel.get("link"), base=base) or base
    items: list[ParsedItem] = []
    skipped = 0
    for entry in entries:
        url = _entry_url(entry, feed_base)
        raw_guid = entry.get("id")
        guid = clean_text(raw_guid)[:500] if isinstance(raw_guid, str) else None
        html = _entry_html(entry)
        summary = clean_summary(html)
        title = clean_title(entry.get("title") or "") or summary[:100]
        if not (url or guid) or not title:
            skipped += 1
            continue
        author = clean_text(entry.get("author") or "")[:200]
        items.append(ParsedItem(url, guid or None, title, summary, author,
                                _entry_image(entry, html, feed_base), _entry_date(entry)))
    if skipped:
        note = f"skipped {skipped} item(s) without a link, id or title"
        warning = f"{warning}; {note}" if warning else note
    return ParsedFeed(clean_text(channel.get("title") or ""), items, warning)


def parse_feed(body: bytes, base: str, content_type: str = "") -> ParsedFeed:
    """Parse a feed body fetched from ``base``; raise ``FeedParseError`` if it is none."""
    if not body.strip():
        raise FeedParseError("empty response (no feed)")
    if _looks_json(body, content_type):
        return parse_json_feed(body, base)
    body = defuse_xml(body)
    if not _declares_other_charset(content_type):
        from antd_tui.core.feeds.fast import parse_fast

        fast = parse_fast(body, base)
        if fast is not None:
            return fast
    return _parse_xml(body, base, content_type)


def _declares_other_charset(content_type: str) -> bool:
    """An HTTP charset other than UTF-8 overrides the XML declaration: leave it to feedparser."""
    lowered = content_type.lower()
    if "charset=" not in lowered:
        return False
    charset = lowered.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return charset not in ("utf-8", "utf8", "us-ascii")
