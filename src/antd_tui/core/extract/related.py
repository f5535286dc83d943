"""A page's own related-articles list: story links near a "TIN CÙNG CHUYÊN MỤC" heading,
in-body relate boxes, old ``ul.article-link`` lists."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from antd_tui.core.models import RelatedLink
from antd_tui.core.sanitize import clean_text, safe_url

from .dom import attr, select, text_of, url_key

RELATED_HEADINGS = frozenset(
    {
        "tin cùng chuyên mục", "cùng chuyên mục", "tin liên quan", "bài liên quan",
        "tin khác", "các tin khác", "related", "related articles", "related posts",
        "related stories", "more stories", "you may also like",
    }
)
# Headings, and anything styled as one (.title, .box-title, .zone__title, .box-heading …).
_HEADING_SELECTOR = 'h2, h3, h4, h5, [class*="title"], [class*="heading"]'
_TITLE_TAGS = frozenset({"h2", "h3", "h4", "h5"})
_TITLE_CLASS = ("title", "heading")


def _is_title_link(anchor: LexborNode) -> bool:
    """The anchor is (inside) a story's heading, not its thumbnail or lead."""
    node: LexborNode | None = anchor
    for _ in range(3):
        if node is None:
            return False
        if node.tag in _TITLE_TAGS or any(h in attr(node, "class") for h in _TITLE_CLASS):
            return True
        node = node.parent
    return False


class LinkCollector:
    """Related links from several containers, each anchor read once, in page order."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.links: list[RelatedLink] = []
        self._nodes: set[int] = set()
        self._hrefs: set[str] = set()
        self._boxes: set[int] = set()

    def add(self, box: LexborNode, titles_only: bool = True) -> None:
        if box.mem_id in self._boxes:
            return
        self._boxes.add(box.mem_id)
        anchors = box.css("a[href]")
        if titles_only:
            anchors = [a for a in anchors if _is_title_link(a)] or anchors
        for anchor in anchors:
            if anchor.mem_id in self._nodes:
                continue
            self._nodes.add(anchor.mem_id)
            href = attr(anchor, "href")
            if not href or href in self._hrefs:
                continue
            title = text_of(anchor) or clean_text(anchor.attributes.get("title"))
            if not title or title.casefold().rstrip(":") in RELATED_HEADINGS:
                continue
            url = safe_url(href, base=self.base)
            if url:
                self._hrefs.add(href)
                self.links.append(RelatedLink(title=title, url=url))

    def add_all(self, boxes: list[LexborNode], titles_only: bool = True) -> None:
        for box in boxes:
            self.add(box, titles_only)

    def result(self, page_url: str, limit: int = 30) -> list[RelatedLink]:
        """Deduplicated by URL, without the page itself, at most ``limit`` long."""
        seen = {url_key(page_url)}
        out = []
        for link in self.links:
            k = url_key(link.url)
            if k not in seen:
                seen.add(k)
                out.append(link)
                if len(out) >= limit:
                    break
        return out


def heading_sections(tree: LexborHTMLParser | LexborNode) -> list[LexborNode]:
    """Containers headed by a related-list heading ("TIN CÙNG CHUYÊN MỤC")."""
    out: list[LexborNode] = []
    for heading in select(tree, _HEADING_SELECTOR):
        raw = heading.text()
        if not raw or len(raw) > 60:
            continue
        # Only compared, never shown: whitespace folding is enough here.
        label = " ".join(raw.split()).rstrip(":").casefold()
        if label not in RELATED_HEADINGS:
            continue
        # The links follow the heading: in its next siblings, else in those of
        # an ancestor (``header > h2`` then ``div.related-news``). Stop at the
        # first level that has some, so a heading inside the article box
        # never pulls in the whole box.
        node: LexborNode | None = heading
        for _ in range(4):
            if node is None or node.tag in ("body", "html"):
                break
            found = [s for s in _next_elements(node, 3) if s.css_first("a[href]") is not None]
            if found:
                out.extend(found)
                break
            node = node.parent
    return out


def _next_elements(node: LexborNode, limit: int) -> list[LexborNode]:
    out: list[LexborNode] = []
    sibling = node.next
    while sibling is not None and len(out) < limit:
        if sibling.tag and not sibling.tag.startswith("-"):
            out.append(sibling)
        sibling = sibling.next
    return out
