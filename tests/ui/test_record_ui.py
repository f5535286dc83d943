"""The reader over a lost cache: its bookmarks and read flags come back from the record,
and it says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from antd_tui.ui.app import AntdApp
from antd_tui.ui.screens.bookmarks import BookmarksScreen
from tests.ui.conftest import SIZE, settle
from tests.ui.test_reading import list_lines

pytestmark = pytest.mark.anyio
SAVED = "Cuộc đua vô địch V-League nóng lên sau vòng 8"


async def test_a_lost_cache_comes_back_in_the_reader_which_says_what_was_restored(
        reader: Callable[..., AntdApp], edition_dir: Path) -> None:
    app = reader(edition_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "b", "j", "m")  # bookmark the second article, read the third
        await settle(pilot)
        assert [r.title for r in app.service.bookmarks()] == [SAVED]
        assert sum(r.read for r in app.service.articles(None)) == 1
    app.service.close()
    for name in ("antd.sqlite3", "antd.sqlite3-wal", "antd.sqlite3-shm"):
        (edition_dir / name).unlink(missing_ok=True)

    app = reader(edition_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any(n.startswith(f"đã tạo bộ nhớ đệm mới trong {edition_dir}; đã khôi phục từ") and
                   "1 bài đã lưu" in n and "1 dấu đã đọc" in n for n in notes), notes
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert SAVED in list_lines(app, "#saved")[0]
