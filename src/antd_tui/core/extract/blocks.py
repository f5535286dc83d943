"""Walk an article body node into ``Block``s, in reading order.

Rules shared by every adapter:

* ``p`` → paragraph; inside a ``p`` one ``<br>`` is a space and two end the
  paragraph; in a bare ``div``/``td`` every ``<br>`` ends one (old pages).
* ``h1``–``h6`` → heading, and so is a short ``p`` whose text is all bold.
* ``img`` → image (see ``images.image_src``); ``table.picture``,
  ``figure``, ``.picitem`` → image with its caption.
* A layout table of one to four photos and short text cells (up to 400
  characters, VnExpress's ``table.tplCaption``) is a picture with that caption.
* An "Ảnh: …" / "Photo: …" credit line right under a photo joins its caption.
* Caption preference: ``td.caption`` (or ``.picitem .title``), then the
  ``cms-photo-caption``/``data-desc`` attributes, then the ``<em>`` right after
  the image (same paragraph after ``<br>``, or a following all-italic
  paragraph), then ``figcaption``. The visible caption is consumed, so it never
  shows again as a paragraph.
* Video (``table.video``, ``<video>``, ``figure.video``): an image block with
  its caption when there is a poster still, otherwise skipped (caption too):
  a terminal cannot play it, and an orphan caption reads like body text.
* Junk (scripts, iframes, nav/aside/footer/form, class hints such as ads,
  share, social, comment, related, and "Quảng cáo" boxes) is skipped.
"""

from __future__ import annotations

from dataclasses import replace

from selectolax.lexbor import LexborNode

from antd_tui.core.models import Block
from antd_tui.core.sanitize import clean_text

from .dom import SKIP_TAGS, TEXT, children, is_ad_box, is_junk, node_text, text_of
from .images import (
    attribute_caption,
    caption_ok,
    caption_parts,
    caption_table,
    image_src,
    is_tracking_pixel,
    video_poster,
)
from .rules import (
    BOLD,
    CAPTION_CLASS,
    CREDIT,
    DROP_LINES,
    HEADINGS,
    IMG,
    INLINE,
    ITALIC,
    LINK,
    MEDIA_INSIDE,
    SEE_ALSO,
    all_text_within,
    classes,
    has_tag,
    list_items,
)
from .tidy import key as key_text

MAX_DEPTH = 80
_BREAK = None


