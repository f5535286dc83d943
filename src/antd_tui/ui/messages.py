"""App-wide messages, posted to the App (often from a worker thread: ``post_message`` is thread-safe).

Messages a widget owns are nested in the widget (``ArticleList.Selected``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from antd_tui.core.pipeline.report import RefreshSummary
from antd_tui.core.store.queries import ArticleRow


@dataclass
class RefreshProgress(Message):
    """A refresh moved on; a burst of these collapses to the latest."""

    feeds_done: int
    feeds_total: int
    new: int
    full_text_done: int = 0
    full_text_total: int = 0

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


@dataclass
class RefreshFinished(Message):
    """The refresh ended: ``summary`` when it ran, else ``busy`` (lock held) or an ``error``."""

    summary: RefreshSummary | None = None
    busy: bool = False
    error: str | None = None


@dataclass
class FeedStored(Message):
    """A feed's new articles are in the cache: lists reload in place."""

    slug: str
    new: int


@dataclass
class CacheChanged(Message):
    """Another connection (a refresh, a cron job) committed: ``data_version`` moved."""

    version: int = field(default=0)


@dataclass
class ArticleAction(Message):
    """Do ``command`` (bookmark, toggle_read, open_browser, copy_link) to one article."""

    row: ArticleRow
    command: str
