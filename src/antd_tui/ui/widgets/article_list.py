"""A virtual article list: one line per article, pages of rows read lazily in thread workers.

The list knows only ``total`` and the pages it has fetched (200 rows each, a
bounded number kept), so a pane of 100,000 cached articles costs what 30
visible lines cost. Rows are drawn with the Line API by ``RowPainter`` from
plain strings: a title is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from rich.style import Style
from textual import events, on
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.commands import bindings_for
from antd_tui.ui.messages import ArticleAction
from antd_tui.ui.sources import RowSource
from antd_tui.ui.text import NO_QUERY, Query
from antd_tui.ui.widgets.pages import PAGE, PageCache, read_first, read_page
from antd_tui.ui.widgets.rows import RowPainter

AHEAD = 100  # rows fetched beyond the visible window


class ArticleList(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("list")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor", "article-list--unread", "article-list--read", "article-list--dot",
        "article-list--star", "article-list--time", "article-list--match", "article-list--empty",
        "article-list--hint",
    }
    DEFAULT_CSS = """
    ArticleList { background: $surface; overflow-x: hidden; }
    ArticleList > .article-list--cursor { background: $foreground 12%; color: $foreground; }
    ArticleList:focus > .article-list--cursor { background: $accent 35%; color: $foreground; }
    ArticleList > .article-list--unread { color: $foreground; }
    ArticleList > .article-list--read { color: $text-muted; }
    ArticleList > .article-list--dot { color: $accent; }
    ArticleList > .article-list--star { color: $warning; }
    ArticleList > .article-list--time { color: $text-muted; }
    ArticleList > .article-list--match { background: $warning 40%; color: $foreground; }
    ArticleList > .article-list--empty { text-style: bold; }
    ArticleList > .article-list--hint { color: $text-muted; }
    """

    @dataclass
    class _Event(Message):
        article_list: ArticleList

        @property
        def control(self) -> ArticleList:
            return self.article_list

    @dataclass
    class Highlighted(_Event):
        """The cursor is on ``row`` (``None`` while its page is being read)."""

        row: ArticleRow | None

    @dataclass
    class Selected(_Event):
        row: ArticleRow

    @dataclass
    class Loaded(_Event):
        """A (re)load finished: ``total`` rows."""

        total: int

    @dataclass
    class _Arrived(Message, bubble=False):
        generation: int
        pages: dict[int, list[ArticleRow]]
        total: int | None = None
        cursor: int | None = None

    def __init__(self, time_text: Callable[[datetime], str], time_width: int, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._painter = RowPainter(self._part_style, lambda: self.app.console, time_text, time_width)
        self.highlight_terms: Query = NO_QUERY
        self.empty_title = ""
        self.empty_hint = ""
        self._source: RowSource | None = None
        self._generation = 0
        self._rows = PageCache()
        self._cursor = 0
        self._styles: dict[str, Style] = {}
        self._queued: list[Callable[[], None]] = []
        self.loaded = False

    # -- data ------------------------------------------------------------------
    @property
    def total(self) -> int:
        return self._rows.total

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def current(self) -> ArticleRow | None:
        return self._rows.row_at(self._cursor)

    def row_at(self, index: int) -> ArticleRow | None:
        return self._rows.row_at(index)

    def load(self, source: RowSource, *, keep_id: int | None = None, top: bool = False,
             reset: bool = False) -> None:
        """(Re)load from ``source`` in a thread, keeping the selected article when it is still there.

        ``reset`` (another pane, a new search) empties the list at once, so a key
        pressed before the rows arrive acts on the new rows (enter waits for them).
        """
        self._generation += 1
        self._source = source
        keep_index = 0 if top else self._cursor
        if keep_id is None and not top and self.current is not None:
            keep_id = self.current.id
        if reset:
            self._rows.reset({}, 0)
            self._cursor, self.loaded, self._queued = 0, False, []
            self.refresh()
        else:
            self._rows.loading.clear()
        generation = self._generation

        def work() -> None:
            total, cursor, pages = read_first(source, keep_id, keep_index)
            self.post_message(self._Arrived(generation, pages, total, cursor))

        self.run_worker(work, thread=True, group="list-load", exclusive=True, exit_on_error=False)

    def _ensure_window(self) -> None:
        """Read the pages around the cursor and the visible rows, ahead of need."""
        top = self.scroll_offset.y
        low = min(self._cursor, top) - AHEAD // 2
        high = min(self.total - 1, max(self._cursor, top + self.size.height) + AHEAD)
        source, generation = self._source, self._generation
        if source is None:
            return
        for page in self._rows.wanted(low, high):
            self.run_worker(partial(self._read_page, source, generation, page), thread=True,
                            group="list-page", exit_on_error=False)

    def _read_page(self, source: RowSource, generation: int, page: int) -> None:
        self.post_message(self._Arrived(generation, {page: read_page(source, page)}))

    @on(_Arrived)
    def _arrived(self, message: _Arrived) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        if message.total is None:
            self._rows.add(message.pages, self._cursor)
            self.refresh()
            if self._cursor // PAGE in message.pages:
                self.post_message(self.Highlighted(self, self.current))
            return
        old_offset = self._cursor - self.scroll_offset.y
        self._rows.reset(message.pages, message.total)
        self._cursor = message.cursor or 0
        self.loaded = True
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)
        self.scroll_to(y=max(0, self._cursor - max(0, old_offset)), animate=False, force=True,
                       immediate=True)
        self._reveal()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))
        self.post_message(self.Loaded(self, self.total))
        queued, self._queued = self._queued, []
        for action in queued:  # keys typed while the rows were on their way
            action()

    def patch(self, article_id: int, **changes: Any) -> None:
        """Change one article's flags in place (read, bookmarked) without a reload."""
        if self._rows.patch(article_id, changes):
            self.refresh()
            if article_id == getattr(self.current, "id", None):
                self.post_message(self.Highlighted(self, self.current))

    # -- cursor ----------------------------------------------------------------
    def move_to(self, index: int) -> None:
        if not self.total:
            return
        index = max(0, min(index, self.total - 1))
        old, top = self._cursor, self.scroll_offset.y
        changed = index != old
        self._cursor = index
        self._reveal()
        if self.scroll_offset.y == top:  # no scroll: only the two rows whose cursor style changed
            self.refresh_line(old)
            self.refresh_line(index)
        else:
            self.refresh()
        if changed:
            self.post_message(self.Highlighted(self, self.current))

    def _reveal(self) -> None:
        width = max(1, self.scrollable_content_region.width)
        self.scroll_to_region(Region(0, self._cursor, width, 1), animate=False, force=True,
                              immediate=True)
        self._ensure_window()

    def step(self, delta: int) -> ArticleRow | None:
        """Move by ``delta`` for next/previous article; the row there, if it is loaded."""
        target = self._cursor + delta
        if not 0 <= target < self.total:
            return None
        self.move_to(target)
        return self.current

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _go(self, target: Callable[[], int]) -> None:
        """Move the cursor; before a new source's first rows arrive, keep the key for then."""
        if self.loaded:
            self.move_to(target())
        else:
            self._queued.append(partial(self._go, target))

    def action_cursor_down(self) -> None:
        self._go(lambda: self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._go(lambda: self._cursor - 1)

    def action_page_down(self) -> None:
        self._go(lambda: self._cursor + self._page_rows())

    def action_page_up(self) -> None:
        self._go(lambda: self._cursor - self._page_rows())

    def action_first(self) -> None:
        self._go(lambda: 0)

    def action_last(self) -> None:
        self._go(lambda: self.total - 1)

    def action_select(self) -> None:
        if not self.loaded:
            self._queued.append(self.action_select)
        elif self.current is not None:
            self.post_message(self.Selected(self, self.current))

    def action_article(self, command: str) -> None:
        """bookmark, toggle_read, open_browser, copy_link: the app does them to the selected row."""
        if self.current is not None:
            self.post_message(ArticleAction(self.current, command))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < self.total:
            self.move_to(index)
            if event.chain >= 2:
                self.action_select()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.loaded:
            self._ensure_window()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)

    # -- drawing ---------------------------------------------------------------
    def tick(self) -> None:
        """Relative times moved on (called each minute): redraw every row."""
        self._painter.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        self._painter.clear()
        self._styles.clear()
        super().notify_style_update()

    on_focus = on_blur = tick  # the cursor row's colour depends on focus

    def on_mount(self) -> None:
        self.set_interval(60, self.tick)

    def _part_style(self, name: str) -> Style:
        """Component and base styles, looked up once per style change (the lookups are not cheap)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (self.rich_style if name == "base" else
                                          self._component_style(f"article-list--{name}"))
        return style

    def _component_style(self, component: str) -> Style:
        """A part's own style with its colours as drawn: Textual's partial style keeps a colour's
        alpha unapplied (``$foreground 10%`` came out as the full foreground: the search screen's
        cursor row, seen while typing, was light text on a light bar), so the colours come from
        the full style, which blends them over the list's background."""
        partial = self.get_component_rich_style(component, partial=True)
        full = self.get_component_rich_style(component, partial=False)
        return partial + Style(color=full.color if partial.color else None,
                               bgcolor=full.bgcolor if partial.bgcolor else None)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.loaded and not self.total:
            empty = {1: (self.empty_title, "empty"), 2: (self.empty_hint, "hint")}
            if y in empty:
                return self._painter.message(*empty[y], width)
            return Strip.blank(width, self._part_style("base"))
        index = self.scroll_offset.y + y
        if index >= self.total:
            return Strip.blank(width, self._part_style("base"))
        row = self.row_at(index)
        cursor = index == self._cursor
        if row is None:
            self.call_later(self._ensure_window)
            return self._painter.pending(width, cursor)
        return self._painter.row(row, width, cursor, self.highlight_terms)
