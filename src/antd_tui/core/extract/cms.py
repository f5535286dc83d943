"""The Vietnamese newspaper CMS that ANTD.VN (anninhthudo.vn) is published on, in the
three layouts it has had. Sister papers on the same CMS (tienphong.vn,
nhandan.vn, vietnamplus.vn, plo.vn … in public crawlers' selector lists) share
its markup, so the adapter is chosen by that markup on any host, and by ANTD's
own hosts:

1. current: ``h1.article__title.cms-title``, ``div.article__sapo.cms-desc``,
   ``.article__meta time[datetime]``, ``.article__author``, body
   ``div.article__body.zce-content-body.cms-body`` with ``table.picture`` photos;
2. 2016–2020: ``h1.title.cms-title``, ``.summary.cms-desc``, ``.cms-date[content]``,
   body ``#main_detail``/``div.cms-body`` with ``span.cms-author`` inside it,
   ``img.cms-photo`` + ``<br><em>caption</em>``, ``#gallery .picitem``; a body
   whose first paragraph opens with the dateline (``<p><b>ANTD.VN - …</b></p>``,
   ``<p><strong>ANTD.VN -</strong> …</p>``) has its lead there: it becomes the
   lead when the page has no sapo (an all-bold one is a copy of the sapo and
   leaves the body either way);
3. 2010–2013: ``div.article`` with ``h1.title``/``p.title``, ``div.sapo``,
   ``p.date`` (dd/mm/yyyy hh:mm), ``p.author``, ``div.tag a``, ``ul.article-link``.

Choices where the site is ambiguous:

* category: the *last* meaningful breadcrumb link (the article's own section,
  "Trang chủ" and the title skipped), else ``meta[property=article:section]``;
* tags: the visible tag links when the page has them, else ``meta[name=keywords]``
  (split on commas, deduplicated), else ``article:tag``;
* related: the in-body relate boxes first, then the section under a "TIN CÙNG
  CHUYÊN MỤC" (or "Tin liên quan" …) heading, then ``section.zone--related`` and
  the old ``ul.article-link``; the title link of each story, deduplicated by URL
  (fragment, scheme, ``www.`` and trailing slash ignored), the page itself and
  non-http(s) links left out, at most 30;
* author: "Tác giả:", "Ảnh:", "Bài và ảnh:" prefixes dropped; a site name in
  ``meta[name=author]`` ("ANTD.VN") is not an author; a page without an author
  element that ends with a bold name ("QUANG MINH") is signed by it (the line
  leaves the body);
* when no ``.article__sapo``/``.summary``/``div.sapo`` exists, the meta
  description is the lead unless it is only (a cut of) the first paragraph.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from antd_tui.core.dateline import DATELINE
from antd_tui.core.dates import parse_date
from antd_tui.core.models import ExtractedArticle, RelatedLink
from antd_tui.core.sanitize import safe_url

from .blocks import walk
from .dom import (
    Metas,
    attr,
    decompose_all,
    first_match,
    first_text_of,
    first_words,
    header_text,
    select,
    split_tags,
    text_of,
    url_key,
)
from .meta import in_caption, person, signature_name, site_names, strip_site_suffix
from .meta import published as page_published
from .related import LinkCollector, heading_sections
from .rules import BOLD, MEDIA_INSIDE, all_text_within, has_tag
from .tidy import covers, key, tidy

HOSTS = frozenset(
    {"anninhthudo.vn", "www.anninhthudo.vn", "m.anninhthudo.vn", "antd.vn", "www.antd.vn"}
)
SIGNATURE = ".cms-body, .zce-content-body, .cms-title, .cms-desc"  # the CMS's own class names

TITLE = (
    "h1.article__title", ".article__title.cms-title", "h1.cms-title", "div.article h1.title",
    "div.article p.title", "h1.title", ".cms-title",
)
LEAD = (
    ".article__sapo", ".summary.cms-desc", ".cms-desc", "div.article div.sapo", "div.sapo",
    ".summary",
)
AUTHOR = (".article__author", "span.cms-author", ".cms-author", "div.article p.author", "p.author")
DATE = (
    ".article__meta time[datetime]", ".article__meta time", ".cms-date[content]", ".cms-date",
    "div.article p.date", "p.date", "time[datetime]",
)
BODY = (".article__body", "#main_detail", "div.cms-body", ".cms-body", "div.article")
BREADCRUMB = ".breadcrumb, .breadcrumbs, .article__breadcrumb, [itemtype*=BreadcrumbList], .cate-title"
TAG_LINKS = ".article__tag a, div.tag a, .tags a, .tag-list a, .box-tag a"
IN_BODY_RELATED = "div.article-relate, div.related-news, .box-related, ul.article-link"
PAGE_RELATED = "section.zone--related, .zone--related, .box-related, ul.article-link"
# Header parts that some layouts keep inside the body container.
NON_BODY = (
    "h1, .cms-title, p.title, .article__title, .article__sapo, .summary, .cms-desc, div.sapo, "
    ".article__meta, .cms-date, p.date, .cms-author, .article__author, p.author, .breadcrumb, "
    "div.tag, .article__tag, .article-relate, .related-news, .zone--related, .box-related, "
    "ul.article-link"
)
_HOME = frozenset(
    {"trang chủ", "home", "trang chu", "antd", "antd.vn", "an ninh thủ đô", "anninhthudo"}
)
_SITE_SUFFIX = re.compile(
    r"\s*[-|–—]\s*(?:ANTD(?:\.VN)?|An ninh Thủ đô|anninhthudo\.vn)\s*$", re.IGNORECASE
)
# "Tác giả: X", "Bài và ảnh: X", "Ảnh: X" (photo stories): the name is X.
_AUTHOR_PREFIX = re.compile(
    r"^(?:tác giả|bài(?:\s*(?:và|,|&|-)\s*ảnh)?|ảnh|theo|video|clip)\s*:\s*", re.IGNORECASE
)


def matches(tree: LexborHTMLParser) -> bool:
    """The page carries the ANTD CMS markup, whatever host serves it."""
    return tree.css_first(SIGNATURE) is not None


def _title(tree: LexborHTMLParser, metas: Metas, sites: set[str]) -> str:
    """The page's headline as it shows it (never cut: it has no site suffix), else its
    ``og:title``/``<title>`` without the site's suffix."""
    found = first_text_of(tree, TITLE)
    if found:
        return found
    fallback = metas.first("og:title") or text_of(tree.css_first("title"))
    return strip_site_suffix(_SITE_SUFFIX.sub("", fallback), sites)


