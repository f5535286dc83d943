"""Bringing the cache in step with the record: a new cache gets everything back, a cache
that missed an entry (a crash between the record's write and the cache's commit) gets it.

``record_state`` in the cache holds ``applied`` (the last journal entry the
cache reflects) and ``restored`` (0 in a cache that was never given the
record: a new one, one that replaced a lost cache, or one made before the
record existed). ``connect`` calls ``on_open``: in a cache with
``restored = 0`` every snapshot is restored and every read flag applied, read
flags whose articles are not there yet wait in ``pending_reads`` for the
refresh that brings them back (``store/ingest.py``); then whatever the cache
holds that the record lacks (bookmarks and read flags of a cache made before
the record) is written to the record. Otherwise only journal entries above
``applied`` are applied.

Snapshot text is local input that may have been edited: every string goes
through the sanitizer again and every link through ``safe_url``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from antd_tui.core.record import journal, snapshots
from antd_tui.core.record.journal import Entry
from antd_tui.core.record.snapshots import Snapshot
from antd_tui.core.store.transaction import write


@dataclass
class Restored:
    """What ``on_open`` gave a new cache back, for the message that names it."""

    bookmarks: int = 0
    photos: int = 0
    photos_missing: int = 0
    read_flags: int = 0
    waiting: int = 0  # read flags whose articles are not in the cache yet
    problems: list[str] = field(default_factory=list)

    def describe(self, data_dir: Path, language: str = "vi") -> str:
        from antd_tui.core.locale.messages import Tr

        tr = Tr(language)
        text = tr("record.restored", dir=journal.record_dir(data_dir), n=self.bookmarks,
                  photos=self.photos)
        if self.photos_missing:
            text += tr("record.photos_missing", n=self.photos_missing)
        text += tr("record.reads", n=self.read_flags)
        if self.waiting:
            text += tr("record.reads_waiting", n=self.waiting)
        return text


def data_dir_of(conn: sqlite3.Connection) -> Path | None:
    """The data dir of a cache connection (``None`` for an in-memory database)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else None


def _text(value: object) -> str:
    from antd_tui.core.sanitize import clean_text

    return "\n".join(clean_text(line) for line in str(value or "").split("\n"))


def _url(value: object) -> str | None:
    from antd_tui.core.sanitize import safe_url

    return safe_url(value) if isinstance(value, str) else None


