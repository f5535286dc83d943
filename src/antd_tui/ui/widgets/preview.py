"""The selected article's summary beside (or under) the list; data always as plain Content."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.widget import Widget

from antd_tui.core.dateline import without_dateline
from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.text import NO_QUERY, Query, match_spans

if TYPE_CHECKING:
    from textual.timer import Timer

MATCH_STYLE = "bold $background on $warning"
SETTLE = 0.08  # s the cursor must rest before the preview follows it (during a burst)


def plain(text: str) -> Content:
    """Data as Content: never parsed as markup."""
    return Content(text)


def highlighted(text: str, terms: Query) -> Content:
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
        self._terms: Query = NO_QUERY
        self._wanted: tuple[ArticleRow | None, Query] = (None, NO_QUERY)
        self._shown_at = float("-inf")
        self._later: Timer | None = None

    def show(self, row: ArticleRow | None, terms: Query | None = None) -> None:
        """Show ``row`` now, or, if the cursor is still moving, once it rests for ``SETTLE`` s.

        A held ``j`` moves the cursor 30 times a second; drawing the preview for
        each row it passes is ~5 ms of a key's frame, for text nobody reads at
        that speed, and a preview flickering through rows is not calm. A single
        move shows at once; during a burst the preview keeps the burst's first
        row, and the row the cursor stops on shows ``SETTLE`` s after the last
        move. (Redrawing at most every ``SETTLE`` s instead left the slowest
        key-to-frame while holding ``j`` at 34-36 ms; waiting for rest: 18-29 ms.)
        """
        self._wanted = (row, terms or NO_QUERY)
        if self._later is not None:
            self._later.stop()  # still moving: wait for the cursor to rest again
        elif monotonic() - self._shown_at >= SETTLE:
            self._show_wanted()
            return
        self._later = self.set_timer(SETTLE, self._show_wanted)

    @property
    def pending(self) -> bool:
        """An update is waiting for the cursor to rest (tests wait for it)."""
        return self._later is not None

    def _show_wanted(self) -> None:
        self._later = None
        self._shown_at = monotonic()
        self._row, self._terms = self._wanted
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
            highlighted(without_dateline(row.summary), self._terms).stylize_before(
                style("preview--summary")),
            "\n\n",
            plain(self.flags(row)).stylize_before(style("preview--flags")),
        )
