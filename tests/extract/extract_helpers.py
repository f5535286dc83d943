"""Shared helpers for the extraction tests: load a saved page, flatten an article."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict
from pathlib import Path

from antd_tui.core.extract import extract
from antd_tui.core.models import Block, ExtractedArticle

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
# Every boilerplate region of every saved page carries this marker.
JUNK = "ZZJUNK"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def run(name: str, url: str) -> ExtractedArticle:
    return extract(url, page(name))


def dump(article: ExtractedArticle) -> str:
    """Every string of the article (fields, blocks, captions, URLs, tags, related) as JSON."""
    data = asdict(article)
    data["published"] = article.published.isoformat() if article.published else None
    return json.dumps(data, ensure_ascii=False)


def kinds(blocks: list[Block]) -> list[str]:
    return [b.kind for b in blocks]


def texts(blocks: list[Block], kind: str = "paragraph") -> list[str]:
    return [b.text for b in blocks if b.kind == kind]


def images(blocks: list[Block]) -> list[tuple[str | None, str | None]]:
    return [(b.src, b.caption) for b in blocks if b.kind == "image"]


def strings(article: ExtractedArticle) -> list[str]:
    out = [article.title or "", article.category or "", article.author or "", article.lead or ""]
    for b in article.blocks:
        out += [b.text, b.src or "", b.caption or ""]
    out += article.tags
    for r in article.related:
        out += [r.title, r.url]
    return out


def assert_clean(article: ExtractedArticle) -> None:
    """No boilerplate marker, no control or bidi character, no non-http(s) URL."""
    assert JUNK not in dump(article)
    for value in strings(article):
        for ch in value:
            if ch == "\n":
                continue
            assert unicodedata.category(ch) not in ("Cc", "Cs"), (value, hex(ord(ch)))
            assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff"
        assert value == unicodedata.normalize("NFC", value)
    for b in article.blocks:
        if b.kind == "image":
            assert b.src and b.src.startswith(("http://", "https://"))
        else:
            assert b.text and b.src is None
    for r in article.related:
        assert r.url.startswith(("http://", "https://")) and r.title
