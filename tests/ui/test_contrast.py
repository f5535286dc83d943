"""Every row state keeps WCAG AA contrast, in the dark and the light theme: measured on the colours
the lists really draw (rendered strips), not on the CSS. Text needs 4.5:1; the ● and ★ marks are
graphics (WCAG 1.4.11): 3:1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from rich.color import Color

from antd_tui.ui.app import AntdApp
from antd_tui.ui.screens.search import SearchScreen
from antd_tui.ui.widgets.article_list import ArticleList
from tests.ui.conftest import SIZE, edition_settings, settle

pytestmark = pytest.mark.anyio
MARKS = {"●", "★", "…"}


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def worst(app: AntdApp, selector: str) -> list[tuple[float, str, str]]:
    """Every drawn run of text in the list's visible rows whose contrast is below AA."""
    articles = app.screen.query_one(selector, ArticleList)
    low: list[tuple[float, str, str]] = []
    for y in range(min(articles.size.height, articles.total)):
        for segment in articles.render_line(y):
            text = segment.text.strip()
            style = segment.style
            if not text or style is None:
                continue
            assert style.color is not None and style.bgcolor is not None, (text, style)
            ratio = contrast(style.color, style.bgcolor)
            needed = 3.0 if set(text) <= MARKS else 4.5
            if ratio < needed:
                low.append((round(ratio, 2), text, str(style)))
    return low


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_every_row_state_keeps_aa_contrast(reader: Callable[..., AntdApp], theme: str) -> None:
    app = reader(settings=replace(edition_settings(retries=0), theme=theme))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == {"dark": "antd", "light": "antd-light"}[theme]
        await pilot.press("m", "j", "b", "j", "m", "j")  # read, bookmarked, read+cursor rows
        await settle(pilot)
        assert worst(app, "#articles") == []  # the list focused: cursor on an unread row
        await pilot.press("k")
        await settle(pilot)
        assert worst(app, "#articles") == []  # cursor on a read row
        await pilot.press("slash", *"cong an")
        for _ in range(20):  # the search runs once typing pauses
            await pilot.pause(0.1)
            await settle(pilot)
            if app.screen.query("#results") and app.screen.query_one("#results", ArticleList).total:
                break
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#results", ArticleList)
        assert results.total >= 2 and not results.has_focus
        assert worst(app, "#results") == []  # typing: the cursor row seen while the input has focus
        await pilot.press("down")
        await settle(pilot)
        assert results.has_focus
        assert worst(app, "#results") == []  # the results focused, matches lit on every row
        await pilot.press("escape", "B")
        await settle(pilot)
        assert worst(app, "#saved") == []
