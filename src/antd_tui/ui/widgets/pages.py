"""The rows an ArticleList has read: pages of ``PAGE`` rows, a bounded number kept.

Plain Python (no Textual): the list asks which pages a window needs, reads
them in thread workers with ``read_first``/``read_page`` and hands them back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.sources import RowSource

PAGE = 200
KEEP_PAGES = 24  # at most this many pages stay in memory; the farthest from the cursor go first


class PageCache:
    def __init__(self) -> None:
        self.pages: dict[int, list[ArticleRow]] = {}
        self.total = 0
        self.loading: set[int] = set()

    def reset(self, pages: dict[int, list[ArticleRow]], total: int) -> None:
        self.pages, self.total = dict(pages), total
        self.loading.clear()

    def row_at(self, index: int) -> ArticleRow | None:
        page = self.pages.get(index // PAGE)
        if page is None or not 0 <= index < self.total:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def wanted(self, low: int, high: int) -> list[int]:
        """Pages covering rows ``low..high`` that are neither read nor being read; marks them."""
        out = [p for p in range(max(0, low) // PAGE, max(0, high) // PAGE + 1)
               if p not in self.pages and p not in self.loading and p * PAGE < self.total]
        self.loading.update(out)
        return out

    def add(self, pages: dict[int, list[ArticleRow]], cursor: int) -> None:
        self.pages.update(pages)
        self.loading.difference_update(pages)
        if len(self.pages) > KEEP_PAGES:
            here = cursor // PAGE
            far = sorted(self.pages, key=lambda p: -abs(p - here))
            for page in far[: len(self.pages) - KEEP_PAGES]:
                del self.pages[page]

    def patch(self, article_id: int, changes: dict[str, Any]) -> bool:
        """Change one article's flags in place; ``True`` if it is among the rows read."""
        found = False
        for rows in self.pages.values():
            for i, row in enumerate(rows):
                if row.id == article_id:
                    rows[i] = replace(row, **changes)
                    found = True
        return found


def read_first(source: RowSource, keep_id: int | None, keep_index: int
               ) -> tuple[int, int, dict[int, list[ArticleRow]]]:
    """Blocking: (total, cursor, pages) for a (re)load that keeps the selected article if it can."""
    total = source.count()
    found = source.position(keep_id) if keep_id is not None else None
    cursor = max(0, min(keep_index if found is None else found, total - 1))
    pages = {p: source.page(p * PAGE, PAGE) for p in {0, cursor // PAGE} if total}
    return total, cursor, pages


def read_page(source: RowSource, page: int) -> list[ArticleRow]:
    return source.page(page * PAGE, PAGE)
