"""Drawing article-list rows: plain strings into ``rich.text.Text``, then a cached ``Strip``.

This is the hot path while scrolling, so finished rows are cached by
(row, cursor, width, search terms); the list clears the cache when styles,
focus or the minute (relative times) change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.text import Query, match_spans

CACHE_LIMIT = 2_000


class RowPainter:
    def __init__(self, style: Callable[[str], Style], console: Callable[[], Console],
                 time_text: Callable[[datetime], str], time_width: int) -> None:
        self.style = style  # a part's style: base, cursor, read, unread, dot, star, time, match, …
        self.console = console
        self.time_text = time_text
        self.time_width = time_width
        self._cache: dict[tuple[object, ...], Strip] = {}

    def clear(self) -> None:
        self._cache.clear()

    def row(self, row: ArticleRow, width: int, cursor: bool, terms: Query) -> Strip:
        key = (row, cursor, width, terms)
        strip = self._cache.get(key)
        if strip is None:
            line_style = self._line_style(cursor)
            text = self._row_text(row, width, line_style, cursor, terms)
            strip = self._strip(text, width, line_style)
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def pending(self, width: int, cursor: bool) -> Strip:
        """A row whose page is still being read: a quiet ellipsis for a few milliseconds."""
        line_style = self._line_style(cursor)
        return self._strip(Text("   …", style=line_style + self.style("time")), width, line_style)

    def message(self, message: str, part: str, width: int) -> Strip:
        """A centred line of the empty state."""
        base = self.style("base")
        text = Text(message, style=base + self.style(part), no_wrap=True)
        text.truncate(width, overflow="ellipsis")
        text.align("center", width)
        return self._strip(text, width, base)

    def _line_style(self, cursor: bool) -> Style:
        base = self.style("base")
        return base + self.style("cursor") if cursor else base

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, pad=True)
        return Strip(text.render(self.console()), width).apply_style(style)

    def _row_text(self, row: ArticleRow, width: int, style: Style, cursor: bool,
                  terms: Query) -> Text:
        """`` ● ★  Title……  5 phút trước ``: unread dot, bookmark star, title, time."""
        show_time = width >= 48
        title_width = max(4, width - 6 - (self.time_width + 3 if show_time else 1))
        # on the cursor row every word takes the cursor's own colour (muted grey on the blue bar
        # fell below WCAG AA's 4.5:1); test_contrast.py measures every row state in both themes
        words = self.style("cursor") if cursor else self.style("read" if row.read else "unread")
        title = Text(row.title, style=words, no_wrap=True)
        for start, end in match_spans(row.title, terms):
            title.stylize(self.style("match"), start, end)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        text = Text(style=style, no_wrap=True)
        text.append(" ")
        text.append("●" if not row.read else " ", Style(bold=True) if cursor else self.style("dot"))
        text.append(" ")
        text.append("★" if row.bookmarked else " ", self.style("star"))
        text.append("  ")
        text.append_text(title)
        if show_time:
            text.append("  ")
            text.append(self.time_text(row.published).rjust(self.time_width),
                        self.style("cursor") if cursor else self.style("time"))
            text.append(" ")
        return text
