"""Reader tests: real SQLite data made by the real refresh of the bundled sample edition.

The edition is refreshed once per session; each test gets its own copy of the
data dir. Article links are rewritten to the real site's host so snapshots do
not carry the sample server's random port (and so nothing tries to reach it).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState
from textual_image.widget import HalfcellImage

from antd_tui.core.config import Settings, load_settings
from antd_tui.core.identity import article_key
from antd_tui.core.pipeline.report import RefreshListener
from antd_tui.core.service import ReaderService
from antd_tui.sample import sample_feeds
from antd_tui.sample.server import SampleServer
from antd_tui.ui.app import AntdApp, make_app
from antd_tui.ui.widgets.preview import SETTLE, Preview

SITE = "https://www.anninhthudo.vn"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 16:00 in Hà Nội, after the edition's last article
SIZE = (100, 32)


def frozen_clock() -> datetime:
    return NOW


def edition_settings(base_url: str = SITE, *, images: bool = False, **fetch: object) -> Settings:
    """Photos are off unless a test turns them on: the rewritten links point at the real
    site, and tests never reach the internet."""
    settings = replace(load_settings(None), feeds=sample_feeds(base_url), images=images)
    if fetch:
        settings = replace(settings, fetch=replace(settings.fetch, **fetch))  # type: ignore[arg-type]
    return settings


UNDATED = int(datetime(2026, 11, 26, 4, 36, tzinfo=UTC).timestamp())


def pin_undated(data_dir: Path) -> None:
    """An item without a date gets the time it was first seen: pin it, for stable snapshots."""
    conn = sqlite3.connect(data_dir / "antd.sqlite3")
    with conn:
        conn.execute("UPDATE article_categories SET published = ? WHERE article_id IN "
                     "(SELECT id FROM articles WHERE date_known = 0)", (UNDATED,))
        conn.execute("UPDATE articles SET published = ?, first_seen = ? WHERE date_known = 0",
                     (UNDATED, UNDATED))
    conn.close()


def rewrite_links(data_dir: Path, old: str, new: str) -> None:
    conn = sqlite3.connect(data_dir / "antd.sqlite3")
    with conn:
        conn.execute("UPDATE articles SET url = replace(url, ?, ?)", (old, new))
        conn.execute("UPDATE related SET url = replace(url, ?, ?)", (old, new))
        conn.execute("UPDATE blocks SET src = replace(src, ?, ?)", (old, new))
        conn.execute("UPDATE feeds SET url = replace(url, ?, ?)", (old, new))
        # keys follow the links (related links are looked up by key)
        for article_id, url in conn.execute("SELECT id, url FROM articles WHERE url IS NOT NULL"
                                            ).fetchall():
            conn.execute("UPDATE articles SET key = ? WHERE id = ?", (article_key(url, None), article_id))
    conn.close()


def build(data_dir: Path, *, full_text: bool = True) -> None:
    with SampleServer() as server:
        settings = edition_settings(server.base_url, full_text=full_text)
        service = ReaderService(settings, data_dir)
        try:
            summary = service.refresh(None, RefreshListener())
        finally:
            service.close()
        assert summary.errors == 0 and len(summary.new_ids) == 19
        rewrite_links(data_dir, server.base_url, SITE)
        pin_undated(data_dir)


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (``pytestmark = pytest.mark.anyio``) run on asyncio, like Textual."""
    return "asyncio"


@pytest.fixture(scope="session")
def edition_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("edition")
    build(data)
    return data


@pytest.fixture(scope="session")
def summaries_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition refreshed without full text: every article has only its feed summary."""
    data = tmp_path_factory.mktemp("summaries")
    build(data, full_text=False)
    return data


@pytest.fixture
def edition_dir(edition_master: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(edition_master, tmp_path / "edition"))


@pytest.fixture
def summaries_dir(summaries_master: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(summaries_master, tmp_path / "summaries"))


@pytest.fixture
def open_service() -> Iterator[Callable[[Settings, Path], ReaderService]]:
    opened: list[ReaderService] = []

    def make(settings: Settings, data_dir: Path) -> ReaderService:
        service = ReaderService(settings, data_dir)
        opened.append(service)
        return service

    yield make
    for service in opened:
        service.close()


@pytest.fixture
def reader(open_service: Callable[[Settings, Path], ReaderService], edition_dir: Path
           ) -> Callable[..., AntdApp]:
    """``reader()`` -> the app over a copy of the refreshed edition, frozen clock, no blink."""

    def make(data_dir: Path | None = None, settings: Settings | None = None) -> AntdApp:
        settings = settings or edition_settings(retries=0)
        service = open_service(settings, data_dir or edition_dir)
        return make_app(service, settings, clock=frozen_clock, poll_interval=None,
                        cursor_blink=False, image_widget=HalfcellImage)

    return make


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done, every message they posted is handled, and
    every preview shows the row its list stopped on.

    Exclusive workers cancel their predecessors (a newer load replaces an older
    one), so a cancelled worker here is normal; a failed one is not.
    """
    app = pilot.app
    for _ in range(50):
        if any(preview.pending for preview in app.screen.query(Preview)):
            await pilot.pause(SETTLE)  # a preview waits out a burst of cursor moves
            continue
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not busy:
            await pilot.pause()
            if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
                failed = [w for w in app.workers if w.state == WorkerState.ERROR]
                assert not failed, [w.error for w in failed]
                return
            continue
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete(busy)
        await pilot.pause()
    raise AssertionError("workers never settled")
