"""``antd-tui demo``: the real pipeline on the bundled sample edition, offline.

Starts the sample-edition server on 127.0.0.1, points the feeds at it, uses a
throwaway data dir unless ``--data-dir`` (or ``ANTD_TUI_DATA_DIR``) is given,
refreshes, then opens the reader. The throwaway dir is removed however the
demo ends (``throwaway``), closing its terminal included.

``demo --serve`` only serves the edition: it prints a config for it on stdout
(the URL in its first line), touches no data dir, and serves until Ctrl+C,
SIGTERM or SIGHUP, which end it with exit 0: for scripts and tests that want
the sample feeds without the reader.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from antd_tui.cli.context import Context
from antd_tui.core.errors import ConfigError


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.cli.signals import exit_on_hangup

    with exit_on_hangup():
        if args.serve:
            return _serve(args.port)
        if args.port:
            raise ConfigError("demo: --port goes with --serve")
        if args.data_dir or os.environ.get("ANTD_TUI_DATA_DIR"):
            return _demo(ctx, args)
        from antd_tui.cli.throwaway import throwaway_dir

        with throwaway_dir("antd-tui-demo-") as folder:
            ctx.__dict__["data_dir"] = folder
            try:
                return _demo(ctx, args)
            finally:
                ctx.close()


def _demo(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.cli.reader import open_reader
    from antd_tui.cli.refresh_run import cmd_refresh
    from antd_tui.sample import sample_feeds
    from antd_tui.sample.server import SampleServer

    with SampleServer() as server:
        # the sample edition alone: the demo never talks to the user's feed server
        ctx.__dict__["settings"] = replace(ctx.settings, feeds=sample_feeds(server.base_url), sync=None)
        refresh_args = argparse.Namespace(category=None, no_full_text=False, json=False,
                                          quiet=not args.verbose, wait=5.0)
        cmd_refresh(ctx, refresh_args)
        return open_reader(ctx, demo=True)


def serve_config(base_url: str) -> str:
    """What ``demo --serve`` prints: a config file for the served edition, URL first."""
    from antd_tui.core.library.opml import toml_feed
    from antd_tui.sample import sample_feeds

    head = (f"# antd-tui sample edition: {base_url}\n"
            "# A config for it: save this output, then `antd-tui --config FILE refresh`.\n")
    return head + "".join(toml_feed(f) for f in sample_feeds(base_url)) + "\n# end of config\n"


def _serve(port: int) -> int:
    import threading

    from antd_tui.cli.signals import stopping_with
    from antd_tui.sample.server import SampleServer

    try:
        server = SampleServer(port=port)
    except OSError as exc:
        raise ConfigError(f"demo --port {port}: cannot listen on 127.0.0.1:{port} "
                          f"({exc.strerror or exc}); choose another port, or 0 for any") from None
    stopped = threading.Event()
    with server, stopping_with(lambda code: stopped.set()):
        sys.stdout.write(serve_config(server.base_url))
        sys.stdout.flush()
        print(f"antd-tui: serving the sample edition at {server.base_url} until interrupted "
              "(Ctrl+C)", file=sys.stderr)
        try:
            while not stopped.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    print("antd-tui: sample edition server stopped", file=sys.stderr)
    return 0


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port {value!r} is not a whole number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("--port must be 0-65535 (0: any free port)")
    return number


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="open the reader on the bundled sample edition (offline)")
    p.add_argument("--verbose", action="store_true", help="show each feed's refresh result")
    p.add_argument("--serve", action="store_true",
                   help="only serve the sample edition: print its URL and a config, run until "
                        "interrupted")
    p.add_argument("--port", type=_port, default=0, metavar="N",
                   help="with --serve: listen on this loopback port (default: any free one)")
    p.set_defaults(handler=cmd_demo)
