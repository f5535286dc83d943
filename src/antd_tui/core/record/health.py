"""The record's health for ``doctor``, the repairs it can make, and compaction now and then.

Repairs (all safe to repeat): temp files a killed write left are removed; a
journal line cut short by a crash is cut off; entries the cache missed are
applied; a bookmark the cache has without a snapshot (or with a damaged one)
gets its snapshot from the cache; a snapshot whose bookmark the cache lacks
is restored into it; read flags the cache has and the journal lacks are
logged; photo files nothing uses any more (their cache was lost)
are removed; a journal due (``tail.compaction_due``) is compacted. What no
repair can bring back offline is reported: photos missing from disk (the
bookmark shows as incomplete and the next refresh fetches them), damaged
snapshots of bookmarks the cache does not hold (left as they are for a
person to look at), and snapshots from a newer antd-tui (kept, untouched).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from antd_tui.core.record import atomic, journal, snapshots
from antd_tui.core.record.restore import catch_up, restore_snapshot, seed_reads
from antd_tui.core.record.tail import compaction_due
from antd_tui.core.store.transaction import write


@dataclass
class Health:
    dir: str
    snapshots: int = 0
    photos: int = 0
    photos_missing: int = 0
    damaged: list[str] = field(default_factory=list)
    newer: list[str] = field(default_factory=list)
    flags_logged: int = 0
    flags_waiting: int = 0  # logged read flags whose articles the cache does not hold yet
    journal_entries: int = 0
    journal_bytes: int = 0
    journal_problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not (self.photos_missing or self.damaged or self.journal_problems)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"healthy": self.healthy}


def compact_if_due(data_dir: Path, *, force: bool = False) -> tuple[int, int] | None:
    """Compact the journal when ``compaction_due`` (past 1 MB, twice its base) or ``force``."""
    if not journal.journal_path(data_dir).exists() or not (force or compaction_due(data_dir)):
        return None

    def bookmarked(key: str) -> bool:
        return snapshots.path_for(data_dir, key).exists()

    with journal.locked(data_dir):
        return journal.compact(data_dir, keep=bookmarked)


def _repair_files(data_dir: Path, health: Health) -> None:
    folder = journal.record_dir(data_dir)
    temps = atomic.leftover_temps(folder) + atomic.leftover_temps(snapshots.bookmarks_dir(data_dir))
    for temp in temps:
        temp.unlink(missing_ok=True)
    if temps:
        health.repaired.append(f"removed {len(temps)} temp file(s) a killed write left")
    path = journal.journal_path(data_dir)
    if journal.load(data_dir).torn_tail:
        fd = os.open(path, os.O_RDWR)
        try:
            journal.cut_torn_tail(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        health.repaired.append(f"cut off the last line of {path}, cut short by a crash")


def _behind(conn: sqlite3.Connection, article_id: int, snap: snapshots.Snapshot) -> bool:
    """A snapshot written before its bookmark was completed (the update failed: a full disk)."""
    if snap.data["article"]["full_text"] != "done":
        return True
    now = snapshots.build(conn, article_id)
    return now is not None and len(snap.images) < len(now["images"])


ORPHAN_AGE = 3600  # a photo file this old that nothing uses is left by a lost cache


def _remove_orphan_photos(conn: sqlite3.Connection, data_dir: Path, health: Health) -> None:
    """Photo files no cache row and no snapshot names (the cache that knew them was lost).

    Files younger than ``ORPHAN_AGE`` are left: a download writes its file before its row.
    """
    import time

    folder = data_dir / "images"
    if not folder.is_dir():
        return
    import re

    used = {p for (p,) in conn.execute("SELECT path FROM images")}
    named = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}\.[a-z]{3,4}")
    for snapshot in snapshots.bookmarks_dir(data_dir).glob("*.json"):  # damaged or newer ones too
        used.update(named.findall(snapshot.read_text(encoding="utf-8", errors="replace")))
    horizon = time.time() - ORPHAN_AGE
    removed = freed = 0
    for path in folder.glob("??/*"):
        relative = f"{path.parent.name}/{path.name}"
        try:
            stat = path.stat()
        except OSError:
            continue
        if relative not in used and stat.st_mtime < horizon and path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
            freed += stat.st_size
    if removed:
        health.repaired.append(f"removed {removed} photo file(s) ({freed} bytes) that no article "
                               "or bookmark uses (left by a lost cache)")


def _repair_bookmarks(conn: sqlite3.Connection, data_dir: Path, found: list[snapshots.Snapshot],
                      health: Health) -> None:
    by_key = {s.key: s for s in found}
    cached = {k: (i, ft) for k, i, ft in conn.execute(
        "SELECT key, id, full_text FROM articles WHERE bookmarked_at IS NOT NULL")}
    written = restored = 0
    for key, (article_id, full_text) in cached.items():
        path = snapshots.path_for(data_dir, key)
        stale = key in by_key and full_text == "done" and _behind(conn, int(article_id), by_key[key])
        if (key not in by_key or stale) and not snapshots.is_newer(path):
            built = snapshots.build(conn, int(article_id))
            if built and snapshots.write(data_dir, built):
                written += 1
    for key, snap in by_key.items():
        if key not in cached:
            restore_snapshot(conn, data_dir, snap)
            restored += 1
    if written:
        health.repaired.append(f"wrote {written} missing, damaged or out-of-date bookmark snapshot(s) "
                               "from the cache")
    if restored:
        health.repaired.append(f"restored {restored} bookmark(s) the cache had lost from their snapshots")


def check(conn: sqlite3.Connection, data_dir: Path, *, repair: bool = True) -> Health:
    """The record's state, after the repairs that can be made (``repair``)."""
    health = Health(str(journal.record_dir(data_dir)))
    if repair:
        with write(conn), journal.locked(data_dir):
            _repair_files(data_dir, health)
            catch_up(conn, data_dir)
            _repair_bookmarks(conn, data_dir, snapshots.load_all(data_dir)[0], health)
            _remove_orphan_photos(conn, data_dir, health)
            logged = seed_reads(conn, data_dir)
            if logged:
                health.repaired.append(f"logged {logged} read flag(s) the cache had and the "
                                       "journal lacked")
        compacted = compact_if_due(data_dir)
        if compacted:
            health.repaired.append(f"compacted the journal: {compacted[0]} -> {compacted[1]} bytes")
    found, problems = snapshots.load_all(data_dir)
    for problem in problems:
        (health.newer if problem.newer else health.damaged).append(str(problem))
    health.snapshots = len(found)
    for snap in found:
        for image in snap.images:
            if (data_dir / "images" / image["path"]).is_file():
                health.photos += 1
            else:
                health.photos_missing += 1
    loaded = journal.load(data_dir)
    health.journal_entries = len(loaded.entries)
    health.journal_problems = loaded.problems
    path = journal.journal_path(data_dir)
    health.journal_bytes = path.stat().st_size if path.exists() else 0
    health.flags_logged = len(loaded.read_keys())
    health.flags_waiting = int(conn.execute("SELECT COUNT(*) FROM pending_reads").fetchone()[0])
    return health
