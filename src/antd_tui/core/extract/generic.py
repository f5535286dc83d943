"""Any other site: header fields from the page's metadata, the body from trafilatura.

The body's text is trafilatura's (``library.py``); our walker reads the page
too, for the photos and their captions, which are put in place in the
library's text (``placement.py``). When the library finds no text, the
walker's body is used whole, so a page it can read never comes out empty.

Walker's body choice, first that holds at least ``MIN_BODY`` characters of paragraph text:
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

from antd_tui.core.models import Block, ExtractedArticle, RelatedLink

from .blocks import walk
from .dom import Metas, attr, decompose_all, first_text_of, is_junk, select, split_tags, text_of
from .library import library_blocks
from .meta import (
    in_caption,
    json_ld_author,
    person,
    published,
    signature_name,
    site_names,
    strip_site_suffix,
)
from .placement import place_images
from .related import LinkCollector, heading_sections
from .tidy import TEXT_KINDS, covers, has_body, tidy

MIN_BODY = 140
MAX_LEAD = 800  # characters: a longer "sapo" element is a box of something else
# Pages larger than this are read by our walker alone: the library took 3.5 s on a
# 9.7 MB page (the fetcher's cap is 10 MB), the walker 0.4 s; the benchmark's largest
# real page is 1.5 MB.
LIBRARY_MAX = 3_000_000
CANDIDATES = ('[itemprop="articleBody"]', "article", "main", '[role="main"]')
STRUCTURAL = (
    "script, style, noscript, iframe, template, svg, form, nav, aside, footer, header, "
    '[role="navigation"], [role="complementary"], [role="contentinfo"], [role="banner"], '
    '[role="search"], [aria-hidden="true"]'
)
_PROTECTED = frozenset({"html", "body", "main"})
_CAPTION_TAGS = frozenset({"figure", "figcaption"})
_BY = re.compile(r"^(?:by|bởi|tác giả:?)\s+", re.IGNORECASE)
# The page's own sapo/description element (VnExpress's p.description, the CMS's .sapo …).
LEAD = (
    "[itemprop=description]:not(meta)", "p.description", ".sapo", '[class*="sapo"]',
    ".article__sapo",
    ".article-sapo", ".cms-desc", ".lead", ".article__lead", ".summary", ".standfirst",
)


def _title(tree: LexborHTMLParser, metas: Metas, sites: set[str]) -> str:
    found = metas.first("og:title", "twitter:title")
    if found:
        return strip_site_suffix(found, sites)
    found = text_of(tree.css_first("h1"))
    if found:
        return found  # the headline as the page shows it: no site suffix to cut
    # Only a suffix that names the site goes: "Hà Nội - Hải Phòng" is a title.
    return strip_site_suffix(text_of(tree.css_first("title")), sites, loose=True)


def _author(tree: LexborHTMLParser, metas: Metas, sites: set[str]) -> str:
    for name in (metas.first("author", "article:author", "parsely-author"),
                 json_ld_author(tree)):
        if person(name, sites):
            return person(name, sites)
    for node in select(tree, '[rel="author"], [itemprop="author"], .byline, .author, '
                             '[class*="-author"], [class*="author-name"], [class*="author-info"]'):
        if (node.tag or "") in _CAPTION_TAGS or in_caption(node):
            continue  # the photographer's credit under a photo
        text = person(_BY.sub("", text_of(node)), sites)
        if text:
            return text
    return ""


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind in TEXT_KINDS)


def _enough(text: list[Block], dom: list[Block]) -> bool:
    """The library's text is the body, unless it found none, or a scrap (a teaser, a
    paywall note) under a fifth of what the walker read in the page's article element."""
    if not has_body(text):
        return False
    found, walked = _chars(text), _chars(dom)
    return not (found < 600 and walked >= 1500 and found * 5 < walked)


def _signed_by(blocks: list[Block]) -> str:
    """The short bold name that ends the article (VnExpress signs so), if it is one."""
    last = next((b for b in reversed(blocks) if b.kind in TEXT_KINDS), None)
    if last is None or last.kind != "heading":  # the walker reads an all-bold line as one
        return ""
    return signature_name(last.text)


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
        if node.css_first('[itemprop="articleBody"], article, main') is not None:
            continue  # a column named "sidebar_1" that holds the article (VnExpress)
        doomed.append(node)
    decompose_all(doomed)


