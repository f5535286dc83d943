"""Helpers shared by the RSS/Atom and JSON Feed paths."""

from __future__ import annotations

import re

from antd_tui.core.dateline import without_dateline
from antd_tui.core.sanitize import clean_text, safe_url

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_IMG_SRC = re.compile(r"\bsrc\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
_LAZY = re.compile(r"\bdata-(?:src|original)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
MAX_FIELD = 20_000
_PLACEHOLDER = re.compile(r"(blank|spacer|pixel|1x1)\.(gif|png)$", re.IGNORECASE)


def strip_dateline(text: str) -> str:
    """``"ANTD.VN - Sáng 29-3, …"`` -> ``"Sáng 29-3, …"`` (the rule of ``core/dateline.py``)."""
    return without_dateline(text)


def first_image(html: str, base: str) -> str | None:
    """The lead photo: the first ``<img>`` in an item's description HTML.

    A lazy-loading ``data-src`` wins over ``src``; placeholders (blank.gif …) are skipped.
    """
    for tag in _IMG_TAG.finditer(html):
        text = tag.group(0)
        # most tags have no data-* attribute: one search instead of two
        for pattern in (_LAZY, _IMG_SRC) if "data-" in text.lower() else (_IMG_SRC,):
            match = pattern.search(text)
            if match:
                src = match.group(1).strip("\"'")
                url = safe_url(_unescape_attr(src) if "&" in src else src, base=base)
                if url and not (url[-4:].lower() in (".gif", ".png") and _PLACEHOLDER.search(url)):
                    return url
    return None


def _unescape_attr(value: str) -> str:
    import html

    return html.unescape(value)


def clean_summary(html: str) -> str:
    """Plain-text preview: HTML removed, dateline removed, capped in length."""
    return strip_dateline(clean_text(html[:MAX_FIELD * 5], html=True))[:MAX_FIELD]


def clean_title(text: str) -> str:
    return clean_text(text[:MAX_FIELD], html=True)[:1000]
