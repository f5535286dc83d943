"""Clean-ups over a finished block list: repeated lead, repeated captions, repeated title."""

from __future__ import annotations

import re
from dataclasses import replace

from antd_tui.core.dateline import without_dateline
from antd_tui.core.models import Block

_NON_WORD = re.compile(r"[\W_]+")
TEXT_KINDS = ("paragraph", "heading", "quote", "list")


def strip_dateline(text: str) -> str:
    return without_dateline(text)


def key(text: str) -> str:
    """Comparison key: dateline, whitespace and punctuation removed, casefolded."""
    return _NON_WORD.sub("", strip_dateline(text)).casefold()


def covers(whole: str, part: str, min_len: int = 30) -> bool:
    """``part`` says nothing ``whole`` does not: the same text, or a truncated copy of it.

    "Truncated" needs ``min_len`` matching characters, so a short paragraph that
    happens to open the lead ("Hà Nội") is not mistaken for a copy. A ``part``
    that goes on beyond ``whole`` is never covered: dropping it would lose text.
    """
    kp, kw = key(part), key(whole)
    if not kp or not kw:
        return False
    return kp == kw or (len(kp) >= min_len and kw.startswith(kp))


def _wordy(text: str | None) -> bool:
    return bool(text) and any(ch.isalnum() for ch in text or "")


def has_body(blocks: list[Block]) -> bool:
    """Some text worth reading: a letter or digit in a text block or a caption.

    A photo story with captions counts; a page of bare pictures or of
    replacement characters does not.
    """
    return any(_wordy(b.text) for b in blocks if b.kind in TEXT_KINDS) or any(
        _wordy(b.caption) for b in blocks if b.kind == "image"
    )


def tidy(blocks: list[Block], lead: str | None = None, title: str | None = None) -> list[Block]:
    out = list(blocks)
    # The lead repeated as the first text block (2016-2020: <p><b>ANTD.VN - …</b></p>).
    if lead:
        text_seen = 0
        for i, block in enumerate(out):
            if block.kind not in TEXT_KINDS:
                continue
            if covers(lead, block.text):
                del out[i]
                break
            text_seen += 1
            if text_seen >= 2:
                break
    # The dateline rule applies to the body's opening paragraph too ("ANTD.VN - …").
    first = next((i for i, b in enumerate(out) if b.kind in TEXT_KINDS), None)
    if first is not None and out[first].kind == "paragraph":
        opening = strip_dateline(out[first].text)
        if opening != out[first].text:
            out[first] = replace(out[first], text=opening.strip())
    # The article title repeated as a heading at the top (generic pages).
    if title:
        for i, block in enumerate(out[:3]):
            if block.kind == "heading" and key(block.text) == key(title):
                del out[i]
                break
    result: list[Block] = []
    for block in out:
        if block.kind in TEXT_KINDS and result:
            # A caption repeated as a paragraph just after its image.
            recent = [b for b in result[-3:] if b.kind == "image" and b.caption]
            if any(key(b.caption or "") == key(block.text) for b in recent):
                continue
            # The same paragraph twice in a row (desktop and mobile copies).
            if result[-1].kind == block.kind and result[-1].text == block.text:
                continue
        result.append(block)
    return result