def _categories(conn: sqlite3.Connection, article_id: int, published: int,
                categories: list[dict[str, object]]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO article_categories (slug, published, article_id, name, aggregate, "
        "read) VALUES (?, ?, ?, ?, ?, (SELECT read FROM articles WHERE id = ?))",
        [(_text(c["slug"]), published, article_id, _text(c["name"]), c["aggregate"], article_id)
         for c in categories])


def restore_snapshot(conn: sqlite3.Connection, data_dir: Path, snap: Snapshot) -> tuple[int, int]:
    """Inside a write transaction: the bookmark back in the cache; (photos there, missing).

    An article the cache already has is bookmarked again and given the
    snapshot's full text if it lacks its own; nothing is inserted twice.
    """
    from antd_tui.core.folding import index_form
    from antd_tui.core.store import search_index

    data, art = snap.data, snap.data["article"]
    photos = missing = 0
    for image in snap.images:
        if _url(image["url"]) != image["url"]:
            continue  # (edited into something that is not a plain http(s) link: not shown)
        if (data_dir / "images" / image["path"]).is_file():
            photos += 1
            conn.execute(
                "INSERT INTO images (url, path, bytes, content_type, fetched_at, used_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING",
                (image["url"], image["path"], image["bytes"], image["content_type"],
                 data["bookmarked_at"], data["bookmarked_at"]))
        else:
            missing += 1
    row = conn.execute("SELECT id, full_text FROM articles WHERE key = ?", (snap.key,)).fetchone()
    if row is not None:  # (a bookmark salvaged from the damaged file, or fetched again)
        conn.execute("UPDATE articles SET bookmarked_at = COALESCE(bookmarked_at, ?) WHERE id = ?",
                     (data["bookmarked_at"], row[0]))
        _categories(conn, int(row[0]), art["published"], data["categories"])
        if row[1] == "done" or art["full_text"] != "done":
            return photos, missing
        article_id = int(row[0])
    else:
        article_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM articles").fetchone()[0])
        conn.execute(
            "INSERT INTO articles (id, key, url, guid, title, summary, author, image, published, "
            "date_known, first_seen, bookmarked_at, full_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, 'pending')",
            (article_id, snap.key, _url(art["url"]), _text(art["guid"]) or None,
             _text(art["title"]), _text(art["summary"]), _text(art["author"]), _url(art["image"]),
             art["published"], art["date_known"], art["first_seen"], data["bookmarked_at"]))
        _categories(conn, article_id, art["published"], data["categories"])
    if art["full_text"] == "done":
        conn.execute("DELETE FROM blocks WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO blocks (article_id, position, kind, text, src, caption) VALUES (?, ?, ?, ?, ?, ?)",
            [(article_id, i, b["kind"], _text(b["text"]), _url(b["src"]),
              _text(b["caption"]) if b["caption"] is not None else None)
             for i, b in enumerate(data["blocks"])])
        conn.execute("DELETE FROM related WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO related (article_id, position, title, url) VALUES (?, ?, ?, ?)",
            [(article_id, i, _text(r["title"]), url) for i, r in enumerate(data["related"])
             if (url := _url(r["url"]))])
        conn.execute(
            "UPDATE articles SET full_text = 'done', lead = ?, page_category = ?, tags = ? "
            "WHERE id = ?",
            (_text(art["lead"]) if art["lead"] is not None else None,
             _text(art["page_category"]) or None,
             json.dumps([_text(t) for t in art["tags"]], ensure_ascii=False), article_id))
    title, summary = conn.execute("SELECT title, summary FROM articles WHERE id = ?",
                                  (article_id,)).fetchone()
    body = " ".join(part for b in data["blocks"] for part in (b["text"], b["caption"] or "") if part)
    search_index.remove(conn, [article_id])  # both indexes: marks folded and kept
    search_index.insert(conn, [(article_id, index_form(title),
                                index_form(" ".join(filter(None, [summary, art["lead"]]))),
                                index_form(_text(body)))])
    if row is None:
        search_index.indexed(conn, article_id, article_id)
    return photos, missing


def apply_reads(conn: sqlite3.Connection, keys: list[str], read: bool) -> int:
    """Inside a write transaction: set read flags by key; those not in the cache yet wait in
    ``pending_reads``. Returns how many wait."""
    if not keys:
        return 0
    listed = json.dumps(keys, ensure_ascii=False)
    conn.execute("UPDATE articles SET read = ? WHERE read != ? AND key IN "
                 "(SELECT value FROM json_each(?))", (int(read), int(read), listed))
    if not read:
        conn.execute("DELETE FROM pending_reads WHERE key IN (SELECT value FROM json_each(?))",
                     (listed,))
        return 0
    return int(conn.execute(
        "INSERT OR IGNORE INTO pending_reads (key) SELECT value FROM json_each(?) "
        "WHERE value NOT IN (SELECT key FROM articles)", (listed,)).rowcount)


def apply_entries(conn: sqlite3.Connection, data_dir: Path, entries: list[Entry]) -> None:
    """Inside a write transaction: journal entries, in order, on the cache."""
    for entry in entries:
        if entry.op == "base":
            apply_reads(conn, list(entry.read), True)
        elif entry.op in ("read", "unread"):
            apply_reads(conn, list(entry.keys), entry.op == "read")
        elif entry.op == "unbookmark":
            conn.execute("UPDATE articles SET bookmarked_at = NULL WHERE key IN "
                         "(SELECT value FROM json_each(?))", (json.dumps(list(entry.keys)),))
            for key in entry.keys:  # a crash may have come before the file's removal
                try:
                    snapshots.remove(data_dir, key)
                except OSError:
                    pass  # (a record folder that cannot take it: doctor names the file)
        elif entry.op == "bookmark":
            for key in entry.keys:
                _roll_bookmark_forward(conn, data_dir, key, entry.at)
        conn.execute("UPDATE record_state SET applied = MAX(applied, ?)", (entry.seq,))


def _roll_bookmark_forward(conn: sqlite3.Connection, data_dir: Path, key: str, at: int) -> None:
    """A logged bookmark the cache lacks: from its snapshot, or (a crash came before the
    snapshot was renamed into place) the snapshot made from the cache's article."""
    path = snapshots.path_for(data_dir, key)
    if path.exists():
        try:
            snap = snapshots.validate(json.loads(path.read_bytes()), path)
        except (OSError, ValueError):
            return  # damaged: doctor names it
        restore_snapshot(conn, data_dir, snap)
        return
    row = conn.execute("SELECT id FROM articles WHERE key = ?", (key,)).fetchone()
    if row is None:
        return
    conn.execute("UPDATE articles SET bookmarked_at = COALESCE(bookmarked_at, ?) WHERE id = ?",
                 (at, row[0]))
    built = snapshots.build(conn, int(row[0]))
    if built:
        try:
            snapshots.write(data_dir, built)
        except OSError:
            pass  # (a full disk, a broken folder: doctor writes it again from the cache)


def catch_up(conn: sqlite3.Connection, data_dir: Path) -> None:
    """Inside a write transaction (and the record's lock): apply entries the cache missed."""
    applied = int(conn.execute("SELECT applied FROM record_state").fetchone()[0])
    if journal.last_seq(data_dir) > applied:
        apply_entries(conn, data_dir, journal.load(data_dir, after=applied).entries)


def on_open(conn: sqlite3.Connection, data_dir: Path) -> Restored | None:
    """Called by ``connect``: a full restore in a cache never given the record, else a catch-up.

    Returns what a full restore brought back (``None`` when there was none).
    Cheap when nothing is due: one row read and the journal's last line.
    """
    applied, restored = conn.execute("SELECT applied, restored FROM record_state").fetchone()
    if restored and journal.last_seq(data_dir) <= applied:
        return None
    with write(conn), journal.locked(data_dir):
        applied, restored = conn.execute("SELECT applied, restored FROM record_state").fetchone()
        if restored:
            catch_up(conn, data_dir)
            return None
        outcome = _restore_all(conn, data_dir)
        _seed(conn, data_dir)
        conn.execute("UPDATE record_state SET restored = 1")
    return outcome


def _restore_all(conn: sqlite3.Connection, data_dir: Path) -> Restored:
    outcome = Restored()
    loaded = journal.load(data_dir)
    last_op: dict[str, str] = {}
    for entry in loaded.entries:
        if entry.op in ("bookmark", "unbookmark"):
            last_op.update(dict.fromkeys(entry.keys, entry.op))
    for key, op in last_op.items():  # removed, but a crash came before its file went
        if op == "unbookmark":
            snapshots.remove(data_dir, key)
    found, problems = snapshots.load_all(data_dir)
    outcome.problems = [str(p) for p in problems]
    for snap in found:
        photos, missing = restore_snapshot(conn, data_dir, snap)
        outcome.bookmarks += 1
        outcome.photos += photos
        outcome.photos_missing += missing
    outcome.problems += loaded.problems
    reads = loaded.read_keys()
    outcome.read_flags = len(reads)
    outcome.waiting = apply_reads(conn, list(reads), True)
    if loaded.entries:
        conn.execute("UPDATE record_state SET applied = ?", (loaded.entries[-1].seq,))
    return outcome


def _seed(conn: sqlite3.Connection, data_dir: Path) -> None:
    """What a cache made before the record holds and the record lacks, written to the record."""
    for (article_id,) in conn.execute(
            "SELECT id FROM articles WHERE bookmarked_at IS NOT NULL").fetchall():
        built = snapshots.build(conn, int(article_id))
        if built and not snapshots.path_for(data_dir, built["key"]).exists():
            snapshots.write(data_dir, built)
    seed_reads(conn, data_dir)


def seed_reads(conn: sqlite3.Connection, data_dir: Path) -> int:
    """Inside a write transaction and the record's lock: read flags the cache holds and the
    journal lacks, logged as one entry (scope ``migrated``); returns how many."""
    known = journal.load(data_dir).read_keys()
    unrecorded = [k for (k,) in conn.execute("SELECT key FROM articles WHERE read != 0")
                  if k not in known]
    if unrecorded:
        seq = journal.append(data_dir, "read", unrecorded, scope="migrated")
        conn.execute("UPDATE record_state SET applied = ?", (seq,))
    return len(unrecorded)
