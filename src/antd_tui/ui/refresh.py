"""The reader's side of a refresh: core callbacks turned into messages, and a way to stop.

``Refresh`` calls the listener on its own event loop in the worker thread;
``post_message`` is thread-safe, so each callback just posts. ``cancel`` (on
quit) cancels the refresh's tasks so the thread ends promptly instead of
holding up the exit; every write is one transaction, so nothing half-done stays.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App

from antd_tui.core.models import FeedSource
from antd_tui.core.pipeline.report import FeedOutcome, RefreshListener
from antd_tui.ui.messages import FeedStored, RefreshProgress


class UIRefreshListener(RefreshListener):
    def __init__(self, app: App[Any], feeds_total: int) -> None:
        self.app = app
        self.feeds_total = feeds_total
        self.feeds_done = 0
        self.new = 0
        self.full_text_total = 0
        self.full_text_done = 0
        self.cancelled = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def _check(self) -> None:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        if self.cancelled:
            raise asyncio.CancelledError

    def _progress(self) -> None:
        self.app.post_message(RefreshProgress(self.feeds_done, self.feeds_total, self.new,
                                              self.full_text_done, self.full_text_total))

    def feed_started(self, feed: FeedSource) -> None:
        self._check()

    def feed_finished(self, outcome: FeedOutcome) -> None:
        self.feeds_done += 1
        self._progress()
        if outcome.new:
            self.app.post_message(FeedStored(outcome.feed.slug, outcome.new))
        self._check()

    def article_stored(self, article_id: int, feed: FeedSource) -> None:
        self.new += 1

    def full_text_started(self, total: int) -> None:
        self.full_text_total = total
        self._progress()
        self._check()

    def full_text_finished(self, article_id: int, error: str | None) -> None:
        self.full_text_done += 1
        self._progress()
        self._check()

    def cancel(self) -> None:
        """Stop soon: called from the UI thread when the reader quits."""
        self.cancelled = True
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(_cancel_all, loop)
            except RuntimeError:  # the loop closed meanwhile: the refresh already ended
                pass


def _cancel_all(loop: asyncio.AbstractEventLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel()
