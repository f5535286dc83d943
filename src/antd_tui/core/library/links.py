"""The links of one article, numbered as ``show --links`` and the reading view's ``L`` list them.

What the cache keeps of an article is its text, not its HTML, so its links
are: the article's own page, each photo (in reading order, as "Ảnh N"), then
the related list (the page's own "TIN CÙNG CHUYÊN MỤC", else the local
suggestions that have a link). Each URL appears once, under its first
number; every one is http(s), as everything stored is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from antd_tui.core.locale.messages import Tr
from antd_tui.core.store.queries import ArticleDetail

LinkKind = Literal["page", "photo", "related"]


@dataclass(frozen=True)
class ArticleLink:
    number: int  # from 1, the number a person types
    kind: LinkKind
    title: str  # the article's title, a photo's caption (may be empty), a related title
    url: str
    photo: int | None = None  # the photo's number in the article ("Ảnh 2")


def article_links(detail: ArticleDetail) -> list[ArticleLink]:
    found: list[tuple[LinkKind, str, str, int | None]] = []
    if detail.row.url:
        found.append(("page", detail.row.title, detail.row.url, None))
    photos = 0
    for block in detail.blocks:
        if block.kind == "image":
            photos += 1
            if block.src:
                found.append(("photo", block.caption or "", block.src, photos))
    related = [link for link, _ in detail.related] or [link for link, _ in detail.suggested]
    found += [("related", link.title, link.url, None) for link in related if link.url]
    seen: set[str] = set()
    out: list[ArticleLink] = []
    for kind, title, url, photo in found:
        if url not in seen:
            seen.add(url)
            out.append(ArticleLink(len(out) + 1, kind, title, url, photo))
    return out


def link_label(link: ArticleLink, tr: Tr) -> str:
    """What a person reads for a link: "Bài gốc", "Ảnh 2 · caption", or the related title."""
    if link.kind == "page":
        return tr("links.page")
    if link.kind == "photo":
        label = tr("show.image", n=link.photo)
        return f"{label} · {link.title}" if link.title else label
    return link.title
