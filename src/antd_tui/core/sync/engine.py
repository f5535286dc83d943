"""One sync with a feed server: new items, then flags both ways.

1. **Items**, incrementally: pages of items above the highest id this cache has
   (``since_id``), each batch stored with its mark in one transaction. The
   server's order is not trusted: ids at or below the mark are dropped, ids a
   page skipped are asked for by id (``_items``), and so are unread or saved
   items no page brought.
2. **The server's lists**: its unread and saved item ids.
3. **Sending**: the local changes the record holds after this syncer's cursor
   (``queue.py``), folded to each article's last state, and the flags of an
   article that was here, read or bookmarked, before the server sent it (a
   ``[[feeds]]`` entry brought it first: ``store.adopted``); sent only where the
   server's lists differ. The cursor moves once all went: a crash or an outage
   leaves them queued, to be sent next time.
4. **Receiving**: every synced article takes the server's state, except those
   with a local change the server has not received, asked again inside the
   write transaction (a key pressed in the reader meanwhile wins). Changes are
   logged in the record with scope ``sync:<service>``, so they survive a lost
   cache and are never sent back. A bookmark is removed only when the server had
   the item saved at the last sync and no longer has (a server that forgot an
   old item does not take a bookmark away).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from antd_tui.core.config import Settings
from antd_tui.core.errors import AntdError
from antd_tui.core.sync import queue, store
from antd_tui.core.sync.protocol import Mark, RemoteItem, SyncServer
from antd_tui.core.sync_config import SyncSettings

T = TypeVar("T")
Write = Callable[..., Awaitable[Any]]
BATCH = 500  # items stored per transaction
MAX_PAGES = 20_000  # 1M items in one sync: past it, the rest waits for the next
MAX_BY_ID = 2_000  # unread/saved items the pages skipped, fetched by id in one sync
MAX_GAP_IDS = 200_000  # ids between the mark and the highest seen, asked for in one sync
SENDING = 8  # flags sent at once


def scope(sync: SyncSettings) -> str:
    return f"sync:{sync.service}"


@dataclass
class SyncOutcome:
    server: str
    status: str = "ok"  # "ok" or "error"
    new_ids: list[int] = field(default_factory=list)
    sent: dict[str, int] = field(
        default_factory=lambda: {"read": 0, "unread": 0, "saved": 0, "unsaved": 0})
    received: dict[str, int] = field(
        default_factory=lambda: {"read": 0, "unread": 0, "bookmarked": 0, "unbookmarked": 0})
    skipped: int = 0  # flags for items the server no longer has
    error: str | None = None
    failure: AntdError | None = None  # what ended it, for the exit code
    slugs: list[str] = field(default_factory=list)  # the server's categories

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "server": self.server, "new": len(self.new_ids),
                "sent": dict(self.sent), "received": dict(self.received),
                "skipped": self.skipped, "error": self.error}


class Syncer:
    def __init__(self, settings: Settings, conn: Any, data_dir: Path, *, full_text: bool = True,
                 write: Write | None = None) -> None:
        assert settings.sync is not None
        self.settings = settings
        self.sync: SyncSettings = settings.sync
        self.conn = conn
        self.data_dir = data_dir
        self.full_text = full_text and settings.fetch.full_text
        self.scope = scope(self.sync)

        async def direct(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
            return function(conn, *args, **kwargs)

        # every write of the cache: the refresh passes its own (never beside a search batch)
        self.write: Write = write or direct

    async def run(self) -> SyncOutcome:
        outcome = SyncOutcome(server=self.sync.url)
        try:
            await self._run(outcome)
        except AntdError as exc:
            outcome.status, outcome.failure = "error", exc
            outcome.error = str(exc)  # English in --json, as every machine-read field
        except Exception as exc:  # a bug or a disk error: reported, the refresh goes on
            outcome.status, outcome.error = "error", f"unexpected {type(exc).__name__}: {exc}"
        try:
            await self.write(store.finish, self.sync.account, int(time.time()), outcome.error)
        except Exception:
            pass  # (a full disk) the outcome is still reported
        return outcome

    async def _run(self, outcome: SyncOutcome) -> None:
        from antd_tui.core.net.form_post import FormClient
        from antd_tui.core.sync import account
        from antd_tui.core.sync.fever import FeverServer

        password = account.password(self.sync)
        known = store.state(self.conn)
        since = known.since_id if known is not None and known.account == self.sync.account else 0
        fetch = self.settings.fetch
        async with FormClient(fetch, max_bytes=max(fetch.max_bytes, 50_000_000)) as client:
            server: SyncServer = FeverServer(client, self.sync.url, self.sync.username, password)
            self._filing: store.Filing | None = None
            first = await server.items_since(since)  # a wrong password stops here: nothing changed
            await self.write(store.begin, self.sync.account)
            if not queue.registered(self.data_dir):
                queue.register(self.data_dir)
            await self._items(server, since, first, outcome)
            unread, saved = await server.unread_ids(), await server.saved_ids()
            await self._skipped_items(server, unread | saved, outcome)
            await self._send(server, unread, saved, outcome)
        await self._receive(unread, saved, outcome)
        outcome.slugs = [slug for slug, _ in store.categories(self.conn)]

    async def _filed(self, server: SyncServer, items: list[RemoteItem]) -> store.Filing:
        filing = self._filing
        if filing is None or any(i.feed_id not in filing.known_feeds for i in items):
            from antd_tui.core.locale.messages import Tr

            groups, feeds = await server.groups()
            filing = self._filing = store.Filing(self.sync.url, groups, feeds,
                                                 Tr(self.settings.language)("sync.ungrouped"))
        return filing

    async def _items(self, server: SyncServer, since: int, first: list[RemoteItem],
                     outcome: SyncOutcome) -> None:
        """Pages above the mark, then the ids they skipped.

        A page is not always the lowest 50 ids above ``since_id``: Coldsweat's are the
        first 50 in (group, feed, id) order, so the next page, above the highest id of
        this one, skips the other feeds' items in between. The ids between the mark and
        the highest seen that no page brought are asked for by id (50 a call) when a
        first call shows that some of them exist (a server whose pages are in order
        has only holes there: other users' items, deleted ones). The mark stored with
        each batch never passes an id not yet asked for: a sync cut short starts again
        below the first gap, and what it already has comes back as duplicates, dropped.
        """
        start = since
        seen: set[int] = set()
        contiguous = since  # every id up to here was brought (or is known to be a hole)
        waiting: dict[int, RemoteItem] = {}
        page: list[RemoteItem] | None = first
        for _ in range(MAX_PAGES):
            fresh = [i for i in (page if page is not None else await server.items_since(since))
                     if i.id > since]
            page = None
            if not fresh:
                break
            for item in fresh:
                waiting[item.id] = item  # the same id twice: one item
                seen.add(item.id)
            since = max(i.id for i in fresh)
            while contiguous + 1 in seen:
                contiguous += 1
            if len(waiting) >= BATCH:
                await self._store(server, list(waiting.values()), contiguous, outcome)
                waiting = {}
        if waiting:
            await self._store(server, list(waiting.values()), contiguous, outcome)
        limit = min(since, start + MAX_GAP_IDS)  # the rest waits for the next sync
        gaps = [i for i in range(contiguous + 1, limit + 1) if i not in seen]
        await self._fill_gaps(server, gaps, limit, since, outcome)

    async def _fill_gaps(self, server: SyncServer, gaps: list[int], limit: int, top: int,
                         outcome: SyncOutcome) -> None:
        for number, begin in enumerate(range(0, len(gaps), 50)):
            chunk = gaps[begin:begin + 50]
            asked = set(chunk)
            items = [i for i in await server.items_with_ids(chunk) if i.id in asked]
            if number == 0 and not items:  # holes, not skipped items: the pages are in order
                await self.write(store.move_mark, top)
                return
            after = gaps[begin + 50] - 1 if begin + 50 < len(gaps) else limit
            if items:
                await self._store(server, items, after, outcome)
            else:
                await self.write(store.move_mark, after)

    async def _store(self, server: SyncServer, items: list[RemoteItem], since: int,
                     outcome: SyncOutcome) -> None:
        filing = await self._filed(server, items)
        days = self.settings.retention_days
        cutoff = time.time() - days * 86400 if days else None
        new_ids = await self.write(store.store_items, filing, items, since, int(time.time()),
                                   self.full_text, cutoff)
        outcome.new_ids.extend(new_ids)

    async def _skipped_items(self, server: SyncServer, wanted: set[int],
                             outcome: SyncOutcome) -> None:
        """Unread or saved items the pages did not bring (a server's own order, an item
        older than the mark that arrived late): fetched by id."""
        mapped = {int(r[0]) for r in self.conn.execute("SELECT remote_id FROM sync_items")}
        missing = sorted(wanted - mapped)[-MAX_BY_ID:]
        current = int(self.conn.execute("SELECT since_id FROM sync_state").fetchone()[0])
        for start in range(0, len(missing), 50):
            items = await server.items_with_ids(missing[start:start + 50])
            asked = set(missing[start:start + 50])
            items = [i for i in items if i.id in asked]
            if items:
                await self._store(server, items, current, outcome)

    def _pending_keys(self) -> set[str]:
        return set(queue.queued(self.data_dir)[1])

    async def _send(self, server: SyncServer, unread: set[int], saved: set[int],
                    outcome: SyncOutcome) -> None:
        upto, wanted = queue.queued(self.data_dir)
        adopted = store.adopted(self.conn)
        for key, flags in adopted.items():
            wanted.setdefault(key, flags)  # a change logged since is newer: it wins
        remote = store.remote_ids(self.conn, wanted)
        marks: list[tuple[int, Mark]] = []
        for key, flags in wanted.items():
            for rid in remote.get(key, ()):
                if "read" in flags and (rid in unread) == flags["read"]:
                    marks.append((rid, "read" if flags["read"] else "unread"))
                if "saved" in flags and (rid in saved) != flags["saved"]:
                    marks.append((rid, "saved" if flags["saved"] else "unsaved"))
        gate = asyncio.Semaphore(SENDING)

        async def send(rid: int, mark: Mark) -> None:
            async with gate:
                known = await server.mark(rid, mark)
            if not known:
                outcome.skipped += 1
                return
            outcome.sent[mark] += 1
            {"read": unread.discard, "unread": unread.add, "saved": saved.add,
             "unsaved": saved.discard}[mark](rid)

        async with asyncio.TaskGroup() as group:  # one failure stops the rest: all stay queued
            for rid, mark in marks:
                group.create_task(send(rid, mark))
        queue.sent(self.data_dir, upto)
        if adopted:
            await self.write(store.adopted_sent)

    async def _receive(self, unread: set[int], saved: set[int], outcome: SyncOutcome) -> None:
        from antd_tui.core.record import marks

        rows = store.known(self.conn)
        kept: set[str] = set()

        def keep() -> set[str]:
            kept.update(self._pending_keys())
            return kept

        changes = [
            ("read", [k for k in rows if not k.read and not any(r in unread for r in k.remote)]),
            ("unread", [k for k in rows if k.read and any(r in unread for r in k.remote)]),
            ("bookmarked", [k for k in rows if not k.bookmarked
                            and any(r in saved for r in k.remote)]),
            ("unbookmarked", [k for k in rows if k.bookmarked and k.saved_before
                              and not any(r in saved for r in k.remote)]),
        ]
        for name, chosen in changes:
            if not chosen:
                continue
            ids = [k.article_id for k in chosen]
            if name in ("read", "unread"):
                missing = await self.write(marks.set_read, ids, name == "read", scope=self.scope,
                                           keep=keep)
            else:
                missing, _ = await self.write(marks.change_bookmarks, ids, name == "bookmarked",
                                              scope=self.scope, keep=keep)
            outcome.received[name] += sum(1 for k in chosen
                                          if k.key not in kept and k.article_id not in missing)
        await self.write(store.remember_saved, saved)
