"""Where an ArticleList gets its rows: a category pane (paged from the cache), or a fixed list.

All methods block (they read SQLite), so the list calls them from thread workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from antd_tui.core.service import ReaderService
from antd_tui.core.store.queries import ArticleRow


class RowSource(Protocol):
    def count(self) -> int: ...
    def page(self, offset: int, limit: int) -> list[ArticleRow]: ...
    def position(self, article_id: int) -> int | None: ...


class CategorySource:
    """One category pane, newest first, paged with LIMIT/OFFSET; never loaded whole."""

    def __init__(self, service: ReaderService, slug: str) -> None:
        self.service = service
        self.slug = slug

    def count(self) -> int:
        return self.service.article_count(self.slug)

    def page(self, offset: int, limit: int) -> list[ArticleRow]:
        return self.service.articles(self.slug, limit=limit, offset=offset)

    def position(self, article_id: int) -> int | None:
        return self.service.article_position(self.slug, article_id)


class FixedSource:
    """Search results or bookmarks: loaded once (on the first ``count``), then sliced."""

    def __init__(self, load: Callable[[], list[ArticleRow]]) -> None:
        self._load = load
        self._rows: list[ArticleRow] | None = None

    @property
    def rows(self) -> list[ArticleRow]:
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def count(self) -> int:
        return len(self.rows)

    def page(self, offset: int, limit: int) -> list[ArticleRow]:
        return self.rows[offset:offset + limit]

    def position(self, article_id: int) -> int | None:
        for index, row in enumerate(self.rows):
            if row.id == article_id:
                return index
        return None
