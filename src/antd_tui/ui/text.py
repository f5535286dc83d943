"""Text helpers with no Textual import: what a search lights up, and link safety.

Data strings are never markup. Widgets wrap them in ``Content(...)`` or
``rich.text.Text(...)``; this module only computes plain spans and checks URLs.
"""

from __future__ import annotations

import unicodedata

from antd_tui.core.sanitize import safe_url
from antd_tui.core.search.query import Query, QueryTooLong, parse
from antd_tui.core.search.spans import match_spans

__all__ = ["NO_QUERY", "Query", "browser_url", "match_spans", "one_line", "query_terms", "still_typing"]

NO_QUERY = Query(())


def query_terms(text: str, *, typing: bool = False) -> Query:
    """The search as the index reads it (``core/search/query.py``); empty when it has no
    words or too many. ``typing``: the last word is still being typed (it ends the text),
    so it also matches word starts."""
    try:
        return parse(text, prefix=typing and still_typing(text))
    except QueryTooLong:
        return NO_QUERY


def still_typing(text: str) -> bool:
    """Whether ``text`` ends inside a word (no space, quote or punctuation after it yet)."""
    return bool(text) and (text[-1].isalnum() or unicodedata.combining(text[-1]) > 0)


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
