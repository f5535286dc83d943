"""Full-text extraction: article page HTML → ``ExtractedArticle``.

``extract(url, html)`` parses the page once (selectolax/lexbor), picks a site
adapter from ``ADAPTERS`` and falls back to the generic one. An adapter
handles a page when the URL's host is one of its ``hosts`` or when the page
carries its markup ``signature`` (the CMS that ANTD and sister papers share
is recognised by its markup on any host, e.g. the sample edition on
127.0.0.1). The generic adapter also hands the page to trafilatura
(``library.py``, imported on first use only). When a site adapter finds no
body, the generic adapter reads the page too: its blocks are used, and the
site adapter's header fields win over its guesses. A page nested too deeply
to parse in bounded time is refused (``encoding.too_deep``), and so is one that is
not text at all (``encoding.not_text``: a PDF, an image, random bytes).

Every string is cleaned with ``sanitize.clean_text`` and every URL resolved
with ``sanitize.safe_url`` (absolute http(s) only). This package never
imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from selectolax.lexbor import LexborHTMLParser

from antd_tui.core.models import ExtractedArticle

from .cms import HOSTS as CMS_HOSTS
from .cms import extract_cms
from .cms import matches as cms_matches
from .dom import host_of, parse
from .encoding import MAX_DEPTH, not_text, prepare, too_deep
from .errors import ExtractionError
from .generic import extract_generic
from .tidy import has_body

__all__ = ["ADAPTERS", "GENERIC", "Adapter", "ExtractionError", "choose_adapter", "extract"]


@dataclass(frozen=True)
class Adapter:
    """A site adapter: which pages it takes, and the function that reads them."""

    name: str
    run: Callable[[LexborHTMLParser, str], ExtractedArticle]
    hosts: frozenset[str] = frozenset()
    signature: Callable[[LexborHTMLParser], bool] | None = None

    def handles(self, host: str, tree: LexborHTMLParser) -> bool:
        if host in self.hosts:
            return True
        return self.signature is not None and self.signature(tree)


# ANTD's CMS, shared by other Vietnamese papers: chosen by ANTD's hosts or by the markup.
CMS = Adapter("cms", extract_cms, CMS_HOSTS, cms_matches)
GENERIC = Adapter("generic", extract_generic)
ADAPTERS: tuple[Adapter, ...] = (CMS,)


def choose_adapter(url: str, tree: LexborHTMLParser) -> Adapter:
    host = host_of(url)
    for adapter in ADAPTERS:
        if adapter.handles(host, tree):
            return adapter
    return GENERIC


def _merge(primary: ExtractedArticle, fallback: ExtractedArticle) -> ExtractedArticle:
    """``primary`` with its empty fields taken from ``fallback``."""
    for f in fields(ExtractedArticle):
        if not getattr(primary, f.name) and getattr(fallback, f.name):
            setattr(primary, f.name, getattr(fallback, f.name))
    return primary


def extract(url: str, html: str | bytes) -> ExtractedArticle:
    """Extract one article page. Raises ``ExtractionError`` when it has no body text."""
    text = prepare(html)
    if not text.strip():
        raise ExtractionError(f"empty page: {url}")
    binary = not_text(html, text)
    if binary:
        raise ExtractionError(f"not a text page ({binary}), not read: {url}")
    if too_deep(text):
        raise ExtractionError(f"page nests its markup over {MAX_DEPTH:,} levels deep, not read: {url}")
    tree = parse(text)
    adapter = choose_adapter(url, tree)
    # The generic adapter also hands the page's text to the extraction library.
    article = extract_generic(tree, url, text) if adapter is GENERIC else adapter.run(tree, url)
    if adapter is not GENERIC and not has_body(article.blocks):
        # The site adapter pruned its tree: the generic one gets a fresh parse.
        article = _merge(article, extract_generic(parse(text), url, text))
    if not has_body(article.blocks):
        raise ExtractionError(f"no article text found: {url}")
    return article
