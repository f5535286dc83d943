"""The selected article's summary beside (or under) the list; data always as plain Content."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

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


class Preview(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    Preview { padding: 0 2; background: $surface; }
    Preview > .preview-title { text-style: bold; margin: 1 0 0 0; }
    Preview > .preview-meta { color: $text-muted; margin: 0 0 1 0; }
    Preview > .preview-summary { color: $foreground 90%; }
    Preview > .preview-flags { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, byline: Callable[[ArticleRow], str], flags: Callable[[ArticleRow], str], *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.byline = byline
        self.flags = flags

    def compose(self) -> ComposeResult:
        yield Static(classes="preview-title")
        yield Static(classes="preview-meta")
        yield Static(classes="preview-summary")
        yield Static(classes="preview-flags")

    def show(self, row: ArticleRow | None, terms: list[str] | None = None) -> None:
        title, meta, summary, flags = self.query(Static).results(Static)
        if row is None:
            for part in (title, meta, summary, flags):
                part.update(Content(""))
            return
        title.update(highlighted(row.title, terms or []))
        meta.update(plain(self.byline(row)))
        summary.update(highlighted(row.summary, terms or []))
        flags.update(plain(self.flags(row)))
        self.scroll_home(animate=False)
