"""Read flags and bookmarks between this cache and the server (steps 3 and 4 of a sync).

**Sending**: the local changes the record holds after this syncer's cursor (``queue``),
folded to each article's last state, with those made to articles the server had not
sent yet (``idmap.unsent``); sent only where the server's lists differ, eight at a
time. The cursor moves once all went: a crash or an outage leaves them queued. A
404 for an item the server neither lists nor sends back when asked for it is "gone":
skipped, and its state is not taken for it until the server lists it again; any other
404 is an error (something between us answered), and everything stays queued.

**Receiving**: every synced article takes the server's state, except those with a
local change the server has not received, asked again inside the write transaction
(a key pressed in the reader meanwhile wins). Changes are logged in the record with
scope ``sync:<service>``: they survive a lost cache and are never sent back. A bookmark
is removed only when the server had the item saved at the last sync and, asked about
that item, says it is no longer saved (a server that forgot the item, or a saved list
that came back empty by mistake, takes no bookmark away).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from antd_tui.core.sync import idmap, queue
from antd_tui.core.sync.protocol import Mark, SyncError, SyncServer

if TYPE_CHECKING:
    import sqlite3

    from antd_tui.core.sync.engine import SyncOutcome

SENDING = 8  # flags sent at once (Fever takes one a call; docs/PERFORMANCE.md)
Write = Callable[..., Awaitable[Any]]


async def send(server: SyncServer, conn: sqlite3.Connection, data_dir: Path, write: Write,
               unread: set[int], saved: set[int], outcome: SyncOutcome) -> None:
    upto, queued = queue.queued(data_dir)
    wanted = idmap.unsent(conn)  # older than anything queued: a queued change wins
    for key, flags in queued.items():
        wanted.setdefault(key, {}).update(flags)
    now = int(time.time())
    remote = idmap.remote_ids(conn, wanted)
    marks: list[tuple[int, Mark]] = []
    for key, flags in wanted.items():
        for rid in remote.get(key, ()):
            if "read" in flags and (rid in unread) == flags["read"]:
                marks.append((rid, "read" if flags["read"] else "unread"))
            if "saved" in flags and (rid in saved) != flags["saved"]:
                marks.append((rid, "saved" if flags["saved"] else "unsaved"))
    listed = unread | saved
    gone: list[int] = []
    gate = asyncio.Semaphore(SENDING)

    async def one(rid: int, mark: Mark) -> None:
        async with gate:
            marked = await server.mark(rid, mark)
            # gone, or did something between us answer? the server is asked for the item
            if not marked and rid not in listed and not any(
                    i.id == rid for i in await server.items_with_ids([rid])):
                gone.append(rid)
                outcome.skipped += 1
                return
        if not marked:
            raise SyncError(f"the server answered 404 Not Found to marking item {rid} "
                            f"{mark}, an item it has; the change stays queued")
        outcome.sent[mark] += 1
        {"read": unread.discard, "unread": unread.add, "saved": saved.add,
         "unsaved": saved.discard}[mark](rid)

    try:
        async with asyncio.TaskGroup() as group:  # one failure stops the rest: all stay queued
            for rid, mark in marks:
                group.create_task(one(rid, mark))
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None  # the first error, as any other step's
    if gone:
        await write(idmap.mark_gone, gone)
    queue.sent(data_dir, upto)
    await write(idmap.settle, [k for k in wanted if k in remote],
                {k: f for k, f in queued.items() if k not in remote}, now)


async def receive(server: SyncServer, conn: sqlite3.Connection, data_dir: Path, write: Write,
                  scope: str, unread: set[int], saved: set[int], outcome: SyncOutcome) -> None:
    from antd_tui.core.record import marks

    rows = idmap.known(conn)
    kept: set[str] = set()

    def keep() -> set[str]:
        kept.update(queue.queued(data_dir)[1])
        return kept

    lost = [k for k in rows if k.bookmarked and k.saved_before
            and not any(r in saved for r in k.remote)]
    unsaved = await _confirmed_unsaved(server, lost)
    changes = [
        ("read", [k for k in rows if not k.read and not any(r in unread for r in k.remote)]),
        ("unread", [k for k in rows if k.read and any(r in unread for r in k.remote)]),
        ("bookmarked", [k for k in rows if not k.bookmarked and any(r in saved for r in k.remote)]),
        ("unbookmarked", [k for k in lost if k.article_id in unsaved]),
    ]
    for name, chosen in changes:
        if not chosen:
            continue
        ids = [k.article_id for k in chosen]
        if name in ("read", "unread"):
            missing = await write(marks.set_read, ids, name == "read", scope=scope, keep=keep)
        else:
            missing, _ = await write(marks.change_bookmarks, ids, name == "bookmarked",
                                     scope=scope, keep=keep)
        outcome.received[name] += sum(1 for k in chosen
                                      if k.key not in kept and k.article_id not in missing)
    await write(idmap.remember_saved, saved)


async def _confirmed_unsaved(server: SyncServer, lost: list[idmap.Known]) -> set[int]:
    """Of the bookmarks whose items left the saved list, those the server, asked about each
    item, says are not saved (an item it does not send back keeps its bookmark)."""
    ids = sorted({r for k in lost for r in k.remote})
    answered: dict[int, bool] = {}
    for start in range(0, len(ids), 50):
        chunk = ids[start:start + 50]
        for item in await server.items_with_ids(chunk):
            if item.id in chunk:
                answered[item.id] = item.saved
    return {k.article_id for k in lost
            if any(r in answered for r in k.remote)
            and not any(answered.get(r) for r in k.remote)}
