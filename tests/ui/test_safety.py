"""Hostile text stays literal; links open only when safe; keys remap; Textual stays in ui/."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static, Tabs

from antd_tui.core.models import FeedSource
from antd_tui.core.pipeline.report import RefreshListener
from antd_tui.core.service import ReaderService
from antd_tui.sample.server import SampleServer
from antd_tui.ui.app import AntdApp
from antd_tui.ui.commands import CommandsProvider
from antd_tui.ui.screens.bookmarks import BookmarksScreen
from antd_tui.ui.screens.help import HelpScreen
from antd_tui.ui.screens.reader import ReadingScreen
from antd_tui.ui.widgets.preview import Preview
from tests.ui.conftest import SITE, SIZE, edition_settings, settle
from tests.ui.test_reading import NEWEST, list_lines, texts
from tests.ui.test_refresh_offline import record_notes

pytestmark = pytest.mark.anyio

HOSTILE = ["[@click=app.quit]hi[/]", "[bold]x[/italic]", "[/]"]
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Thử</title><link>{{BASE}}/</link><description>t</description>
%s
</channel></rss>
"""
ITEM = """<item><title>%s</title><link>{{BASE}}/a%d.html</link><guid>a%d</guid>
<description>%s [link=javascript:alert(1)]bấm[/link]</description>
<pubDate>Wed, 26 Nov 2026 1%d:00:00 +0700</pubDate></item>"""


@pytest.fixture
def hostile_app(tmp_path: Path, reader: Callable[..., AntdApp]) -> AntdApp:
    root = tmp_path / "site"
    root.mkdir()
    items = "\n".join(ITEM % (title, i, i, title, i) for i, title in enumerate(HOSTILE))
    root.joinpath("hostile.rss").write_text(RSS % items, encoding="utf-8")
    with SampleServer(root=root) as server:
        feed = FeedSource(url=f"{server.base_url}/hostile.rss", category="[b]Thử[/b]", slug="thu",
                          full_text=False)
        settings = replace(edition_settings(retries=0), feeds=(feed,))
        service = ReaderService(settings, tmp_path / "data")
        try:
            assert len(service.refresh(None, RefreshListener()).new_ids) == 3
        finally:
            service.close()
    return reader(tmp_path / "data", settings)


async def test_hostile_titles_show_literally_and_enter_does_not_run_them(hostile_app: AntdApp) -> None:
    app = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(Tabs).query("Tab").first().label.plain == "[b]Thử[/b] 3"
        lines = list_lines(app)
        for line, title in zip(lines, reversed(HOSTILE), strict=False):
            assert title in line
        preview = str(app.screen.query_one(Preview).render()).split("\n")  # blank, title, byline, …
        assert preview[1] == "[/]" and "[link=javascript:alert(1)]bấm[/link]" in preview[4]
        await pilot.press("j", "j", "enter")  # the [@click=app.quit] one
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, ReadingScreen)
        assert texts(app.screen, "title") == ["[@click=app.quit]hi[/]"]
        await pilot.click("#column > .title")
        await pilot.press("k", "escape", "k", "enter")
        await settle(pilot)
        assert app.is_running and texts(app.screen, "title") == ["[bold]x[/italic]"]


class FakeBrowser(webbrowser.BaseBrowser):
    def __init__(self) -> None:
        super().__init__("fake")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


async def test_o_opens_http_links_in_the_browser_and_refuses_javascript(
        reader: Callable[..., AntdApp], edition_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    conn = sqlite3.connect(edition_dir / "antd.sqlite3")
    with conn:
        conn.execute("UPDATE articles SET url = 'javascript:alert(1)' WHERE title LIKE 'Cuộc đua%'")
    conn.close()
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == [f"{SITE}/gia-xang-dau-dong-loat-giam-tu-15h-chieu-26-11-post612449.antd"]
        await pilot.press("j", "o", "y")
        await settle(pilot)
        assert len(browser.opened) == 1
        refused = "Không mở liên kết này: chỉ mở được địa chỉ http/https."
        assert notes[-2:] == [("warning", refused), ("warning", refused)]
        await pilot.press("enter", "o")  # and from the reading view
        await settle(pilot)
        assert len(browser.opened) == 1 and notes[-1] == ("warning", refused)


async def test_keys_remap_from_the_config_and_help_shows_the_new_key(
        reader: Callable[..., AntdApp]) -> None:
    settings = replace(edition_settings(retries=0), keys={"bookmark": "ctrl+b", "nonsense": "x"})
    app = reader(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.service.bookmarks() == []
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert [r.title for r in app.service.bookmarks()] == [NEWEST]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = "\n".join(str(w.render()) for w in app.screen.query(".keys").results(Static))
        assert "Ctrl+B" in help_text and "Lưu / bỏ lưu" in help_text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_command_palette_offers_what_can_be_done_here(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = CommandsProvider(app.screen)
        offered = [hit.text async for hit in provider.discover()]
        assert {"Mở bài", "Cập nhật mục này", "Bài đã lưu", "Thoát"} <= set(offered)
        assert "Bài sau" not in offered  # a reading-view command, not offered on the list
        hits = [hit async for hit in provider.search("đã lưu")]
        best = max(hits, key=lambda hit: hit.score)
        assert best.text == "Bài đã lưu"
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await best.command()
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)


def test_the_reader_module_imports_textual_only_when_the_reader_opens() -> None:
    code = ("import sys, antd_tui.cli.reader, antd_tui.cli.main\n"
            "print(any(k.split('.')[0] == 'textual' for k in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_open_reader_runs_the_app_closes_the_service_and_returns_0(
        edition_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from antd_tui.cli.context import Context
    from antd_tui.cli.reader import open_reader

    ran: list[AntdApp] = []
    monkeypatch.setattr(AntdApp, "run", lambda self, **kw: ran.append(self))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    closed: list[bool] = []
    monkeypatch.setattr(ReaderService, "close", lambda self: closed.append(True))
    ctx = Context(argparse.Namespace(config=None, data_dir=str(edition_dir)))
    ctx.__dict__["settings"] = edition_settings()
    assert open_reader(ctx, demo=True) == 0
    assert len(ran) == 1 and ran[0].demo and closed == [True]


def test_without_a_terminal_the_reader_says_so_instead_of_hanging(edition_dir: Path) -> None:
    env = {**os.environ, "ANTD_TUI_DATA_DIR": str(edition_dir)}
    out = subprocess.run([sys.executable, "-m", "antd_tui"], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=30, env=env)
    assert out.returncode == 2
    assert "trình đọc cần một cửa sổ dòng lệnh" in out.stderr and out.stdout == ""  # language "vi"
