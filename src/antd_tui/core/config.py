"""Typed settings: TOML validated into dataclasses.

The bundled ``config/settings.toml`` and ``config/feeds.toml`` are the
defaults. A user file may set any setting and may list its own ``[[feeds]]``;
when it lists none, the bundled ANTD feeds apply (unless it has ``[sync]``: then
the feed server's feeds are the reader's, see ``sync_config``). Unknown keys, wrong types
and bad URLs are errors that name the file, the line and the key (exit 2).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from antd_tui.core.errors import ConfigError
from antd_tui.core.feed_source import FeedSource
from antd_tui.core.folding import slugify
from antd_tui.core.paths import defaults_dir
from antd_tui.core.sanitize import clean_text, safe_url
from antd_tui.core.sync_config import SyncSettings, parse_sync

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo  # imported when a time is shown, not at every start

USER_AGENT = "antd-tui/0.1 (terminal news reader for ANTD.VN)"


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_bytes: int = 10_000_000
    max_connections: int = 64  # more than per_host: one slow site never takes every slot
    per_host: int = 50  # curl --parallel's default; less while the host pushes back (host_gate.py)
    retries: int = 2
    full_text: bool = True
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Settings:
    feeds: tuple[FeedSource, ...]
    fetch: FetchSettings = field(default_factory=FetchSettings)
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    keys: dict[str, str] = field(default_factory=dict)
    retention_days: float | None = None  # prune older articles after each refresh; None = keep all
    images: bool = True  # photos in the reading view (the `i` key toggles them)
    theme: str = "dark"  # "dark" or "light": the reader's colours (ui/theme.py)
    image_cache_mb: int = 200  # the reader's image cache; bookmarks' photos never count against it
    sync: SyncSettings | None = None  # [sync]: a feed server kept in step (core/sync/)
    source: Path | None = None

    def categories(self) -> list[tuple[str, str]]:
        """(slug, display name) in config order, each once."""
        seen: dict[str, str] = {}
        for feed in self.feeds:
            seen.setdefault(feed.slug, feed.category)
        return list(seen.items())


_TOP_KEYS = {"language", "timezone", "fetch", "feeds", "keys", "retention_days", "images", "theme",
             "image_cache_mb", "sync"}
_FEED_KEYS = {"url", "category", "slug", "full_text", "title"}


def _line_of(text: str, key: str, occurrence: int = 0) -> int | None:
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    matches = list(pattern.finditer(text))
    if not matches:
        header = re.compile(rf"^\s*\[+\s*{re.escape(key)}\s*\]+", re.MULTILINE)
        matches = list(header.finditer(text))
    if not matches:
        return None
    match = matches[min(occurrence, len(matches) - 1)]
    return text.count("\n", 0, match.start()) + 1


class _Reader:
    """Validates one parsed TOML document, remembering where keys are."""

    def __init__(self, path: Path, text: str, bundled: bool = False) -> None:
        self.path = path
        self.text = text
        self.bundled = bundled  # our own config/*.toml, whose values are known to be valid

    def fail(self, key: str, problem: str, occurrence: int = 0) -> ConfigError:
        line = _line_of(self.text, key.rsplit(".", 1)[-1], occurrence)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigError(f"{where}: key '{key}': {problem}")

    def check_keys(self, table: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{prefix}{key}", "unknown key (allowed: " + ", ".join(sorted(allowed)) + ")")


def _load_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _fetch_settings(reader: _Reader, table: Any, base: FetchSettings) -> FetchSettings:
    if not isinstance(table, dict):
        raise reader.fail("fetch", "must be a table")
    allowed = {f.name for f in fields(FetchSettings)}
    reader.check_keys(table, allowed, "fetch.")
    values: dict[str, Any] = {}
    for f in fields(FetchSettings):
        if f.name not in table:
            continue
        value = table[f.name]
        current = getattr(base, f.name)
        if isinstance(current, bool):
            ok = isinstance(value, bool)
        elif isinstance(current, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        elif isinstance(current, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
            value = float(value) if ok else value
        else:
            ok = isinstance(value, str) and bool(value.strip())
        if not ok:
            raise reader.fail(f"fetch.{f.name}", f"expected a {type(current).__name__} like {current!r}")
        values[f.name] = value
    merged = {f.name: getattr(base, f.name) for f in fields(FetchSettings)} | values
    return FetchSettings(**merged)


def _feeds(reader: _Reader, items: Any) -> tuple[FeedSource, ...]:
    if not isinstance(items, list):
        raise reader.fail("feeds", "must be an array of tables ([[feeds]])")
    feeds: list[FeedSource] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise reader.fail("feeds", f"entry {index + 1} must be a table")
        reader.check_keys(item, _FEED_KEYS, "feeds.")
        raw_url = item.get("url")
        if not isinstance(raw_url, str):
            raise reader.fail("feeds", f"entry {index + 1} has no 'url'")
        url = safe_url(raw_url)
        if url is None:
            raise reader.fail("url", f"{raw_url!r} is not an http(s) URL", index)
        category = clean_text(item.get("category") if isinstance(item.get("category"), str) else "")
        if not category:
            raise reader.fail("category", f"entry {index + 1} ({url}) needs a category name", index)
        slug_value = item.get("slug")
        slug = slugify(slug_value if isinstance(slug_value, str) and slug_value else category)
        if not slug:
            raise reader.fail("slug", f"entry {index + 1}: slug is empty after folding", index)
        full_text = item.get("full_text", True)
        if not isinstance(full_text, bool):
            raise reader.fail("full_text", "expected true or false", index)
        title = item.get("title")
        if url in seen:
            continue
        seen.add(url)
        feeds.append(FeedSource(url=url, category=category, slug=slug, full_text=full_text,
                                title=clean_text(title) if isinstance(title, str) else None))
    return tuple(feeds)


def _apply(reader: _Reader, data: dict[str, Any], settings: Settings) -> Settings:
    reader.check_keys(data, _TOP_KEYS)
    result = settings
    if "language" in data:
        if data["language"] not in ("vi", "en"):
            raise reader.fail("language", 'expected "vi" or "en"')
        result = _replace(result, language=data["language"])
    if "timezone" in data:
        tz = data["timezone"]
        if not isinstance(tz, str):
            raise reader.fail("timezone", f"unknown time zone {tz!r}")
        try:
            display_zone(tz)
        except ConfigError:
            if reader.bundled:  # our own zone: this machine has no tables at all
                raise
            raise reader.fail("timezone", f"unknown time zone {tz!r}") from None
        result = _replace(result, timezone=tz)
    if "retention_days" in data:
        days = data["retention_days"]
        if isinstance(days, bool) or not isinstance(days, (int, float)) or days < 1:
            raise reader.fail("retention_days", "expected a number of days, 1 or more")
        result = _replace(result, retention_days=float(days))
    if "theme" in data:
        if data["theme"] not in ("dark", "light"):
            raise reader.fail("theme", 'expected "dark" or "light"')
        result = _replace(result, theme=data["theme"])
    if "images" in data:
        if not isinstance(data["images"], bool):
            raise reader.fail("images", "expected true or false")
        result = _replace(result, images=data["images"])
    if "image_cache_mb" in data:
        size = data["image_cache_mb"]
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise reader.fail("image_cache_mb", "expected a whole number of megabytes, 1 or more")
        result = _replace(result, image_cache_mb=size)
    if "fetch" in data:
        result = _replace(result, fetch=_fetch_settings(reader, data["fetch"], result.fetch))
    if "keys" in data:
        keys = data["keys"]
        if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
            raise reader.fail("keys", "must be a table of action = \"key\"")
        from antd_tui.core.locale.commands import keymap_problem

        problem = keymap_problem(keys)
        if problem is not None:
            raise reader.fail(f"keys.{problem[0]}", problem[1])
        result = _replace(result, keys=dict(keys))
    if "sync" in data:
        result = _replace(result, sync=parse_sync(data["sync"], reader.fail))
    if "feeds" in data:
        result = _replace(result, feeds=_feeds(reader, data["feeds"]))
    return result


def _replace(settings: Settings, **changes: Any) -> Settings:
    from dataclasses import replace

    return replace(settings, **changes)


def display_zone(name: str) -> ZoneInfo:
    """The zone times are shown in; ``ConfigError`` if this machine has no table for it
    (tzdata, a dependency, carries them where the system has none)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"time zone {name!r}: this machine has no data for it "
                          "(install the Python package tzdata)") from None


def load_settings(path: Path | None) -> Settings:
    """Bundled defaults, then the user's file (if any) on top."""
    base = defaults_dir()
    settings = Settings(feeds=())
    for name in ("settings.toml", "feeds.toml"):
        file = base / name
        data, text = _load_toml(file)
        settings = _apply(_Reader(file, text, bundled=True), data, settings)
    if path is not None:
        data, text = _load_toml(path)
        settings = _apply(_Reader(path, text), data, settings)
        if "sync" in data and "feeds" not in data:
            # the server fetches for everyone: the bundled ANTD feeds are not fetched here
            settings = _replace(settings, feeds=())
        settings = _replace(settings, source=path)
    return settings
