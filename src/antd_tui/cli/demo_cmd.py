"""``antd-tui demo``: the real pipeline on the bundled sample edition, offline.

Starts the sample-edition server on 127.0.0.1, points the feeds at it, uses a
throwaway data dir unless ``--data-dir`` (or ``ANTD_TUI_DATA_DIR``) is given,
refreshes, then opens the reader.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

from antd_tui.cli.context import Context


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    import shutil  # here, not at import: every command builds the parser that names this one
    import tempfile

    from antd_tui.cli.refresh_run import cmd_refresh
    from antd_tui.sample import sample_feeds
    from antd_tui.sample.server import SampleServer

    throwaway: Path | None = None
    if not (args.data_dir or os.environ.get("ANTD_TUI_DATA_DIR")):
        throwaway = Path(tempfile.mkdtemp(prefix="antd-tui-demo-"))
        ctx.__dict__["data_dir"] = throwaway
    try:
        with SampleServer() as server:
            ctx.__dict__["settings"] = replace(ctx.settings, feeds=sample_feeds(server.base_url))
            refresh_args = argparse.Namespace(category=None, no_full_text=False, json=False,
                                              quiet=not args.verbose, wait=5.0)
            cmd_refresh(ctx, refresh_args)
            from antd_tui.cli.reader import open_reader

            return open_reader(ctx, demo=True)
    finally:
        ctx.close()
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="open the reader on the bundled sample edition (offline)")
    p.add_argument("--verbose", action="store_true", help="show each feed's refresh result")
    p.set_defaults(handler=cmd_demo)
