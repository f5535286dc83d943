"""The record's journal: every read flag and bookmark change, one JSON line each, in order.

``<data dir>/record/journal.jsonl`` (the format is in docs/RECORD.md). Each line
is one entry and ends with its sequence number, which only ever grows::

    {"at":1733580000,"op":"read","keys":["antd:451203"],"scope":null,"seq":12}

``op`` is ``read``, ``unread``, ``bookmark`` or ``unbookmark``; ``keys`` are the
articles' stable keys (``identity.article_key``); ``scope`` is ``"*"`` or a
category slug on a mark-all (the reader's ``A``, ``mark-read --all``), else
null. Compaction folds old entries into one first line,
``{"at":…,"op":"base","read":{"<key>":<at>,…},"seq":S}``: the read flags as
of entry ``S``. It never folds an entry a registered consumer (a syncer, see
``cursor``) has not marked as sent.

Crash rules: an entry is written with one ``write`` and fsynced before the
cache's transaction commits; a line cut short by a crash has no newline and is
ignored, and cut off before the next append; a full disk truncates the file
back to where it was. Every writer holds ``record/lock`` (an ``flock``).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from antd_tui.core.record.atomic import atomic_write, fsync_dir
from antd_tui.core.record.tail import JOURNAL, MAX_INT, RECORD_DIR
from antd_tui.core.record.tail import last_seq as last_seq

CURSORS = "cursors.json"
OPS = ("read", "unread", "bookmark", "unbookmark")
FORGET_READ_DAYS = 180  # compaction forgets older read flags (no feed carries such articles)
MAX_TIME = 253402300799  # 9999-12-31 23:59:59 UTC: the last time a date can show


def is_time(value: object) -> bool:
    """A Unix time a file may hold: an int within the years 1970-9999."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TIME


@dataclass(frozen=True)
class Entry:
    seq: int
    at: int
    op: str  # one of OPS, or "base"
    keys: tuple[str, ...] = ()
    scope: str | None = None
    read: dict[str, int] = field(default_factory=dict)  # base only: key -> when it was read


@dataclass
class Journal:
    """What a journal file holds: its entries in order, and the lines it could not read."""

    entries: list[Entry]
    problems: list[str]
    torn_tail: bool = False

    def read_keys(self) -> dict[str, int]:
        """The read flags the journal ends with: key -> when it was marked read."""
        state: dict[str, int] = {}
        for entry in self.entries:
            fold(state, entry)
        return state


def fold(state: dict[str, int], entry: Entry) -> None:
    if entry.op == "base":
        state.clear()
        state.update(entry.read)
    elif entry.op == "read":
        for key in entry.keys:
            state[key] = entry.at
    elif entry.op == "unread":
        for key in entry.keys:
            state.pop(key, None)


def record_dir(data_dir: Path) -> Path:
    return data_dir / RECORD_DIR


def journal_path(data_dir: Path) -> Path:
    return record_dir(data_dir) / JOURNAL


@contextmanager
def locked(data_dir: Path) -> Iterator[Path]:
    """Hold the record's lock (``record/lock``) for a change; yields the record dir."""
    import fcntl

    folder = record_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        os.close(fd)  # closing drops the flock


def _parse(line: bytes) -> Entry:
    raw = json.loads(line)
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    seq, at, op = raw.get("seq"), raw.get("at"), raw.get("op")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_INT:
        raise ValueError("no seq, or one out of range")
    if not isinstance(at, int) or not is_time(at):
        raise ValueError("no at, or a time outside the years 1970-9999")
    if op == "base":
        read = raw.get("read")
        if not isinstance(read, dict) or not all(
                isinstance(k, str) and is_time(v) for k, v in read.items()):
            raise ValueError("a base without its read flags (or a time out of range)")
        return Entry(seq, at, op, read=read)
    keys, scope = raw.get("keys"), raw.get("scope")
    if op not in OPS or not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError(f"unknown op {op!r} or keys")
    if scope is not None and not isinstance(scope, str):
        raise ValueError("scope is not a string")
    return Entry(seq, at, op, tuple(keys), scope)


