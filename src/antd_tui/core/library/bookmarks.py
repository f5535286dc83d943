"""Bookmarks are offline snapshots: full text plus every image, stored locally.

Adding a bookmark never fails for lack of network: the bookmark is kept
(``bookmarked_at``) and whatever could not be fetched now is completed by a
later refresh. A bookmark is *complete* when its full text is stored and
every image it shows has a local copy. Pruning never deletes a bookmark or
its images. Each bookmark is also a snapshot in the reader's record
(``core/record``), written when it is made and again when it is completed, so
losing the cache does not lose it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from antd_tui.core.errors import AntdError
from antd_tui.core.net.fetch import Fetcher
from antd_tui.core.photos.files import download, missing_images


def set_bookmarked(conn: sqlite3.Connection, ids: Sequence[int], on: bool) -> list[int]:
    """Add or remove bookmarks, in the cache and the reader's record; returns ids that do not exist."""
    from antd_tui.core.record.marks import set_bookmarked as recorded

    return recorded(conn, ids, on)


def change_bookmarks(conn: sqlite3.Connection, ids: Sequence[int],
                     on: bool) -> tuple[list[int], list[int]]:
    """``set_bookmarked``, returning (ids that do not exist, ids whose bookmark changed)."""
    from antd_tui.core.record.marks import change_bookmarks as recorded

    return recorded(conn, ids, on)


def is_complete(conn: sqlite3.Connection, data_dir: Path, article_id: int) -> bool:
    row = conn.execute("SELECT full_text, url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return False
    has_text = row[0] == "done" or row[1] is None
    return has_text and not missing_images(conn, data_dir, article_id)


async def snapshot(fetcher: Fetcher, conn: sqlite3.Connection, data_dir: Path, article_id: int
                   ) -> list[str]:
    """Fetch what the bookmark still lacks; return the problems (empty when complete)."""
    from antd_tui.core.pipeline.fulltext import fetch_article

    problems: list[str] = []
    row = conn.execute("SELECT full_text, url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return [f"no article with id {article_id}"]
    if row[0] != "done" and row[1]:
        error = await fetch_article(fetcher, conn, article_id, row[1])
        if error:
            problems.append(f"full text: {error}")
    for url in missing_images(conn, data_dir, article_id):
        try:
            await download(fetcher, conn, data_dir, url)
        except AntdError as exc:
            problems.append(f"image {url}: {exc}")
        except Exception as exc:
            problems.append(f"image {url}: unexpected {type(exc).__name__}")
    from antd_tui.core.record.marks import RecordError, save_snapshot

    try:
        save_snapshot(conn, data_dir, article_id)  # the snapshot now holds what was fetched
    except RecordError as exc:  # (doctor writes it again from the cache)
        problems.append(str(exc))
    return problems


def incomplete_bookmarks(conn: sqlite3.Connection, data_dir: Path) -> list[int]:
    ids = [int(r[0]) for r in conn.execute(
        "SELECT id FROM articles WHERE bookmarked_at IS NOT NULL ORDER BY bookmarked_at DESC")]
    return [i for i in ids if not is_complete(conn, data_dir, i)]


async def complete_all(fetcher: Fetcher, conn: sqlite3.Connection, data_dir: Path) -> tuple[int, int]:
    """Try to finish every incomplete bookmark: (completed now, still incomplete)."""
    done = still = 0
    for article_id in incomplete_bookmarks(conn, data_dir):
        try:
            problems = await snapshot(fetcher, conn, data_dir, article_id)
        except Exception:
            problems = ["unexpected error"]
        if problems:
            still += 1
        else:
            done += 1
    return done, still
