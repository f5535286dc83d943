"""Saved articles, newest bookmark first; readable offline like everything cached."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.screen import Screen

from antd_tui.ui.commands import bindings_for
from antd_tui.ui.sources import FixedSource
from antd_tui.ui.widgets.article_list import ArticleList
from antd_tui.ui.widgets.bars import KeyBar, StatusBar, TitleBar
from antd_tui.ui.widgets.preview import Preview

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


class BookmarksScreen(Screen[None]):
    CSS_PATH = "bookmarks.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("back")]

    @property
    def antd(self) -> AntdApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.antd
        yield TitleBar(app.tr("screen.bookmarks"))
        with Container(id="body"):
            saved = ArticleList(app.time_text, app.time_width, id="saved")
            saved.empty_title = app.tr("bookmarks.empty")
            saved.empty_hint = app.tr("bookmarks.empty_hint")
            yield saved
            yield Preview(app.byline, app.flags_line, id="preview")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.saved.focus()
        self.watch(self.antd, "flags_generation", self._reload, init=False)
        self.watch(self.antd, "data_generation", self._reload, init=False)
        self.saved.load(FixedSource(self.antd.service.bookmarks), top=True)

    @property
    def saved(self) -> ArticleList:
        return self.query_one("#saved", ArticleList)

    def _reload(self, _generation: int) -> None:
        self.saved.load(FixedSource(self.antd.service.bookmarks))

    def action_back(self) -> None:
        self.app.pop_screen()

    def patch_article(self, article_id: int, **changes: Any) -> None:
        self.saved.patch(article_id, **changes)

    @on(ArticleList.Highlighted, "#saved")
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self.query_one(Preview).show(event.row)

    @on(ArticleList.Loaded, "#saved")
    def _loaded(self, event: ArticleList.Loaded) -> None:
        self.query_one(Preview).display = event.total > 0
        hint = (self.antd.tr("bookmarks.count", n=self.antd.tr.number(event.total)) if event.total
                else "")
        self.query_one(StatusBar).set_hint(hint)
        if event.total:
            self.run_worker(partial(self._count_incomplete, hint), thread=True, group="incomplete",
                            exclusive=True, exit_on_error=False)

    def _count_incomplete(self, hint: str) -> None:
        """Say how many bookmarks cannot be read offline yet (checked in a thread: it reads disk)."""
        missing = len(self.antd.service.incomplete_bookmarks())
        if missing:
            tr = self.antd.tr
            text = f"{hint} · {tr('bookmarks.incomplete', n=tr.number(missing))}"
            # widgets are touched on the UI thread only
            self.app.call_from_thread(lambda: self.query_one(StatusBar).set_hint(text))

    @on(ArticleList.Selected, "#saved")
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self.antd.open_article(event.row.id, event.article_list)
