"""Bookmark snapshots: one self-contained JSON file per bookmark, beside its photos.

``<data dir>/record/bookmarks/<sha256 of the key, 32 hex>.json`` holds the
article's fields, its blocks (captions included), its related links, its
categories and the photos it shows (URL -> file under ``<data dir>/images``),
so a new cache can be given the bookmark back, readable offline, before any
network. Written through ``atomic.atomic_write`` when the bookmark is made and
again when it is completed; deleted when the bookmark is removed. The format is
in docs/RECORD.md. A file whose ``version`` is newer than ``VERSION`` is never
overwritten or deleted; one that cannot be read is skipped with a message
naming it (``load_all``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antd_tui.core.record.atomic import atomic_write
from antd_tui.core.record.journal import is_time, record_dir
from antd_tui.core.record.tail import MAX_INT

FORMAT = "antd-tui bookmark"
VERSION = 1
_IMAGE_PATH = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|gif|webp|avif)")
_BLOCK_KINDS = ("paragraph", "heading", "image", "quote", "list")
_FULL_TEXT = ("pending", "done", "failed", "skipped")
# article fields a snapshot carries: name -> the types it may hold
ARTICLE_FIELDS: dict[str, tuple[type, ...]] = {
    "url": (str, type(None)), "guid": (str, type(None)), "title": (str,), "summary": (str,),
    "author": (str,), "image": (str, type(None)), "published": (int,), "date_known": (int,),
    "first_seen": (int,), "full_text": (str,), "lead": (str, type(None)),
    "page_category": (str, type(None)), "tags": (list,),
}


class SnapshotError(ValueError):
    """A snapshot file that cannot be used; ``newer`` when a newer antd-tui wrote it."""

    def __init__(self, message: str, *, newer: bool = False) -> None:
        super().__init__(message)
        self.newer = newer


@dataclass
class Snapshot:
    path: Path
    data: dict[str, Any]  # validated: see ``validate``

    @property
    def key(self) -> str:
        return str(self.data["key"])

    @property
    def images(self) -> list[dict[str, Any]]:
        return list(self.data["images"])


def bookmarks_dir(data_dir: Path) -> Path:
    return record_dir(data_dir) / "bookmarks"


def path_for(data_dir: Path, key: str) -> Path:
    import hashlib  # (only when a snapshot is named: ~3 ms of imports)

    return bookmarks_dir(data_dir) / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def build(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The snapshot of a bookmarked article as the cache holds it now (``None`` if not one)."""
    names = ", ".join(ARTICLE_FIELDS)
    row = conn.execute(f"SELECT key, bookmarked_at, {names} FROM articles WHERE id = ? "
                       "AND bookmarked_at IS NOT NULL", (article_id,)).fetchone()
    if row is None:
        return None
    article = dict(zip(ARTICLE_FIELDS, row[2:], strict=True))
    try:
        article["tags"] = [str(t) for t in json.loads(article["tags"] or "[]")]
    except (TypeError, ValueError):
        article["tags"] = []
    blocks = [{"kind": k, "text": t, "src": s, "caption": c} for k, t, s, c in conn.execute(
        "SELECT kind, text, src, caption FROM blocks WHERE article_id = ? ORDER BY position",
        (article_id,))]
    shown = [b["src"] for b in blocks if b["kind"] == "image" and b["src"]] or (
        [article["image"]] if article["image"] else [])
    images = []
    for url in dict.fromkeys(shown):
        found = conn.execute("SELECT path, bytes, content_type FROM images WHERE url = ?",
                             (url,)).fetchone()
        if found:
            images.append({"url": url, "path": found[0], "bytes": found[1], "content_type": found[2]})
    return {
        "format": FORMAT, "version": VERSION, "key": row[0], "bookmarked_at": row[1],
        "article": article,
        "categories": [{"slug": s, "name": n, "aggregate": a} for s, n, a in conn.execute(
            "SELECT slug, name, aggregate FROM article_categories WHERE article_id = ?",
            (article_id,))],
        "blocks": blocks,
        "related": [{"title": t, "url": u} for t, u in conn.execute(
            "SELECT title, url FROM related WHERE article_id = ? ORDER BY position", (article_id,))],
        "images": images,
    }


def _existing_version(path: Path) -> int | None:
    try:
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    version = raw.get("version") if isinstance(raw, dict) else None
    return version if isinstance(version, int) else None


def is_newer(path: Path) -> bool:
    """A file a newer antd-tui wrote: never overwritten or deleted."""
    version = _existing_version(path)
    return version is not None and version > VERSION


