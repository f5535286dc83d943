"""``feeds export``, ``feeds import`` and ``prune``."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from antd_tui.cli.context import Context
from antd_tui.cli.output import emit_json
from antd_tui.core.errors import ConfigError, DataDirError


def cmd_feeds_export(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library.export import write_atomic
    from antd_tui.core.library.opml import export_opml

    text = export_opml(ctx.settings.feeds)
    if args.output:
        try:
            write_atomic(Path(args.output), text)
        except OSError as exc:
            raise DataDirError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0


def cmd_feeds_import(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library.opml import import_opml
    from antd_tui.core.paths import user_config_file

    target = ctx.config_path or user_config_file()
    has_feeds = False
    if target.exists():
        try:
            has_feeds = "feeds" in tomllib.loads(target.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{target}: cannot update the config file: {exc}") from None
    result = import_opml(Path(args.file), target, ctx.settings.feeds, has_feeds)
    for reason in result.rejected:
        print(f"antd-tui: skipped {reason}", file=sys.stderr)
    if args.json:
        emit_json({"added": [{"url": f.url, "category": f.category} for f in result.added],
                   "skipped": result.skipped, "rejected": result.rejected, "config": str(target)})
    else:
        for feed in result.added:
            print(f"+ {feed.category}: {feed.url}")
        from antd_tui.core.locale.messages import Tr

        print(Tr(ctx.settings.language)("cli.imported", added=len(result.added), path=target,
                                        skipped=len(result.skipped), rejected=len(result.rejected)))
    return 0


def cmd_prune(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.library.prune import prune
    from antd_tui.core.lock import RefreshLock

    with RefreshLock(ctx.data_dir, wait=args.wait):
        report = prune(ctx.conn, ctx.data_dir, args.keep_days, dry_run=args.dry_run)
    if args.json:
        emit_json({"articles": report.articles, "images": report.images, "freed_bytes": report.freed,
                   "dry_run": args.dry_run})
    elif args.dry_run:
        print(f"dry run: {report.articles} article(s) and {report.images} image(s) would be "
              f"deleted; about {report.freed / 1_000_000:.1f} MB would be freed; nothing was deleted")
    else:
        print(f"{report.articles} article(s) and {report.images} image(s) deleted; "
              f"{report.freed / 1_000_000:.1f} MB freed")
    return 0


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--keep-days {value!r} is not a number") from None
    if not 0 <= days < float("inf"):  # NaN fails this too
        raise argparse.ArgumentTypeError("--keep-days must be a number of days, 0 or more")
    return days


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                feeds_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = feeds_sub.add_parser("export", help="subscriptions as OPML 2.0")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(handler=cmd_feeds_export)
    p = feeds_sub.add_parser("import", help="add the feeds of an OPML file to the config")
    p.add_argument("file", metavar="FILE.opml")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_feeds_import)

    p = sub.add_parser("prune", help="delete old articles (never bookmarks)")
    p.add_argument("--keep-days", type=_days, required=True, metavar="N")
    p.add_argument("--wait", type=float, default=10.0, metavar="SEC",
                   help="wait for a running refresh (default 10 s), then exit 3")
    p.add_argument("--dry-run", action="store_true",
                   help="say what would be deleted and freed; delete nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_prune)
