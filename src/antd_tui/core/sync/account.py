"""The sync account's password, and the warnings a config holding one deserves.

``password_command`` is run by the shell (pipes work: ``pass show rss | head -1``)
when a sync needs the password; its first line is the password. Neither the
password nor the command's output ever reaches a message: a failed command is
reported by its exit status and its stderr.
"""

from __future__ import annotations

import ipaddress
import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

from antd_tui.core.errors import ConfigError
from antd_tui.core.sanitize import clean_text
from antd_tui.core.sync_config import SyncSettings

COMMAND_TIMEOUT = 60.0  # a password manager may ask for its own passphrase first


def password(sync: SyncSettings) -> str:
    if sync.password is not None:
        return sync.password
    assert sync.password_command is not None
    import subprocess

    try:
        done = subprocess.run(sync.password_command, shell=True, capture_output=True,
                              timeout=COMMAND_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ConfigError(f"sync.password_command did not finish within {COMMAND_TIMEOUT:g} s"
                          ) from None
    except OSError as exc:
        raise ConfigError(f"sync.password_command could not run: {exc.strerror}") from None
    said = clean_text(done.stderr.decode("utf-8", "replace"))[:200]
    if done.returncode != 0:
        raise ConfigError(f"sync.password_command failed (exit status {done.returncode})"
                          + (f": {said}" if said else ""))
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise ConfigError("sync.password_command printed no password")
    return lines[0]


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def warnings(sync: SyncSettings, source: Path | None) -> list[str]:
    """What to tell the user before a sync (English; ``locale`` words them): a
    password others can read, a password sent in clear to another machine."""
    found: list[str] = []
    if (sync.password is not None or sync.url_has_password) and source is not None:
        try:
            mode = os.stat(source).st_mode
        except OSError:
            mode = 0
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            found.append("sync.warn_readable")
    parts = urlsplit(sync.url)
    if parts.scheme == "http" and not _loopback(parts.hostname or ""):
        found.append("sync.warn_clear")
    return found
