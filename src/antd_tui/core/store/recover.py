"""A damaged cache is moved aside, never deleted, and a fresh one is started.

Before moving it, whatever bookmarks can still be read are written to
``bookmarks-<time>.json`` beside the backup and re-added to the fresh cache
(title, link, summary, times), so the next refresh or ``bookmark add``
completes them again: a bookmark never disappears.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_COLUMNS = ("key", "url", "guid", "title", "summary", "author", "image", "published",
            "first_seen", "bookmarked_at", "read")


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF in CORRUPT_CODES
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _salvage(path: Path) -> list[dict[str, Any]]:
    try:
        ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = ro.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles "
                              "WHERE bookmarked_at IS NOT NULL").fetchall()
        finally:
            ro.close()
    except sqlite3.Error:
        return []
    return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]


def move_aside(path: Path, reason: str, language: str = "vi") -> tuple[str, list[dict[str, Any]]]:
    """Rename the damaged file (and its WAL/SHM); return the message and salvaged bookmarks."""
    from antd_tui.core.locale.messages import Tr

    tr = Tr(language)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.broken-{stamp}")
    bookmarks = _salvage(path)
    saved = ""
    if bookmarks:
        target = path.with_name(f"bookmarks-{stamp}.json")
        target.write_text(json.dumps(bookmarks, ensure_ascii=False, indent=2), encoding="utf-8")
        saved = "; " + tr("cache.salvaged", n=len(bookmarks), path=target)
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            os.replace(source, Path(str(backup) + suffix))
    message = tr("cache.moved_aside", path=path, reason=reason, backup=backup) + saved
    return message, bookmarks


def restore_bookmarks(conn: sqlite3.Connection, bookmarks: list[dict[str, Any]]) -> None:
    from antd_tui.core.folding import index_form
    from antd_tui.core.store import search_index
    from antd_tui.core.store.transaction import write

    with write(conn):
        for mark in bookmarks:
            values = [mark.get(c) for c in _COLUMNS]
            cur = conn.execute(
                f"INSERT OR IGNORE INTO articles ({', '.join(_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_COLUMNS))})", values)
            if cur.rowcount:
                search_index.insert(conn, [(int(cur.lastrowid or 0),
                                            index_form(str(mark.get("title") or "")),
                                            index_form(str(mark.get("summary") or "")), "")])
