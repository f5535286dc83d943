"""``L`` in the reading view lists the article's links, numbered; a number (or Enter) opens one in
the browser, ``y`` copies it, Esc closes the list."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable

import pytest
from textual.widgets import OptionList

from antd_tui.core.library.links import article_links
from antd_tui.ui.app import AntdApp
from antd_tui.ui.screens.links import LinksScreen
from antd_tui.ui.screens.reader import ReadingScreen
from tests.ui.conftest import SITE, SIZE, settle
from tests.ui.test_layout_80 import screen_lines
from tests.ui.test_refresh_offline import record_notes
from tests.ui.test_safety import FakeBrowser

pytestmark = pytest.mark.anyio
PAGE = f"{SITE}/gia-xang-dau-dong-loat-giam-tu-15h-chieu-26-11-post612449.antd"


async def test_l_lists_the_links_and_a_number_opens_one(reader: Callable[..., AntdApp],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen) and app.screen.detail is not None
        links = article_links(app.screen.detail)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen)
        assert app.screen.query_one(OptionList).option_count == len(links) >= 3
        lines = screen_lines(app)
        first = next(i for i, line in enumerate(lines) if "[1] Bài gốc trên trang báo" in line)
        column = lines[first].index("Bài gốc")
        assert lines[first + 1][column:].startswith(PAGE[:40])  # the URL under its label
        for n in range(2, len(links) + 1):
            assert any(f"[{n}] " in line for line in lines), n
        await pilot.press("2")
        await settle(pilot)
        assert browser.opened == [links[1].url] and isinstance(app.screen, ReadingScreen)
        await pilot.press("L", "enter")  # Enter opens the highlighted one, the first
        await settle(pilot)
        assert browser.opened[-1] == PAGE
        notes = record_notes(app)
        await pilot.press("L", "j", "j", "y", "escape")
        await settle(pilot)
        assert notes == [("information", "Đã sao chép liên kết.")]
        assert app.clipboard == links[2].url
        assert isinstance(app.screen, ReadingScreen) and len(browser.opened) == 2


async def test_a_number_with_no_link_says_so_and_keeps_the_list(reader: Callable[..., AntdApp],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("L", "9")
        await settle(pilot)
        assert notes == [("warning", "Không có liên kết số 9.")]
        assert isinstance(app.screen, LinksScreen) and browser.opened == []