class BodyWalker:
    def __init__(self, base: str, title: str = "") -> None:
        self.base = base
        self.title = title
        self.blocks: list[Block] = []
        self.buf: list[str | None] = []
        self.buf_has_text = False
        self.in_p = False
        self.awaiting: int | None = None  # image that may still take an <em> caption
        self.seen_src: set[str] = set()

    def run(self, root: LexborNode, depth: int = 0) -> list[Block]:
        self.container(root, depth)
        self.flush()
        return self.blocks

    # -- dispatch ---------------------------------------------------------
    def container(self, node: LexborNode, depth: int) -> None:
        for child in children(node):
            self.node(child, depth + 1)

    def node(self, node: LexborNode, depth: int) -> None:
        tag = node.tag or ""
        if tag == TEXT:
            text = node.text_content or ""
            if text.strip():
                self.buf.append(text)
                self.buf_has_text = True
                self.awaiting = None
            elif self.buf:
                self.buf.append(" ")
            return
        if tag in SKIP_TAGS:
            return
        if tag == "br":
            self.buf.append(_BREAK)
            return
        if tag == "img":
            self.image(node, None)
            return
        if is_junk(node):
            return
        if depth > MAX_DEPTH:
            self.flush()
            self.paragraph_text(node_text(node))
            return
        if self.awaiting is not None and not self.buf_has_text and self.caption_like(node, tag):
            self.set_caption(self.awaiting, text_of(node))
            self.awaiting = None
            return
        if tag in INLINE:
            self.container(node, depth)
            return
        self.block(node, tag, depth)

    def caption_like(self, node: LexborNode, tag: str) -> bool:
        if has_tag(node, IMG):
            return False
        return tag in ITALIC or any(CAPTION_CLASS.search(c) for c in classes(node))

    def block(self, node: LexborNode, tag: str, depth: int) -> None:
        names = classes(node)
        if is_ad_box(node):
            return
        self.flush()
        if tag == "p":
            self.paragraph(node, depth)
        elif tag in HEADINGS:
            self.heading(node, depth)
        elif tag == "table":
            self.table(node, names, depth)
        elif tag == "video" or (tag == "figure" and "video" in names):
            self.video(node)
        elif "picitem" in names:
            self.picture(node, node.css("img"), node.css_first(".title em, .title, .caption"))
        elif tag == "figure":
            self.figure(node, depth)
        elif tag in ("ul", "ol"):
            self.list_block(node, depth)
        elif tag == "blockquote":
            self.quote(node, depth)
        elif tag == "hr":
            pass
        else:
            self.container(node, depth)
        self.flush()

    # -- text -------------------------------------------------------------
    def flush(self) -> None:
        if not self.buf:
            return
        current: list[str] = []
        breaks = 0
        for item in self.buf:
            if item is _BREAK:
                breaks += 1
                continue
            if breaks:
                if not self.in_p or breaks >= 2:
                    self.paragraph_text("".join(current))
                    current = []
                else:
                    current.append(" ")
                breaks = 0
            current.append(item)
        self.paragraph_text("".join(current))
        self.buf = []
        self.buf_has_text = False

    def paragraph_text(self, raw: str) -> None:
        text = clean_text(raw)
        if text and text.casefold() not in DROP_LINES:
            self.blocks.append(Block("paragraph", text))
            self.awaiting = None

    def paragraph(self, node: LexborNode, depth: int) -> None:
        has_media = has_tag(node, MEDIA_INSIDE)
        if not has_media and has_tag(node, LINK) and SEE_ALSO.match(text_of(node)):
            return  # ">> Xem thêm: <a>…</a>": a link to another story, not body text
        if not has_media and not self.buf and self.credit(text_of(node)):
            return
        if self.awaiting is not None:
            if not has_media and all_text_within(node, ITALIC):
                text = text_of(node)
                if len(text) <= 300:
                    self.set_caption(self.awaiting, text)
                    self.awaiting = None
                    return
            self.awaiting = None
        if not has_media and all_text_within(node, BOLD):
            text = text_of(node)
            if len(text) <= 200:
                self.add_heading(text)
                return
        was_in_p, self.in_p = self.in_p, True
        self.container(node, depth)
        self.flush()
        self.in_p = was_in_p

    def heading(self, node: LexborNode, depth: int) -> None:
        if has_tag(node, IMG):
            self.container(node, depth)
            return
        self.add_heading(text_of(node))

    def add_heading(self, text: str) -> None:
        if text and text.casefold() not in DROP_LINES:
            self.blocks.append(Block("heading", text))
            self.awaiting = None

    def list_block(self, node: LexborNode, depth: int) -> None:
        if node.css_first("img") is not None:
            self.container(node, depth)
            return
        items: list[str] = []
        list_items(node, items, 0)
        if items:
            self.blocks.append(Block("list", "\n".join(items)))
            self.awaiting = None

    def quote(self, node: LexborNode, depth: int) -> None:
        if node.css_first("img, table") is not None:
            self.container(node, depth)
            return
        # Its paragraphs (and a <cite>/<footer> line) become lines of one quote.
        inner = BodyWalker(self.base, self.title).run(node, depth)
        text = "\n".join(b.text for b in inner if b.text)
        if text:
            self.blocks.append(Block("quote", text))
            self.awaiting = None

    def table(self, node: LexborNode, names: list[str], depth: int) -> None:
        if "video" in names:
            self.video(node)
            return
        if "picture" in names or node.css_first("td.pic") is not None:
            imgs = node.css("td.pic img") or node.css("img")
            self.picture(node, imgs, node.css_first("td.caption"))
            return
        caption = caption_table(node)
        if caption is not None:
            self.picture_caption(node.css("img"), caption)
            return
        if node.css_first("img, p, div, table table, ul, ol, h2, h3, h4") is not None:
            self.container(node, depth)
            return
        for row in node.css("tr"):
            cells = [text_of(cell) for cell in row.css("td, th")]
            self.paragraph_text(" | ".join(c for c in cells if c))

    # -- images -----------------------------------------------------------
    def image(self, img: LexborNode, explicit: str | None) -> int | None:
        if is_tracking_pixel(img):
            return None
        src = image_src(img, self.base)
        if src is None or src in self.seen_src:
            return None
        self.flush()
        self.seen_src.add(src)
        caption = explicit or attribute_caption(img, self.title)
        self.blocks.append(Block("image", src=src, caption=caption))
        index = len(self.blocks) - 1
        self.awaiting = None if explicit else index
        return index

    def credit(self, text: str) -> bool:
        """An "Ảnh: …" line right under a photo: kept with its caption (or as it)."""
        last = self.blocks[-1] if self.blocks else None
        if last is None or last.kind != "image" or not CREDIT.match(text) or len(text) > 100:
            return False
        caption = f"{last.caption} {text}" if last.caption else text
        if last.caption and key_text(text) in key_text(last.caption):
            caption = last.caption
        self.blocks[-1] = replace(last, caption=caption)
        self.awaiting = None
        return True

    def set_caption(self, index: int, text: str) -> None:
        block = self.blocks[index]
        caption = caption_ok(text, self.title)
        if caption and not block.caption:
            self.blocks[index] = replace(block, caption=caption)

    def picture(
        self, node: LexborNode, imgs: list[LexborNode], cap_node: LexborNode | None
    ) -> None:
        self.picture_caption(imgs, text_of(cap_node) if cap_node is not None else "")

    def picture_caption(self, imgs: list[LexborNode], text: str) -> None:
        caption = caption_ok(text, self.title) if text else None
        for n, img in enumerate(imgs):
            self.image(img, caption if n == len(imgs) - 1 else None)
        self.awaiting = None

    def figure(self, node: LexborNode, depth: int) -> None:
        imgs = node.css("img")
        if not imgs:
            self.container(node, depth)
            return
        indexes = [i for i in (self.image(img, None) for img in imgs) if i is not None]
        cap_node = node.css_first("figcaption")
        if indexes and cap_node is not None:
            self.set_caption(indexes[-1], caption_parts(cap_node))
        self.awaiting = None

    def video(self, node: LexborNode) -> None:
        poster = video_poster(node, self.base)
        if poster is None or poster in self.seen_src:
            return
        self.seen_src.add(poster)
        cap_node = node.css_first("td.caption, figcaption, .caption")
        caption = caption_ok(text_of(cap_node), self.title) if cap_node is not None else None
        self.blocks.append(Block("image", src=poster, caption=caption))
        self.awaiting = None


def walk(root: LexborNode, base: str, title: str = "") -> list[Block]:
    """Blocks for the body ``root`` (not post-processed; see ``tidy``)."""
    return BodyWalker(base, title).run(root)
