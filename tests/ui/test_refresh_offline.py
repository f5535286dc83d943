"""Refreshing in the background, offline reading, and the cache changing underneath."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from antd_tui.core.config import Settings
from antd_tui.core.lock import RefreshLock
from antd_tui.core.models import FeedSource
from antd_tui.core.service import ReaderService
from antd_tui.sample.server import SampleServer
from antd_tui.ui.app import AntdApp, make_app
from antd_tui.ui.screens.reader import ReadingScreen
from tests.conftest import dead_url
from tests.ui.conftest import SITE, SIZE, edition_settings, frozen_clock, rewrite_links, settle
from tests.ui.test_reading import NEWEST, list_lines, texts

pytestmark = pytest.mark.anyio
Opener = Callable[[Settings, Path], ReaderService]


def record_notes(app: App[None]) -> list[tuple[str, str]]:
    """Every notification as (severity, text), in order."""
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notes.append((str(kwargs.get("severity", "information")), message))
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return notes


def app_over(service: ReaderService, settings: Settings) -> AntdApp:
    return make_app(service, settings, clock=frozen_clock, poll_interval=None, cursor_blink=False)


async def test_r_refreshes_the_pane_in_the_background_with_progress_then_a_notice(
        open_service: Opener, tmp_path: Path) -> None:
    with SampleServer() as server:
        settings = edition_settings(server.base_url)
        app = app_over(open_service(settings, tmp_path / "data"), settings)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "Chưa có bài nào trong chuyên mục này." in list_lines(app)[1]
            statuses: list[str] = []
            app.watch(app, "refresh_status", lambda status: statuses.append(status), init=False)
            notes = record_notes(app)
            await pilot.press("r")
            await settle(pilot)
            assert statuses[0] == "Đang cập nhật…"
            assert any(s.startswith("Đang cập nhật 1/1 nguồn · 9 bài mới") for s in statuses), statuses
            assert any(s.startswith("Đang tải toàn văn") for s in statuses), statuses
            assert statuses[-1] == "" and app.refresh_status == ""
            assert notes == [("information", "Đã cập nhật 1 nguồn · 9 bài mới")]
            assert NEWEST in list_lines(app)[0]
            await pilot.press("enter")
            await settle(pilot)
            assert len(texts(app.screen, "figure")) == 1  # full text came with the refresh  # type: ignore[arg-type]


async def test_a_failed_refresh_names_the_feeds_and_keeps_the_cache(
        reader: Callable[..., AntdApp], edition_dir: Path) -> None:
    dead = dead_url()
    settings = replace(edition_settings(retries=0), feeds=(
        FeedSource(url=dead, category="Trang chủ", slug="trang-chu"),))
    app = reader(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("R")
        await settle(pilot)
        assert len(notes) == 1
        severity, text = notes[0]
        assert severity == "warning"
        assert text == ("Đã cập nhật 1 nguồn · 0 bài mới\n1 nguồn lỗi:\n"
                        "• Trang chủ: không kết nối được: máy chủ từ chối kết nối")
        assert NEWEST in list_lines(app)[0]  # nothing lost


async def test_a_refresh_already_running_elsewhere_is_reported_calmly(
        reader: Callable[..., AntdApp], edition_dir: Path) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        with RefreshLock(edition_dir, wait=0):
            await pilot.press("R")
            await settle(pilot)
        assert notes == [("warning", "Một lượt cập nhật khác đang chạy (có thể từ cron). "
                                     "Thử lại sau ít phút.")]
        assert app.refresh_status == ""


async def test_offline_start_reads_cached_articles_in_full(reader: Callable[..., AntdApp]) -> None:
    app = reader()  # the edition's server is long gone; nothing is fetched on start or on open
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert texts(app.screen, "figure") == ["Ảnh 1 · Người dân đổ xăng tại một cửa hàng xăng dầu ở Hà Nội"]
        assert texts(app.screen, "note") == []
        assert notes == []


async def test_without_full_text_the_summary_shows_then_offline_is_said_once(
        reader: Callable[..., AntdApp], summaries_dir: Path) -> None:
    rewrite_links(summaries_dir, SITE, dead_url().rsplit("/rss/", 1)[0])
    app = reader(summaries_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert texts(screen, "title") == [NEWEST]
        assert texts(screen, "lead")[0].startswith("Liên Bộ Công Thương")  # the feed summary
        note = texts(screen, "note")
        assert len(note) == 1 and note[0].startswith("Không tải được toàn văn (")
        await pilot.press("n")
        await settle(pilot)
        assert texts(screen, "note")[0].startswith("Không tải được toàn văn (")
        assert notes == [("warning", "Đang ngoại tuyến: vẫn đọc được mọi bài đã tải về.")]


async def test_without_full_text_the_page_is_fetched_on_open(
        reader: Callable[..., AntdApp], summaries_dir: Path) -> None:
    with SampleServer() as server:
        rewrite_links(summaries_dir, SITE, server.base_url)
        app = reader(summaries_dir)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReadingScreen)
            assert texts(screen, "figure") == [
                "Ảnh 1 · Người dân đổ xăng tại một cửa hàng xăng dầu ở Hà Nội"]
            assert texts(screen, "note") == []
            assert texts(screen, "lead")[0].startswith("Liên Bộ")  # without the dateline


async def test_changes_written_by_another_process_appear_when_data_version_moves(
        reader: Callable[..., AntdApp], edition_dir: Path) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.check_cache()  # the first poll only takes the baseline
        await settle(pilot)
        generation = app.data_generation
        other = ReaderService(edition_settings(), edition_dir)  # e.g. a cron job, or `antd-tui read`
        try:
            newest = other.articles("trang-chu", limit=1)[0]
            other.set_read(newest.id, True)
        finally:
            other.close()
        assert "●" in list_lines(app)[0]
        app.check_cache()
        await settle(pilot)
        assert app.data_generation == generation + 1
        assert NEWEST in list_lines(app)[0] and "●" not in list_lines(app)[0]


async def test_quitting_during_a_refresh_does_not_wait_for_a_hung_server(
        reader: Callable[..., AntdApp]) -> None:
    """The refresh thread must end at once on quit: ``App.run`` waits for worker threads."""
    import threading

    from tests.conftest import SilentServer

    server = SilentServer()  # accepts, never answers: the fetch would sit out its 10 s timeout
    try:
        settings = replace(edition_settings(retries=0), feeds=(
            FeedSource(url=server.url, category="Trang chủ", slug="trang-chu"),))
        app = reader(settings=settings)
        ended = threading.Event()
        refresh = app.service.refresh

        def watched_refresh(*args: Any, **kwargs: Any) -> Any:
            try:
                return refresh(*args, **kwargs)
            finally:
                ended.set()

        app.service.refresh = watched_refresh  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await pilot.pause(0.2)  # the refresh is now waiting on the silent server
            assert app.refresh_status.startswith("Đang cập nhật") and not ended.is_set()
            await pilot.press("q")
        assert ended.wait(3)
    finally:
        server.close()
