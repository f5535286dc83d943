"""The category tabs: Textual's ``Tabs``, with an underline that does not slide on relabels."""

from __future__ import annotations

from textual.widgets import Tab, Tabs


class PaneTabs(Tabs):
    """Tabs whose underline jumps to the new width when a label changes.

    Every recount relabels the tabs (an unread count changes each time an
    article is read, and all of them arrive just after the first paint).
    Textual slides the underline for 0.3 s on each relabel: motion that means
    nothing, 20 frames of work at start-up, and at every article read. Switching
    tabs still slides the underline, as Textual does.
    """

    def _on_tab_relabelled(self, event: Tab.Relabelled) -> None:
        event.prevent_default()  # not Tabs' own handler, which animates
        event.stop()
        self._highlight_active(animate=False)  # Textual is pinned exactly (pyproject)
