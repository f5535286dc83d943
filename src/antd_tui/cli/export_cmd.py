"""``antd-tui export``: articles with full text as Markdown, HTML or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from antd_tui.cli.context import Context
from antd_tui.core.errors import ConfigError, DataDirError

if TYPE_CHECKING:
    from antd_tui.core.store.queries import ArticleDetail


def _details(ctx: Context, args: argparse.Namespace) -> list[ArticleDetail]:
    from antd_tui.core.store.queries import get_detail, list_articles, list_bookmarks

    if args.ids:
        if args.bookmarked or args.category:
            raise ConfigError("export: give article ids or --bookmarked/--category, not both")
        ctx.require_articles(args.ids)
        ids = list(dict.fromkeys(args.ids))
    else:
        slug = ctx.category(args.category)
        if args.bookmarked and slug is None:
            rows = list_bookmarks(ctx.conn, limit=100_000)
        elif args.bookmarked:
            rows = list_articles(ctx.conn, category=slug, bookmarked=True, limit=100_000)
        else:
            rows = list_articles(ctx.conn, category=slug, limit=args.limit)
        ids = [r.id for r in rows]
    return [d for d in (get_detail(ctx.conn, i) for i in ids) if d is not None]


def _gather_photos(ctx: Context, details: list[ArticleDetail], offline: bool) -> dict[str, str]:
    """Bring every photo the HTML shows into the cache; returns {url: why not} for the rest."""
    from antd_tui.core.library.export import photo_urls
    from antd_tui.core.photos.files import local_path

    wanted = [u for u in photo_urls(details) if local_path(ctx.data_dir, ctx.conn, u) is None]
    if not wanted:
        return {}
    if offline:
        return dict.fromkeys(wanted, "not in the cache (--offline)")
    import asyncio

    from antd_tui.core.net.fetch import Fetcher
    from antd_tui.core.photos.files import fetch_all

    async def run() -> dict[str, str]:
        async with Fetcher(ctx.settings.fetch) as fetcher:
            return await fetch_all(fetcher, ctx.conn, ctx.data_dir, wanted)

    return asyncio.run(run())


def _say_missing(details: list[ArticleDetail], missing: dict[str, str]) -> None:
    if not missing:
        return
    for detail in details:
        number = 0
        for block in detail.blocks:
            if block.kind != "image":
                continue
            number += 1
            if block.src in missing:
                print(f"antd-tui: photo {number} of article {detail.row.id} not embedded "
                      f"({missing[block.src]}): {block.src}", file=sys.stderr)
    print(f"antd-tui: {len(missing)} photo(s) could not be had; their captions are kept",
          file=sys.stderr)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library import export

    zone = ctx.settings.timezone
    details = _details(ctx, args)
    if args.format == "html":
        missing = _gather_photos(ctx, details, args.offline)
        text = export.to_html(details, zone, ctx.data_dir, ctx.conn)
        _say_missing(details, missing)
    elif args.format == "json":
        text = export.to_json(details, zone)
    else:
        text = export.to_markdown(details, zone)
    if args.output:
        target = Path(args.output)
        try:
            export.write_atomic(target, text)
        except OSError as exc:
            raise DataDirError(f"cannot write {target}: {exc.strerror or exc}; nothing was written"
                               ) from None
        from antd_tui.core.locale.messages import Tr

        print(Tr(ctx.settings.language)("cli.exported", n=len(details), path=target), file=sys.stderr)
    else:
        sys.stdout.write(text)
    if args.format == "html" and not args.offline:
        # the photos fetched for it are the reader's cache now: keep that within its budget
        from antd_tui.core.photos.cache import evict

        evict(ctx.conn, ctx.data_dir, ctx.settings.image_cache_mb * 1_000_000)
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="articles with full text as md, html or json")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="these articles, in this order")
    p.add_argument("--format", choices=("md", "html", "json"), required=True)
    p.add_argument("--bookmarked", action="store_true", help="only bookmarks")
    p.add_argument("--category", metavar="SLUG|NAME")
    from antd_tui.cli.read_cmds import positive_limit

    p.add_argument("--limit", type=positive_limit, default=1000, metavar="N",
                   help="newest N articles when not --bookmarked (default 1000)")
    p.add_argument("--offline", action="store_true",
                   help="html: embed only the photos already cached; fetch none")
    p.add_argument("-o", "--output", metavar="FILE", help="write atomically to FILE, else stdout")
    p.set_defaults(handler=cmd_export)
