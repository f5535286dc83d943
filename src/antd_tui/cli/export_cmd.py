"""``antd-tui export``: articles with full text as Markdown, HTML or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from antd_tui.cli.context import Context
from antd_tui.core.errors import DataDirError


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library import export
    from antd_tui.core.store.queries import get_detail, list_articles, list_bookmarks

    zone = ctx.settings.timezone
    slug = ctx.category(args.category)
    if args.bookmarked and slug is None:
        rows = list_bookmarks(ctx.conn, limit=100_000)
    elif args.bookmarked:
        rows = list_articles(ctx.conn, category=slug, bookmarked=True, limit=100_000)
    else:
        rows = list_articles(ctx.conn, category=slug, limit=args.limit)
    details = [d for d in (get_detail(ctx.conn, r.id) for r in rows) if d is not None]
    if args.format == "html":
        text = export.to_html(details, zone, ctx.data_dir, ctx.conn)
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
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="articles with full text as md, html or json")
    p.add_argument("--format", choices=("md", "html", "json"), required=True)
    p.add_argument("--bookmarked", action="store_true", help="only bookmarks")
    p.add_argument("--category", metavar="SLUG")
    p.add_argument("--limit", type=int, default=1000, metavar="N",
                   help="newest N articles when not --bookmarked (default 1000)")
    p.add_argument("-o", "--output", metavar="FILE", help="write atomically to FILE, else stdout")
    p.set_defaults(handler=cmd_export)
