"""The reader's article actions, shared by every screen: bookmark (with undo and the
offline copy), read/unread, open in the browser, copy the link.

A base of ``AntdApp`` (``app.py``): the flags change on screen at once and are
written in a thread; ``flags_generation`` tells screens to recount.
"""

from __future__ import annotations

import time
from functools import partial

from textual import on
from textual.app import App
from textual.reactive import reactive

from antd_tui.core.errors import AntdError
from antd_tui.core.service import ReaderService
from antd_tui.ui.i18n import Tr
from antd_tui.ui.links import copy_link, open_in_browser
from antd_tui.ui.messages import ArticleAction

UNDO_SECONDS = 8  # how long `u` can bring back a removed bookmark


class ArticleActions(App[None]):
    # init=False: Textual initialises an app's reactives after its first screen has
    # mounted, and would call that screen's watchers with 0 (a recount)
    flags_generation: reactive[int] = reactive(0, init=False)
    service: ReaderService
    tr: Tr
    _undo_bookmark: tuple[int, float] | None

    @on(ArticleAction)
    def _article_action(self, message: ArticleAction) -> None:
        row = message.row
        if message.command == "bookmark":
            self.set_flags(row.id, bookmarked=not row.bookmarked)
            if row.bookmarked:
                self._undo_bookmark = (row.id, time.monotonic())
                self._withdraw_undo_hint()  # only the last removal can be undone
                self.notify(self.tr("bookmark.off"), timeout=UNDO_SECONDS)
            else:
                self.save_offline(row.id)
        elif message.command == "toggle_read":
            self.set_flags(row.id, read=not row.read)
            self.notify(self.tr("read.off" if row.read else "read.on"), timeout=2)
        elif message.command == "open_browser":
            self.open_link(row.url)
        elif message.command == "copy_link":
            self.copy_link(row.url)

    def set_flags(self, article_id: int, *, read: bool | None = None,
                  bookmarked: bool | None = None) -> None:
        """Show the change everywhere at once, then write it in a thread."""
        changes: dict[str, bool] = {}
        if read is not None:
            changes["read"] = read
        if bookmarked is not None:
            changes["bookmarked"] = bookmarked
        for screen in self.screen_stack:
            patch = getattr(screen, "patch_article", None)
            if callable(patch):
                patch(article_id, **changes)
        self.run_worker(partial(self._write_flags, article_id, read, bookmarked), thread=True,
                        group="flags", exit_on_error=False)

    def _write_flags(self, article_id: int, read: bool | None, bookmarked: bool | None) -> None:
        try:
            if read is not None:
                self.service.set_read(article_id, read)
            if bookmarked is not None:
                self.service.set_bookmark(article_id, bookmarked)
        except AntdError as exc:  # the record cannot be written (a full disk): nothing changed
            self.call_from_thread(self.notify, exc.text(self.tr.language), severity="error",
                                  timeout=8)
        self.call_from_thread(self._flags_written)  # the rows are read again: as stored

    def save_offline(self, article_id: int) -> None:
        """A new bookmark: fetch its full text and photos in a thread, then say how it went."""
        self.notify(self.tr("bookmark.on"), timeout=2)

        def work() -> None:
            try:
                problems = self.service.save_offline(article_id)
            except Exception as exc:  # network or disk: the bookmark itself is already stored
                problems = [str(exc) or type(exc).__name__]
            key = "bookmark.incomplete" if problems else "bookmark.offline"
            self.call_from_thread(self.notify, self.tr(key), timeout=4,
                                  severity="warning" if problems else "information")
            self.call_from_thread(self._flags_written)

        self.run_worker(work, thread=True, group="offline", exit_on_error=False)

    def action_undo(self) -> None:
        """Undo the last bookmark removal, for a few seconds after it."""
        undo = self._undo_bookmark
        self._undo_bookmark = None
        self._withdraw_undo_hint()  # "press u to undo" no longer holds, whatever happens next
        if undo is None or time.monotonic() - undo[1] > UNDO_SECONDS:
            self.notify(self.tr("undo.nothing"), timeout=2)
            return
        self.set_flags(undo[0], bookmarked=True)
        self.save_offline(undo[0])

    def _withdraw_undo_hint(self) -> None:
        """Take down the "removed, press u to undo" notice still on screen."""
        hint = self.tr("bookmark.off")
        stale = [n for n in self._notifications if n.message == hint]
        for notification in stale:
            self._unnotify(notification, refresh=False)
        if stale:
            self._refresh_notifications()

    def _flags_written(self) -> None:
        self.flags_generation += 1

    def open_link(self, url: str | None) -> None:
        open_in_browser(self, self.tr, url)

    def copy_link(self, url: str | None) -> None:
        copy_link(self, self.tr, url)
