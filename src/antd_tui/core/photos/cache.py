"""The reader's bounded on-disk image cache, shared with bookmarks.

Photos the reader shows are stored like a bookmark's (``images.download``:
size cap, content check, hashed names, atomic writes) and recorded with the
time they were last used. ``evict`` keeps the folder under a byte budget by
deleting the least recently used images first, and never deletes one that a
bookmarked article shows.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from antd_tui.core.net.fetch import Fetcher
from antd_tui.core.photos.files import download, images_dir, local_path
from antd_tui.core.store.transaction import write


@dataclass
class EvictReport:
    removed: int
    freed: int
    kept_bytes: int


def touch(conn: sqlite3.Connection, url: str) -> None:
    with write(conn):
        conn.execute("UPDATE images SET used_at = ? WHERE url = ?", (int(time.time()), url))


async def fetch_image(fetcher: Fetcher, conn: sqlite3.Connection, data_dir: Path, url: str) -> Path:
    """The local copy of ``url``, downloading it first if needed (raises ``AntdError``)."""
    found = local_path(data_dir, conn, url)
    if found is None:
        await download(fetcher, conn, data_dir, url)
        found = local_path(data_dir, conn, url)
        if found is None:  # pragma: no cover - download() records it or raises
            raise FileNotFoundError(url)
    else:
        touch(conn, url)
    return found


def protected_urls(conn: sqlite3.Connection) -> set[str]:
    """Images a bookmark shows: body images and lead images of bookmarked articles."""
    rows = conn.execute(
        "SELECT b.src FROM blocks b JOIN articles a ON a.id = b.article_id "
        "WHERE a.bookmarked_at IS NOT NULL AND b.src IS NOT NULL "
        "UNION SELECT image FROM articles WHERE bookmarked_at IS NOT NULL AND image IS NOT NULL")
    return {r[0] for r in rows}


def evict(conn: sqlite3.Connection, data_dir: Path, max_bytes: int) -> EvictReport:
    """Delete least recently used, unprotected images until the cache fits ``max_bytes``."""
    total = conn.execute("SELECT COALESCE(SUM(bytes), 0) FROM images").fetchone()[0]
    if total <= max_bytes:
        return EvictReport(0, 0, total)
    keep = protected_urls(conn)
    removed = freed = 0
    victims: list[tuple[str, str]] = []
    for url, path, size in conn.execute("SELECT url, path, bytes FROM images ORDER BY used_at, url"):
        if total - freed <= max_bytes:
            break
        if url in keep:
            continue
        victims.append((url, path))
        freed += size
        removed += 1
    with write(conn):
        conn.executemany("DELETE FROM images WHERE url = ?", [(u,) for u, _ in victims])
    for _, path in victims:
        (images_dir(data_dir) / path).unlink(missing_ok=True)
    return EvictReport(removed, freed, total - freed)
