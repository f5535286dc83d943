"""Plain data passed between the core layers (no behaviour, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from antd_tui.core.feed_source import FeedSource as FeedSource  # (re-exported)

BlockKind = Literal["paragraph", "heading", "image", "quote", "list"]


@dataclass
class ParsedItem:
    """One feed entry after parsing and sanitizing; not yet stored."""

    url: str | None
    guid: str | None
    title: str
    summary: str
    author: str
    image: str | None
    published: datetime | None  # aware UTC, or None when missing/broken


@dataclass
class ParsedFeed:
    title: str
    items: list[ParsedItem]
    warning: str | None = None


@dataclass(frozen=True)
class Block:
    """One piece of an article body, in reading order.

    ``list`` blocks hold their items in ``text`` separated by newlines;
    ``image`` blocks have ``src`` and an optional ``caption`` and usually no text.
    """

    kind: BlockKind
    text: str = ""
    src: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str


@dataclass
class ExtractedArticle:
    """What a site adapter gets out of one article page."""

    title: str | None = None
    category: str | None = None
    author: str | None = None
    published: datetime | None = None
    lead: str | None = None
    blocks: list[Block] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
