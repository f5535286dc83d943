"""Search: type words (accents optional), results as a list with the matched words lit.

Most relevant first (``store/search_rank.py``); the sort key (``search_sort``,
ctrl+o) switches to newest first and back, keeping the query. While a word is
being typed it also matches longer words (``nan`` lights ``Nẵng``); Enter, or
a space after it, makes it whole, as in the CLI.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from antd_tui.core.search.query import MAX_WORDS, QueryTooLong, parse
from antd_tui.ui.commands import bindings_for
from antd_tui.ui.sources import FixedSource
from antd_tui.ui.text import NO_QUERY, query_terms
from antd_tui.ui.widgets.article_list import ArticleList
from antd_tui.ui.widgets.bars import KeyBar, StatusBar, TitleBar
from antd_tui.ui.widgets.preview import Preview

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp

LIMIT = 200
# Keys closer together than this are one search. A search takes ~20-60 ms on 100k or
# 1M articles (bench: search rows), so the results land ~0.2 s after the last key.
DEBOUNCE = 0.15


class SearchScreen(Screen[None]):
    CSS_PATH = "search.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings_for("back"),
        *bindings_for("search"),
        Binding("down", "focus_results", show=False),  # from the input into the results
    ]

    def __init__(self) -> None:
        super().__init__()
        self._debounce: Timer | None = None
        self._query_text = ""
        self._typing = False
        self._newest = False
        self._focus_when_loaded = False

    @property
    def antd(self) -> AntdApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.antd
        yield TitleBar(app.tr("screen.search"))
        yield Input(placeholder=app.tr("search.placeholder"), id="query")
        with Container(id="body"):
            results = ArticleList(app.time_text, app.time_width, id="results")
            results.empty_title = app.tr("search.prompt")
            yield results
            yield Preview(app.byline, app.flags_line, id="preview")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        query = self.query_one("#query", Input)
        query.cursor_blink = self.antd.cursor_blink
        query.focus()
        self.results.load(FixedSource(list), top=True)

    @property
    def results(self) -> ArticleList:
        return self.query_one("#results", ArticleList)

    def focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_results(self) -> None:
        if self.results.total:
            self.results.focus()

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, partial(self.search, event.value, typing=True))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._focus_when_loaded = True  # go to the results as soon as they land
        self.search(event.value)

    def action_toggle_sort(self) -> None:
        self._newest = not self._newest
        self.search(self.query_one("#query", Input).value, typing=self._typing)

    def search(self, text: str, *, typing: bool = False) -> None:
        """Run the search in a thread; ``typing``: the last word may be unfinished."""
        app = self.antd
        self._typing = typing
        self._query_text = text.strip()
        terms = query_terms(text, typing=typing)
        results = self.results
        results.highlight_terms = terms
        if not terms:
            results.empty_title, results.empty_hint = app.tr("search.prompt"), ""
            try:
                parse(text)
            except QueryTooLong as exc:
                results.empty_title = app.tr("search.too_long", max=MAX_WORDS,
                                             n=app.tr.number(exc.count))
            results.load(FixedSource(list), top=True)
            return
        results.empty_title = app.tr("search.none", q=self._query_text)
        results.empty_hint = app.tr("search.none_hint")
        load = partial(app.service.search, text, LIMIT, newest=self._newest,
                       typing=terms.prefix)
        results.load(FixedSource(load), top=True, reset=True)

    @on(ArticleList.Highlighted, "#results")
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self.query_one(Preview).show(event.row, self.results.highlight_terms)

    @on(ArticleList.Loaded, "#results")
    def _loaded(self, event: ArticleList.Loaded) -> None:
        self.query_one(Preview).display = event.total > 0
        hint = ""
        if self._query_text and event.total and self.results.highlight_terms is not NO_QUERY:
            tr = self.antd.tr
            many = "search.many" if self._newest else "search.many_relevant"
            key = many if event.total >= LIMIT else "search.count"
            order = tr("search.by_newest" if self._newest else "search.by_relevance")
            hint = tr(key, n=tr.number(event.total), q=self._query_text) + " · " + order
        self.query_one(StatusBar).set_hint(hint)
        if self._focus_when_loaded:
            self._focus_when_loaded = False
            self.action_focus_results()

    @on(ArticleList.Selected, "#results")
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self.antd.open_article(event.row.id, event.article_list)

    def patch_article(self, article_id: int, **changes: Any) -> None:
        self.results.patch(article_id, **changes)
