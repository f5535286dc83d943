"""Tag sets and small predicates the body walker decides with."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from antd_tui.core.sanitize import clean_text

from .dom import TEXT, attr, children, is_junk, node_text

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INLINE = frozenset(
    {
        "a", "b", "strong", "i", "em", "span", "font", "u", "s", "strike", "sup", "sub",
        "small", "big", "mark", "abbr", "cite", "q", "code", "kbd", "var", "time",
        "label", "del", "ins", "tt", "bdi", "bdo", "nobr", "wbr", "dfn", "samp", "data",
    }
)
BOLD = frozenset({"b", "strong"})
IMG = frozenset({"img"})
ITALIC = frozenset({"em", "i"})
MEDIA_INSIDE = frozenset({"img", "table", "ul", "ol", "blockquote", "figure", "video"})
# A photo credit line: "Ảnh: Võ Thạnh", "Ảnh minh họa: …", "Photo: …", "Nguồn ảnh: …".
CREDIT = re.compile(
    r"^(?:ảnh(?:\s+minh\s+họa|\s+chụp\s+màn\s+hình)?|nguồn\s+ảnh|photo|photos|image|credit)\s*:",
    re.IGNORECASE,
)
CAPTION_CLASS = re.compile(
    # "caption" anywhere in a class token (PhotoCMS_Caption, pCaption, wp-caption-text) …
    r"caption|(?:^|[-_])(?:photo-desc|image-desc)(?:[-_]|$)",
    re.IGNORECASE,
)
LINK = frozenset({"a"})
# ">> Xem thêm: …", "Đọc thêm:", "Tin liên quan:" lines that lead to other stories.
SEE_ALSO = re.compile(
    r"^[>»\s-]*(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|mời (?:bạn )?xem|xem video)"
    r"\s*[:>»-]",
    re.IGNORECASE,
)
# Lines that label boilerplate rather than say anything.
DROP_LINES = frozenset(
    {
        "quảng cáo", "advertisement", "xem thêm", "xem thêm:", "tin liên quan",
        "tin liên quan:", "bài liên quan", "các tin khác", "tin khác", "tin cùng chuyên mục",
        "chia sẻ", "bình luận", "share", "tweet",
    }
)


def classes(node: LexborNode) -> list[str]:
    return attr(node, "class").split()


def has_tag(root: LexborNode, tags: frozenset[str]) -> bool:
    """Any descendant with one of ``tags`` (a walk is cheaper than ``css_first`` on small nodes)."""
    return any(sub.tag in tags for sub in root.traverse())


def all_text_within(root: LexborNode, tags: frozenset[str]) -> bool:
    """True if every non-blank text node under ``root`` sits inside one of ``tags``."""
    root_id = root.mem_id
    found = False
    for sub in root.traverse(include_text=True):
        if sub.tag != TEXT or not (sub.text_content or "").strip():
            continue
        anc = sub.parent
        while anc is not None and anc.mem_id != root_id and anc.tag not in tags:
            anc = anc.parent
        if anc is None or anc.mem_id == root_id:
            return False
        found = True
    return found


def list_items(node: LexborNode, items: list[str], level: int) -> None:
    """Append the items of list ``node`` to ``items``; nested lists follow their parent item."""
    if level > 8:  # absurdly deep: the rest is one item
        text = clean_text(node_text(node))
        if text:
            items.append(text)
        return
    for li in children(node):
        if li.tag not in ("li", "ul", "ol") or is_junk(li):
            continue
        if li.tag != "li":
            list_items(li, items, level + 1)
            continue
        own: list[str] = []
        nested: list[LexborNode] = []
        for part in children(li):
            if part.tag in ("ul", "ol"):
                nested.append(part)
            else:
                own.append(node_text(part))
        text = clean_text("".join(own))
        if text:
            items.append(text)
        for sub in nested:
            list_items(sub, items, level + 1)
