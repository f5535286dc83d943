"""Small helpers over selectolax's lexbor tree: text, metadata, junk hints.

Everything here is iterative (no recursion over the tree), so a page with
thousands of nested elements cannot exhaust the Python stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from antd_tui.core.sanitize import clean_text

TEXT = "-text"
# Never content, wherever they appear.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "iframe", "template", "svg", "canvas", "form",
        "button", "input", "select", "textarea", "object", "embed", "nav", "footer",
        "aside", "link", "meta", "head", "title", "audio", "map", "dialog", "-comment",
        "frame", "frameset", "applet", "math", "source", "track", "picture-source",
    }
)
# Elements that end a line of text when their content is flattened.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "ul", "ol", "li", "dl",
        "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption",
        "pre", "center", "hr", "address", "details", "summary", "fieldset", "br",
    }
)

# Class/id tokens that mark boilerplate. Matched per token, at word boundaries
# ("box-ads", "article__share"), so "loads" or "shadow" are not ads.
_JUNK_HINT = re.compile(
    r"(?:^|[-_])(?:ads?|adv|advert\w*|adsbygoogle|banners?|quang-?cao|qc|sponsor\w*|"
    r"share\w*|sharing|social\w*|comments?|commentlist|breadcrumbs?|nav|navbar|navigation|"
    r"menu\w*|footer|sidebar\w*|widgets?|related\w*|relate|popup|modal|newsletter|"
    r"subscribe|subscription|cookie\w*|promo\w*|print|toolbar|tags?|keywords?|outbrain|"
    r"taboola|rating|vote|author-box|masthead|pagination|pager|byline|meta|dateline|"
    r"timestamp|posted-on|sr-only|screen-reader|visually-hidden|skip-link)(?:[-_]|\d|$)",
    re.IGNORECASE,
)
# A token that ends in a content word keeps the element, whatever else it says
# ("entry-content", "elementor-widget-theme-post-content"); "article__share"
# does not end in one.
_KEEP_HINT = re.compile(
    r"(?:^|[-_])(?:article|body|content|main|entry|post|story|text|detail)$", re.IGNORECASE
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
AD_LABELS = frozenset({"quảng cáo", "quang cao", "advertisement", "advertising", "qc", "ads"})

def parse(html: str | bytes) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def url_key(url: str) -> str:
    """A comparison key: scheme, ``www.``, fragment and trailing slash ignored."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value.strip() if value else ""


def node_text(root: LexborNode, stop: frozenset[str] = frozenset()) -> str:
    """The visible text under ``root``, with a space where blocks and ``<br>`` break it.

    ``LexborNode.text(separator=" ")`` would split words at every inline tag
    (``Thư<b>ợng</b>``), and plain ``text()`` glues list items together.
    Subtrees whose tag is in ``stop`` are left out.
    """
    if root.tag == TEXT:
        return root.text_content or ""
    out: list[str] = []
    stack: list[LexborNode] = []
    node = root.child
    while node is not None:
        tag = node.tag or ""
        descend = False
        if tag == TEXT:
            out.append(node.text_content or "")
        elif tag not in SKIP_TAGS and tag not in stop:
            if tag in BLOCK_TAGS:
                out.append(" ")
            descend = node.child is not None
        if descend:
            stack.append(node)
            node = node.child
            continue
        while node is not None and node.next is None and stack:
            node = stack.pop()
            if (node.tag or "") in BLOCK_TAGS:
                out.append(" ")
        node = node.next if node is not None else None
    return "".join(out)


def text_of(node: LexborNode | None) -> str:
    return clean_text(node_text(node)) if node is not None else ""


# A header field (title, lead, author) is inline text, perhaps in <p>s. An
# unclosed one swallows what follows it: nested boxes are not part of it.
NOT_HEADER = frozenset(
    {"div", "table", "section", "article", "aside", "figure", "ul", "ol", "header", "main"}
)


def header_text(node: LexborNode | None) -> str:
    return clean_text(node_text(node, NOT_HEADER)) if node is not None else ""


def first_words(node: LexborNode, limit: int = 12) -> str:
    """The first non-blank text under ``node`` (bounded walk), raw: for comparisons only."""
    seen = 0
    for sub in node.traverse(include_text=True):
        seen += 1
        if seen > limit:
            break
        if sub.tag == TEXT:
            text = (sub.text_content or "").strip()
            if text:
                parent = sub.parent
                if parent is not None and (parent.tag or "") in SKIP_TAGS:
                    continue
                return text
    return ""


def is_junk(node: LexborNode) -> bool:
    """Boilerplate by tag, by class/id hint, or hidden by inline style."""
    tag = node.tag or ""
    if tag in SKIP_TAGS:
        return True
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    tokens = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
    if not tokens:
        return False
    junk = False
    for token in tokens:
        if _KEEP_HINT.search(token):
            return False
        if _JUNK_HINT.search(token):
            junk = True
    return junk


def is_ad_box(node: LexborNode) -> bool:
    """A small box whose first words are the "Quảng cáo" label."""
    words = first_words(node)
    if len(words) > 20 or " ".join(words.split()).casefold() not in AD_LABELS:
        return False
    return len(node.text()) < 400


class Metas:
    """The page's ``<meta>`` tags, read once: ``name``/``property``/``itemprop`` → contents."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._by_key: dict[str, list[str]] = {}
        for node in tree.css("meta"):
            attrs = node.attributes
            content = attrs.get("content")
            if not content:
                continue
            for name in ("property", "name", "itemprop"):
                key = attrs.get(name)
                if key:
                    self._by_key.setdefault(key.strip().lower(), []).append(content)

    def first(self, *keys: str) -> str:
        """The first non-empty content among ``keys`` (in that order), cleaned."""
        for key in keys:
            for value in self._by_key.get(key.lower(), ()):
                cleaned = clean_text(value)
                if cleaned:
                    return cleaned
        return ""

    def all(self, key: str) -> list[str]:
        return [v for v in (clean_text(x) for x in self._by_key.get(key.lower(), ())) if v]


def select(scope: LexborHTMLParser | LexborNode, selector: str) -> list[LexborNode]:
    """``css(selector)`` without the duplicates lexbor returns for a selector list.

    (Order is per selector of the list, then document order.)
    """
    seen: set[int] = set()
    out = []
    for node in scope.css(selector):
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            out.append(node)
    return out


def first_match(
    scope: LexborHTMLParser | LexborNode, selectors: tuple[str, ...]
) -> LexborNode | None:
    for selector in selectors:
        node = scope.css_first(selector)
        if node is not None:
            return node
    return None


def first_text_of(scope: LexborHTMLParser | LexborNode, selectors: tuple[str, ...]) -> str:
    """The header text of the first node matching one of ``selectors`` (in that order)."""
    for selector in selectors:
        for node in scope.css(selector):
            text = header_text(node)
            if text:
                return text
    return ""


def split_tags(values: list[str]) -> list[str]:
    """Comma-separated keyword strings to a trimmed list, deduplicated case-insensitively."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        # ``value`` is already clean; its pieces only need trimming.
        for part in re.split(r"[,;]", value):
            tag = " ".join(part.split()).strip(" .-")
            key = tag.casefold()
            if tag and key not in seen and len(tag) <= 80:
                seen.add(key)
                out.append(tag)
    return out


def decompose_all(nodes: list[LexborNode]) -> None:
    for node in nodes:
        node.decompose()
