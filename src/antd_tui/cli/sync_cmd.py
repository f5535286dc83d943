"""``antd-tui sync``: one sync with the feed server in ``[sync]`` (core/sync), then the full
text of the new items, under the refresh lock (``--wait`` and exit 3 as for ``refresh``).

Exit codes: 0 synced; 1 the server could not be reached or answered nonsense (the
cache and the queued changes are kept); 2 no ``[sync]``, or the server refused the
login (nothing changed); 3 another refresh or sync holds the lock.
"""

from __future__ import annotations

import argparse
import sys

from antd_tui.cli.context import Context
from antd_tui.cli.refresh_cmd import add_run_options


def _cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.errors import ConfigError
    from antd_tui.core.locale.messages import Tr

    tr = Tr(ctx.language)
    if ctx.settings.sync is None:
        raise ConfigError(tr("sync.not_set", path=ctx.config_path or "—"))
    from antd_tui.cli.frozen_imports import frozen_imports

    with frozen_imports():
        from antd_tui.cli.output import emit_json
        from antd_tui.cli.refresh_run import run_refresh
        from antd_tui.core.pipeline.report import sync_line

    ctx.sync_warnings()

    summary = run_refresh(ctx, [], full_text=not args.no_full_text, wait=args.wait,
                          listener=None)
    outcome = summary.sync
    assert outcome is not None
    if args.json:
        emit_json(summary.to_json())
    else:
        line = sync_line(outcome, tr)
        if not args.quiet and (summary.full_text_fetched or summary.full_text_failed):
            line += tr("sync.full_text", fetched=summary.full_text_fetched,
                       failed=summary.full_text_failed)
        print(line)
    if outcome.status == "error" and args.json:
        print(f"antd-tui: {sync_line(outcome, tr)}", file=sys.stderr)
    if isinstance(outcome.failure, ConfigError):  # login failed, password_command failed
        return 2
    return 1 if summary.failed else 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help="sync items, read flags and bookmarks with the feed server "
                                    "in [sync]")
    add_run_options(p, "wait this long for a refresh or sync to finish, then exit 3 (default 0)")
    p.set_defaults(handler=_cmd_sync)
