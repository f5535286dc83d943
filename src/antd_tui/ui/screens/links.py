"""``L`` in the reading view: the article's links, numbered, opened by number (as newsboat does).

The list is ``core/library/links.article_links``, the one ``show --links``
prints. A digit opens its link at once when no longer number could follow
(fewer than ten links); otherwise the digits typed show in the footer and
Enter opens them. Enter on a row opens it, ``y`` copies it; every link goes
through the same http(s)-only door as ``o``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from antd_tui.core.library.links import ArticleLink, link_label
from antd_tui.ui.commands import bindings_for
from antd_tui.ui.palette import laid_out
from antd_tui.ui.widgets.article_view import hanging

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


class LinkList(OptionList):
    """Moves like the related list (j/k, g/G, space/pageup: the same commands, remapped alike)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("related")]

    def _move_page(self, direction: int) -> None:  # type: ignore[override]
        if laid_out(self):
            super()._move_page(direction)  # type: ignore[arg-type]


class LinksScreen(ModalScreen[None]):
    CSS_PATH = "links.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings_for("back"),
        Binding("q", "back", show=False),
        Binding("y", "copy", show=False),
        *[Binding(str(d), f"digit({d})", show=False) for d in range(10)],
    ]

    def __init__(self, links: list[ArticleLink]) -> None:
        super().__init__()
        self.links = links
        self.typed = ""

    @property
    def antd(self) -> AntdApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        tr = self.antd.tr
        width = len(str(len(self.links))) + 2  # "[12]"; label and URL line up beside it
        options = [Option(hanging(f"[{link.number}]", width, Text(link_label(link, tr)),
                                  Text(link.url, style="dim")), id=f"link-{link.number}")
                   for link in self.links]
        with Vertical(id="dialog"):
            yield Static(Content(tr("links.title")), id="links-title")
            if options:
                yield LinkList(*options, id="links-list", compact=True)
            else:
                yield Static(Content(tr("links.none")), id="links-none")
            yield Static(Content(tr("links.foot")), id="links-foot")

    def on_mount(self) -> None:
        found = self.query("#links-list")
        if found:
            listing = found.first(OptionList)
            listing.highlighted = 0
            listing.focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_digit(self, digit: int) -> None:
        typed = f"{self.typed}{digit}".lstrip("0")
        if not typed:
            return
        number = int(typed)
        if number * 10 > len(self.links):  # no longer number can follow: open it now
            self.typed = ""
            self._open(number)
        else:
            self.typed = typed
            self.query_one("#links-foot", Static).update(
                Content(self.antd.tr("links.typed", n=number)))

    @on(OptionList.OptionSelected, "#links-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self.typed:
            number, self.typed = int(self.typed), ""
            self._open(number)
        elif event.option_index is not None:
            self._open(event.option_index + 1)

    def action_copy(self) -> None:
        listing = self.query("#links-list")
        if listing:
            index = listing.first(OptionList).highlighted
            if index is not None:
                self.antd.copy_link(self.links[index].url)

    def _open(self, number: int) -> None:
        if not 1 <= number <= len(self.links):
            self.antd.notify(self.antd.tr("links.no_such", n=number), severity="warning", timeout=3)
            self.query_one("#links-foot", Static).update(Content(self.antd.tr("links.foot")))
            return
        self.dismiss()
        self.antd.open_link(self.links[number - 1].url)
