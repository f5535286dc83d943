"""The ``antd-tui`` command: argument parsing, dispatch, exit codes (CLI.md).

Exit codes: 0 done, 1 done in part (a feed failed), 2 usage/config error,
3 refresh lock busy after ``--wait``, 4 data dir or database unusable.
Imports are lazy: ``antd-tui list --json`` loads neither Textual nor httpx.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from antd_tui import __version__


def build_parser() -> argparse.ArgumentParser:
    from antd_tui.cli import (
        bookmark_cmd,
        demo_cmd,
        doctor_cmd,
        export_cmd,
        read_cmds,
        refresh_cmd,
        show_cmd,
    )

    parser = argparse.ArgumentParser(
        prog="antd-tui",
        description="Terminal news reader for ANTD.VN and any RSS, Atom or JSON feed.",
    )
    parser.add_argument("--config", metavar="FILE", help="settings and feeds (env ANTD_TUI_CONFIG)")
    parser.add_argument("--data-dir", metavar="DIR", help="cache and lock (env ANTD_TUI_DATA_DIR)")
    parser.add_argument("--version", action="version", version=f"antd-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    refresh_cmd.add_parser(sub)
    read_cmds.add_parsers(sub)
    show_cmd.add_parser(sub)
    bookmark_cmd.add_parser(sub)
    export_cmd.add_parser(sub)
    doctor_cmd.add_parser(sub)
    demo_cmd.add_parser(sub)
    return parser


def _reader(ctx: object, args: argparse.Namespace) -> int:
    from antd_tui.cli.context import Context
    from antd_tui.cli.reader import open_reader

    assert isinstance(ctx, Context)
    return open_reader(ctx)


def main(argv: list[str] | None = None) -> int:
    from antd_tui.cli.context import Context
    from antd_tui.core.errors import AntdError, ConfigError, DataDirError, LockTimeout

    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", _reader)
    ctx = Context(args)
    try:
        return int(handler(ctx, args))
    except ConfigError as exc:
        print(f"antd-tui: error: {exc}", file=sys.stderr)
        return 2
    except LockTimeout as exc:
        print(f"antd-tui: {exc}", file=sys.stderr)
        return 3
    except DataDirError as exc:
        print(f"antd-tui: error: {exc}", file=sys.stderr)
        return 4
    except AntdError as exc:
        print(f"antd-tui: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("antd-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except (sqlite3.Error, OSError) as exc:
        print(f"antd-tui: error: the data dir or database cannot be used: {exc}", file=sys.stderr)
        return 4
    finally:
        ctx.close()
