"""The ``antd-tui`` command: dispatch and exit codes (CLI.md); the options are in ``parser``.

Exit codes: 0 done, 1 done in part (a feed failed), 2 usage/config error,
3 refresh lock busy after ``--wait``, 4 data dir or database unusable.
Imports are lazy: ``antd-tui list --json`` loads neither Textual nor httpx,
and what a command imports is made with the cyclic collector paused, then
frozen (``frozen_imports``), so no collection walks it again.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is imported with the collector paused, in main()
if TYPE_CHECKING:
    import argparse
    import sqlite3
    from typing import NoReturn

    from antd_tui.cli.context import Context
    from antd_tui.core.errors import AntdError
    from antd_tui.core.locale.messages import Tr

_interactive = False  # the last command opened the reader (no command, or ``demo``)


def _reader(ctx: object, args: argparse.Namespace) -> int:
    from antd_tui.cli.context import Context
    from antd_tui.cli.reader import open_reader

    assert isinstance(ctx, Context)
    return open_reader(ctx)


def main(argv: list[str] | None = None) -> int:
    from antd_tui.cli.frozen_imports import frozen_imports

    with frozen_imports():
        import sqlite3

        from antd_tui.cli.context import Context
        from antd_tui.cli.parser import build_parser
        from antd_tui.core.errors import AntdError, ConfigError, DataDirError, LockTimeout

    global _interactive
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(argv).parse_args(argv)
    handler = getattr(args, "handler", _reader)
    _interactive = handler is _reader or args.command == "demo"
    ctx = Context(args)
    try:
        ctx.settings  # noqa: B018 (a bad config is exit 2 for every command, before anything runs)
        try:
            return int(handler(ctx, args))
        except sqlite3.DatabaseError as exc:
            if handler is _reader or not _damaged_cache(ctx, exc):
                raise
            # Damage past the header shows only when a page is read: the cache is moved
            # aside as when it cannot be opened, and the command runs once more on a fresh
            # one (what the record restored); a second failure is an error like any other.
            # Not a command given article ids: they name other articles in the fresh cache.
            ctx.close()
            ctx = Context(args, damaged=str(exc))
            ctx.settings  # noqa: B018 (read before: its language words the messages)
            if _names_articles(args):
                ctx.conn  # noqa: B018 (moves the cache aside, restores, says so)
                raise DataDirError.said("cli.ids_in_damaged_cache") from None
            return int(handler(ctx, args))
    except ConfigError as exc:
        _error(ctx, exc)
        return 2
    except LockTimeout as exc:
        print(f"antd-tui: {exc.text(ctx.language)}", file=sys.stderr)
        return 3
    except DataDirError as exc:
        _error(ctx, exc)
        return 4
    except AntdError as exc:
        _error(ctx, exc)
        return 1
    except KeyboardInterrupt:
        print(_tr(ctx)("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except (sqlite3.Error, OSError) as exc:
        problem = _data_dir_problem(ctx)  # e.g. "attempt to write a readonly database": why
        print(f"antd-tui: error: {problem}" if problem else _tr(ctx)("cli.unusable", error=exc),
              file=sys.stderr)
        return 4
    finally:
        ctx.close()


def _damaged_cache(ctx: Context, exc: sqlite3.DatabaseError) -> bool:
    """``exc`` says the cache this command opened is damaged (SQLITE_CORRUPT, NOTADB)."""
    from antd_tui.core.store.recover import is_corruption

    return "data_dir" in ctx.__dict__ and is_corruption(exc)


def _names_articles(args: argparse.Namespace) -> bool:
    """The command was given article ids (``show`` may be given a URL instead)."""
    return bool(getattr(args, "ids", None)) or str(getattr(args, "ref", "")).isdigit()


def _data_dir_problem(ctx: object) -> str | None:
    """What is wrong with the data dir the command used, if it is the folder's fault."""
    data_dir = getattr(ctx, "__dict__", {}).get("data_dir")  # only if it was resolved
    if data_dir is None:
        return None
    from antd_tui.core.paths import data_dir_problem

    return data_dir_problem(data_dir)


def _tr(ctx: Context) -> Tr:
    from antd_tui.core.locale.messages import Tr

    return Tr(ctx.language)


def _error(ctx: Context, exc: AntdError) -> None:
    """``antd-tui: error: …`` in the user's language when the message has a wording in it
    (``AntdError.said``); a message with one wording only is printed whole in English."""
    from antd_tui.core.locale.messages import Tr

    language = ctx.language if exc.key is not None else "en"
    print(Tr(language)("cli.error", message=exc.text(language)), file=sys.stderr)


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
