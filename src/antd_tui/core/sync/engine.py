"""One sync with a feed server: new items, the server's lists, then flags both ways.

1. **Items**, incrementally (``_items``): pages of items above the highest id this
   cache has (``since_id``), each batch stored with its mark in one transaction.
   The server's order is not trusted: ids at or below the mark are dropped, ids a
   page skipped are asked for by id, and so are unread or saved items no page brought.
2. **The server's lists**: its unread and saved item ids.
3. **Sending** and 4. **receiving** flags: ``flags.py``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from antd_tui.core.config import Settings
from antd_tui.core.errors import AntdError
from antd_tui.core.sync import flags, idmap, queue, store
from antd_tui.core.sync.protocol import RemoteItem, SyncServer
from antd_tui.core.sync_config import SyncSettings

T = TypeVar("T")
Write = Callable[..., Awaitable[Any]]
BATCH = 500  # items stored per transaction
MAX_PAGES = 20_000  # 1M items in one sync: past it, the rest waits for the next
MAX_BY_ID = 2_000  # unread/saved items the pages skipped, fetched by id in one sync
MAX_GAP_IDS = 200_000  # missing ids farther apart than this are not asked for one by one


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
    def __init__(self, settings: Settings, conn: sqlite3.Connection, data_dir: Path, *,
                 full_text: bool = True, write: Write | None = None) -> None:
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
        outcome = SyncOutcome(server=self.sync.server)
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
            await self._register(known)
            await self.write(store.begin, self.sync.account)
            await self._items(server, since, first, outcome)
            unread, saved = await server.unread_ids(), await server.saved_ids()
            await self.write(idmap.listed_again, unread | saved)
            await self._skipped_items(server, unread, saved, outcome)
            await flags.send(server, self.conn, self.data_dir, self.write, unread, saved, outcome)
            await flags.receive(server, self.conn, self.data_dir, self.write, self.scope, unread,
                                saved, outcome)
        outcome.slugs = [slug for slug, _ in store.categories(self.conn)]

    async def _register(self, known: store.SyncState | None) -> None:
        """What this sync owes the server from before: a new account (the first sync of this
        cache, or another server) gets what was read and bookmarked here; a cursor lost while
        the cache kept its account (the record dir lost, a long break) is set back to the
        first change made after the last sync, so those are sent and nothing older is."""
        registered = queue.registered(self.data_dir)
        same = known is not None and known.account == self.sync.account
        if not same and (known is not None or not registered):
            await self.write(idmap.seed_unsent, int(time.time()))
        if not registered:
            queue.register(self.data_dir, after=known.synced_at if same and known else None)

    async def _filed(self, server: SyncServer, items: list[RemoteItem]) -> store.Filing:
        filing = self._filing
        if filing is None or any(i.feed_id not in filing.known_feeds for i in items):
            from antd_tui.core.locale.messages import Tr

            groups, feeds = await server.groups()
            filing = self._filing = store.Filing(self.sync.server, groups, feeds,
                                                 Tr(self.settings.language)("sync.ungrouped"))
        return filing

    async def _items(self, server: SyncServer, since: int, first: list[RemoteItem],
                     outcome: SyncOutcome) -> None:
        """Pages above the mark, and the ids they skipped.

        A page is not always the lowest 50 ids above ``since_id``: Coldsweat's are the
        first 50 in (group, feed, id) order, so the next page, above the highest id of
        this one, skips other feeds' items in between. Between the mark and the highest
        id seen, ids no page brought are either such skipped items or holes (another
        user's items, deleted ones). A page out of id order, an item found by asking
        for the first page's missing ids (the first and the last 50 of them), or fewer
        items here than the server's ``total_items`` shows the pages skip: then every
        missing id is asked for (50 a call), and the mark stored with each batch never
        passes one not asked for yet (a sync cut short starts again below it; what it
        has comes back as duplicates, dropped). Else the pages are trusted and the
        mark follows them.
        """
        seen: set[int] = set()
        contiguous = since  # every id up to here was brought or asked for
        trust: bool | None = None  # are the pages the lowest ids? not known yet
        waiting: dict[int, RemoteItem] = {}
        page: list[RemoteItem] | None = first
        for _ in range(MAX_PAGES):
            fresh = [i for i in (page if page is not None else await server.items_since(since))
                     if i.id > since]
            page = None
            if not fresh:
                break
            ids = [i.id for i in fresh]
            if ids != sorted(ids):
                trust = False
            for item in fresh:
                waiting[item.id] = item  # the same id twice: one item
            seen.update(ids)
            since = max(ids)
            while contiguous + 1 in seen:
                contiguous += 1
            if trust is None and contiguous < since:
                found = await self._probe(server, seen, contiguous, since)
                trust = not found
                waiting.update((i.id, i) for i in found)
                seen.update(i.id for i in found)
            if len(waiting) >= BATCH:
                await self._store(server, list(waiting.values()),
                                  since if trust is not False else contiguous, outcome)
                waiting = {}
        mark = since if trust is not False else contiguous
        if waiting:
            await self._store(server, list(waiting.values()), mark, outcome)
        total = server.total_items
        if trust is not False and (total is None or len(idmap.mapped_ids(self.conn)) >= total):
            if since > contiguous:  # (a sync with nothing new writes nothing here)
                await self.write(store.move_mark, since)
            return
        # the pages skip (or the server has more items than came): ask for the missing ids,
        # unless they are too far apart to ask one by one (then unread and saved items still
        # come by id, ``_skipped_items``)
        if since - contiguous > MAX_GAP_IDS:
            await self.write(store.move_mark, since)
            return
        gaps = [i for i in range(contiguous + 1, since + 1) if i not in seen]
        for begin in range(0, len(gaps), 50):
            chunk = gaps[begin:begin + 50]
            asked = set(chunk)
            items = [i for i in await server.items_with_ids(chunk) if i.id in asked]
            after = gaps[begin + 50] - 1 if begin + 50 < len(gaps) else since
            if items:
                await self._store(server, items, after, outcome)
            else:
                await self.write(store.move_mark, after)

    async def _probe(self, server: SyncServer, seen: set[int], low: int, high: int
                     ) -> list[RemoteItem]:
        """Items among the first and the last 50 ids above ``low`` and below ``high`` that no
        page brought (found walking in from both ends: ids may be 16-digit timestamps)."""
        first: list[int] = []
        number = low + 1
        while number < high and len(first) < 50:
            if number not in seen:
                first.append(number)
            number += 1
        last: list[int] = []
        number = high - 1
        while number > low and len(last) < 50:
            if number not in seen:
                last.append(number)
            number -= 1
        asked = sorted(set(first + last))
        found: list[RemoteItem] = []
        for begin in range(0, len(asked), 50):
            chunk = set(asked[begin:begin + 50])
            found += [i for i in await server.items_with_ids(sorted(chunk)) if i.id in chunk]
        return found

    async def _store(self, server: SyncServer, items: list[RemoteItem], since: int,
                     outcome: SyncOutcome) -> None:
        filing = await self._filed(server, items)
        days = self.settings.retention_days
        cutoff = time.time() - days * 86400 if days else None
        new_ids = await self.write(store.store_items, filing, items, since, int(time.time()),
                                   self.full_text, cutoff)
        outcome.new_ids.extend(new_ids)

    async def _skipped_items(self, server: SyncServer, unread: set[int], saved: set[int],
                             outcome: SyncOutcome) -> None:
        """Unread or saved items no page brought (an item older than the mark that arrived
        late), and saved items whose article this cache no longer has (pruned; a
        bookmark is kept whatever its age): fetched by id."""
        mapped = idmap.mapped_ids(self.conn)
        missing = sorted(((unread | saved) - mapped)
                         | idmap.missing_articles(self.conn, saved & mapped))[-MAX_BY_ID:]
        state = store.state(self.conn)
        current = state.since_id if state is not None else 0  # (begun above: never None)
        for start in range(0, len(missing), 50):
            asked = set(missing[start:start + 50])
            items = [i for i in await server.items_with_ids(sorted(asked)) if i.id in asked]
            if items:
                await self._store(server, items, current, outcome)