def _category(tree: LexborHTMLParser, metas: Metas, title: str, url: str) -> str:
    crumbs = tree.css_first(BREADCRUMB)
    best = ""
    for anchor in crumbs.css("a") if crumbs is not None else ():
        text = text_of(anchor)
        href = safe_url(anchor.attributes.get("href"), base=url) or ""
        if (
            not text
            or text.casefold() in _HOME
            or text.casefold() == title.casefold()
            or url_key(href).split("?")[0].count("/") == 0  # the home page
            or url_key(href) == url_key(url)
        ):
            continue
        best = text  # the last one: the article's own section
    return best or metas.first("article:section")


def _author(tree: LexborHTMLParser, metas: Metas) -> str:
    for selector in AUTHOR:
        for node in tree.css(selector):
            if in_caption(node):
                continue  # a photo's credit in its caption ("Ảnh: …"), not the byline
            text = _AUTHOR_PREFIX.sub("", header_text(node)).strip(" -–|,")
            if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
                text = text[1:-1].strip()
            if text:
                return text
    name = metas.first("author", "article:author")
    if not name or "://" in name or _SITE_SUFFIX.sub("", "- " + name) == "":
        return ""  # a site name or a profile URL, not a person
    return name


def _published(tree: LexborHTMLParser, metas: Metas) -> str:
    for selector in DATE:
        for node in tree.css(selector):
            for value in (attr(node, "datetime"), attr(node, "content"), text_of(node)):
                if value and parse_date(value):
                    return value
    return metas.first("article:published_time", "datePublished", "pubdate")


def _tags(tree: LexborHTMLParser, metas: Metas) -> list[str]:
    visible = [text_of(a) for a in select(tree, TAG_LINKS)]
    if any(visible):
        return split_tags(visible)
    keywords = metas.all("keywords") + metas.all("news_keywords")
    return split_tags(keywords) or split_tags(metas.all("article:tag"))


def _related(tree: LexborHTMLParser, body: LexborNode | None, url: str) -> list[RelatedLink]:
    links = LinkCollector(url)
    if body is not None:
        links.add_all(select(body, IN_BODY_RELATED))
    links.add_all(heading_sections(tree))
    links.add_all(select(tree, PAGE_RELATED))
    return links.result(url)


def _dateline_lead(body: LexborNode, has_lead: bool) -> str:
    """The body's opening paragraph when it opens with the dateline ("ANTD.VN - …",
    "<b>(ANTĐ) -</b> …"): removed and returned as the lead when the page has none.
    With a lead, an all-bold one (a copy of the sapo, 2016-2020) is removed too and
    any other stays in the body (``tidy`` drops its dateline)."""
    node = body.css_first("p")
    if node is None or has_tag(node, MEDIA_INSIDE):
        return ""
    text = text_of(node)
    opening = first_words(body)
    if not DATELINE.match(text) or not opening or not text.startswith(opening[:20]):
        return ""  # not the body's first text
    if has_lead and not all_text_within(node, BOLD):
        return ""
    node.decompose()
    return text


def extract_cms(tree: LexborHTMLParser, url: str) -> ExtractedArticle:
    metas = Metas(tree)
    sites = site_names(tree, metas, url)
    title = _title(tree, metas, sites)
    lead = first_text_of(tree, LEAD)
    article = ExtractedArticle(
        title=title or None,
        category=_category(tree, metas, title, url) or None,
        author=person(_author(tree, metas), sites) or None,
        published=parse_date(_published(tree, metas)) or page_published(tree, metas),
        lead=lead or None,
        tags=_tags(tree, metas),
    )
    body = first_match(tree, BODY)
    article.related = _related(tree, body, url)
    if body is None:
        return article
    decompose_all(body.css(NON_BODY))
    opening = _dateline_lead(body, bool(lead))
    if opening and not lead:
        lead = article.lead = opening
    blocks = walk(body, url, title)
    gallery = tree.css_first("#gallery")
    if gallery is not None and body.css_first("#gallery") is None:
        blocks.extend(walk(gallery, url, title))
    if not lead:
        description = strip_site_suffix(metas.first("description", "og:description"), sites)
        first = next((b.text for b in blocks if b.kind == "paragraph"), "")
        if (description and not covers(first, description, min_len=20)
                and key(description) != key(title)):
            article.lead = description
    if not article.author and blocks and blocks[-1].kind == "heading":
        # The reporter's name in bold at the end (2016-2020 pages without span.cms-author).
        article.author = signature_name(blocks[-1].text) or None
        if article.author:
            blocks.pop()
    article.blocks = tidy(blocks, article.lead, title)
    return article
