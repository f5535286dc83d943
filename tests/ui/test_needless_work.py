"""Work the reader does not do: read the first page or the counts twice, slide the tab
underline when only a count changed, lay out the whole screen for a cursor move."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets._tabs import Underline

from antd_tui.ui.app import AntdApp
from tests.ui.conftest import SIZE, settle

pytestmark = pytest.mark.anyio


def _count_calls(monkeypatch: pytest.MonkeyPatch, obj: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(obj, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(obj, name, counted)
    return calls


async def test_opening_reads_the_first_page_and_the_counts_once(
        reader: Callable[..., AntdApp], monkeypatch: pytest.MonkeyPatch) -> None:
    app = reader()
    counts = _count_calls(monkeypatch, app.service, "unread_counts")
    sizes = _count_calls(monkeypatch, app.service, "article_count")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # the cache-changed and flags-changed watchers do not fire for the app's first values
        assert (len(counts), len(sizes)) == (1, 1)
        await pilot.press("enter")  # reading an article changes a count: recounted
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(counts) == 2
        assert app.screen.query_one("#panes").query("Tab").first().label.plain == "Trang chủ 8"


async def test_new_counts_do_not_slide_the_tab_underline(
        reader: Callable[..., AntdApp], monkeypatch: pytest.MonkeyPatch) -> None:
    app = reader()
    slides = _count_calls(monkeypatch, Underline, "animate")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        underline = app.screen.query_one(Underline)
        first = app.screen.query_one("#panes").query("Tab").first()
        assert first.label.plain == "Trang chủ 9"  # relabelled with its count after the first page
        assert slides == []
        start, end = first.virtual_region.shrink(first.styles.gutter).column_span
        assert (underline.highlight_start, underline.highlight_end) == (start, end)
        await pilot.press("l")  # moving to another pane still slides, as Textual does
        await settle(pilot)
        assert slides


async def test_a_cursor_move_repaints_without_laying_out_the_screen(
        reader: Callable[..., AntdApp], monkeypatch: pytest.MonkeyPatch) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        layouts: list[Widget] = []
        refresh = Widget.refresh

        def spy(self: Widget, *regions: Any, **kwargs: Any) -> Widget:
            if kwargs.get("layout"):
                layouts.append(self)
            return refresh(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        preview = app.screen.query_one("#preview")
        before = str(preview.render())
        await pilot.press("j", "j")
        await settle(pilot)
        assert str(preview.render()) != before  # the preview shows the third article now
        assert layouts == []


async def test_a_burst_of_moves_draws_the_preview_once_then_the_row_it_stopped_on(
        reader: Callable[..., AntdApp]) -> None:
    from antd_tui.ui.widgets.preview import Preview

    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        first, second, third = app.service.articles("trang-chu", limit=3)
        await pilot.pause(0.1)
        preview.show(second)
        assert second.title in str(preview.render())  # the first move of a burst: at once
        preview.show(third)
        preview.show(first)  # moves within the burst wait, and the last one wins
        assert preview.pending and second.title in str(preview.render())
        await pilot.pause(0.2)
        assert not preview.pending and first.title in str(preview.render())
