"""Fetching and extracting one article page, for refresh and on demand."""

from __future__ import annotations

import sqlite3

from antd_tui.core.errors import AntdError
from antd_tui.core.net.fetch import PAGE_ACCEPT, Fetcher
from antd_tui.core.store.content import mark_full_text_failed, save_full_text

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


async def fetch_article(fetcher: Fetcher, conn: sqlite3.Connection, article_id: int, url: str
                        ) -> str | None:
    """Fetch, extract and store one page; return ``None`` on success, else the error text.

    A failure never loses anything: the article keeps its feed summary and is
    marked ``failed`` so a later refresh (or opening it) tries again.
    """
    from antd_tui.core.extract import extract

    try:
        result = await fetcher.get(url, accept=PAGE_ACCEPT)
        media = result.content_type.split(";")[0].strip().lower()
        if media not in _HTML_TYPES:
            raise AntdError(f"not an HTML page ({media})")
        page = extract(result.url, result.body)
    except AntdError as exc:
        error = str(exc) or type(exc).__name__
        mark_full_text_failed(conn, article_id, error)
        return error
    except Exception as exc:
        error = f"unexpected {type(exc).__name__}: {exc}"
        mark_full_text_failed(conn, article_id, error)
        return error
    save_full_text(conn, article_id, page)
    return None
