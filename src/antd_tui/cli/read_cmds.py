"""``list``, ``search``, ``mark-read``, ``mark-unread``, ``feeds list``."""

from __future__ import annotations

import argparse
import sys

from antd_tui.cli.context import Context
from antd_tui.cli.output import emit_json, print_rows
from antd_tui.core.errors import ConfigError

MAX_LIMIT = 1_000_000_000  # (SQLite takes no number past 2^63; nobody lists more)


def positive_limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--limit {value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("--limit must be 1 or more")
    if number > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"--limit must be at most {MAX_LIMIT}")
    return number


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.store.queries import list_articles

    rows = list_articles(ctx.conn, category=ctx.category(args.category), unread=args.unread,
                         bookmarked=args.bookmarked, limit=args.limit)
    print_rows(rows, ctx.settings.timezone, args.json)
    return 0


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.search.query import QueryTooLong
    from antd_tui.core.store.queries import search_articles

    try:
        rows = search_articles(ctx.conn, args.query, category=ctx.category(args.category),
                               limit=args.limit, newest=args.sort == "newest")
    except QueryTooLong as exc:
        raise ConfigError(f"search: {exc}") from None
    print_rows(rows, ctx.settings.timezone, args.json)
    if not rows and not args.json:  # for a person; stdout stays empty for scripts
        import sys

        from antd_tui.core.locale.messages import Tr
        from antd_tui.core.sanitize import clean_text

        print(Tr(ctx.settings.language)("search.none", q=clean_text(args.query)), file=sys.stderr)
    return 0


def cmd_mark(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.record.marks import mark_all_read, set_read

    read = args.command == "mark-read"
    if getattr(args, "all", False):
        if args.ids:
            raise ConfigError("mark-read: give article ids or --all, not both")
        count = mark_all_read(ctx.conn, ctx.category(args.category))
        from antd_tui.core.locale.messages import Tr

        print(Tr(ctx.settings.language)("cli.marked_read", n=count))
        return 0
    if not args.ids:
        raise ConfigError(f"{args.command}: give one or more article ids" +
                          (" or --all" if read else ""))
    ctx.require_articles(args.ids)
    set_read(ctx.conn, args.ids, read)
    return 0


def cmd_feeds_list(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.store.queries import feed_rows

    stored = feed_rows(ctx.conn)
    records = []
    for feed in ctx.settings.feeds:
        state = stored.get(feed.url, {})
        records.append({
            "url": feed.url, "category": feed.category, "slug": feed.slug,
            "title": state.get("title") or None, "status": state.get("status"),
            "error": state.get("error"), "warning": state.get("warning"),
            "items": state.get("item_count", 0), "full_text": feed.full_text,
        })
    if args.json:
        emit_json(records)
        return 0
    for r in records:
        status = r["status"] or "never fetched"
        extra = f" — {r['error']}" if r["error"] else ""
        print(f"{r['slug']:<20} {status:<13} {r['url']}{extra}")
    if ctx.settings.sync is not None:  # the server's feeds are fetched there, not listed here
        print(f"(and the feeds of the sync server {ctx.settings.sync.server}: `antd-tui sync`)",
              file=sys.stderr)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="articles, newest first")
    p.add_argument("--category", metavar="SLUG|NAME")
    p.add_argument("--unread", action="store_true")
    p.add_argument("--bookmarked", action="store_true")
    p.add_argument("--limit", type=positive_limit, default=50, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("search", help="full-text search: words without marks match any marks, "
                       "words with marks those marks, \"quoted words\" a phrase")
    p.add_argument("query")
    p.add_argument("--category", metavar="SLUG|NAME")
    p.add_argument("--sort", choices=("relevance", "newest"), default="relevance",
                   help="relevance (default): the query's words side by side first, then in the "
                   "title, then newest; newest: newest first")
    p.add_argument("--limit", type=positive_limit, default=50, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("mark-read", help="mark articles read")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--all", action="store_true", help="every article (of --category)")
    p.add_argument("--category", metavar="SLUG|NAME")
    p.set_defaults(handler=cmd_mark)

    p = sub.add_parser("mark-unread", help="mark articles unread")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.set_defaults(handler=cmd_mark)

    feeds = sub.add_parser("feeds", help="subscriptions")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True, metavar="COMMAND")
    p = feeds_sub.add_parser("list", help="the configured feeds and their last status")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_feeds_list)

    from antd_tui.cli import manage_cmds

    manage_cmds.add_parsers(sub, feeds_sub)
