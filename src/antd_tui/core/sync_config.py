"""``[sync]`` in the config: which feed server this reader keeps in step with.

::

    [sync]
    service = "fever"                      # the only protocol built so far
    url = "https://rss.example.vn/api/fever.php"
    username = "lan"
    password_command = "pass show rss"     # or: password = "…"

``url`` is the server's Fever endpoint as the server documents it (FreshRSS:
``…/api/fever.php``; Miniflux and Coldsweat: ``…/fever/``). The password is
never part of ``repr``, messages or JSON; ``password_command`` is run (by the
shell) only when a sync needs it, and its first line of output is the password.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from antd_tui.core.errors import ConfigError
from antd_tui.core.sanitize import safe_url

SERVICES = ("fever",)  # the Google Reader API (FreshRSS, Miniflux, Inoreader) is the next one
_KEYS = {"service", "url", "username", "password", "password_command"}


@dataclass(frozen=True)
class SyncSettings:
    service: str
    url: str
    username: str
    password: str | None = field(default=None, repr=False)
    password_command: str | None = field(default=None, repr=False)

    @property
    def server(self) -> str:
        """``url`` as every message, JSON field and the cache show it: without a
        ``user:password@`` (a server behind Basic authentication), which only requests carry."""
        return without_userinfo(self.url)

    @property
    def url_has_password(self) -> bool:
        return self.server != self.url

    @property
    def account(self) -> str:
        """What identifies the server's copy of the reader: a change starts a fresh sync."""
        return f"{self.service} {self.username}@{self.server}"


def without_userinfo(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def parse_sync(table: Any, fail: Callable[[str, str], ConfigError]) -> SyncSettings:
    """Validate the ``[sync]`` table; ``fail(key, problem)`` makes the error naming the line."""
    if not isinstance(table, dict):
        raise fail("sync", "must be a table ([sync])")
    for key in table:
        if key not in _KEYS:
            raise fail(f"sync.{key}", "unknown key (allowed: " + ", ".join(sorted(_KEYS)) + ")")
    service = table.get("service", "fever")
    if service not in SERVICES:
        raise fail("sync.service", "expected " + " or ".join(f'"{s}"' for s in SERVICES))
    raw_url = table.get("url")
    url = safe_url(raw_url) if isinstance(raw_url, str) else None
    if url is None:
        raise fail("sync.url", "expected the server's http(s) address, like "
                               '"https://rss.example.vn/api/fever.php"')
    username = table.get("username")
    if not isinstance(username, str) or not username.strip():
        raise fail("sync.username", "expected the user name on the server")
    password, command = table.get("password"), table.get("password_command")
    if password is not None and command is not None:
        raise fail("sync.password", "give password or password_command, not both")
    if password is None and command is None:
        raise fail("sync", "needs password or password_command (a command that prints it)")
    if password is not None and not isinstance(password, str):
        raise fail("sync.password", "expected a string")
    if command is not None and (not isinstance(command, str) or not command.strip()):
        raise fail("sync.password_command", "expected a command, like \"pass show rss\"")
    return SyncSettings(service=service, url=url, username=username, password=password,
                        password_command=command)
