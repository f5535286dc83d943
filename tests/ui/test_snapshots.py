"""SVG snapshots of every screen, 100x32, frozen clock (16:00 on 26/11/2026 in Hà Nội).

Look at a changed snapshot before accepting it: ``pytest tests/ui --snapshot-update``
then open the SVG (or the failure report pytest-textual-snapshot writes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from antd_tui.core.models import FeedSource
from antd_tui.ui.app import AntdApp
from tests.conftest import dead_url
from tests.ui.conftest import SIZE, edition_settings, settle

Snap = Callable[..., bool]


def keys(*pressed: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


def test_list(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=SIZE, run_before=keys("j", "j"))


def test_list_narrow(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=(80, 24), run_before=keys("5"))


def test_reading_view(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=SIZE, run_before=keys("j", "j", "j", "enter"))


def test_reading_view_captions_and_related(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=SIZE,
                        run_before=keys("j", "j", "j", "enter", "space", "G", "j"))


def test_help(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=(100, 48), run_before=keys("question_mark"))


def test_search_results(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=SIZE,
                        run_before=keys("slash", *"cong an da nang", "enter"))


def test_search_without_results(snap_compare: Snap, reader: Callable[..., AntdApp]) -> None:
    assert snap_compare(reader(), terminal_size=SIZE, run_before=keys("slash", *"xyzzy", "enter"))


def test_bookmarks(snap_compare: Snap, reader: Callable[..., AntdApp], edition_dir: Path) -> None:
    conn = sqlite3.connect(edition_dir / "antd.sqlite3")  # two saved, a minute apart
    with conn:
        for minute, title in ((1, "Giá xăng%"), (2, "Triệt phá%")):
            conn.execute("UPDATE articles SET bookmarked_at = ? WHERE title LIKE ?",
                         (1_795_000_000 + 60 * minute, title))
    conn.close()
    assert snap_compare(reader(), terminal_size=SIZE, run_before=keys("B"))


def test_empty_cache(snap_compare: Snap, reader: Callable[..., AntdApp], tmp_path: Path) -> None:
    assert snap_compare(reader(tmp_path / "empty"), terminal_size=SIZE, run_before=keys())


def test_failed_refresh(snap_compare: Snap, reader: Callable[..., AntdApp], tmp_path: Path) -> None:
    dead = dead_url()
    feeds = (FeedSource(url=dead, category="Trang chủ", slug="trang-chu"),
             FeedSource(url=dead.replace("dead", "other"), category="Pháp luật", slug="phap-luat"))
    settings = replace(edition_settings(retries=0), feeds=feeds)
    app = reader(tmp_path / "empty", settings)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("R"))


def test_reading_view_with_photos(snap_compare: Snap, tmp_path: Path) -> None:
    """Half-block photos above their captions, from local copies (no server, stable links)."""
    import shutil

    from textual_image.widget import HalfcellImage

    from antd_tui.core.service import ReaderService
    from antd_tui.sample import EDITION
    from antd_tui.ui.app import make_app
    from tests.ui.conftest import SITE, frozen_clock, rewrite_links
    from tests.ui.test_photos import DA_NANG, LiveEdition

    live = LiveEdition(Path(shutil.copytree(EDITION, tmp_path / "site")), tmp_path / "data")
    service = ReaderService(live.settings, live.data)
    article = next(r for r in service.articles(None, limit=50) if r.title == DA_NANG)
    assert service.save_offline(article.id) == []
    service.close()
    live.server.close()
    rewrite_links(live.data, live.server.base_url, SITE)
    db = sqlite3.connect(live.data / "antd.sqlite3")
    with db:
        db.execute("UPDATE images SET url = replace(url, ?, ?)", (live.server.base_url, SITE))
    db.close()
    settings = edition_settings(images=True, retries=0)
    service = ReaderService(settings, live.data)
    app = make_app(service, settings, clock=frozen_clock, poll_interval=None, cursor_blink=False,
                   image_widget=HalfcellImage)
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=keys(*"jjj", "enter"))
    finally:
        service.close()
