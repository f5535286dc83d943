"""The paper's dateline ("ANTD.VN - ", "(ANTĐ) - "): one rule for every place a lead is shown.

ANTD (and papers on the same CMS) open a story's lead with the paper's name as
a dateline. It is not part of the lead shown anywhere — the reader's reading
view and preview, ``show`` as text, Markdown and JSON, exports — and
``show --json`` carries it apart as ``dateline``. The stored lead keeps it (no
data is lost; the rule is applied where the lead is shown).

What counts: at the very start, "ANTD.VN", "ANTĐ.VN", "ANTD" or "ANTĐ" (Đ also written
Ð, U+00D0), bare or
in parentheses, then a dash, en/em dash or colon ("ANTD.VN -Đêm…" with no space
too); or the parenthesised name alone ("(ANTĐ) Đêm…"). A sentence that merely
starts with the word ("ANTD tổ chức…") keeps it.
"""

from __future__ import annotations

import re

_NAME = r"ANT[ĐDÐ](?:\.VN)?"  # Ð (U+00D0, Icelandic eth) stands in for Đ on some pages
DATELINE = re.compile(
    rf"^\s*(?:(?:\(\s*{_NAME}\s*\)|{_NAME})\s*[-–—:]+|\(\s*{_NAME}\s*\))\s*",
    re.IGNORECASE,
)


def split_dateline(text: str | None) -> tuple[str, str]:
    """``(dateline, rest)``: ``("ANTD.VN", "Đêm qua…")``, or ``("", text)`` without one."""
    if not text:
        return "", text or ""
    found = DATELINE.match(text)
    if not found or not text[found.end():].strip():
        return "", text
    name = found.group(0).strip().rstrip("-–—:").strip()
    return name, text[found.end():]


def without_dateline(text: str | None) -> str:
    return split_dateline(text)[1]
