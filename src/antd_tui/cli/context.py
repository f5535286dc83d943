"""What every command needs, loaded lazily: settings, data dir, the database."""

from __future__ import annotations

import argparse
import sqlite3
from functools import cached_property
from pathlib import Path

from antd_tui.core.config import Settings, load_settings
from antd_tui.core.errors import ConfigError
from antd_tui.core.paths import resolve_config, resolve_data_dir


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args

    @cached_property
    def config_path(self) -> Path | None:
        return resolve_config(self.args.config)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.config_path)

    @property
    def language(self) -> str:
        """The settings' language once they loaded; English when they could not be read."""
        settings = self.__dict__.get("settings")
        return settings.language if isinstance(settings, Settings) else "en"

    @cached_property
    def data_dir(self) -> Path:
        return resolve_data_dir(self.args.data_dir)

    @cached_property
    def conn(self) -> sqlite3.Connection:
        from antd_tui.core.store.db import connect

        return connect(self.data_dir)

    def category(self, slug: str | None, flag: str = "--category") -> str | None:
        """Validate a category slug against the config (exit 2 when unknown)."""
        if slug is None:
            return None
        known = [s for s, _ in self.settings.categories()]
        if slug not in known:
            raise ConfigError(f"{flag} {slug!r}: unknown category (known: {', '.join(known)})")
        return slug

    def close(self) -> None:
        if "conn" in self.__dict__:
            self.conn.close()
