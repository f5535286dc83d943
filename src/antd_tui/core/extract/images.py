"""Image rules shared by every adapter: which URL to keep, which text is a caption."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from antd_tui.core.sanitize import clean_text, safe_url

from .dom import attr, text_of

# Lazy-loading placeholders: the real picture is in data-src.
_PLACEHOLDER = re.compile(
    r"(?:blank|empty|spacer|pixel|transparent|placeholder|lazy|loading|grey|gray|1x1)"
    r"[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:$|\?)|^data:|/1x1[./]",
    re.IGNORECASE,
)
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url")
# "ảnh 1", "Ảnh 12", "<title> ảnh 1", "photo 3": the CMS's alt, never a caption.
_ALT_LIKE = re.compile(r"(?:^|\s)(?:ảnh|anh|hình|hinh|photo|image|img)\s*\d+\s*$", re.IGNORECASE)
_FILENAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|svg)$", re.IGNORECASE)


def _usable(value: str, base: str) -> str | None:
    if not value or _PLACEHOLDER.search(value):
        return None
    return safe_url(value, base=base)


def _from_srcset(value: str, base: str) -> str | None:
    best: tuple[float, str] | None = None
    for part in value.split(","):
        bits = part.split()
        if not bits:
            continue
        size = 0.0
        if len(bits) > 1:
            try:
                size = float(bits[1].rstrip("wx"))
            except ValueError:
                size = 0.0
        if best is None or size > best[0]:
            best = (size, bits[0])
    return _usable(best[1], base) if best else None


def is_tracking_pixel(img: LexborNode) -> bool:
    for name in ("width", "height"):
        value = attr(img, name).removesuffix("px")
        if value.isdigit() and int(value) <= 2:
            return True
    return False


def image_src(img: LexborNode, base: str) -> str | None:
    """The picture's absolute http(s) URL.

    ``data-src`` (and other lazy attributes) win over ``src`` because ``src`` is
    then a placeholder or a tiny preview; ``src`` is used when it is real;
    ``data-photo-original-src`` and ``srcset`` are fallbacks.
    """
    for name in _LAZY_ATTRS:
        found = _usable(attr(img, name), base)
        if found:
            return found
    found = _usable(attr(img, "src"), base)
    if found:
        return found
    found = _usable(attr(img, "data-photo-original-src"), base)
    if found:
        return found
    for name in ("data-srcset", "srcset"):
        value = attr(img, name)
        if value:
            found = _from_srcset(value, base)
            if found:
                return found
    return None


def video_poster(node: LexborNode, base: str) -> str | None:
    """A still for a video block: ``video[poster]``, ``data-poster``/``data-thumb``, or an img."""
    candidates = [node, *node.css("video, [data-poster], [data-thumb], [poster]")]
    for cand in candidates:
        for name in ("poster", "data-poster", "data-thumb", "data-image"):
            found = _usable(attr(cand, name), base)
            if found:
                return found
    img = node.css_first("img")
    return image_src(img, base) if img is not None else None


def caption_ok(text: str, title: str = "") -> str | None:
    """``text`` if it is a real caption; ``None`` for alt-like noise."""
    text = clean_text(text)
    if not text or _ALT_LIKE.search(text) or _FILENAME.match(text):
        return None
    if title and text.casefold() == title.casefold():
        return None
    return text


def attribute_caption(img: LexborNode, title: str = "") -> str | None:
    """``cms-photo-caption`` / ``data-desc`` on the image or its link (up to 3 levels)."""
    node: LexborNode | None = img
    for _ in range(4):
        if node is None:
            break
        for name in ("cms-photo-caption", "data-desc", "data-caption"):
            # Attributes may hold escaped markup (``&lt;b&gt;``): strip it.
            found = caption_ok(clean_text(attr(node, name), html=True), title)
            if found:
                return found
        node = node.parent
    return None


def caption_table(node: LexborNode) -> str | None:
    """A layout table holding a photo and its caption (VnExpress's ``table.tplCaption``):
    the text of its cells without a picture, or None when it is a real table."""
    imgs = node.css("img")
    if not imgs or len(imgs) > 4 or node.css_first("table table, ul, ol, h2, h3, h4") is not None:
        return None
    parts = [text_of(cell) for cell in node.css("td, th") if cell.css_first("img") is None]
    text = " ".join(p for p in parts if p)
    return text if len(text) <= 400 else None


def caption_parts(node: LexborNode) -> str:
    """A figcaption's text; its paragraphs (a caption, then "ẢNH: …") joined with " · "."""
    parts = [text_of(p) for p in node.css("p")]
    parts = [part for part in parts if part]
    if len(parts) < 2 or sum(map(len, parts)) < len(text_of(node)) - len(parts):
        return text_of(node)  # text outside the paragraphs too: read it whole
    return " · ".join(parts)
