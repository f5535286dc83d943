"""What a refresh reports: per-feed outcomes, the summary, the listener's callbacks.

Kept apart from ``refresh.py`` so the reader can subclass the listener and
show summaries without importing the fetcher and the store at start-up
(~30 ms of its first paint); ``Refresh`` itself is imported when a refresh runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from antd_tui.core.feed_source import FeedSource

if TYPE_CHECKING:
    from antd_tui.core.locale.messages import Tr
    from antd_tui.core.sync.engine import SyncOutcome

Status = Literal["ok", "not_modified", "error"]


@dataclass
class FeedOutcome:
    feed: FeedSource
    status: Status
    new: int = 0
    updated: int = 0
    error: str | None = None
    warning: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"url": self.feed.url, "category": self.feed.category, "status": self.status,
                "new": self.new, "updated": self.updated, "error": self.error,
                "warning": self.warning}


@dataclass
class RefreshSummary:
    feeds: list[FeedOutcome] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    full_text_fetched: int = 0
    full_text_failed: int = 0
    bookmarks_completed: int = 0
    bookmarks_incomplete: int = 0
    pruned: int = 0
    sync: SyncOutcome | None = None  # the sync's outcome when [sync] is set

    @property
    def errors(self) -> int:
        return sum(1 for f in self.feeds if f.status == "error")

    @property
    def failed(self) -> bool:
        """A feed or the sync failed: the command exits 1."""
        return bool(self.errors) or (self.sync is not None and self.sync.status == "error")

    def to_json(self) -> dict[str, Any]:
        return {"feeds": [f.to_json() for f in self.feeds], "new": len(self.new_ids),
                "errors": self.errors,
                "full_text": {"fetched": self.full_text_fetched, "failed": self.full_text_failed},
                "bookmarks": {"completed": self.bookmarks_completed,
                              "incomplete": self.bookmarks_incomplete},
                "pruned": self.pruned,
                "sync": self.sync.to_json() if self.sync is not None else None}


class RefreshListener:
    """Override what you need; every callback runs on the refresh's event loop."""

    def feed_started(self, feed: FeedSource) -> None: ...
    def feed_finished(self, outcome: FeedOutcome) -> None: ...
    def article_stored(self, article_id: int, feed: FeedSource) -> None: ...
    def full_text_started(self, total: int) -> None: ...
    def full_text_finished(self, article_id: int, error: str | None) -> None: ...
    def sync_finished(self, outcome: SyncOutcome) -> None: ...


def sync_line(outcome: SyncOutcome, tr: Tr) -> str:
    """The sync's one line for people, in ``tr``'s language."""
    if outcome.status == "error":
        from antd_tui.core.locale.errors import error_text

        if outcome.failure is not None and outcome.failure.key is not None:
            return "✗ " + outcome.failure.text(tr.language)  # it names the server
        return tr("sync.line_error", server=outcome.server,
                  error=error_text(outcome.error or "?", tr.language))
    return tr("sync.line_ok", server=outcome.server, new=len(outcome.new_ids),
              sent=sum(outcome.sent.values()), received=sum(outcome.received.values()))
