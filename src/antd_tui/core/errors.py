"""The project's own error types; the CLI maps each to an exit code (CLI.md)."""

from __future__ import annotations


class AntdError(Exception):
    """Base class: anything we raise on purpose."""


class ConfigError(AntdError):
    """A bad config file or flag (exit 2). The message names file, line and key."""


class DataDirError(AntdError):
    """The data dir or database cannot be used (exit 4)."""


class LockTimeout(AntdError):
    """Another refresh holds the lock and ``--wait`` ran out (exit 3)."""

    def __init__(self, pid: int | None, waited: float) -> None:
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"another refresh is running ({holder}); waited {waited:g} s")
        self.pid = pid


class FetchError(AntdError):
    """One HTTP fetch failed; the text is what the user sees for that feed."""

    tries = 1  # how many times the request was sent before giving up


class FeedParseError(AntdError):
    """A body that is not a feed we can read (HTML page, empty, broken JSON Feed)."""
