"""The category tabs: Textual's ``Tabs``, showing only whole tabs, with an underline that does not
slide on relabels.

Textual scrolls a tab strip that is wider than the screen so the active tab
is centred: at 80 columns the first tab read "ang chủ 9" and the last one
lost its count. Here the strip shows a window of whole tabs that holds the
active one, and a ``‹`` / ``›`` at either end says more tabs are there
(``1``–``9``, ``tab``/``h``/``l`` reach them, and so does a click on the mark). The window moves only when the
active tab would leave it, like a pager, so the strip does not jump at
every switch.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.widgets import Static, Tab, Tabs

MARK = 2  # "‹ " / " ›"


def tab_window(widths: list[int], active: int, room: int, start: int) -> tuple[int, int]:
    """The tabs ``lo..hi`` (inclusive) to show: whole tabs only, ``active`` among them, each hidden
    side costing ``MARK`` columns; ``start`` is where the last window began (kept when it can)."""
    count = len(widths)
    if sum(widths) <= room:
        return 0, count - 1

    def fits(lo: int, hi: int) -> bool:
        marks = (MARK if lo > 0 else 0) + (MARK if hi < count - 1 else 0)
        return sum(widths[lo:hi + 1]) + marks <= room

    lo = start if start <= active else active
    while lo < active and not fits(lo, active):
        lo += 1
    hi = active
    while hi + 1 < count and fits(lo, hi + 1):
        hi += 1
    while lo > 0 and fits(lo - 1, hi):
        lo -= 1
    return lo, hi


class PaneTabs(Tabs):
    """Tabs whose underline jumps to the new width when a label changes.

    Every recount relabels the tabs (an unread count changes each time an
    article is read, and all of them arrive just after the first paint).
    Textual slides the underline for 0.3 s on each relabel: motion that means
    nothing, 20 frames of work at start-up, and at every article read. Switching
    tabs still slides the underline, as Textual does.
    """

    _start = 0
    shown = (0, 0)  # the first and last tab on screen

    def _on_tab_relabelled(self, event: Tab.Relabelled) -> None:
        event.prevent_default()  # not Tabs' own handler, which animates
        event.stop()
        self.fit()
        self._highlight_active(animate=False)  # Textual is pinned exactly (pyproject)

    def watch_active(self, previously_active: str, active: str) -> None:
        self.fit()
        super().watch_active(previously_active, active)

    def _on_resize(self) -> None:
        self.fit()
        super()._on_resize()  # type: ignore[no-untyped-call]

    def fit(self) -> None:
        """Show the window of whole tabs that holds the active one; mark the hidden sides."""
        strip = self.parent
        room = strip.size.width if isinstance(strip, TabStrip) else self.size.width
        tabs = [tab for tab in self.query(Tab) if (tab.id or "").startswith("pane-")]
        if room <= 0 or not tabs:
            return
        widths = [tab.label.cell_length + 2 for tab in tabs]  # Tab's CSS: padding 0 1
        active = next((i for i, tab in enumerate(tabs) if tab.id == self.active), 0)
        lo, hi = tab_window(widths, active, room, self._start)
        self._start, self.shown = lo, (lo, hi)
        for index, tab in enumerate(tabs):
            tab.display = lo <= index <= hi
        if isinstance(strip, TabStrip):
            strip.mark(more_left=lo > 0, more_right=hi < len(tabs) - 1)


class TabStrip(Horizontal):
    """``PaneTabs`` between the ``‹`` and ``›`` that show when tabs are out of sight."""

    DEFAULT_CSS = """
    TabStrip { height: 2; width: 1fr; }
    TabStrip > .more { width: 2; height: 2; display: none; color: $text-accent; text-style: bold; }
    TabStrip > #more-right { text-align: right; }
    TabStrip > PaneTabs { width: 1fr; }
    """

    def __init__(self, tabs: PaneTabs, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs = tabs

    def compose(self) -> ComposeResult:
        yield Static("‹", id="more-left", classes="more")
        yield self.tabs
        yield Static("›", id="more-right", classes="more")

    def on_click(self, event: Click) -> None:
        """A click on ‹ or › brings the nearest tab out of sight on that side."""
        marker = event.widget.id if event.widget is not None else None
        lo, hi = self.tabs.shown
        target = {"more-left": lo - 1, "more-right": hi + 1}.get(marker or "")
        if target is not None and target >= 0:
            self.tabs.active = f"pane-{target}"

    def mark(self, *, more_left: bool, more_right: bool) -> None:
        self.query_one("#more-left").display = more_left
        self.query_one("#more-right").display = more_right
