"""The project's own error types; the CLI maps each to an exit code (CLI.md)."""

from __future__ import annotations

from typing import Self


class AntdError(Exception):
    """Base class: anything we raise on purpose.

    One made with ``said(key, **values)`` carries a catalogue key
    (``core/locale/messages.py``): ``text(language)`` words it in the user's
    language; ``str()`` is always the English wording. Others read the same
    in both languages (config-file errors name TOML keys, written in English).
    """

    key: str | None = None
    values: dict[str, object] | None = None

    @classmethod
    def said(cls, key: str, **values: object) -> Self:
        from antd_tui.core.locale.messages import Tr

        error = cls(Tr("en")(key, **values))
        error.key, error.values = key, values
        return error

    def text(self, language: str) -> str:
        if self.key is None:
            return str(self)
        from antd_tui.core.locale.messages import Tr

        return Tr(language)(self.key, **(self.values or {}))


class ConfigError(AntdError):
    """A bad config file or flag (exit 2). The message names file, line and key."""


class DataDirError(AntdError):
    """The data dir or database cannot be used (exit 4)."""


class LockTimeout(AntdError):
    """Another refresh holds the lock and ``--wait`` ran out (exit 3)."""

    def __init__(self, pid: int | None, waited: float) -> None:
        from antd_tui.core.locale.messages import Tr

        self.key = "lock.busy_pid" if pid else "lock.busy"
        self.values = {"pid": pid, "waited": f"{waited:g}"}
        super().__init__(Tr("en")(self.key, **self.values))
        self.pid = pid


class FetchError(AntdError):
    """One HTTP fetch failed; the text is what the user sees for that feed."""

    tries = 1  # how many times the request was sent before giving up


class FeedParseError(AntdError):
    """A body that is not a feed we can read (HTML page, empty, broken JSON Feed)."""
