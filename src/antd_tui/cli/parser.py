"""The ``antd-tui`` argument parser: the commands' options and the help layout.

Built only when a command runs (argparse and the commands' modules are ~25 ms
of imports, made with the collector paused by ``main``).
"""

from __future__ import annotations

import argparse

from antd_tui import __version__

# Which module defines each command, in the order ``--help`` lists them
# (read_cmds also adds manage_cmds' ``prune``).
_DEFINED_IN = {"refresh": "refresh_cmd", "sync": "sync_cmd", "list": "read_cmds", "search": "read_cmds",
               "mark-read": "read_cmds", "mark-unread": "read_cmds", "feeds": "read_cmds",
               "prune": "read_cmds", "show": "show_cmd", "bookmark": "bookmark_cmd",
               "export": "export_cmd", "doctor": "doctor_cmd", "demo": "demo_cmd"}
_MODULES = tuple(dict.fromkeys(_DEFINED_IN.values()))
_GLOBAL_WITH_VALUE = ("--config", "--data-dir")


def _command_module(argv: list[str]) -> str | None:
    """The module of the command ``argv`` names, when that is certain; else None.

    Only plain global options may come first (``--config F``, ``--data-dir=D``);
    anything else (``--help``, an abbreviation, an unknown word) gets the whole
    parser, so every message argparse gives is the one it always gave.
    """
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_WITH_VALUE:
            next(args, None)
        elif arg.startswith("-"):
            name, equals, _ = arg.partition("=")
            if not (equals and name in _GLOBAL_WITH_VALUE):  # not --config=F or --data-dir=D
                return None
        else:
            return _DEFINED_IN.get(arg)
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The ``antd-tui`` parser; given ``argv``, with only the subcommands it can need.

    Building every command's parser costs ~6 ms of each start (each subparser
    looks up argparse's message catalogs); a command line that names its
    command gets that command's module alone, and parses exactly as with all.
    """
    import importlib

    only = None if argv is None else _command_module(argv)
    parser = argparse.ArgumentParser(
        prog="antd-tui",
        description="Terminal news reader for ANTD.VN and any RSS, Atom or JSON feed.",
    )
    parser.add_argument("--config", metavar="FILE", help="settings and feeds (env ANTD_TUI_CONFIG)")
    parser.add_argument("--data-dir", metavar="DIR", help="cache and lock (env ANTD_TUI_DATA_DIR)")
    parser.add_argument("--version", action="version", version=f"antd-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _MODULES:
        if only is None or name == only:
            module = importlib.import_module(f"antd_tui.cli.{name}")
            adds = getattr(module, "add_parser", None) or module.add_parsers
            adds(sub)
    return parser
