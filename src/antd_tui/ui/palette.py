"""The command palette in the reader's language, and lists that ignore paging before their first layout.

Textual's ``OptionList`` pages by its height and a map of its lines, both
made at its first layout: a ``pagedown`` that arrives before (a terminal sends
ctrl+p and pagedown 20 ms apart, faster than the palette's first frame) raised
``KeyError: 0`` and ended the reader. Such a key is now replayed once after
the next frame, and dropped if the list is still not laid out.
"""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList
from textual.widgets.option_list import Option

_PAGING = {"page_up", "page_down", "first", "last", "cursor_up", "cursor_down"}


def laid_out(option_list: OptionList) -> bool:
    """Whether the list has the line map its paging needs (made at its first layout)."""
    lines: Any = getattr(option_list, "_lines", None)
    index: Any = getattr(option_list, "_index_to_line", None)
    if not option_list.option_count:
        return True  # nothing to move through: Textual's own actions return at once
    return bool(lines) and index is not None and (option_list.highlighted or 0) in index


class ReaderPalette(CommandPalette):
    """Textual's palette with the reader's words and keys that wait for its list's first layout."""

    def __init__(self, placeholder: str, no_matches: str) -> None:
        super().__init__(placeholder=placeholder, id="--command-palette")
        self._no_matches_text = no_matches

    def _action_command_list(self, action: str) -> None:
        command_list = self.query_one(CommandList)
        if action in _PAGING and not laid_out(command_list):
            if not getattr(self, "_deferred", False):
                self._deferred = True

                def again() -> None:
                    self._deferred = False
                    if laid_out(command_list):
                        super(ReaderPalette, self)._action_command_list(action)

                self.call_after_refresh(again)
            return
        super()._action_command_list(action)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, in the reader's language ("No matches found" is hard-coded there)."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(self._no_matches_text, style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
