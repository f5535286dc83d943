"""The ``antd-tui`` command: argument parsing, dispatch, exit codes (CLI.md).

Exit codes: 0 done, 1 done in part (a feed failed), 2 usage/config error,
3 refresh lock busy after ``--wait``, 4 data dir or database unusable.
Imports are lazy: ``antd-tui list --json`` loads neither Textual nor httpx.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any, NoReturn, cast

from antd_tui import __version__

_interactive = False  # the last command opened the reader (no command, or ``demo``)
_width: int | None = None


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, found once (argparse asks for every argument)."""
    global _width
    if _width is None:
        try:
            _width = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            _width = 0
        if _width <= 0:
            try:
                _width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                _width = 0
        _width = _width or 80
    return _width


class _Help(argparse.HelpFormatter):
    """argparse's help layout; it builds one for every argument added, and each one
    imported ``shutil`` (with bz2 and lzma) and asked the terminal for its width: ~5 ms
    of every command, though only ``--help`` prints anything."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """Subcommands' parsers are of the same class, so they get the same help layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)


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

    parser = _Parser(
        prog="antd-tui",
        description="Terminal news reader for ANTD.VN and any RSS, Atom or JSON feed.",
    )
    parser.add_argument("--config", metavar="FILE", help="settings and feeds (env ANTD_TUI_CONFIG)")
    parser.add_argument("--data-dir", metavar="DIR", help="cache and lock (env ANTD_TUI_DATA_DIR)")
    parser.add_argument("--version", action="version", version=f"antd-tui {__version__}")
    # (each command module takes the plain type: its parsers are _Parser all the same)
    sub = cast("argparse._SubParsersAction[argparse.ArgumentParser]",
               parser.add_subparsers(dest="command", metavar="COMMAND"))
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

    global _interactive
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", _reader)
    _interactive = handler is _reader or args.command == "demo"
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


def finish(code: int) -> NoReturn:
    """Exit with ``code``; the scripting commands skip the interpreter's teardown.

    When a command returns, its output is written, the database closed and
    every worker joined; freeing each object one by one at shutdown only adds
    time (~50–90 ms after a big refresh: 1.29 → 1.20 s, 6 alternating runs).
    The reader exits the normal way: Textual and the image protocols may have
    exit handlers to run.
    """
    if _interactive:
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader of a pipe left (`| head`): as in main(), not an error
    except (OSError, ValueError) as exc:  # a full disk: the output is cut, say so
        print(f"antd-tui: error: cannot write the output: {exc}", file=sys.stderr)
        code = 120  # what Python's own shutdown exits with when this flush fails
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def run() -> NoReturn:
    """The ``antd-tui`` console script and ``python -m antd_tui``."""
    finish(main())