def load(data_dir: Path, after: int = 0) -> Journal:
    """Every readable entry numbered above ``after``, in order.

    A consumer reading from its cursor gets a base line only when entries it had
    not seen were folded (it was not registered with ``set_cursor``): it must
    then take the base's read flags as a whole state, not as changes.
    """
    path = journal_path(data_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Journal([], [])
    lines = data.split(b"\n")
    torn = lines[-1] != b""  # the last write was cut short by a crash
    entries: list[Entry] = []
    problems: list[str] = []
    previous = 0
    for number, line in enumerate(lines[:-1], 1):
        if not line.strip():
            continue
        try:
            entry = _parse(line)
        except ValueError as exc:  # json's errors are ValueErrors too
            problems.append(f"{path} line {number} skipped: {exc}")
            continue
        if entry.seq <= previous:
            problems.append(f"{path} line {number} skipped: entry {entry.seq} out of order")
            continue
        previous = entry.seq
        if entry.seq > after:  # a base too: then entries up to it were folded unseen
            entries.append(entry)
    return Journal(entries, problems, torn)


def cut_torn_tail(fd: int) -> int:
    """Drop a last line that has no newline (a crash mid-write); return the file's size."""
    size = os.lseek(fd, 0, os.SEEK_END)
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return size
    start = max(0, size - 65536)
    while True:
        chunk = os.pread(fd, size - start, start)
        cut = chunk.rfind(b"\n")
        if cut >= 0 or start == 0:
            keep = start + cut + 1 if cut >= 0 else 0
            break
        start = max(0, start - 65536)
    os.ftruncate(fd, keep)
    return keep


def append(data_dir: Path, op: str, keys: list[str], scope: str | None = None, *,
           keys_json: str | None = None) -> int:
    """Write one entry, fsynced; returns its number. The caller holds ``locked``."""
    return append_entry(data_dir, op, keys, scope, keys_json=keys_json)[0]


def append_entry(data_dir: Path, op: str, keys: list[str], scope: str | None = None, *,
                 keys_json: str | None = None) -> tuple[int, int]:
    """Write one entry, fsynced; returns its number and the file's length before it (what
    ``take_back`` cuts it to). The caller holds ``locked``.

    ``keys_json`` is the keys already as a JSON array (SQLite's ``json_group_array``
    makes 100k of them in ~25 ms, Python's list and ``json.dumps`` in ~80).
    On any error (a full disk) the file is cut back to where it was and the
    error raised: nothing half-written stays.
    """
    assert op in OPS
    path = journal_path(data_dir)
    new_file = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        size = cut_torn_tail(fd)
        seq = last_seq(data_dir) + 1
        listed = keys_json if keys_json is not None else json.dumps(
            keys, ensure_ascii=False, separators=(",", ":"))
        data = (f'{{"at":{int(time.time())},"op":{json.dumps(op)},"keys":{listed},'
                f'"scope":{json.dumps(scope, ensure_ascii=False)},"seq":{seq}}}\n').encode()
        try:
            written = 0
            while written < len(data):
                written += os.pwrite(fd, data[written:], size + written)
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)
    if new_file:
        fsync_dir(path.parent)
    return seq, size


def take_back(data_dir: Path, seq: int, size: int) -> bool:
    """Cut off entry ``seq`` (appended at ``size``) when the change it logged was refused
    after it (the cache's commit failed). Only while it is still the last entry: one logged
    after it stays, and so does it (the next open rolls it forward). The caller holds
    ``locked``; returns whether it was taken back."""
    path = journal_path(data_dir)
    fd = os.open(path, os.O_RDWR)
    try:
        end = os.lseek(fd, 0, os.SEEK_END)
        if end <= size or last_seq(data_dir) != seq:
            return False
        if os.pread(fd, end - size, size).count(b"\n") != 1:
            return False
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def compact(data_dir: Path, keep: Callable[[str], bool] = lambda key: False) -> tuple[int, int]:
    """Fold entries every consumer has sent into the base line; returns (bytes before, after).

    Read flags older than ``FORGET_READ_DAYS`` are forgotten unless ``keep(key)``
    (a bookmark's). The caller holds ``locked``.
    """
    path = journal_path(data_dir)
    if not path.exists():
        return 0, 0
    before = path.stat().st_size
    journal = load(data_dir)
    if not journal.entries:
        return before, before
    cursors = read_cursors(data_dir)
    upto = min([journal.entries[-1].seq, *cursors.values()])
    state: dict[str, int] = {}
    rest: list[Entry] = []
    for entry in journal.entries:
        if entry.seq <= upto:
            fold(state, entry)
        else:
            rest.append(entry)
    horizon = int(time.time()) - FORGET_READ_DAYS * 86400
    state = {k: at for k, at in state.items() if at >= horizon or keep(k)}
    lines = []
    if upto:
        lines.append({"at": int(time.time()), "op": "base", "read": state, "seq": upto})
    lines += [{"at": e.at, "op": e.op, "keys": list(e.keys), "scope": e.scope, "seq": e.seq}
              for e in rest]
    text = "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for line in lines)
    atomic_write(path, text.encode())
    return before, len(text.encode())


def read_cursors(data_dir: Path) -> dict[str, int]:
    """Each consumer's last sent entry (``record/cursors.json``); compaction keeps what follows."""
    try:
        raw = json.loads((record_dir(data_dir) / CURSORS).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, int)}


def set_cursor(data_dir: Path, name: str, seq: int | None) -> None:
    """Register (or move, or with ``None`` drop) a consumer's cursor: it has sent up to ``seq``."""
    with locked(data_dir):
        cursors = read_cursors(data_dir)
        if seq is None:
            cursors.pop(name, None)
        else:
            cursors[name] = seq
        atomic_write(record_dir(data_dir) / CURSORS,
                     json.dumps(cursors, indent=1, sort_keys=True).encode())
