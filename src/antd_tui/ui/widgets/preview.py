"""The selected article's summary beside (or under) the list; data always as plain Content."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.text import match_spans

MATCH_STYLE = "bold $background on $warning"


def plain(text: str) -> Content:
    """Data as Content: never parsed as markup."""
    return Content(text)


def highlighted(text: str, terms: list[str]) -> Content:
    content = Content(text)
    for start, end in match_spans(text, terms):
        content = content.stylize(MATCH_STYLE, start, end)
    return content


class Preview(Widget, can_focus=False):
    """One widget that draws the four parts itself, in a box the screen's CSS sizes.

    It was a scroll container of four ``Static``: each cursor move updated all
    four, and each update asked for a layout of the whole screen, ~20-28 ms of
    CPU a ``j`` on top of the list's own ~7 ms. Now a move repaints this box and
    nothing else. What does not fit is cut at the bottom: the preview is a
    glance, and ``enter`` opens the whole article.
    """

    DEFAULT_CSS = """
    Preview { padding: 0 2; background: $surface; }
    Preview > .preview--title { text-style: bold; }
    Preview > .preview--meta { color: $text-muted; }
    Preview > .preview--summary { color: $foreground 90%; }
    Preview > .preview--flags { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "preview--title", "preview--meta", "preview--summary", "preview--flags"}

    def __init__(self, byline: Callable[[ArticleRow], str], flags: Callable[[ArticleRow], str], *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.byline = byline
        self.flags = flags
        self._row: ArticleRow | None = None
        self._terms: list[str] = []

    def show(self, row: ArticleRow | None, terms: list[str] | None = None) -> None:
        self._row, self._terms = row, terms or []
        self.refresh()

    def render(self) -> Content:
        row = self._row
        if row is None:
            return Content("")
        style = self.get_visual_style
        # a blank line above the title, one after the byline, one before the flags
        return Content.assemble(
            "\n",
            highlighted(row.title, self._terms).stylize_before(style("preview--title")),
            "\n",
            plain(self.byline(row)).stylize_before(style("preview--meta")),
            "\n\n",
            highlighted(row.summary, self._terms).stylize_before(style("preview--summary")),
            "\n\n",
            plain(self.flags(row)).stylize_before(style("preview--flags")),
        )
