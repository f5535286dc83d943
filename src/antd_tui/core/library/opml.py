"""OPML 2.0 export and import of subscriptions.

Export groups feeds by category (one outline group per category pane).
Import reads an untrusted file: DOCTYPE and entity declarations are removed
before parsing (no entity expansion, no external entities), only http(s)
URLs are accepted, text is sanitized, and a malformed file is an error that
says so. Imported feeds are appended to the user's config file.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from antd_tui.core.errors import ConfigError, FeedParseError
from antd_tui.core.feeds.parse import defuse_xml
from antd_tui.core.folding import slugify
from antd_tui.core.models import FeedSource
from antd_tui.core.sanitize import clean_text, safe_url

MAX_OPML_BYTES = 5_000_000


def export_opml(feeds: list[FeedSource] | tuple[FeedSource, ...]) -> str:
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "antd-tui subscriptions"
    body = ElementTree.SubElement(root, "body")
    groups: dict[str, ElementTree.Element] = {}
    for feed in feeds:
        group = groups.get(feed.category)
        if group is None:
            group = groups[feed.category] = ElementTree.SubElement(
                body, "outline", text=feed.category, title=feed.category)
        attrs = {"type": "rss", "text": feed.title or feed.category, "xmlUrl": feed.url}
        if feed.slug != slugify(feed.category):
            attrs["category"] = feed.slug
        ElementTree.SubElement(group, "outline", attrs)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"


@dataclass
class ImportResult:
    added: list[FeedSource]
    skipped: list[str]  # already present
    rejected: list[str]  # reasons


def parse_opml(path: Path) -> tuple[list[FeedSource], list[str]]:
    try:
        data = path.read_bytes()[: MAX_OPML_BYTES + 1]
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read OPML file: {exc.strerror or exc}") from None
    if len(data) > MAX_OPML_BYTES:
        raise ConfigError(f"{path}: OPML file larger than {MAX_OPML_BYTES} bytes")
    try:
        root = ElementTree.fromstring(defuse_xml(data))
    except FeedParseError as exc:
        raise ConfigError(f"{path}: not a valid OPML file ({exc})") from None
    except ElementTree.ParseError as exc:
        raise ConfigError(f"{path}: not a valid OPML file ({exc})") from None
    if root.tag != "opml" or root.find("body") is None:
        raise ConfigError(f"{path}: not an OPML file (no <opml><body>)")
    feeds: list[FeedSource] = []
    rejected: list[str] = []

    def walk(node: ElementTree.Element, category: str | None) -> None:
        for child in node.findall("outline"):
            label = clean_text(child.get("title") or child.get("text") or "")[:200]
            raw_url = child.get("xmlUrl")
            if raw_url is None:
                walk(child, label or category)
                continue
            url = safe_url(raw_url)
            if url is None:
                rejected.append(f"{clean_text(raw_url)[:100]!r}: not an http(s) URL")
                continue
            name = category or label or "Khác"
            slug = slugify(clean_text(child.get("category") or "")) or slugify(name) or "khac"
            feeds.append(FeedSource(url=url, category=name, slug=slug, title=label or None))

    walk(root.find("body"), None)  # type: ignore[arg-type]
    return feeds, rejected


def toml_feed(feed: FeedSource) -> str:
    """One ``[[feeds]]`` table, as the config file writes it."""
    lines = ["", "[[feeds]]", f"url = {json.dumps(feed.url)}",
             f"category = {json.dumps(feed.category, ensure_ascii=False)}"]
    if feed.slug != slugify(feed.category):
        lines.append(f"slug = {json.dumps(feed.slug)}")
    if feed.title:
        lines.append(f"title = {json.dumps(feed.title, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def import_opml(path: Path, config_path: Path, current: tuple[FeedSource, ...],
                config_has_feeds: bool) -> ImportResult:
    """Append the OPML's new feeds to ``config_path``.

    When the config file lists no feeds of its own (so the bundled ANTD feeds
    apply), those are written first, so importing never drops a subscription.
    """
    from antd_tui.core.library.export import write_atomic

    feeds, rejected = parse_opml(path)
    present = {f.url for f in current}
    added: list[FeedSource] = []
    skipped: list[str] = []
    for feed in feeds:
        if feed.url in present:
            skipped.append(feed.url)
            continue
        present.add(feed.url)
        added.append(feed)
    if added:
        old = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
        keep = "" if config_has_feeds else "".join(toml_feed(f) for f in current)
        text = old + keep + "".join(toml_feed(f) for f in added)
        try:
            tomllib.loads(text)  # e.g. a config that lists feeds inline cannot take [[feeds]]
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_path}: cannot append the imported feeds ({exc}); "
                              "nothing was changed") from None
        config_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(config_path, text, new_mode=0o600)  # a feed URL may carry a password
    return ImportResult(added, skipped, rejected)
