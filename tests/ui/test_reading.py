"""What a reader sees and does: panes, the list, the reading view, n/p, back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static, Tabs

from antd_tui.ui.app import AntdApp
from antd_tui.ui.screens.main import MainScreen
from antd_tui.ui.screens.reader import ReadingScreen
from antd_tui.ui.widgets.article_list import ArticleList
from antd_tui.ui.widgets.article_view import RelatedList
from tests.ui.conftest import SIZE, settle

NEWEST = "Giá xăng & dầu đồng loạt giảm từ 15h chiều 26-11"
DA_NANG = "Công an Đà Nẵng xuyên đêm hỗ trợ người dân vùng trũng chạy lũ"

pytestmark = pytest.mark.anyio


def list_lines(app: AntdApp, widget_id: str = "#articles") -> list[str]:
    articles = app.screen.query_one(widget_id, ArticleList)
    return [articles.render_line(y).text for y in range(articles.size.height)]


def texts(screen: ReadingScreen, cls: str) -> list[str]:
    """The text of the column's pieces of one kind; for ``figure``, each image's caption line."""
    selector = "#column > .figure > .caption" if cls == "figure" else f"#column > .{cls}"
    return [str(w.render()) for w in screen.query(selector).results(Static)]


async def test_start_shows_every_category_with_unread_counts_and_the_newest_first(
        reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        labels = [tab.label.plain for tab in app.screen.query_one(Tabs).query("Tab")]
        assert labels == ["Trang chủ 9", "Chính trị - Xã hội 5", "Pháp luật 4", "Thế giới 3",
                          "Kinh tế 3", "Thể thao 4"]
        assert isinstance(app.focused, ArticleList)
        first = list_lines(app)[0]
        assert NEWEST in first and "●" in first and "1 giờ trước" in first


async def test_enter_opens_the_article_with_byline_lead_captions_and_related_then_escape_returns(
        reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert texts(screen, "byline") == ["Chính trị - Xã hội · Minh Quân · 19:05, 25/11/2026"]
        assert texts(screen, "title") == [DA_NANG]
        assert texts(screen, "lead")[0].startswith("Đêm 24 và rạng sáng 25-11")  # no dateline
        assert texts(screen, "figure") == [
            "Ảnh 1 · Cán bộ, chiến sĩ Công an TP Đà Nẵng dùng xuồng đưa người dân ra khỏi vùng ngập",
            "Ảnh 2 · Lực lượng công an giúp người dân khuân vác tài sản lên nơi cao ráo",
            "Ảnh 3 · Tổ công tác chốt chặn, cảnh báo phương tiện không đi qua đoạn đường ngập sâu",
        ]
        assert texts(screen, "heading") == ["Chốt chặn tại các điểm ngập sâu, ngầm tràn"]
        assert texts(screen, "related-title") == ["TIN CÙNG CHUYÊN MỤC"]
        related = screen.query_one(RelatedList)
        assert next(link.title for link, _ in related.links).startswith("Mưa lũ miền Trung")
        assert all(cached is not None for _, cached in related.links)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        line = list_lines(app)[3]
        assert DA_NANG[:30] in line and "●" not in line  # opening marked it read
        assert app.screen.query_one(Tabs).query("Tab").first().label.plain == "Trang chủ 8"


async def test_n_and_p_step_through_the_pane_without_going_back(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert texts(screen, "title") == [NEWEST]
        await pilot.press("n")
        await settle(pilot)
        assert texts(screen, "title") == ["Cuộc đua vô địch V-League nóng lên sau vòng 8"]
        await pilot.press("n", "n")
        await settle(pilot)
        assert texts(screen, "title") == [DA_NANG]
        await pilot.press("p")
        await settle(pilot)
        assert texts(screen, "title")[0].startswith("Triệt phá đường dây cá độ")
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(ArticleList).cursor == 2  # the list followed along


async def test_related_article_opens_from_the_cache_and_back_returns_to_the_first(
        reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        first = app.screen
        await pilot.press("G", "j")  # to the end, then down into the related list
        await settle(pilot)
        assert isinstance(app.focused, RelatedList)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not first and isinstance(app.screen, ReadingScreen)
        assert texts(app.screen, "title")[0].startswith("Mưa lũ miền Trung")
        await pilot.press("escape")
        assert app.screen is first


async def test_tabs_switch_with_digits_tab_and_h_l(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(Tabs)
        await pilot.press("3")
        await settle(pilot)
        assert tabs.active == "pane-2"
        assert "Triệt phá đường dây cá độ" in list_lines(app)[0]
        await pilot.press("l")
        await settle(pilot)
        assert tabs.active == "pane-3"
        await pilot.press("tab")
        await settle(pilot)
        assert tabs.active == "pane-4"
        await pilot.press("shift+tab", "h")
        await settle(pilot)
        assert tabs.active == "pane-2"
        assert isinstance(app.focused, ArticleList)


async def test_m_toggles_read_and_capital_a_marks_the_pane_read(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "●" not in list_lines(app)[0]
        assert app.service.articles("trang-chu", limit=1)[0].read is True
        await pilot.press("m")
        await settle(pilot)
        assert "●" in list_lines(app)[0]
        assert app.service.articles("trang-chu", limit=1)[0].read is False
        await pilot.press("A")
        await settle(pilot)
        assert app.service.unread_counts().get("trang-chu", 0) == 0
        assert not any("●" in line for line in list_lines(app))
        assert app.screen.query_one(Tabs).query("Tab").first().label.plain == "Trang chủ"
