"""The Fever API (FreshRSS, Miniflux, Tiny Tiny RSS's plugin, Coldsweat), as a client.

Every call is a POST of ``api_key = md5("user:password")`` to ``<url>?api&<command>``;
``mark`` calls carry ``mark``, ``as`` and ``id`` in the form too. ``as=unread`` is not
in the original spec; FreshRSS, Miniflux and Coldsweat accept it. Answers are checked
field by field: a server that answers something else (HTML, wrong types, ids that
are not numbers) gets a ``SyncError`` naming what was wrong, never a traceback;
text is sanitized later like any feed's (``store.py``).
"""

from __future__ import annotations

import json
from typing import Any

from antd_tui.core.net.form_post import FormClient, HttpStatusError
from antd_tui.core.sanitize import clean_text
from antd_tui.core.sync.protocol import (
    LoginFailed,
    Mark,
    RemoteFeed,
    RemoteGroup,
    RemoteItem,
    SyncError,
)

MAX_ID = 2**63 - 1
MAX_TIME = 253402300799  # 9999-12-31
MAX_LISTED = 2_000_000  # unread or saved ids in one answer: more is not a reading list


def api_key(username: str, password: str) -> str:
    import hashlib

    return hashlib.md5(f"{username}:{password}".encode()).hexdigest()


def _id(value: object) -> int | None:
    """An item, feed or group id: a positive integer, or its digits as a string (FreshRSS)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        value = int(value)
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def id_list(value: object, what: str) -> set[int]:
    """``"1,2,3"`` (the spec) or ``[1, 2, 3]``; anything that is not an id is an error."""
    if isinstance(value, str):
        if value.count(",") >= MAX_LISTED:
            raise SyncError(f"the server's {what} lists more than {MAX_LISTED:,} items")
        parts: list[object] = [p.strip() for p in value.split(",") if p.strip()]
    elif isinstance(value, list):
        if len(value) > MAX_LISTED:
            raise SyncError(f"the server's {what} lists more than {MAX_LISTED:,} items")
        parts = list(value)
    elif value is None:
        raise SyncError(f"the server's answer has no {what}")
    else:
        raise SyncError(f"the server's {what} is not a list of ids")
    ids = set()
    for part in parts:
        number = _id(part)
        if number is None:
            raise SyncError(f"the server's {what} holds {clean_text(str(part))[:40]!r}, not an id")
        ids.add(number)
    return ids


class FeverServer:
    """One account on a Fever server; use inside ``async with FormClient(...)``."""

    def __init__(self, client: FormClient, url: str, username: str, password: str) -> None:
        from antd_tui.core.sync_config import without_userinfo

        self.client = client
        self.url = without_userinfo(url)  # as messages name it
        self.endpoint = url + ("&api" if "?" in url else "?api")  # the request keeps user:password
        self._key = api_key(username, password)
        self.total_items: int | None = None

    async def call(self, command: str, **form: str) -> dict[str, Any]:
        target = f"{self.endpoint}&{command}" if command else self.endpoint
        try:
            body = await self.client.post(target, {"api_key": self._key, **form})
        except HttpStatusError as exc:
            if exc.status in (401, 403):
                raise LoginFailed.said("sync.login_failed", server=self.url) from None
            raise
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            start = clean_text(body[:80].decode("utf-8", "replace"))
            raise SyncError(f"the server's answer is not Fever JSON (it starts {start!r}); "
                            "is the address the Fever endpoint?") from None
        if not isinstance(data, dict) or "auth" not in data:
            raise SyncError("the server's answer is not a Fever answer (no 'auth')")
        if data.get("auth") != 1:
            raise LoginFailed.said("sync.login_failed", server=self.url)
        return data

    async def items_since(self, since_id: int) -> list[RemoteItem]:
        data = await self.call(f"items&since_id={since_id}")
        total = _id(data.get("total_items"))  # how many the account has (not in every server)
        self.total_items = total if total is not None or data.get("total_items") != 0 else 0
        return self._items(data)

    async def items_with_ids(self, ids: list[int]) -> list[RemoteItem]:
        return self._items(await self.call("items&with_ids=" + ",".join(map(str, ids[:50]))))

    def _items(self, data: dict[str, Any]) -> list[RemoteItem]:
        raw = data.get("items")
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise SyncError("the server's items are not a list")
        items = []
        for entry in raw:
            item = _item(entry)
            if item is not None:
                items.append(item)
        return items

    async def groups(self) -> tuple[list[RemoteGroup], list[RemoteFeed]]:
        groups_answer = await self.call("groups")
        feeds_answer = await self.call("feeds")
        members: dict[int, set[int]] = {}
        for link in _list(groups_answer.get("feeds_groups")) + _list(feeds_answer.get("feeds_groups")):
            group = _id(link.get("group_id"))
            if group is not None:
                try:
                    members.setdefault(group, set()).update(id_list(link.get("feed_ids", ""),
                                                                    "feeds_groups"))
                except SyncError:
                    continue  # one bad link loses that group's feeds, not the sync
        groups = []
        for entry in _list(groups_answer.get("groups")):
            number = _id(entry.get("id"))
            if number is not None:
                groups.append(RemoteGroup(number, _text(entry.get("title")),
                                          frozenset(members.get(number, ()))))
        feeds = []
        for entry in _list(feeds_answer.get("feeds")):
            number = _id(entry.get("id"))
            if number is not None:
                url = entry.get("url")
                feeds.append(RemoteFeed(number, _text(entry.get("title")),
                                        url if isinstance(url, str) else None))
        return groups, feeds

    async def unread_ids(self) -> set[int]:
        return id_list((await self.call("unread_item_ids")).get("unread_item_ids"),
                       "unread_item_ids")

    async def saved_ids(self) -> set[int]:
        return id_list((await self.call("saved_item_ids")).get("saved_item_ids"),
                       "saved_item_ids")

    async def mark(self, item_id: int, mark: Mark) -> bool:
        try:
            # in the query and the form: Coldsweat reads the form, others either
            await self.call(f"mark=item&as={mark}&id={item_id}", mark="item", **{"as": mark},
                            id=str(item_id))
        except HttpStatusError as exc:
            if exc.status in (404, 410):  # the server no longer has the item
                return False
            raise
        return True


def _list(value: object) -> list[dict[str, Any]]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _item(entry: object) -> RemoteItem | None:
    """One item, or None when it has no usable id (it is skipped, like a feed's bad entry)."""
    if not isinstance(entry, dict):
        return None
    number, feed = _id(entry.get("id")), _id(entry.get("feed_id"))
    if number is None:
        return None
    created = entry.get("created_on_time")
    if isinstance(created, str) and created.isdigit() and len(created) < 15:
        created = int(created)
    url = entry.get("url")
    return RemoteItem(
        id=number, feed_id=feed or 0, title=_text(entry.get("title")),
        author=_text(entry.get("author")), html=_text(entry.get("html")),
        url=url if isinstance(url, str) else None,
        created=created if isinstance(created, int) and not isinstance(created, bool)
        and 0 < created <= MAX_TIME else None,
        saved=entry.get("is_saved") in (1, "1", True))
