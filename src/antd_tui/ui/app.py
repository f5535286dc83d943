"""The reader app and ``make_app``, the one factory the CLI and the tests use.

The app owns what every screen shares: the service (the only door to data),
settings, the clock, the catalogue, the background refresh and the
``data_version`` poll; the article actions (bookmark, read, browser, copy)
are its base, ``article_actions.py``. Screens watch ``data_generation`` (the cache changed underneath: reload
in place) and ``flags_generation`` (read/bookmark flags changed: recount).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.binding import BindingType
from textual.reactive import reactive
from textual.widget import Widget

from antd_tui.core.config import Settings, display_zone
from antd_tui.core.errors import LockTimeout
from antd_tui.core.service import ReaderService
from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.article_actions import ArticleActions
from antd_tui.ui.commands import CommandsProvider, bindings_for, split_keymap
from antd_tui.ui.i18n import TIME_WIDTH, Tr
from antd_tui.ui.idle_gc import IdleCollector
from antd_tui.ui.messages import (
    CacheChanged,
    FeedStored,
    RefreshFinished,
    RefreshProgress,
)
from antd_tui.ui.refresh import UIRefreshListener
from antd_tui.ui.theme import ANTD_THEME, THEMES

Clock = Callable[[], datetime]
IDLE_GC_EVERY = 5.0  # s between checks for an idle moment to collect garbage (idle_gc.py)


class AntdApp(ArticleActions):
    CSS_PATH = "app.tcss"
    TITLE = "An ninh Thủ đô"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("app")]
    COMMANDS: ClassVar = {CommandsProvider}
    # the preview goes under the list, and beside it from 140 columns, where the list's
    # two thirds still leave titles ~70 columns (at 110-139 they had ~47, fewer than at 80)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012 (typed by App)

    refresh_status: reactive[str] = reactive("")
    sync_generation: reactive[int] = reactive(0)  # a sync ended: the title bar says when
    # init=False: Textual initialises an app's reactives after its first screen has
    # mounted, and would call that screen's watchers with 0 (a reload; flags_generation,
    # the recount, is ArticleActions')
    data_generation: reactive[int] = reactive(0, init=False)

    def __init__(self, service: ReaderService, settings: Settings, *, demo: bool = False,
                 clock: Clock | None = None, poll_interval: float | None = 2.0,
                 cursor_blink: bool = True, image_widget: type[Widget] | None = None) -> None:
        super().__init__()
        self.show_images = settings.images
        self._undo_bookmark: tuple[int, float] | None = None
        self._image_widget = image_widget
        self.service = service
        self.settings = settings
        self.demo = demo
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.tr = Tr(settings.language)
        self.language = self.tr.language
        self.zone = display_zone(settings.timezone)
        self.keymap_overrides, self._unknown_keys = split_keymap(settings.keys)
        self.poll_interval = poll_interval
        self.cursor_blink = cursor_blink
        self._listener: UIRefreshListener | None = None
        self._data_version: int | None = None
        self._offline_told = False
        self._bump_pending = False
        self._collector = IdleCollector()
        self.crash: tuple[Exception, Path] | None = None  # set by an unhandled error
        self.crash_dir: Path | None = None  # where crash.log goes; None: the data dir

    # -- start-up --------------------------------------------------------------
    def on_mount(self) -> None:
        from antd_tui.ui.screens.main import MainScreen

        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES.get(self.settings.theme, ANTD_THEME).name
        self.set_keymap(self.keymap_overrides)
        for name in self._unknown_keys:
            self.notify(self.tr("keys.unknown", name=name), severity="warning", markup=False)
        prefix = self.tr("cli.warning", message="")
        for text in self.service.notices:  # a damaged cache moved aside, what was restored
            self.notify(text.removeprefix(prefix), severity="warning", timeout=15, markup=False)
        self.push_screen(MainScreen())
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.check_cache)
        self._collector.start()
        self.set_interval(IDLE_GC_EVERY, self._collector.tick)

    def _handle_exception(self, error: Exception) -> None:
        """An error nobody handled: log its traceback in the data dir, close, exit 70 (``ui/crash.py``)."""
        from antd_tui.ui.crash import EXIT_CRASH, record_crash

        if self.crash is None:
            self.crash = (error, record_crash(self.crash_dir or self.service.data_dir, error))
        self._return_code = EXIT_CRASH
        if self._exception is None:  # a test's Pilot re-raises it
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.touch()  # a key or the mouse: no full collection for a while
        await super().on_event(event)

    @property
    def image_widget(self) -> type[Widget]:
        """The photo widget: the best the terminal supports (kitty graphics, Sixel, half blocks).

        textual-image detects the protocol when ``textual_image.widget`` is first
        imported, which must happen before the app takes the terminal
        (``open_reader`` does it); tests pass the deterministic half-block widget.
        """
        if self._image_widget is None:
            from textual_image.widget import Image

            self._image_widget = Image
        return self._image_widget

    # -- shared formatting -----------------------------------------------------
    def time_text(self, when: datetime) -> str:
        return self.tr.relative_time(when, self.clock(), self.zone)

    @property
    def time_width(self) -> int:
        return TIME_WIDTH[self.language]

    def byline(self, row: ArticleRow) -> str:
        when = self.tr.clock_time(row.published, self.zone)
        return " · ".join(part for part in (row.category, row.author, when) if part)

    def sync_label(self) -> str:
        """``⇄ đồng bộ 5 phút trước`` with ``[sync]`` set (the title bar), else ""."""
        times = self.service.sync_times()
        if times is None:
            return ""
        synced, tried, error = times
        if error and tried:
            return "⇄ " + self.tr("sync.status_failed", when=self.time_text(
                datetime.fromtimestamp(tried, UTC)))
        if synced:
            return "⇄ " + self.tr("sync.status_at", when=self.time_text(
                datetime.fromtimestamp(synced, UTC)))
        return "⇄ " + self.tr("sync.status_never")

    def error_text(self, error: str) -> str:
        """A fetch or parse error (written in English by core) in the reader's language."""
        from antd_tui.core.locale.errors import error_text

        return error_text(error, self.language)

    def flags_line(self, row: ArticleRow) -> str:
        parts = [self.tr("flag.read" if row.read else "flag.unread")]
        if row.bookmarked:
            parts.append(self.tr("flag.saved"))
        return "  ·  ".join(parts)

    # -- global actions --------------------------------------------------------
    def action_help(self) -> None:
        from antd_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from antd_tui.ui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.focus_query()
        else:
            self.push_screen(SearchScreen())

    def action_bookmarks(self) -> None:
        from antd_tui.ui.screens.bookmarks import BookmarksScreen

        if isinstance(self.screen, BookmarksScreen):
            self.pop_screen()
        else:
            self.push_screen(BookmarksScreen())

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from antd_tui.ui.palette import ReaderPalette

        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            self.push_screen(ReaderPalette(self.tr("palette.placeholder"), self.tr("palette.none")))

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's "Do you want to quit?" notice, in the reader's language, naming our key."""
        from antd_tui.ui.commands import BY_ID, keys_label

        keys = keys_label(BY_ID["quit"], self.keymap_overrides).split(", ")[0]
        self.notify(self.tr("quit.how", shortcut=keys), title=self.tr("quit.title"), markup=False)

    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    async def action_quit(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        self.exit()

    def open_article(self, article_id: int, origin: object = None) -> None:
        from antd_tui.ui.screens.reader import ReadingScreen
        from antd_tui.ui.widgets.article_list import ArticleList

        self.push_screen(ReadingScreen(article_id, origin if isinstance(origin, ArticleList) else None))

    def tell_offline(self) -> None:
        """Say once per session that the network is out of reach; reading goes on."""
        if not self._offline_told:
            self._offline_told = True
            self.notify(self.tr("notify.offline"), severity="warning", timeout=6)

    # -- refresh ---------------------------------------------------------------
    def start_refresh(self, slugs: list[str] | None) -> None:
        if self._listener is not None:
            self.notify(self.tr("refresh.already"), timeout=3)
            return
        feeds = [f for f in self.settings.feeds if not slugs or f.slug in slugs]
        if not feeds and self.settings.sync is None:
            self.notify(self.tr("refresh.no_feeds"), severity="warning")
            return
        self._listener = UIRefreshListener(self, len(feeds))
        self.refresh_status = self.tr("refresh.starting")
        self._refresh(slugs, self._listener)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, slugs: list[str] | None, listener: UIRefreshListener) -> None:
        try:
            summary = self.service.refresh(slugs, listener)
        except LockTimeout:
            self.post_message(RefreshFinished(busy=True))
        except Exception as exc:  # any failure is reported, never a crash of the reader
            self.post_message(RefreshFinished(error=str(exc) or type(exc).__name__))
        else:
            self.post_message(RefreshFinished(summary=summary))

    @on(RefreshProgress)
    def _progress(self, message: RefreshProgress) -> None:
        if self._listener is None:
            return
        if message.full_text_total:
            self.refresh_status = self.tr("refresh.full_text", done=message.full_text_done,
                                          total=message.full_text_total, new=message.new)
        else:
            self.refresh_status = self.tr("refresh.progress", done=message.feeds_done,
                                          total=message.feeds_total, new=message.new)

    @on(FeedStored)
    def _feed_stored(self, message: FeedStored) -> None:
        self.bump_data()

    @on(RefreshFinished)
    def _finished(self, message: RefreshFinished) -> None:
        self._listener = None
        self.refresh_status = ""
        if message.busy:
            self.notify(self.tr("refresh.busy"), severity="warning", timeout=8)
            return
        if message.error is not None or message.summary is None:
            error = message.error or "?"
            self.notify(self.tr("refresh.error", error=self.error_text(error)), severity="error",
                        markup=False, timeout=10)
            return
        summary = message.summary
        self.sync_generation += 1
        from antd_tui.core.pipeline.report import sync_line

        synced = summary.sync
        text = self.tr("refresh.done", feeds=len(summary.feeds), new=len(summary.new_ids))
        if synced is not None:  # the sync's own line; alone when there are no feeds here
            line = sync_line(synced, self.tr)
            text = f"{text}\n{line}" if summary.feeds else line
        failed = [f for f in summary.feeds if f.status == "error"]
        if failed or (synced is not None and synced.status == "error"):
            lines = [text]
            if failed:
                lines.append(self.tr("refresh.failed", n=len(failed)))
                lines += [f"• {f.feed.category}: {self.error_text(f.error or '?')}"
                          for f in failed[:6]]
            self.notify("\n".join(lines), title=self.tr("refresh.failed_title"),
                        severity="warning", markup=False, timeout=12)
        else:
            self.notify(text, title=self.tr("refresh.done_title"), markup=False, timeout=5)
        self.bump_data(now=True)

    def bump_data(self, *, now: bool = False) -> None:
        """Tell the screens the cache changed; a burst within 0.2 s becomes one reload."""
        if now:
            self._bump_pending = False
            self.data_generation += 1
        elif not self._bump_pending:
            self._bump_pending = True
            self.set_timer(0.2, self._bump_later)

    def _bump_later(self) -> None:
        if self._bump_pending:
            self._bump_pending = False
            self.data_generation += 1

    # -- cron and other writers: poll data_version -----------------------------
    def check_cache(self) -> None:
        """Read ``data_version`` in a thread; a change (cron, another refresh) reloads the lists."""
        self.run_worker(self._read_version, thread=True, group="poll", exclusive=True,
                        exit_on_error=False)

    def _read_version(self) -> None:
        self.post_message(CacheChanged(self.service.data_version()))

    @on(CacheChanged)
    def _cache_changed(self, message: CacheChanged) -> None:
        if self._data_version is not None and message.version != self._data_version:
            self.bump_data(now=True)
        self._data_version = message.version


def make_app(service: ReaderService, settings: Settings, *, demo: bool = False,
             clock: Clock | None = None, poll_interval: float | None = 2.0,
             cursor_blink: bool = True, image_widget: type[Widget] | None = None) -> AntdApp:
    """The reader over ``service``; tests pass a frozen ``clock``, no cursor blink and
    the half-block ``image_widget``."""
    return AntdApp(service, settings, demo=demo, clock=clock, poll_interval=poll_interval,
                   cursor_blink=cursor_blink, image_widget=image_widget)
