"""``antd-tui bookmark add|remove|list``: offline snapshots of articles."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from antd_tui.cli.context import Context
from antd_tui.cli.output import emit_json, needs_year, row_json, row_line

if TYPE_CHECKING:
    from antd_tui.core.locale.messages import Tr


def _snapshot_all(ctx: Context, ids: list[int]) -> dict[int, list[str]]:
    import asyncio

    from antd_tui.core.library.bookmarks import snapshot
    from antd_tui.core.net.fetch import Fetcher

    async def run() -> dict[int, list[str]]:
        async with Fetcher(ctx.settings.fetch) as fetcher:
            return {i: await snapshot(fetcher, ctx.conn, ctx.data_dir, i) for i in ids}

    return asyncio.run(run())


def _tr(ctx: Context) -> Tr:
    from antd_tui.core.locale.messages import Tr

    return Tr(ctx.settings.language)


def cmd_bookmark(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library.bookmarks import change_bookmarks, is_complete
    from antd_tui.core.locale.errors import error_text
    from antd_tui.core.store.queries import list_bookmarks

    if args.action == "list":
        rows = list_bookmarks(ctx.conn)
        zone = ctx.settings.timezone
        if args.json:
            emit_json([row_json(r, zone) | {"offline": is_complete(ctx.conn, ctx.data_dir, r.id)}
                       for r in rows])
        else:
            with_year = needs_year(rows, zone)
            tr = _tr(ctx)
            for row in rows:
                mark = "" if is_complete(ctx.conn, ctx.data_dir, row.id) else tr("cli.offline_incomplete")
                print(row_line(row, zone, with_year) + mark)
        return 0
    on = args.action == "add"
    ctx.require_articles(args.ids)
    _, changed = change_bookmarks(ctx.conn, args.ids, on)
    present = list(dict.fromkeys(args.ids))
    if on and present:
        problems = _snapshot_all(ctx, present)
        tr = _tr(ctx)
        for article_id in present:
            if problems[article_id]:
                print(tr("cli.bookmarked_incomplete", id=article_id, problems="; ".join(
                    error_text(p, tr.language) for p in problems[article_id])))
            else:
                print(tr("cli.bookmarked", id=article_id))
    elif changed:
        print(_tr(ctx)("cli.unbookmarked", n=len(changed)))
    elif present:
        print(_tr(ctx)("cli.unbookmarked_none"))
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("bookmark", help="bookmarks, saved with full text and images")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="bookmark and save for offline reading")
    add.add_argument("ids", nargs="+", type=int, metavar="ID")
    rem = actions.add_parser("remove", help="remove bookmarks")
    rem.add_argument("ids", nargs="+", type=int, metavar="ID")
    lst = actions.add_parser("list", help="bookmarks, newest first")
    lst.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_bookmark)
