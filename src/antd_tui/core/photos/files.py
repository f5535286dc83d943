"""Local copies of article images, for offline bookmarks and exports.

Each image is fetched with the same limits as pages (size cap, deadline),
must say it is an image *and* start with a known image signature (JPEG,
PNG, GIF, WebP, AVIF), and is written under ``<data dir>/images/ab/<sha256>.ext``
— a name made from a hash of the URL, never from anything the feed says —
through a temp file in the same folder, ``fsync`` and ``os.replace``, so a
crash never leaves a half-written image under the final name.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from antd_tui.core.errors import AntdError
from antd_tui.core.net.fetch import Fetcher
from antd_tui.core.store.transaction import write

IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.9, */*;q=0.1"
MAX_IMAGE_BYTES = 5_000_000
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, ".png"),
    (b"GIF87a", 0, ".gif"),
    (b"GIF89a", 0, ".gif"),
    (b"WEBP", 8, ".webp"),
    (b"ftypavif", 4, ".avif"),
]
_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
          ".avif": "image/avif"}


def sniff(data: bytes) -> str | None:
    """The file extension for an image's bytes, or ``None`` when it is not one we keep."""
    for magic, offset, ext in _SIGNATURES:
        if data[offset:offset + len(magic)] == magic:
            return ext
    return None


def images_dir(data_dir: Path) -> Path:
    return data_dir / "images"


def local_path(data_dir: Path, conn: sqlite3.Connection, url: str) -> Path | None:
    """The stored copy of ``url`` if it is there (and marks it used)."""
    row = conn.execute("SELECT path FROM images WHERE url = ?", (url,)).fetchone()
    if row is None:
        return None
    path = images_dir(data_dir) / row[0]
    return path if path.is_file() else None


def _atomic_write(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def download(fetcher: Fetcher, conn: sqlite3.Connection, data_dir: Path, url: str) -> None:
    """Store one image locally; raise ``AntdError`` with a clear reason when it cannot be."""
    if local_path(data_dir, conn, url) is not None:
        return
    result = await fetcher.get(url, accept=IMAGE_ACCEPT)
    media = result.content_type.split(";")[0].strip().lower()
    if media and not media.startswith("image/") and media != "application/octet-stream":
        raise AntdError(f"not an image ({media})")
    if len(result.body) > MAX_IMAGE_BYTES:
        raise AntdError(f"image too large ({len(result.body)} bytes)")
    ext = sniff(result.body)
    if ext is None:
        raise AntdError("not a JPEG, PNG, GIF, WebP or AVIF image")
    digest = hashlib.sha256(url.encode()).hexdigest()
    relative = f"{digest[:2]}/{digest}{ext}"
    try:
        _atomic_write(images_dir(data_dir) / digest[:2], f"{digest}{ext}", result.body)
    except OSError as exc:
        raise AntdError(f"cannot save image: {exc.strerror or exc}") from None
    now = int(time.time())
    with write(conn):
        conn.execute(
            "INSERT INTO images (url, path, bytes, content_type, fetched_at, used_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET path = excluded.path, "
            "bytes = excluded.bytes, used_at = excluded.used_at",
            (url, relative, len(result.body), _TYPES[ext], now, now),
        )
    from antd_tui.core.store.content import snapshots_follow_photo

    snapshots_follow_photo(conn, url)  # a bookmark's snapshot names its photos


def article_image_urls(conn: sqlite3.Connection, article_id: int) -> list[str]:
    """Every image an article shows: body images in order, else its lead image."""
    urls = [r[0] for r in conn.execute(
        "SELECT src FROM blocks WHERE article_id = ? AND kind = 'image' AND src IS NOT NULL "
        "ORDER BY position", (article_id,))]
    if not urls:
        lead = conn.execute("SELECT image FROM articles WHERE id = ?", (article_id,)).fetchone()
        if lead and lead[0]:
            urls.append(lead[0])
    return list(dict.fromkeys(urls))


def missing_images(conn: sqlite3.Connection, data_dir: Path, article_id: int) -> list[str]:
    return [u for u in article_image_urls(conn, article_id) if local_path(data_dir, conn, u) is None]


async def fetch_all(fetcher: Fetcher, conn: sqlite3.Connection, data_dir: Path,
                    urls: list[str]) -> dict[str, str]:
    """Store every one of ``urls`` locally, at once (the fetcher's limits apply).

    Returns why each one that could not be stored was not, by URL.
    """
    import asyncio

    async def one(url: str) -> tuple[str, str | None]:
        try:
            await download(fetcher, conn, data_dir, url)
        except AntdError as exc:
            return url, str(exc)
        return url, None

    results = await asyncio.gather(*(one(u) for u in urls))
    return {url: why for url, why in results if why is not None}
