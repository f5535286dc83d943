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
from antd_tui.ui.widgets.bars import StatusBar
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
        assert [w.base for w in results.highlight_terms.words] == ["da", "nang"]
        assert not results.highlight_terms.prefix  # Enter: whole words, as in the CLI
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_sort_key_switches_to_newest_first_and_back(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"cong an da nang", "enter")
        await settle(pilot)
        results = app.screen.query_one("#results", ArticleList)

        def shown() -> list[str]:
            return [results.row_at(i).title[:30] for i in range(3)]  # type: ignore[union-attr]

        def status() -> str:
            return str(app.screen.query_one(StatusBar).render())

        assert shown() == ["Công an Đà Nẵng xuyên đêm hỗ t", "Công an Đà Nẵng triệt phá đườn",
                           "Công an Hà Nội thắng kịch tính"]
        assert "liên quan nhất trước" in status()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert shown() == ["Cuộc đua vô địch V-League nóng", "Triệt phá đường dây cá độ bóng",
                           "Công an Đà Nẵng xuyên đêm hỗ t"]
        assert "mới nhất trước" in status()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert shown()[0] == "Công an Đà Nẵng xuyên đêm hỗ t"


async def test_the_last_word_is_a_prefix_only_while_it_is_typed(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lua dao qua m")
        await pilot.pause(0.4)  # the debounce
        await settle(pilot)
        results = app.screen.query_one("#results", ArticleList)
        assert results.highlight_terms.prefix and results.total == 1  # "m" finds "mạng" meanwhile
        assert any("lừa đảo qua mạng" in line for line in list_lines(app, "#results"))
        await pilot.press("enter")  # done typing: "m" is a whole word now, as in the CLI
        await settle(pilot)
        assert not results.highlight_terms.prefix and results.total == 0
        assert isinstance(app.focused, Input)  # nothing found: the box keeps the focus
        await pilot.press("backspace", *"mang")
        await pilot.pause(0.4)
        await settle(pilot)
        assert results.total == 1


async def test_a_query_of_too_many_words_says_so(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.screen.query_one(Input).value = "cong an " * 20
        await pilot.press("enter")
        await settle(pilot)
        lines = list_lines(app, "#results")
        assert any("Tối đa 32 từ cho một lần tìm (đang có 40)." in line for line in lines), lines


async def test_the_palette_finds_commands_without_marks(reader: Callable[..., AntdApp]) -> None:
    from antd_tui.ui.commands import CommandsProvider

    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = CommandsProvider(app.screen)
        found = sorted((hit.score, hit.text) for hit in [h async for h in provider.search("cap nhat")])
        assert [text for _, text in found] == ["Cập nhật mục này", "Cập nhật tất cả"]
        hits = [h async for h in provider.search("cap nhat tat")]
        assert [h.text for h in hits] == ["Cập nhật tất cả"]
        assert [h async for h in provider.search("cap nhat xyz")] == []


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
    # while typing, the last word is a prefix (only what was typed is lit)...
    assert [title[a:b] for a, b in match_spans(title, query_terms("cong a", typing=True))] == [
        "Công", "a"]
    # ...and once it is followed by a space, or Enter is pressed, a whole word ("a" is none here)
    assert [title[a:b] for a, b in match_spans(title, query_terms("cong a ", typing=True))] == [
        "Công"]
    assert [title[a:b] for a, b in match_spans(title, query_terms("cong an"))] == ["Công", "an"]
    # decomposed input (NFD) still maps back to the right characters
    nfd = "Đa\u0300 Na\u0306\u0303ng"
    assert [nfd[a:b] for a, b in match_spans(nfd, query_terms("nang"))] == ["Na\u0306\u0303ng"]
    assert [nfd[a:b] for a, b in match_spans(nfd, query_terms("Nă", typing=True))] == [
        "Na\u0306\u0303"]  # a letter is lit with all its marks


def test_a_phrase_is_lit_as_a_whole_and_marks_light_only_what_they_match() -> None:
    title = "Công an Đà Nẵng: đã có năng lượng, Đà Nẵng"
    assert [title[a:b] for a, b in match_spans(title, query_terms('"da nang"'))] == [
        "Đà Nẵng", "Đà Nẵng"]
    assert [title[a:b] for a, b in match_spans(title, query_terms("Đà Nẵng"))] == [
        "Đà", "Nẵng", "Đà", "Nẵng"]
    assert [title[a:b] for a, b in match_spans(title, query_terms("đa"))] == ["Đà", "đã", "Đà"]


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
