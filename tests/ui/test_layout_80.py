"""What fits at 80 columns and beyond: whole category tabs with their counts, a key bar that ends
with a whole entry, related titles that wrap under their own text, titles with room at 120 and 140."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Tab

from antd_tui.ui.app import AntdApp
from antd_tui.ui.screens.reader import ReadingScreen
from antd_tui.ui.widgets.bars import KeyBar, fit_keys
from antd_tui.ui.widgets.pane_tabs import tab_window
from tests.ui.conftest import settle
from tests.ui.test_reading import list_lines

pytestmark = pytest.mark.anyio
TABS = ["Trang chủ 9", "Chính trị - Xã hội 5", "Pháp luật 4", "Thế giới 3", "Kinh tế 3", "Thể thao 4"]


def screen_lines(app: AntdApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("width", [80, 60, 46])
async def test_every_tab_shown_is_whole_with_its_count_whichever_is_selected(
        reader: Callable[..., AntdApp], width: int) -> None:
    app = reader()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for digit in ("1", "2", "3", "4", "5", "6", "3", "1"):
            await pilot.press(digit)
            await settle(pilot)
            strip = screen_lines(app)[1]
            shown = [str(t.label) for t in app.screen.query(Tab) if t.display]
            active = TABS[int(digit) - 1]
            assert active in shown and active in strip, (digit, strip)
            for label in shown:  # every tab on screen is whole: name and count
                assert label in strip, (digit, label, strip)
            words = {w for label in TABS for w in label.split()}
            cut = [w for w in strip.replace("‹", " ").replace("›", " ").split() if w not in words]
            assert cut == [], (digit, strip)  # no word cut in half ("ang chủ")
            hidden = len(shown) < len(TABS)
            assert hidden == ("‹" in strip or "›" in strip)


def test_the_tab_window_keeps_its_place_until_the_active_tab_leaves_it() -> None:
    widths = [13, 22, 13, 12, 11, 12]  # the sample edition's tabs at 80 columns
    assert tab_window(widths, 0, 80, 0) == (0, 4)
    assert tab_window(widths, 4, 80, 0) == (0, 4)  # still in sight: nothing moves
    assert tab_window(widths, 5, 80, 0) == (1, 5)
    assert tab_window(widths, 2, 80, 1) == (1, 5)  # back inside the window: it stays
    assert tab_window(widths, 0, 80, 1) == (0, 4)
    assert tab_window(widths, 3, 200, 2) == (0, 5)  # everything fits: everything shows


def test_the_key_bar_leaves_entries_out_whole_and_keeps_help_and_quit() -> None:
    entries = [("b", "Lưu"), ("esc", "Quay lại"), ("n", "Bài sau"), ("p", "Bài trước"), ("/", "Tìm"),
               ("?", "Trợ giúp"), ("q", "Thoát")]

    def text(width: int) -> str:
        return "".join(p if isinstance(p, str) else p[0] for p in fit_keys(entries, width))

    assert text(78) == "b Lưu   esc Quay lại   n Bài sau   p Bài trước   / Tìm   ? Trợ giúp   q Thoát"
    assert text(76) == "b Lưu  esc Quay lại  n Bài sau  p Bài trước  / Tìm  ? Trợ giúp  q Thoát"
    assert text(51) == "b Lưu  esc Quay lại  n Bài sau  ? Trợ giúp  q Thoát"
    assert text(50) == "b Lưu  esc Quay lại  ? Trợ giúp  q Thoát"
    assert text(10).endswith("? Trợ giúp  q Thoát")


async def test_the_reading_views_key_bar_ends_whole_at_80_columns(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        bar = screen_lines(app)[-1].rstrip()
        assert bar.endswith("? Trợ giúp   q Thoát") and "…" not in bar
        assert str(app.screen.query_one(KeyBar).render()).endswith("q Thoát")


async def test_wrapped_related_titles_line_up_under_their_marker(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=(44, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "G")
        await settle(pilot)
        related = app.screen.query_one("#related")
        lines = [related.render_line(y).text.rstrip() for y in range(related.size.height)]
        starts = [line for line in lines if line.strip()]
        assert any(not line.lstrip().startswith("›") for line in starts), lines  # something wrapped
        for line in starts:
            if line.lstrip().startswith("›"):
                text_at = len(line) - len(line.lstrip()) + 2
            else:  # a wrapped line starts exactly under the first letter of its title
                assert len(line) - len(line.lstrip()) == text_at, lines


@pytest.mark.parametrize("size", [(120, 40), (140, 40), (200, 50)])
async def test_titles_get_the_room_they_need_at_wide_sizes(reader: Callable[..., AntdApp],
                                                           size: tuple[int, int]) -> None:
    app = reader()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        longest = "Xây dựng đội ngũ cán bộ lãnh đạo nữ có trình độ chuyên môn"  # 59 characters
        row = next(line for line in list_lines(app) if "Xây dựng" in line)
        assert longest in row, row
        assert app.screen.query_one("#articles").size.width - 20 >= 60  # row marks and time aside


async def test_a_click_on_a_mark_brings_the_hidden_tab(reader: Callable[..., AntdApp]) -> None:
    app = reader()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "›" in screen_lines(app)[1] and "Thể thao 4" not in screen_lines(app)[1]
        await pilot.click("#more-right")
        await settle(pilot)
        assert "Thể thao 4" in screen_lines(app)[1] and "‹" in screen_lines(app)[1]
        assert "Cuộc đua vô địch V-League" in list_lines(app)[0]  # the pane shows its articles
        await pilot.click("#more-left")
        await settle(pilot)
        assert "Trang chủ 9" in screen_lines(app)[1]
