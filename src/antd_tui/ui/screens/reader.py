"""The reading screen: one article in a readable column, its related list, n/p through the pane.

Opening marks the article read. Without full text it shows the saved summary
at once and fetches the page in a thread; offline, it says so once and calmly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.worker import get_current_worker

from antd_tui.core.store.queries import ArticleDetail, ArticleRow
from antd_tui.ui.commands import bindings_for
from antd_tui.ui.messages import ArticleAction
from antd_tui.ui.widgets.article_list import ArticleList
from antd_tui.ui.widgets.article_view import ArticleScroll, RelatedList, article_pieces
from antd_tui.ui.widgets.bars import KeyBar, StatusBar, TitleBar

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


class ReadingScreen(Screen[None]):
    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("back"), *bindings_for("reader")]

    @dataclass
    class _Detail(Message, bubble=False):
        generation: int
        article_id: int
        detail: ArticleDetail | None

    @dataclass
    class _FullText(Message, bubble=False):
        generation: int
        error: str | None

    @dataclass
    class _Photo(Message, bubble=False):
        generation: int
        index: int  # the figure's number in the article, from 1
        image: Any  # a decoded PIL image, or None
        error: str | None

    def __init__(self, article_id: int, origin: ArticleList | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.origin = origin
        self.detail: ArticleDetail | None = None
        self._generation = 0
        self._fetching = False

    @property
    def antd(self) -> AntdApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with ArticleScroll(id="page"):
            yield Vertical(id="column")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ArticleScroll).focus()
        self.watch(self.antd, "data_generation", self._cache_changed, init=False)
        self.show(self.article_id)

    def action_links(self) -> None:
        """The article's links, numbered, opened by number (``ui/screens/links.py``)."""
        from antd_tui.core.library.links import article_links
        from antd_tui.ui.screens.links import LinksScreen

        if self.detail is not None:
            self.app.push_screen(LinksScreen(article_links(self.detail)))

    # -- loading -------------------------------------------------------------------
    def show(self, article_id: int) -> None:
        self._generation += 1
        self.article_id = article_id
        self._fetching = False
        generation = self._generation
        self.run_worker(lambda: self.post_message(
            self._Detail(generation, article_id, self.antd.service.article(article_id))),
            thread=True, group="article", exclusive=True, exit_on_error=False)

    @on(_Detail)
    async def _detail(self, message: _Detail) -> None:
        if message.generation != self._generation:
            return
        detail = message.detail
        same = self.detail is not None and detail is not None and self.detail.row.id == detail.row.id
        self.detail = detail
        app = self.antd
        if detail is None:
            await self._draw_article(None, app.tr("reader.missing"))
            return
        note = None
        if detail.row.full_text != "done":
            note = app.tr("reader.loading")
            self._fetch(detail.row.id)
        await self._draw_article(detail, note, keep_scroll=same)
        if not detail.row.read:
            app.set_flags(detail.row.id, read=True)

    async def _draw_article(self, detail: ArticleDetail | None, note: str | None, *,
                            keep_scroll: bool = False) -> None:
        column = self.query_one("#column", Vertical)
        scroller = self.query_one(ArticleScroll)
        focus_related = isinstance(self.focused, RelatedList)
        await column.remove_children()
        if detail is None:
            await column.mount(Static(Content(note or ""), classes="note"))
            return
        photos = self.antd.show_images
        await column.mount_all(article_pieces(detail, self.antd.tr, self.antd.byline(detail.row), note,
                                              photos=photos))
        if photos:
            self._load_photos(detail)
        if not keep_scroll:
            scroller.scroll_home(animate=False, immediate=True)
        if focus_related and self.query(RelatedList):
            self.query_one(RelatedList).focus()
        else:
            scroller.focus()
        self._status()

    # -- photos ----------------------------------------------------------------------
    def _load_photos(self, detail: ArticleDetail) -> None:
        """Text first: the photos load in a worker, one by one, after the article is drawn.

        ``exclusive`` cancels the previous article's worker; every message
        carries the generation it was started for, so a late photo can never
        land in another article.
        """
        urls = [(n, block.src) for n, block in enumerate(
            (b for b in detail.blocks if b.kind == "image"), start=1) if block.src]
        if not urls:
            return
        self.run_worker(partial(self._photos_work, self._generation, urls), thread=True,
                        group="photos", exclusive=True, exit_on_error=False)

    def _photos_work(self, generation: int, urls: list[tuple[int, str]]) -> None:
        from antd_tui.ui.photos import PhotoError, decode

        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or generation != self._generation

        def deliver(url: str, path: Any, error: str | None) -> None:
            if cancelled():
                return
            image = None
            if path is not None:
                try:
                    image = decode(path, url=url)  # in the worker thread, never on the UI's
                except PhotoError as exc:
                    error = str(exc)
            for number, other in urls:
                if other == url:
                    self.post_message(self._Photo(generation, number, image, error))

        try:
            self.antd.service.load_photos(list(dict.fromkeys(u for _, u in urls)), deliver, cancelled)
        except Exception as exc:  # a broken cache or network must not break the article
            for number, _ in urls:
                self.post_message(self._Photo(generation, number, None, str(exc) or type(exc).__name__))

    @on(_Photo)
    async def _photo(self, message: _Photo) -> None:
        from antd_tui.ui.photos import Figure

        if message.generation != self._generation or not self.antd.show_images:
            return
        found = self.query(f"#figure-{message.index}")
        if not found:
            return
        figure = found.first(Figure)
        if message.image is not None:
            await figure.show_photo(message.image, self.antd.image_widget)
        else:
            figure.photo_failed(self.antd.error_text(message.error or "?"))

    def action_toggle_images(self) -> None:
        app = self.antd
        app.show_images = not app.show_images
        self.notify(app.tr("photo.on" if app.show_images else "photo.off"), timeout=2)
        if self.detail is not None:
            self._generation += 1
            self.run_worker(self._draw_article(self.detail, None, keep_scroll=True),
                            group="redraw", exclusive=True)

    def _status(self) -> None:
        hint = ""
        if self.origin is not None and self.origin.total:
            tr = self.antd.tr
            hint = tr("reader.position", n=tr.number(self.origin.cursor + 1),
                      total=tr.number(self.origin.total))
        self.query_one(StatusBar).set_hint(hint)

    def _fetch(self, article_id: int) -> None:
        if self._fetching:
            return
        self._fetching = True
        generation = self._generation
        self.run_worker(partial(self._fetch_work, generation, article_id), thread=True,
                        group="full-text", exit_on_error=False)

    def _fetch_work(self, generation: int, article_id: int) -> None:
        """Fetch in a daemon thread and wait for it here, so quitting never waits on the network."""
        outcome: list[str | None] = []

        def fetch() -> None:
            try:
                outcome.append(self.antd.service.fetch_full_text(article_id))
            except Exception as exc:  # reported like any fetch error; the summary stays
                outcome.append(str(exc) or type(exc).__name__)

        thread = threading.Thread(target=fetch, daemon=True, name=f"full-text-{article_id}")
        thread.start()
        worker = get_current_worker()
        while thread.is_alive():
            thread.join(0.1)
            if worker.is_cancelled:
                return
        self.post_message(self._FullText(generation, outcome[0] if outcome else "?"))

    @on(_FullText)
    async def _full_text(self, message: _FullText) -> None:
        if message.generation != self._generation or self.detail is None:
            return
        if message.error is None:
            self.show(self.detail.row.id)
            return
        self.antd.tell_offline()
        note = self.antd.tr("reader.offline", error=self.antd.error_text(message.error))
        await self._draw_article(self.detail, note, keep_scroll=True)

    def _cache_changed(self, _generation: int) -> None:
        if self.detail is not None and self.detail.row.full_text != "done" and not self._fetching:
            self.show(self.detail.row.id)

    def patch_article(self, article_id: int, **changes: Any) -> None:
        if self.detail is not None and self.detail.row.id == article_id:
            self.detail.row = replace(self.detail.row, **changes)

    # -- actions -------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def _step(self, delta: int) -> None:
        app = self.antd
        if self.origin is None or not self.origin.is_attached:
            self.notify(app.tr("reader.no_list"), timeout=3)
            return
        row: ArticleRow | None = self.origin.step(delta)
        if row is None:
            self.notify(app.tr("reader.no_next" if delta > 0 else "reader.no_prev"), timeout=2)
            return
        self.show(row.id)

    def action_next_article(self) -> None:
        self._step(+1)

    def action_prev_article(self) -> None:
        self._step(-1)

    def _related_link(self) -> str | None:
        """The highlighted related link's URL, when the related list has focus."""
        focused = self.focused
        if isinstance(focused, RelatedList) and focused.highlighted is not None:
            return focused.links[focused.highlighted][0].url
        return None

    def action_article(self, command: str) -> None:
        """bookmark, toggle_read, open_browser, copy_link: on the open article, or for o and y
        on the highlighted related link when the related list has focus."""
        related = self._related_link()
        if related is not None and command in ("open_browser", "copy_link"):
            (self.antd.open_link if command == "open_browser" else self.antd.copy_link)(related)
        elif self.detail is not None:
            self.post_message(ArticleAction(self.detail.row, command))

    @on(OptionList.OptionSelected, "#related")
    def _related_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        related = self.query_one(RelatedList)
        _link, cached = related.links[event.option_index]
        if cached is None:
            self.notify(self.antd.tr("reader.not_cached"), timeout=5)
            return
        self.antd.open_article(cached)
