"""The reading view's pieces: byline, title, lead, body blocks, image captions, related list.

Every piece is a widget built from ``Content(data)``, so nothing from a feed
or a page is read as markup. Images are framed blocks ``Ảnh N · caption``;
an image without a caption still gets its ``Ảnh N`` frame.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.table import Table
from rich.text import Text
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from antd_tui.core.models import RelatedLink
from antd_tui.core.store.queries import ArticleDetail
from antd_tui.ui.commands import bindings_for
from antd_tui.ui.i18n import Tr
from antd_tui.ui.palette import laid_out
from antd_tui.ui.photos import Figure


class ArticleScroll(VerticalScroll):
    """The scrolling page; moving down past the end steps into the related list."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("scroll")]

    def action_cursor_down(self) -> None:
        if self.scroll_y >= self.max_scroll_y and self._related() is not None:
            self._related().focus()  # type: ignore[union-attr]
            return
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_first(self) -> None:
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.scroll_end(animate=False)

    def _related(self) -> RelatedList | None:
        found = self.query(RelatedList)
        return found.first() if found else None


def hanging(marker: str, width: int, *lines: Text) -> Table:
    """``marker`` in a column of its own and ``lines`` beside it, so every wrapped line starts
    under the first one's text ("› " items, "[3] " links), never under the marker."""
    grid = Table.grid(padding=(0, 1 if marker else 0), expand=True)
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    body = Text("\n").join(lines)
    grid.add_row(Text(marker, style="bold"), body)
    return grid


class RelatedList(OptionList):
    """``TIN CÙNG CHUYÊN MỤC``: enter opens one; up from the first goes back to the text."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("related")]

    def __init__(self, detail: ArticleDetail, tr: Tr) -> None:
        options = []
        # the page's own list; when it has none, local suggestions (always cached)
        links: list[tuple[RelatedLink, int | None]] = list(detail.related) or list(detail.suggested)
        for index, (link, cached) in enumerate(links):
            title = Text(link.title)
            if cached is None:
                title.append(tr("reader.uncached_mark"), "dim italic")
            options.append(Option(hanging("›", 1, title), id=f"related-{index}"))
        super().__init__(*options, id="related", compact=True)
        self.links = links

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        """Paging before the first layout (no line map yet) waits for it: see ``ui/palette.py``."""
        if laid_out(self):
            super()._move_page(direction)
        else:
            self.call_after_refresh(self._move_page_if_laid_out, direction)

    def _move_page_if_laid_out(self, direction: Literal[-1, 1]) -> None:
        if laid_out(self):
            super()._move_page(direction)

    def action_cursor_up(self) -> None:
        if not self.highlighted:
            scroller = self.screen.query(ArticleScroll)
            if scroller:
                scroller.first().focus()
                return
        super().action_cursor_up()

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


def _list(text: str) -> Widget:
    items = [item for item in text.split("\n") if item.strip()]
    rows = [Horizontal(Static("•", classes="bullet"), Static(Content(item), classes="item"),
                       classes="list-item") for item in items]
    return Widget(*rows, classes="list")


def article_pieces(detail: ArticleDetail, tr: Tr, byline: str, note: str | None, *,
                   photos: bool = False) -> list[Widget]:
    """The article as widgets, top to bottom (the related list and source included).

    Each image is a ``Figure``: its caption line always, and a slot for the
    photo when ``photos`` is on (filled later by the reading screen's worker).
    """
    row = detail.row
    pieces: list[Widget] = [
        Static(Content(byline), classes="byline"),
        Static(Content(row.title), classes="title"),
    ]
    lead = detail.shown_lead  # without the dateline, as everywhere (core/dateline.py)
    if lead:
        pieces.append(Static(Content(lead), classes="lead"))
    if note:
        pieces.append(Static(Content(note), classes="note"))
    images = 0
    for block in detail.blocks:
        if block.kind == "image":
            images += 1
            pieces.append(Figure(images, block.caption, tr, photo=photos and bool(block.src),
                                 index=images))
        elif block.kind == "heading":
            pieces.append(Static(Content(block.text), classes="heading"))
        elif block.kind == "quote":
            pieces.append(Static(Content(block.text), classes="quote"))
        elif block.kind == "list":
            pieces.append(_list(block.text))
        elif block.text:
            pieces.append(Static(Content(block.text), classes="paragraph"))
    if detail.tags:
        pieces.append(Static(Content.assemble((tr("reader.tags"), "bold"), ", ".join(detail.tags)),
                             classes="tags"))
    if detail.related or detail.suggested:
        title = tr("reader.related") if detail.related else tr("reader.suggested")
        pieces.append(Static(Content(title), classes="related-title"))
        pieces.append(RelatedList(detail, tr))
    if row.url:
        pieces.append(Static(Content.assemble(tr("reader.source"), row.url), classes="source"))
    return pieces
