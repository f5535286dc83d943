"""The reader with ``[sync]``: the first sync from an empty reader, the new groups as tabs,
the title bar saying when it last synced, a failed sync told as a warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static, Tabs

from antd_tui.core.config import Settings, load_settings
from antd_tui.core.service import ReaderService
from antd_tui.core.sync_config import SyncSettings
from antd_tui.ui.app import make_app
from bench.fever_server import FeverServer
from tests.ui.conftest import SIZE, frozen_clock, settle
from tests.ui.test_reading import list_lines
from tests.ui.test_refresh_offline import record_notes

pytestmark = pytest.mark.anyio
Opener = Callable[[Settings, Path], ReaderService]


def sync_settings(url: str, password: str = "mat-khau-dai-12") -> Settings:
    sync = SyncSettings(service="fever", url=url, username="lan", password=password)
    return replace(load_settings(None), feeds=(), sync=sync, fetch=replace(
        load_settings(None).fetch, full_text=False))


async def test_the_first_sync_fills_an_empty_reader_with_the_servers_groups(
        open_service: Opener, tmp_path: Path) -> None:
    with FeverServer() as fever:
        fever.add_items(3, feed_id=1)
        fever.add_items(2, feed_id=2)
        settings = sync_settings(fever.url)
        app = make_app(open_service(settings, tmp_path / "data"), settings, clock=frozen_clock,
                       poll_interval=None, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert f"nhấn r để đồng bộ với {fever.url}" in "".join(list_lines(app))
            when = app.screen.query_one("#when", Static)
            assert "⇄ chưa đồng bộ" in str(when.render())
            await pilot.press("r")
            await settle(pilot)
            tabs = app.screen.query_one("#panes", Tabs)
            assert [str(t.label) for t in tabs.query("Tab")][:2] == ["Thời sự 3", "Thể thao 2"]
            assert any("Tin số 3" in line for line in list_lines(app))
            assert "⇄ đồng bộ" in str(when.render()) and "chưa" not in str(when.render())


async def test_a_failed_sync_is_a_warning_naming_the_server(open_service: Opener,
                                                            tmp_path: Path) -> None:
    with FeverServer() as fever:
        fever.add_items(1)
        settings = sync_settings(fever.url, password="sai-mat-khau-123")
        app = make_app(open_service(settings, tmp_path / "data"), settings, clock=frozen_clock,
                       poll_interval=None, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            notes = record_notes(app)
            await pilot.press("r")
            await settle(pilot)
            warnings = [text for severity, text in notes if severity == "warning"]
            assert warnings and f"{fever.url}: đăng nhập thất bại" in warnings[0]
            assert "sai-mat-khau" not in "".join(text for _, text in notes)
