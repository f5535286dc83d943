"""A command line that names its command is parsed by that command's parser alone
(cli/parser.py), exactly as the whole parser parses it: same values, same errors."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from antd_tui.cli.parser import _command_module, build_parser

LINES = [
    ["refresh"], ["refresh", "--json", "--no-full-text", "--category", "phap-luat", "--wait", "2"],
    ["--config", "c.toml", "refresh", "--quiet"], ["--data-dir=d", "--config=c.toml", "refresh"],
    ["list", "--unread", "--limit", "5", "--json"], ["search", "công an", "--json"],
    ["mark-read", "1", "2"], ["mark-read", "--all", "--category", "x"], ["mark-unread", "3"],
    ["feeds", "list", "--json"], ["feeds", "export", "-o", "f.opml"], ["feeds", "import", "f.opml"],
    ["prune", "--keep-days", "30", "--json"], ["show", "12"], ["bookmark", "add", "1", "2"],
    ["bookmark", "list", "--json"], ["export", "--help"], ["doctor", "--json"], ["demo"],
    # errors: the same message and exit code as the whole parser gives
    ["refresh", "--bogus"], ["list", "--limit", "x"], ["bookmark"], ["feeds"], ["show"],
    ["--config"], ["refresh", "--wait"],
]


def _outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = parser.parse_args(argv)
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", LINES, ids=" ".join)
def test_the_command_alone_parses_as_the_whole_parser(argv: list[str]) -> None:
    assert _outcome(build_parser(argv), argv) == _outcome(build_parser(), argv)


def test_every_command_is_known_to_the_parser_built_for_it() -> None:
    whole = build_parser()
    sub = next(a for a in whole._actions if isinstance(a, argparse._SubParsersAction))
    for name in sub.choices:
        assert _command_module([name]) is not None, name
        result, _, err = _outcome(build_parser([name, "--help"]), [name, "--help"])
        assert result == ("exit", 0) and not err, name


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h", "refresh"], ["--conf", "c", "refresh"],
                                  ["--version"], ["refres"], ["--config"], ["x", "refresh"]])
def test_anything_else_gets_the_whole_parser(argv: list[str]) -> None:
    assert _command_module(argv) is None
