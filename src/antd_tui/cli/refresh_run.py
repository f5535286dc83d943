"""``antd-tui refresh``: the core Refresh wired to a Rich progress bar or JSON.

Imported only when the command runs (asyncio, ssl and h11 are not free).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from antd_tui.cli.context import Context
from antd_tui.cli.output import emit_json
from antd_tui.core.feed_source import FeedSource

if TYPE_CHECKING:
    from rich.progress import TaskID

    from antd_tui.core.locale.messages import Tr
    from antd_tui.core.sync.engine import SyncOutcome
from antd_tui.core.pipeline.refresh import Refresh
from antd_tui.core.pipeline.report import FeedOutcome, RefreshListener, RefreshSummary, sync_line


def _outcome_line(outcome: FeedOutcome, tr: Tr) -> str:
    from antd_tui.core.locale.errors import error_text

    name = outcome.feed.category
    if outcome.status == "error":
        return tr("refresh.line_error", name=name, url=outcome.feed.url,
                  error=error_text(outcome.error or "?", tr.language))
    if outcome.status == "not_modified":
        return tr("refresh.line_same", name=name)
    text = tr("refresh.line_new", name=name, new=outcome.new)
    if outcome.updated:
        text += tr("refresh.line_updated", n=outcome.updated)
    return text + (tr("refresh.line_warning", warning=outcome.warning) if outcome.warning else "")


class _PlainListener(RefreshListener):
    """Not a terminal: one line per feed on stderr, for logs."""

    def __init__(self, tr: Tr) -> None:
        self.tr = tr

    def feed_finished(self, outcome: FeedOutcome) -> None:
        print(_outcome_line(outcome, self.tr), file=sys.stderr)

    def sync_finished(self, outcome: SyncOutcome) -> None:
        print(sync_line(outcome, self.tr), file=sys.stderr)


class _ProgressListener(RefreshListener):
    """A terminal: a Rich progress bar for feeds, then for full text."""

    def __init__(self, total: int, tr: Tr) -> None:
        self.tr = tr
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True, highlight=False, markup=False)
        self.progress = Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            console=self.console, transient=True,
        )
        self.feeds = self.progress.add_task(tr("refresh.bar_feeds"), total=total)
        self.pages: TaskID | None = None

    def feed_finished(self, outcome: FeedOutcome) -> None:
        from rich.text import Text

        style = {"error": "red", "not_modified": "dim"}.get(outcome.status, "")
        self.progress.console.print(Text(_outcome_line(outcome, self.tr), style=style))
        self.progress.advance(self.feeds)

    def sync_finished(self, outcome: SyncOutcome) -> None:
        from rich.text import Text

        style = "red" if outcome.status == "error" else ""
        self.progress.console.print(Text(sync_line(outcome, self.tr), style=style))

    def full_text_started(self, total: int) -> None:
        self.pages = self.progress.add_task(self.tr("refresh.bar_pages"), total=total)

    def full_text_finished(self, article_id: int, error: str | None) -> None:
        if self.pages is not None:
            self.progress.advance(self.pages)


def _feeds(ctx: Context, slugs: list[str] | None) -> list[FeedSource]:
    if not slugs:
        return list(ctx.settings.feeds)
    chosen = {ctx.category(slug) for slug in slugs}
    return [f for f in ctx.settings.feeds if f.slug in chosen]


def run_refresh(ctx: Context, feeds: list[FeedSource], *, full_text: bool, wait: float,
                listener: RefreshListener | None) -> RefreshSummary:
    from antd_tui.core.lock import RefreshLock

    with RefreshLock(ctx.data_dir, wait=wait):
        refresh = Refresh(ctx.settings, ctx.conn, feeds=feeds, full_text=full_text,
                          listener=listener, data_dir=ctx.data_dir)
        return asyncio.run(refresh.run())


def cmd_refresh(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.locale.messages import Tr

    tr = Tr(ctx.language)
    feeds = _feeds(ctx, args.category)
    quiet = args.json or args.quiet
    ctx.sync_warnings()
    progress: _ProgressListener | None = None
    listener: RefreshListener | None = None
    if not quiet and sys.stderr.isatty():
        progress = _ProgressListener(len(feeds), tr)
        listener = progress
    elif not quiet:
        listener = _PlainListener(tr)
    if progress:
        with progress.progress:
            summary = run_refresh(ctx, feeds, full_text=not args.no_full_text, wait=args.wait,
                                  listener=listener)
    else:
        summary = run_refresh(ctx, feeds, full_text=not args.no_full_text, wait=args.wait,
                              listener=listener)
    if quiet and summary.sync is not None and summary.sync.status == "error":
        print(f"antd-tui: {sync_line(summary.sync, tr)}", file=sys.stderr)
    if args.json:
        emit_json(summary.to_json())
    else:
        print(tr("refresh.summary", new=len(summary.new_ids), feeds=len(summary.feeds),
                 errors=summary.errors, fetched=summary.full_text_fetched,
                 failed=summary.full_text_failed))
    return 1 if summary.failed else 0
