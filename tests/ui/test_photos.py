"""Photos in the reading view: half blocks above captions, loaded after the text, never stale."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from textual.widgets import Static
from textual_image.widget import HalfcellImage

from antd_tui.core.config import Settings
from antd_tui.core.pipeline.report import RefreshListener
from antd_tui.core.service import ReaderService
from antd_tui.sample import EDITION
from antd_tui.sample.server import SampleServer
from antd_tui.ui.app import AntdApp, make_app
from antd_tui.ui.photos import Figure
from antd_tui.ui.screens.reader import ReadingScreen
from antd_tui.ui.widgets.article_list import ArticleList
from tests.ui.conftest import SIZE, edition_settings, frozen_clock, pin_undated, settle

pytestmark = pytest.mark.anyio
DA_NANG = "Công an Đà Nẵng xuyên đêm hỗ trợ người dân vùng trũng chạy lũ"


class LiveEdition:
    """A copy of the sample edition, served live (photos are fetched from it), and its cache."""

    def __init__(self, root: Path, data: Path) -> None:
        self.root = root
        self.data = data
        self.server = SampleServer(root=root).start()
        self.settings: Settings = edition_settings(self.server.base_url, images=True, retries=0)
        service = ReaderService(self.settings, data)
        try:
            assert service.refresh(None, RefreshListener()).errors == 0
        finally:
            service.close()
        pin_undated(data)

    def app(self, opened: list[ReaderService]) -> AntdApp:
        service = ReaderService(self.settings, self.data)
        opened.append(service)
        return make_app(service, self.settings, clock=frozen_clock, poll_interval=None,
                        cursor_blink=False, image_widget=HalfcellImage)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveEdition]:
    root = Path(shutil.copytree(EDITION, tmp_path / "site"))
    edition = LiveEdition(root, tmp_path / "data")
    yield edition
    edition.server.close()


@pytest.fixture
def opened() -> Iterator[list[ReaderService]]:
    services: list[ReaderService] = []
    yield services
    for service in services:
        service.close()


def figures(screen: ReadingScreen) -> list[Figure]:
    return list(screen.query("#column > .figure").results(Figure))


def photo_sources(screen: ReadingScreen) -> list[str]:
    """The URL each shown photo was decoded from (kept in the image's info by ``decode``)."""
    return [str(w.image.info.get("antd-url")) for w in screen.query(HalfcellImage)]


def image_srcs(screen: ReadingScreen) -> list[str]:
    assert screen.detail is not None
    return [b.src for b in screen.detail.blocks if b.kind == "image" and b.src]


async def open_article(pilot: object, app: AntdApp, title: str) -> ReadingScreen:
    await settle(pilot)  # type: ignore[arg-type]
    for _ in range(12):
        screen = app.screen
        row = screen.query_one(ArticleList).current
        if row is not None and row.title == title:
            break
        await pilot.press("j")  # type: ignore[attr-defined]
        await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, ReadingScreen)
    return app.screen


async def test_each_photo_shows_as_half_blocks_above_its_caption(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    app = live.app(opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, app, DA_NANG)
        shown = figures(screen)
        assert len(shown) == 3
        for figure in shown:
            children = list(figure.children)
            assert isinstance(children[0], HalfcellImage)  # the photo first …
            assert "caption" in children[-1].classes  # … then its caption
            assert not figure.query(".photo-note")
        assert photo_sources(screen) == image_srcs(screen)
        caption = str(shown[0].query_one(".caption", Static).render())
        assert caption.startswith("Ảnh 1 · Cán bộ, chiến sĩ Công an TP Đà Nẵng")


async def test_i_turns_photos_off_and_on_keeping_every_caption(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    app = live.app(opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, app, DA_NANG)
        assert len(screen.query(HalfcellImage)) == 3
        await pilot.press("i")
        await settle(pilot)
        assert len(screen.query(HalfcellImage)) == 0
        assert len(screen.query("#column > .figure > .caption")) == 3
        await pilot.press("i")
        await settle(pilot)
        assert len(screen.query(HalfcellImage)) == 3


async def test_moving_through_articles_quickly_never_leaves_a_stale_photo(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    app = live.app(opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, app, "Giá xăng & dầu đồng loạt giảm từ 15h chiều 26-11")
        for _ in range(5):
            await pilot.press("n")  # no waiting: loads overlap and get cancelled
        for _ in range(3):
            await pilot.press("p")
        await settle(pilot)
        srcs = image_srcs(screen)
        assert photo_sources(screen) == srcs  # exactly this article's photos, in order
        assert len(figures(screen)) == len(
            [b for b in screen.detail.blocks if b.kind == "image"])  # type: ignore[union-attr]


def _huge_png() -> bytes:
    """A valid PNG header that declares 100000×100000 pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


async def test_a_huge_or_corrupt_photo_leaves_its_caption_and_a_note(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    photos = sorted((live.root / "images" / "w800").glob("612470-*.jpg"))
    assert len(photos) >= 2
    photos[0].write_bytes(b"\xff\xd8\xff" + b"garbage" * 50)  # starts like a JPEG, is not one
    photos[1].write_bytes(_huge_png())
    app = live.app(opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, app, DA_NANG)
        shown = figures(screen)
        notes = [str(f.query_one(".photo-note", Static).render()) for f in shown[:2]]
        assert all(note.startswith("Không hiển thị được ảnh") for note in notes)
        assert notes[0] == "Không hiển thị được ảnh (không đọc được ảnh: UnidentifiedImageError)."
        assert notes[1] == "Không hiển thị được ảnh (quá lớn để hiển thị)."  # a decompression bomb
        assert all(f.query(".caption") for f in shown)
        assert len(screen.query(HalfcellImage)) == len(shown) - 2


async def test_a_bookmarks_photos_show_offline_from_the_local_copy(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    service = ReaderService(live.settings, live.data)
    opened.append(service)
    article = next(r for r in service.articles(None, limit=50) if r.title == DA_NANG)
    service.set_bookmark(article.id, True)
    assert await anyio.to_thread.run_sync(service.save_offline, article.id) == []
    live.server.close()
    app = live.app(opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, app, DA_NANG)
        assert photo_sources(screen) == image_srcs(screen)


async def test_b_saves_for_offline_reading_and_u_undoes_a_removal(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    from tests.ui.test_refresh_offline import record_notes

    app = live.app(opened)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, app, DA_NANG)
        await pilot.press("b")
        await settle(pilot)
        assert ("information", "Đã lưu toàn văn và ảnh: đọc được cả khi ngoại tuyến.") in notes
        article_id = screen.detail.row.id  # type: ignore[union-attr]
        assert app.service.is_offline_ready(article_id)
        await pilot.press("b")  # remove …
        await settle(pilot)
        assert app.service.bookmarks() == []
        assert notes[-1][1] == "Đã bỏ lưu bài. Nhấn u để hoàn tác."
        await pilot.press("u")  # … and bring it back
        await settle(pilot)
        assert [r.id for r in app.service.bookmarks()] == [article_id]
        await pilot.press("u")  # only once
        await settle(pilot)
        assert notes[-1][1] == "Không có gì để hoàn tác."


async def test_the_bookmarks_pane_says_which_are_not_complete_offline(
        live: LiveEdition, opened: list[ReaderService]) -> None:
    app = live.app(opened)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live.server.close()  # saving now cannot fetch the photos
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        hint = str(app.screen.query_one("StatusBar").render())  # type: ignore[arg-type]
        assert "1 bài đã lưu" in hint and "1 bài chưa đủ để đọc ngoại tuyến" in hint
