"""What the sync engine needs from a feed server, whatever protocol it speaks.

Fever (``fever.py``) is the one built; the Google Reader API of FreshRSS,
Miniflux and Inoreader would be a second class with the same methods. Item
ids are the server's own integers (Google Reader's are 64-bit too); what the
engine keeps is the highest one seen, never the server's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from antd_tui.core.errors import AntdError, ConfigError

Mark = Literal["read", "unread", "saved", "unsaved"]


class SyncError(AntdError):
    """The server could not be reached or answered something unusable (exit 1)."""


class LoginFailed(ConfigError):
    """The server refused the user name or password (exit 2)."""


@dataclass(frozen=True)
class RemoteGroup:
    id: int
    title: str
    feed_ids: frozenset[int]


@dataclass(frozen=True)
class RemoteFeed:
    id: int
    title: str
    url: str | None


@dataclass(frozen=True)
class RemoteItem:
    id: int
    feed_id: int
    title: str
    author: str
    html: str
    url: str | None
    created: int | None  # Unix time, or None when missing or out of range
    saved: bool = False  # saved (starred) on the server when it was sent


class SyncServer(Protocol):
    total_items: int | None  # how many items the account has, as the last page said (if it did)

    async def items_since(self, since_id: int) -> list[RemoteItem]:
        """Some items with ids above ``since_id`` (none: the end); any order."""

    async def items_with_ids(self, ids: list[int]) -> list[RemoteItem]:
        """These items (at most 50 a call), whatever their ids."""

    async def groups(self) -> tuple[list[RemoteGroup], list[RemoteFeed]]:
        """The server's groups (each with its feeds' ids) and feeds."""

    async def unread_ids(self) -> set[int]: ...

    async def saved_ids(self) -> set[int]: ...

    async def mark(self, item_id: int, mark: Mark) -> bool:
        """Send one flag; False when the server does not know the item (nothing to do)."""
