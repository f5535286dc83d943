"""docs/CLI.md documents the command line that is built: every command and every option the
parser accepts is named there, and every exit code the code uses is in its table."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from antd_tui.cli.parser import build_parser

DOC = (Path(__file__).resolve().parents[1] / "docs" / "CLI.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[prefix + name] = sub
                found.update(_commands(sub, prefix + name + " "))
    return found


def test_every_command_and_option_is_documented() -> None:
    missing = []
    for command, sub in _commands(build_parser()).items():
        if f"`{command}" not in DOC and f"{command.split()[-1]} " not in DOC:
            missing.append(command)
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help") and flag not in DOC:
                    missing.append(f"{command} {flag}")
    for flag in ("--config", "--data-dir", "--version", "ANTD_TUI_CONFIG", "ANTD_TUI_DATA_DIR"):
        if flag not in DOC:
            missing.append(flag)
    assert missing == []


def test_the_exit_code_table_has_every_code() -> None:
    table = set(re.findall(r"^\| (\d+) \|", DOC, re.M))
    assert {"0", "1", "2", "3", "4", "120", "130"} <= table