def encode(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, ensure_ascii=False, indent=1).encode()


def write(data_dir: Path, snapshot: dict[str, Any]) -> Path | None:
    """Write a snapshot (temp, fsync, rename); ``None`` when a newer version's file is kept."""
    path = path_for(data_dir, snapshot["key"])
    if is_newer(path):
        return None
    atomic_write(path, encode(snapshot))
    return path


def remove(data_dir: Path, key: str) -> None:
    """Delete a bookmark's snapshot (never one a newer version wrote)."""
    path = path_for(data_dir, key)
    if not is_newer(path):
        path.unlink(missing_ok=True)


def _check(value: Any, types: tuple[type, ...], what: str) -> Any:
    if not isinstance(value, types) or isinstance(value, bool):
        raise SnapshotError(f"{what} has the wrong type")
    if isinstance(value, int) and not 0 <= value <= MAX_INT:
        raise SnapshotError(f"{what} is out of range")
    return value


def _time(value: Any, what: str) -> None:
    if not is_time(value):
        raise SnapshotError(f"{what} is not a time within the years 1970-9999")


def validate(raw: Any, path: Path) -> Snapshot:
    """A snapshot whose every field has the type and shape this version writes; else SnapshotError."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise SnapshotError("not an antd-tui bookmark snapshot")
    version = raw.get("version")
    if isinstance(version, int) and version > VERSION:
        raise SnapshotError(f"written by a newer antd-tui (format {version}, this one reads "
                            f"{VERSION}); kept as it is", newer=True)
    if version != VERSION:
        raise SnapshotError(f"unknown format version {version!r}")
    key = _check(raw.get("key"), (str,), "key")
    if path.name != path_for(Path("."), key).name:
        raise SnapshotError("its name does not match its key (edited by hand?)")
    _check(raw.get("bookmarked_at"), (int,), "bookmarked_at")
    article = _check(raw.get("article"), (dict,), "article")
    for name, types in ARTICLE_FIELDS.items():
        _check(article.get(name), types, f"article.{name}")
    for name, value in (("bookmarked_at", raw["bookmarked_at"]),
                        ("article.published", article["published"]),
                        ("article.first_seen", article["first_seen"])):
        _time(value, name)
    if article["full_text"] not in _FULL_TEXT:
        raise SnapshotError("article.full_text is not a known state")
    if not all(isinstance(t, str) for t in article["tags"]):
        raise SnapshotError("article.tags holds a non-string")
    for block in _check(raw.get("blocks"), (list,), "blocks"):
        _check(block, (dict,), "a block")
        if block.get("kind") not in _BLOCK_KINDS:
            raise SnapshotError("a block of unknown kind")
        _check(block.get("text"), (str,), "block text")
        for name in ("src", "caption"):
            _check(block.get(name), (str, type(None)), f"block {name}")
    for link in _check(raw.get("related"), (list,), "related"):
        _check(link, (dict,), "a related link")
        _check(link.get("title"), (str,), "related title")
        _check(link.get("url"), (str,), "related url")
    for category in _check(raw.get("categories"), (list,), "categories"):
        _check(category, (dict,), "a category")
        _check(category.get("slug"), (str,), "category slug")
        _check(category.get("name"), (str,), "category name")
        _check(category.get("aggregate"), (int,), "category aggregate")
    for image in _check(raw.get("images"), (list,), "images"):
        _check(image, (dict,), "an image")
        _check(image.get("url"), (str,), "image url")
        _check(image.get("bytes"), (int,), "image bytes")
        _check(image.get("content_type"), (str,), "image content_type")
        if not _IMAGE_PATH.fullmatch(str(image.get("path"))):
            raise SnapshotError("an image path outside the photo folder")
    return Snapshot(path, raw)


def load_all(data_dir: Path) -> tuple[list[Snapshot], list[SnapshotError]]:
    """Every usable snapshot, and why each other file was skipped (the message names it)."""
    folder = bookmarks_dir(data_dir)
    found: list[Snapshot] = []
    problems: list[SnapshotError] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(validate(json.loads(path.read_bytes()), path))
        except SnapshotError as exc:
            problems.append(SnapshotError(f"bookmark snapshot {path} skipped: {exc}", newer=exc.newer))
        except (OSError, ValueError) as exc:
            problems.append(SnapshotError(f"bookmark snapshot {path} skipped: cannot be read "
                                          f"({exc})"))
    return found, problems
