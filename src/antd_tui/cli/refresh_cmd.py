"""``antd-tui refresh`` arguments; the work lives in ``refresh_run`` (imported lazily)."""

from __future__ import annotations

import argparse

from antd_tui.cli.context import Context


def _cmd_refresh(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.cli.frozen_imports import frozen_imports

    with frozen_imports():  # asyncio, the fetcher and the store: ~60 ms of imports
        from antd_tui.cli.refresh_run import cmd_refresh
        from antd_tui.core.net import http11  # noqa: F401 (the fetcher's transport, imported on entry)

    return cmd_refresh(ctx, args)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("refresh", help="fetch feeds, store new articles and their full text")
    p.add_argument("--category", action="append", metavar="SLUG",
                   help="only this category, by slug or name (repeatable)")
    add_run_options(p, "wait this long for another refresh or sync to finish, then exit 3 (default 0)")
    p.set_defaults(handler=_cmd_refresh)


def add_run_options(p: argparse.ArgumentParser, wait_help: str) -> None:
    """What ``refresh`` and ``sync`` share: full text or not, the output, the lock's wait."""
    p.add_argument("--no-full-text", action="store_true", help="skip fetching article pages")
    p.add_argument("--json", action="store_true", help="print only the JSON summary")
    p.add_argument("--quiet", action="store_true", help="print only a one-line summary")
    p.add_argument("--wait", type=float, default=0.0, metavar="SEC", help=wait_help)
