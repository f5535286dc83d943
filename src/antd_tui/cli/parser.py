"""The ``antd-tui`` argument parser: the commands' options and the help layout.

Built only when a command runs (argparse and the commands' modules are ~25 ms
of imports, made with the collector paused by ``main``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, cast

from antd_tui import __version__

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
