"""The main screen: one tab per category (with its unread count), the list, the preview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Tab, Tabs

from antd_tui.ui.commands import bindings_for
from antd_tui.ui.sources import CategorySource, FixedSource
from antd_tui.ui.widgets.article_list import ArticleList
from antd_tui.ui.widgets.bars import KeyBar, StatusBar, TitleBar
from antd_tui.ui.widgets.pane_tabs import PaneTabs, TabStrip
from antd_tui.ui.widgets.preview import Preview

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


class MainScreen(Screen[None]):
    CSS_PATH = "main.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("pane")]

    @dataclass
    class _Counts(Message, bubble=False):
        counts: dict[str, int]

    @dataclass
    class _MarkedRead(Message, bubble=False):
        slug: str
        count: int

    def __init__(self) -> None:
        super().__init__()
        self.categories: list[tuple[str, str]] = self.antd.service.categories()
        self.counts: dict[str, int] = {}
        self.pane = 0
        self._remembered: dict[str, int] = {}
        self._counted = False

    @property
    def antd(self) -> AntdApp:
        return self.app  # type: ignore[return-value]

    @property
    def slug(self) -> str:
        return self.categories[self.pane][0] if self.categories else ""

    def compose(self) -> ComposeResult:
        app = self.antd
        yield TitleBar()
        tabs = [Tab(Content(name), id=f"pane-{i}") for i, (_, name) in enumerate(self.categories)]
        yield TabStrip(PaneTabs(*tabs, id="panes"), id="strip")
        with Container(id="body"):
            articles = ArticleList(app.time_text, app.time_width, id="articles")
            articles.empty_title = app.tr("list.empty")
            articles.empty_hint = app.tr("list.empty_hint")
            yield articles
            yield Preview(app.byline, app.flags_line, id="preview")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#panes", Tabs).can_focus = False
        self.articles.focus()
        self.watch(self.antd, "data_generation", self._cache_changed, init=False)
        self.watch(self.antd, "flags_generation", self._flags_changed, init=False)
        if not self.categories:  # no feeds configured at all: say so instead of a blank page
            sync = self.antd.settings.sync
            self.articles.empty_title = (self.antd.tr("sync.first", server=sync.server) if sync
                                         else self.antd.tr("refresh.no_feeds"))
            self.articles.empty_hint = ""
            self.articles.load(FixedSource(list), top=True)
        self._show_pane(0)  # the counts follow the first page: it paints first

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    # -- panes -------------------------------------------------------------------
    def _show_pane(self, index: int) -> None:
        if not self.categories:
            return
        current = self.articles.current
        if current is not None:
            self._remembered[self.slug] = current.id
        self.pane = index
        keep = self._remembered.get(self.slug)
        self.articles.load(CategorySource(self.antd.service, self.slug), keep_id=keep, top=keep is None,
                           reset=True)

    @on(Tabs.TabActivated, "#panes")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        index = int(event.tab.id.removeprefix("pane-"))
        if index != self.pane:
            self._show_pane(index)

    def _switch(self, index: int) -> None:
        """Show pane ``index`` now (not when the tab's message arrives), so keys typed next act on it."""
        if not self.categories:
            return
        index %= len(self.categories)
        self.query_one("#panes", Tabs).active = f"pane-{index}"
        if index != self.pane:
            self._show_pane(index)

    def action_next_tab(self) -> None:
        self._switch(self.pane + 1)

    def action_prev_tab(self) -> None:
        self._switch(self.pane - 1)

    def action_goto_tab(self, number: int) -> None:
        if 1 <= number <= len(self.categories):
            self._switch(number - 1)

    # -- counts ------------------------------------------------------------------
    def _recount(self) -> None:
        self.run_worker(self._count_work, thread=True, group="counts", exclusive=True,
                        exit_on_error=False)

    def _count_work(self) -> None:
        self.post_message(self._Counts(self.antd.service.unread_counts()))

    @on(_Counts)
    def _counts(self, message: _Counts) -> None:
        self.counts = message.counts
        tabs = self.query_one("#panes", Tabs)
        for index, (slug, name) in enumerate(self.categories):
            tab = tabs.get_tab(f"pane-{index}")
            if tab is None:
                continue
            unread = self.counts.get(slug, 0)
            tab.label = (Content.assemble(name, (f" {self.antd.tr.number(unread)}", "bold $text-accent"))
                         if unread else Content(name))
        self._status()

    def _status(self) -> None:
        if not self.categories:
            return
        name = self.categories[self.pane][1]
        tr = self.antd.tr
        hint = tr("list.count", name=name, total=tr.number(self.articles.total),
                  unread=tr.number(self.counts.get(self.slug, 0)))
        self.query_one(StatusBar).set_hint(hint)

    def _cache_changed(self, _generation: int) -> None:
        if self.antd.settings.sync is not None:
            self._add_new_categories()
        if self.categories:
            self.articles.load(CategorySource(self.antd.service, self.slug))
        self._recount()

    def _add_new_categories(self) -> None:
        """A sync brought groups the server did not have before: their tabs join the strip."""
        fresh = self.antd.service.categories()
        if len(fresh) <= len(self.categories) or fresh[:len(self.categories)] != self.categories:
            return  # none new (groups renamed or reordered show at the next start)
        tabs = self.query_one("#panes", Tabs)
        for index in range(len(self.categories), len(fresh)):
            tabs.add_tab(Tab(Content(fresh[index][1]), id=f"pane-{index}"))
        first = not self.categories
        self.categories = fresh
        if first:  # the first sync of a reader that had nothing to show
            self.articles.empty_title = self.antd.tr("list.empty")
            self.articles.empty_hint = self.antd.tr("list.empty_hint")
            self._show_pane(0)

    def _flags_changed(self, _generation: int) -> None:
        self._recount()

    def patch_article(self, article_id: int, **changes: Any) -> None:
        self.articles.patch(article_id, **changes)

    # -- list events ---------------------------------------------------------------
    @on(ArticleList.Highlighted, "#articles")
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self.query_one(Preview).show(event.row)

    @on(ArticleList.Loaded, "#articles")
    def _loaded(self, event: ArticleList.Loaded) -> None:
        preview = self.query_one(Preview)
        if preview.display != (event.total > 0):  # setting it, even unchanged, lays out the screen
            preview.display = event.total > 0
        if not self._counted:
            self._counted = True
            self._recount()
        self._status()

    @on(ArticleList.Selected, "#articles")
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self.antd.open_article(event.row.id, event.article_list)

    # -- pane actions --------------------------------------------------------------
    def action_refresh(self) -> None:
        if self.categories:
            self.antd.start_refresh([self.slug])
        elif self.antd.settings.sync is not None:  # nothing synced yet: the first sync
            self.antd.start_refresh(None)

    def action_mark_pane_read(self) -> None:
        if not self.categories:
            return
        if not self.counts.get(self.slug):
            self.notify(self.antd.tr("pane.none_unread"), timeout=2)
            return
        slug = self.slug

        def mark() -> None:
            from antd_tui.core.errors import AntdError

            try:
                count = self.antd.service.mark_category_read(slug)
            except AntdError as exc:  # the record cannot be written (a full disk): nothing changed
                self.app.call_from_thread(self.notify, exc.text(self.antd.tr.language),
                                          severity="error", timeout=8)
                return
            self.post_message(self._MarkedRead(slug, count))

        self.run_worker(mark, thread=True, group="mark-read", exit_on_error=False)

    @on(_MarkedRead)
    def _marked_read(self, message: _MarkedRead) -> None:
        self.notify(self.antd.tr("pane.read", n=message.count), timeout=3)
        if message.slug == self.slug:
            self.articles.load(CategorySource(self.antd.service, self.slug))
        self.antd.flags_generation += 1
