"""Search (accents optional, matches lit) and bookmarks (b toggles, B lists)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

from antd_tui.ui.app import AntdApp
from antd_tui.ui.screens.bookmarks import BookmarksScreen
from antd_tui.ui.screens.main import MainScreen
from antd_tui.ui.screens.reader import ReadingScreen
from antd_tui.ui.screens.search import SearchScreen
from antd_tui.ui.text import browser_url, match_spans, query_terms
from antd_tui.ui.widgets.article_list import ArticleList
from tests.ui.conftest import SIZE, settle
from tests.ui.test_reading import list_lines
from tests.ui.test_refresh_offline import record_notes

pytestmark = pytest.mark.anyio


async def test_search_da_nang_finds_da_nang_titles_and_lights_the_words(
        reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await pilot.press(*"da nang", "enter")
        await settle(pilot)
        results = app.screen.query_one("#results", ArticleList)
        assert app.focused is results
        titles = [results.row_at(i).title for i in range(results.total)]  # type: ignore[union-attr]
        assert "Công an Đà Nẵng xuyên đêm hỗ trợ người dân vùng trũng chạy lũ" in titles
        assert "Công an Đà Nẵng triệt phá đường dây lừa đảo qua mạng, chiếm đoạt hơn 20 tỷ đồng" in titles
        lines = list_lines(app, "#results")
        assert any("Đà Nẵng" in line for line in lines)
        assert results.highlight_terms == ["da", "nang"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_search_with_no_match_says_so(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"xyzzy", "enter")
        await settle(pilot)
        lines = list_lines(app, "#results")
        assert "Không tìm thấy bài nào cho “xyzzy”." in lines[1]


def test_match_spans_fold_accents_and_case_char_by_char() -> None:
    title = "Công an ĐÀ NẴNG: đà nẵng, Đà Nẵng và dân"
    lit = [title[a:b] for a, b in match_spans(title, query_terms("da nang"))]
    assert lit == ["ĐÀ", "NẴNG", "đà", "nẵng", "Đà", "Nẵng"]
    # the last word is a prefix, as the index treats it while typing
    assert [title[a:b] for a, b in match_spans(title, query_terms("cong a"))] == ["Công", "a"]
    # decomposed input (NFD) still maps back to the right characters
    nfd = "Đa\u0300 Na\u0306\u0303ng"
    assert [nfd[a:b] for a, b in match_spans(nfd, ["nang"])] == ["Na\u0306\u0303ng"]


async def test_b_toggles_a_bookmark_and_capital_b_lists_it(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        assert "★" in list_lines(app)[1]
        saved = app.service.bookmarks()
        assert [row.title for row in saved] == ["Cuộc đua vô địch V-League nóng lên sau vòng 8"]
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        lines = list_lines(app, "#saved")
        assert "Cuộc đua vô địch V-League" in lines[0] and "★" in lines[0]
        await pilot.press("b")  # unsave from the bookmarks pane: it leaves the list
        await settle(pilot)
        assert app.service.bookmarks() == []
        assert "Chưa lưu bài nào." in list_lines(app, "#saved")[1]
        await pilot.press("B")
        assert isinstance(app.screen, MainScreen)
        assert "★" not in list_lines(app)[1]


async def test_b_in_the_reading_view_saves_the_open_article(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "b")
        await settle(pilot)
        assert [r.title for r in app.service.bookmarks()] == [
            "Giá xăng & dầu đồng loạt giảm từ 15h chiều 26-11"]
        await pilot.press("escape")
        await settle(pilot)
        assert "★" in list_lines(app)[0]


def test_browser_urls_are_http_only_and_never_look_like_options() -> None:
    assert browser_url("https://www.anninhthudo.vn/a-post1.antd") == "https://www.anninhthudo.vn/a-post1.antd"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "-https://x.vn", " https://x.vn",
                "https://x.vn/a b", "https://x.vn/\x1b[31m", "data:text/html,hi", "http://", None, ""):
        assert browser_url(bad) is None, bad


async def test_undo_in_the_bookmarks_pane_takes_back_the_undo_hint(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        app.clear_notifications()
        notes = record_notes(app)
        await pilot.press("b")
        await settle(pilot)
        hint = ("information", "Đã bỏ lưu bài. Nhấn u để hoàn tác.")
        assert notes == [hint] and shown(app) == [hint[1]]
        await pilot.press("u")
        await settle(pilot)
        assert [r.title for r in app.service.bookmarks()] == ["Cuộc đua vô địch V-League nóng lên sau vòng 8"]
        assert "Cuộc đua vô địch V-League" in list_lines(app, "#saved")[0]
        assert hint[1] not in shown(app)  # the undo happened: the hint that offered it is gone
        assert notes.count(hint) == 1
        await pilot.press("u")  # nothing left to undo
        await settle(pilot)
        assert hint[1] not in shown(app) and notes[-1] == ("information", "Không có gì để hoàn tác.")


def shown(app: AntdApp) -> list[str]:
    """The notifications on screen now."""
    return [n.message for n in app._notifications]
