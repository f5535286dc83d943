"""The journal's newest entry number, read from its last bytes: what every open of the cache
checks, so it imports nothing beyond ``os`` and ``re`` (the rest of ``record`` loads only when
there is work)."""

from __future__ import annotations

import os
import re
from pathlib import Path

RECORD_DIR = "record"
JOURNAL = "journal.jsonl"
COMPACT_BYTES = 1_000_000  # a refresh compacts a journal grown past this
MAX_INT = 2**63 - 1  # the largest entry number (SQLite's int64); a larger one is not read
_TAIL_SEQ = re.compile(rb'"seq":(\d+)\}\n\Z')
_LINE_SEQ = re.compile(rb'"seq":(\d+)\}\Z')


def compaction_due(data_dir: Path) -> bool:
    """The journal has grown past ``COMPACT_BYTES`` and the entries after its base line
    outweigh the base (the file is more than twice the base's size): compacting then gains
    something. A base alone past 1 MB (the read state of 40k articles) is not compacted again
    by every refresh. One ``stat``, and when the file is large, a read of its first line."""
    path = data_dir / RECORD_DIR / JOURNAL
    try:
        size = path.stat().st_size
        if size <= COMPACT_BYTES:
            return False
        return size > 2 * _base_bytes(path)
    except FileNotFoundError:
        return False


def _base_bytes(path: Path) -> int:
    """The length of the journal's base line (0 when its first line is not one)."""
    with open(path, "rb") as handle:
        head = handle.read(64)
        if b'"op":"base"' not in head:
            return 0
        handle.seek(0)
        length = 0
        while chunk := handle.read(1 << 20):
            cut = chunk.find(b"\n")
            if cut >= 0:
                return length + cut + 1
            length += len(chunk)
    return length


def last_seq(data_dir: Path) -> int:
    """The newest entry's number (0 when there is none): usually one small read at the end."""
    try:
        with open(data_dir / RECORD_DIR / JOURNAL, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 64))
            tail = handle.read()
    except FileNotFoundError:
        return 0
    found = _TAIL_SEQ.search(tail)
    if found and int(found.group(1)) <= MAX_INT:
        return int(found.group(1))
    # the last line was cut short by a crash (or edited): the last whole line's number
    lines = (data_dir / RECORD_DIR / JOURNAL).read_bytes().split(b"\n")
    for line in reversed(lines[:-1]):
        found = _LINE_SEQ.search(line.rstrip())
        if found and int(found.group(1)) <= MAX_INT:
            return int(found.group(1))
    return 0
