"""What every command needs, loaded lazily: settings, data dir, the database."""

from __future__ import annotations

import argparse
import sqlite3
from functools import cached_property
from pathlib import Path

from antd_tui.core.config import Settings, load_settings
from antd_tui.core.errors import ConfigError
from antd_tui.core.paths import resolve_config, resolve_data_dir


def unknown_articles(ids: list[int]) -> str:
    """The one message every command gives for article ids that are not in the cache."""
    listed = ", ".join(str(i) for i in ids)
    noun = "id" if len(ids) == 1 else "ids"
    return f"no article with {noun} {listed} in the cache; nothing was done"


class Context:
    def __init__(self, args: argparse.Namespace, damaged: str | None = None) -> None:
        self.args = args
        self.damaged = damaged  # the cache met damage in a first try: move it aside (main.py)

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

        return connect(self.data_dir, language=self.language, damaged=self.damaged)

    def category(self, given: str | None, flag: str = "--category") -> str | None:
        """The slug of the category ``given`` names (exit 2 when none does).

        A category may be named by its slug (``phap-luat``) or by its name as the
        config writes it (``"Pháp luật"``); the name is also matched without regard
        to case or accents (``"phap luat"``), as the slug is derived from it.
        """
        if given is None:
            return None
        from antd_tui.core.folding import slugify

        categories = self.settings.categories()
        if self.settings.sync is not None:  # the feed server's groups, as the last sync left them
            from antd_tui.core.sync.store import categories as synced

            categories += [c for c in synced(self.conn) if c not in categories]
        for slug, name in categories:
            if given in (slug, name):
                return slug
        wanted = slugify(given)
        for slug, name in categories:
            if wanted and wanted in (slug, slugify(name)):
                return slug
        known = ", ".join(f"{slug} ({name})" for slug, name in categories)
        raise ConfigError(f"{flag} {given!r}: unknown category (known: {known})")

    def require_articles(self, ids: list[int]) -> None:
        """Exit 2, having changed nothing, unless every id names a cached article.

        Every command that takes article ids checks them first, so ``bookmark add
        5 999`` neither bookmarks 5 nor exits with the code kept for failed feeds.
        """
        from antd_tui.core.store.queries import missing_ids

        missing = missing_ids(self.conn, ids)
        if missing:
            raise ConfigError(unknown_articles(missing))

    def sync_warnings(self) -> None:
        """On stderr, before a sync: a password others can read, a password sent in clear."""
        sync = self.settings.sync
        if sync is None:
            return
        import sys

        from antd_tui.core.locale.messages import Tr
        from antd_tui.core.sync.account import warnings

        tr = Tr(self.language)
        for key in warnings(sync, self.settings.source):
            print(tr(key, path=self.settings.source, server=sync.server), file=sys.stderr)

    def close(self) -> None:
        if "conn" in self.__dict__:
            self.conn.close()
