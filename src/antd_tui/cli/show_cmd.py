"""``antd-tui show ID|URL``: one article, fetching its full text on demand."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from antd_tui.cli.context import Context, unknown_articles
from antd_tui.cli.output import emit_json
from antd_tui.core.errors import ConfigError

if TYPE_CHECKING:
    from antd_tui.core.store.queries import ArticleDetail


def _resolve(ctx: Context, ref: str) -> int:
    from antd_tui.core.store.queries import find_by_url

    if ref.isdigit():
        return int(ref)
    found = find_by_url(ctx.conn, ref)
    if found is None:
        raise ConfigError(f"show: no cached article with URL {ref!r}")
    return found


def _fetch_now(ctx: Context, article_id: int, url: str) -> str | None:
    import asyncio

    from antd_tui.core.net.fetch import Fetcher
    from antd_tui.core.pipeline.fulltext import fetch_article

    async def run() -> str | None:
        async with Fetcher(ctx.settings.fetch) as fetcher:
            return await fetch_article(fetcher, ctx.conn, article_id, url)

    return asyncio.run(run())


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library.article_format import article_json, article_markdown, article_text
    from antd_tui.core.store.queries import get_detail

    article_id = _resolve(ctx, args.ref)
    ctx.require_articles([article_id])
    detail = get_detail(ctx.conn, article_id)
    if detail is None:
        raise ConfigError(unknown_articles([article_id]))
    if detail.row.full_text != "done" and detail.row.url and not args.offline:
        error = _fetch_now(ctx, article_id, detail.row.url)
        if error:
            from antd_tui.core.locale.errors import error_text
            from antd_tui.core.locale.messages import Tr

            language = ctx.settings.language
            print(Tr(language)("cli.no_full_text", error=error_text(error, language)), file=sys.stderr)
        detail = get_detail(ctx.conn, article_id) or detail
    zone = ctx.settings.timezone
    if args.links:
        _print_links(detail, args.json, ctx.settings.language)
    elif args.json:
        emit_json(article_json(detail, zone))
    elif args.format == "md":
        sys.stdout.write(article_markdown(detail, zone, ctx.settings.language))
    else:
        sys.stdout.write(article_text(detail, zone, language=ctx.settings.language) + "\n")
    return 0


def _print_links(detail: ArticleDetail, as_json: bool, language: str) -> None:
    """``show --links``: one numbered link a line (``[3] label`` then its URL, indented),
    or with ``--json`` a list of ``{number, kind, title, url}``."""
    from antd_tui.core.library.links import article_links, link_label
    from antd_tui.core.locale.messages import Tr

    links = article_links(detail)
    if as_json:
        emit_json([{"number": link.number, "kind": link.kind, "title": link.title, "url": link.url}
                   for link in links])
        return
    tr = Tr(language)
    if not links:
        print(tr("links.none"))
    width = len(str(len(links))) + 2
    for link in links:
        print(f"{f'[{link.number}]':<{width}} {link_label(link, tr)}\n{'':<{width}} {link.url}")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("show", help="one article with its full text, captions and related list")
    p.add_argument("ref", metavar="ID|URL")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--format", choices=("text", "md"), default="text")
    p.add_argument("--offline", action="store_true",
                   help="never fetch the page; show what the cache has")
    p.add_argument("--links", action="store_true",
                   help="only the article's links, numbered: its page, its photos, the related list")
    p.set_defaults(handler=cmd_show)
