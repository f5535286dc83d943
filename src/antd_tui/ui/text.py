"""Text helpers with no Textual import: search-match spans and link safety.

Data strings are never markup. Widgets wrap them in ``Content(...)`` or
``rich.text.Text(...)``; this module only computes plain spans and checks URLs.
"""

from __future__ import annotations

import re
import unicodedata

from antd_tui.core.folding import fold
from antd_tui.core.sanitize import safe_url

_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """The folded words of a search, as the index sees them (``Đà Nẵng`` -> ``da``, ``nang``)."""
    return [t for t in re.split(r"\W+", fold(query)) if t]


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` one character at a time; ``origin[i]`` is the source index of folded char i.

    Folding a whole string can change its length (a lone combining mark
    vanishes, some capitals lower to two characters), so each folded character
    remembers where it came from and spans map back exactly.
    """
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for out in fold(char):
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` (indices into ``text`` as given) that the search terms match.

    Like the FTS query: every term but the last matches whole words, the last
    one also word prefixes (so ``nan`` already lights up ``Nẵng`` while typing).
    """
    if not terms or not text:
        return []
    folded, origin = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    whole, last = set(terms[:-1]), terms[-1]
    for word in _WORD.finditer(folded):
        token = word.group()
        if token in whole or token == last:
            length = len(token)
        elif token.startswith(last):
            length = len(last)
        else:
            length = 0
        if length:
            start = origin[word.start()]
            end = origin[word.start() + length - 1] + 1
            spans.append((start, end))
    return spans


def browser_url(url: str | None) -> str | None:
    """``url`` if it is safe to hand to a web browser: http(s) with a host, no option look-alike."""
    if not url or url.startswith("-"):
        return None
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return None
    return url if safe_url(url) is not None else None  # the same http(s)-only rule as storage


def one_line(text: str) -> str:
    """Collapse whitespace (a stored title is already clean; this is for previews)."""
    return " ".join(text.split())