def _paragraph_chars(node: LexborNode) -> int:
    return sum(len(p.text().strip()) for p in node.css("p"))


_SCORED = frozenset({"p", "pre", "td", "blockquote"})


def _sizes(root: LexborNode) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Each element's text length, link-text length and comma count, in one pass.

    Children come after their parent in document order, so summing in reverse
    order is linear: asking every candidate for its own text (and its links')
    was quadratic in depth (9,000 nested tables took 11 s)."""
    order = list(root.traverse(include_text=True))
    total: dict[int, int] = {}
    links: dict[int, int] = {}
    commas: dict[int, int] = {}
    for node in reversed(order):
        me = node.mem_id
        if node.tag == "-text":
            text = node.text_content or ""
            total[me], links[me], commas[me] = len(text), 0, text.count(",")
        else:
            total.setdefault(me, 0)
            commas.setdefault(me, 0)
            links[me] = total[me] if node.tag == "a" else links.get(me, 0)
        parent = node.parent
        if parent is not None and node is not root:
            up = parent.mem_id
            total[up] = total.get(up, 0) + total[me]
            links[up] = links.get(up, 0) + links[me]
            commas[up] = commas.get(up, 0) + commas[me]
    return total, links, commas


def _by_density(tree: LexborHTMLParser) -> LexborNode | None:
    root = tree.root
    if root is None:
        return None
    total, links, commas = _sizes(root)
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for para in root.traverse():
        if para.tag not in _SCORED or total.get(para.mem_id, 0) < 25:
            continue
        length = total[para.mem_id]
        if length < 400:  # short enough to read exactly (whitespace decides the 25)
            length = len(para.text().strip())
        if length < 25:
            continue
        score = 1.0 + commas[para.mem_id] + min(length // 100, 3)
        parent = para.parent
        for share in (1.0, 0.5):
            if parent is None or parent.tag in ("html", "#document"):
                break
            nodes[parent.mem_id] = parent
            scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + score * share
            parent = parent.parent
    if not scores:
        return None

    def density(k: int) -> float:
        return min(1.0, links[k] / total[k]) if total.get(k) else 1.0

    best = max(scores, key=lambda k: scores[k] * (1.0 - density(k)))
    return nodes[best]


def choose_body(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in CANDIDATES:
        found = tree.css(selector)
        if found:
            best = max(found, key=_paragraph_chars)
            if _paragraph_chars(best) >= MIN_BODY:
                return best
    return _by_density(tree) or tree.body


def extract_generic(tree: LexborHTMLParser, url: str, html: str | bytes | None = None
                    ) -> ExtractedArticle:
    """Read a page; ``html`` is its text for the library (``None``: the walker's body only)."""
    metas = Metas(tree)
    sites = site_names(tree, metas, url)
    title = _title(tree, metas, sites)
    own_lead = first_text_of(tree, LEAD)
    if len(own_lead) > MAX_LEAD or own_lead.casefold() == title.casefold():
        own_lead = ""  # a whole box of text, or the title again: not a sapo
    description = own_lead or metas.first("description", "og:description", "twitter:description")
    description = strip_site_suffix(description, sites) if description else ""
    article = ExtractedArticle(
        title=title or None,
        category=metas.first("article:section") or None,
        author=_author(tree, metas, sites) or None,
        published=published(tree, metas),
        tags=_tags(tree, metas),
        related=_related(tree, url),
    )
    _strip_junk(tree)
    body = choose_body(tree)
    dom = walk(body, url, title) if body is not None else []
    if not article.author:
        article.author = _signed_by(dom) or None
    text = library_blocks(html, url) if html is not None and len(html) <= LIBRARY_MAX else []
    blocks = place_images(text, dom) if _enough(text, dom) else dom
    # The lead: the page's sapo (else its description) unless the body opens with it:
    # then it is read once, as the body's first paragraph, and there is no lead.
    opening = [b.text for b in blocks if b.kind in TEXT_KINDS][:2]
    if description and not any(covers(text, description, min_len=20) or covers(description, text)
                               for text in opening):
        article.lead = description
    article.blocks = tidy(blocks, article.lead, title)
    return article
