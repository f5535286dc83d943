"""The catalogue (Vietnamese and English, relative times) and the list's lazy paging."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from textual.app import App, ComposeResult

from antd_tui.core.store.queries import ArticleRow
from antd_tui.ui.app import AntdApp
from antd_tui.ui.i18n import CATALOGUE, Tr
from antd_tui.ui.widgets.article_list import ArticleList
from antd_tui.ui.widgets.pages import KEEP_PAGES, PAGE
from tests.ui.conftest import NOW, SIZE, edition_settings, settle
from tests.ui.test_reading import list_lines

pytestmark = pytest.mark.anyio
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")  # NOW is 16:00 there


@pytest.mark.parametrize(("ago", "vi", "en"), [
    (timedelta(seconds=30), "vừa xong", "just now"),
    (timedelta(minutes=5), "5 phút trước", "5 min ago"),
    (timedelta(hours=3, minutes=10), "3 giờ trước", "3 h ago"),
    (timedelta(hours=20, minutes=55), "hôm qua 19:05", "yesterday 19:05"),
    (timedelta(days=3, hours=6, minutes=55), "23/11 09:05", "23/11 09:05"),
    (timedelta(days=2068), "29/03/2021", "29/03/2021"),
    (timedelta(hours=-2), "26/11 18:00", "26/11 18:00"),  # a clock ahead of ours: the plain time
])
def test_relative_times_in_both_languages(ago: timedelta, vi: str, en: str) -> None:
    assert Tr("vi").relative_time(NOW - ago, NOW, HANOI) == vi
    assert Tr("en").relative_time(NOW - ago, NOW, HANOI) == en


def test_every_string_has_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, (vi, en) in CATALOGUE.items():
        assert vi and en, key
        names_vi = {f for _, f, _, _ in fields.parse(vi) if f}
        names_en = {f for _, f, _, _ in fields.parse(en) if f}
        assert names_vi == names_en, key
    assert Tr("vi").number(100_000) == "100.000" and Tr("en").number(100_000) == "100,000"
    assert Tr("vi").long_date(NOW, HANOI) == "Thứ Năm, 26/11/2026"


def test_one_vietnamese_word_per_meaning_saved_is_a_bookmark_cached_is_downloaded() -> None:
    """"lưu" is a bookmark ("Bài đã lưu"), as "saved" is in English; the cache is "đã tải về" /
    "bộ nhớ đệm", as "cached" is: never the other way round, in any string a person reads."""
    from antd_tui.core.locale.commands import COMMANDS

    pairs = [(key, vi, en) for key, (vi, en) in CATALOGUE.items()]
    pairs += [(c.id, c.vi, c.en) for c in COMMANDS] + [(c.id, *c.footer) for c in COMMANDS if c.footer]
    for key, vi, en in pairs:
        saved = any(w in en.lower() for w in ("save", "bookmark"))  # English says both
        cached = "cache" in en.lower()
        assert ("lưu" in vi.lower()) == saved, (key, vi, en)
        if cached:
            assert "tải về" in vi or "bộ nhớ đệm" in vi, (key, vi, en)
    assert Tr("vi")("reader.uncached_mark").strip() == "(chưa tải về)"


async def test_the_reader_speaks_english_when_asked(reader: Callable[..., AntdApp]) -> None:
    app = reader(settings=replace(edition_settings(retries=0), language="en"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "1 h ago" in list_lines(app)[0]
        keybar = str(app.screen.query_one("KeyBar").render())
        assert re.search(r"Open .* Save .* Refresh .* Search .* Help .* Quit", keybar), keybar
        await pilot.press("enter")
        await settle(pilot)
        related = app.screen.query_one("#column > .related-title")
        assert str(related.render()) == "MORE FROM THIS SECTION"


class SyntheticRows:
    """100,000 rows that exist only when read, counting every read."""

    def __init__(self, total: int = 100_000) -> None:
        self.total = total
        self.reads: list[int] = []
        self.base = datetime(2026, 11, 26, 9, tzinfo=UTC)

    def count(self) -> int:
        return self.total

    def page(self, offset: int, limit: int) -> list[ArticleRow]:
        self.reads.append(offset)
        return [ArticleRow(i, f"Bài số {i}", None, "", "", self.base - timedelta(minutes=i), "", False,
                           False, None, "done") for i in range(offset, min(self.total, offset + limit))]

    def position(self, article_id: int) -> int | None:
        return article_id if 0 <= article_id < self.total else None


class ListApp(App[None]):
    def __init__(self, source: SyntheticRows) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield ArticleList(lambda when: when.strftime("%H:%M"), 5)

    def on_mount(self) -> None:
        self.query_one(ArticleList).load(self.source, top=True)


async def test_a_huge_pane_reads_only_the_pages_near_the_cursor() -> None:
    source = SyntheticRows()
    app = ListApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]
        articles = app.query_one(ArticleList)
        assert articles.total == 100_000 and source.reads == [0]
        await pilot.press("G")
        await settle(pilot)  # type: ignore[arg-type]
        assert articles.current is not None and articles.current.title == "Bài số 99999"
        assert "Bài số 99999" in articles.render_line(articles.size.height - 1).text
        assert sorted(set(source.reads)) == [0, 99_800]
        for index in range(0, 100_000, 2_500):  # wander through the whole pane
            articles.move_to(index)
            await settle(pilot)  # type: ignore[arg-type]
        assert len(articles._rows.pages) <= KEEP_PAGES
        assert len(source.reads) < 100_000 // PAGE  # never the whole pane
        articles.load(source, keep_id=54_321)  # a reload keeps the selected article
        await settle(pilot)  # type: ignore[arg-type]
        assert articles.cursor == 54_321 and articles.current.title == "Bài số 54321"  # type: ignore[union-attr]
