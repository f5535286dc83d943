"""Any other site: header fields from metadata, the body by a density heuristic.

Body choice, first that holds at least ``MIN_BODY`` characters of paragraph text:
``[itemprop=articleBody]``, ``article``, ``main``/``[role=main]`` (the richest
one when there are several); else the element whose paragraphs score highest
(a readability-style score: each paragraph of 25+ characters adds 1, one per
comma and one per 100 characters up to 3, to its parent and half of that to its
grandparent), scaled down by its link density. Structural boilerplate
(nav/aside/footer/header/form) and elements whose class or id says sidebar,
comment, related, share, ads, menu … are removed first; elements that also say
article/content/entry/post are kept.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from antd_tui.core.dates import parse_date
from antd_tui.core.models import ExtractedArticle, RelatedLink

from .blocks import walk
from .dom import Metas, attr, decompose_all, is_junk, select, split_tags, text_of
from .related import LinkCollector, heading_sections
from .tidy import covers, tidy

MIN_BODY = 140
CANDIDATES = ('[itemprop="articleBody"]', "article", "main", '[role="main"]')
STRUCTURAL = (
    "script, style, noscript, iframe, template, svg, form, nav, aside, footer, header, "
    '[role="navigation"], [role="complementary"], [role="contentinfo"], [role="banner"], '
    '[role="search"], [aria-hidden="true"]'
)
_PROTECTED = frozenset({"html", "body", "main"})
_TITLE_SUFFIX = re.compile(r"^(.{15,}?)\s+[|–—-]\s+[^|–—-]{2,60}$")
_BY = re.compile(r"^(?:by|bởi|tác giả:?)\s+", re.IGNORECASE)


def _title(tree: LexborHTMLParser, metas: Metas) -> str:
    found = metas.first("og:title", "twitter:title") or text_of(tree.css_first("h1"))
    if found:
        return found
    page = text_of(tree.css_first("title"))
    suffix = _TITLE_SUFFIX.match(page)
    return suffix.group(1) if suffix else page


def _author(tree: LexborHTMLParser, metas: Metas) -> str:
    name = metas.first("author", "article:author", "parsely-author")
    if name and "://" not in name:
        return name
    for node in select(tree, '[rel="author"], [itemprop="author"], .byline, .author'):
        text = _BY.sub("", text_of(node)).strip(" -–|,·")
        if text and len(text) <= 80:
            return text
    return ""


def _published(tree: LexborHTMLParser, metas: Metas) -> str:
    found = metas.first("article:published_time", "datePublished", "pubdate", "date")
    if found and parse_date(found):
        return found
    for node in tree.css("time[datetime], [itemprop=datePublished]"):
        for value in (attr(node, "datetime"), attr(node, "content"), text_of(node)):
            if value and parse_date(value):
                return value
    return ""


def _tags(tree: LexborHTMLParser, metas: Metas) -> list[str]:
    values = metas.all("keywords") + metas.all("news_keywords")
    values += metas.all("article:tag")
    # rel="tag" links, but not WordPress's rel="category tag" (that is the section).
    values += [text_of(a) for a in tree.css('a[rel~="tag"]') if "category" not in attr(a, "rel")]
    return split_tags(values)


def _related(tree: LexborHTMLParser, url: str) -> list[RelatedLink]:
    links = LinkCollector(url)
    links.add_all(heading_sections(tree))
    links.add_all(select(tree, '[class*="related"], [id*="related"]'))
    return links.result(url)


def _strip_junk(tree: LexborHTMLParser) -> None:
    decompose_all(tree.css(STRUCTURAL))
    doomed = []
    for node in select(tree, "[class], [id], [style], [hidden]"):
        if (node.tag or "") in _PROTECTED or not is_junk(node):
            continue
        if node.css_first('[itemprop="articleBody"]') is not None:
            continue
        doomed.append(node)
    decompose_all(doomed)


def _paragraph_chars(node: LexborNode) -> int:
    return sum(len(p.text().strip()) for p in node.css("p"))


def _link_density(node: LexborNode) -> float:
    total = len(node.text())
    if not total:
        return 1.0
    return min(1.0, sum(len(a.text()) for a in node.css("a")) / total)


def _by_density(tree: LexborHTMLParser) -> LexborNode | None:
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for para in tree.css("p, pre, td, blockquote"):
        text = para.text()
        length = len(text.strip())
        if length < 25:
            continue
        score = 1.0 + text.count(",") + min(length // 100, 3)
        parent = para.parent
        for share in (1.0, 0.5):
            if parent is None or parent.tag in ("html", "#document"):
                break
            nodes[parent.mem_id] = parent
            scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + score * share
            parent = parent.parent
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k] * (1.0 - _link_density(nodes[k])))
    return nodes[best]


def choose_body(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in CANDIDATES:
        found = tree.css(selector)
        if found:
            best = max(found, key=_paragraph_chars)
            if _paragraph_chars(best) >= MIN_BODY:
                return best
    return _by_density(tree) or tree.body


def extract_generic(tree: LexborHTMLParser, url: str) -> ExtractedArticle:
    metas = Metas(tree)
    title = _title(tree, metas)
    description = metas.first("description", "og:description", "twitter:description")
    article = ExtractedArticle(
        title=title or None,
        category=metas.first("article:section") or None,
        author=_author(tree, metas) or None,
        published=parse_date(_published(tree, metas)),
        tags=_tags(tree, metas),
        related=_related(tree, url),
    )
    _strip_junk(tree)
    body = choose_body(tree)
    if body is None:
        return article
    blocks = walk(body, url, title)
    first = next((b.text for b in blocks if b.kind == "paragraph"), "")
    if description and not covers(first, description, min_len=20):
        article.lead = description
    article.blocks = tidy(blocks, article.lead, title)
    return article
