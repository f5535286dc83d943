"""Opening the reader (``antd-tui`` with no subcommand, and ``demo``)."""

from __future__ import annotations

import sys

from antd_tui.cli.context import Context


def open_reader(ctx: Context, *, demo: bool = False) -> int:
    """Run the full-screen reader on the cache; Textual is imported only here and in ``ui``.

    Without a terminal (cron, a pipe) a full-screen app would wait forever, so
    it says where the scripting commands are and exits 2 instead.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("antd-tui: the reader needs a terminal; for scripts use "
              "`antd-tui list`, `show` or `search` (see --help)", file=sys.stderr)
        return 2
    from antd_tui.core.service import ReaderService
    from antd_tui.ui.app import make_app

    if ctx.settings.images:
        from antd_tui.ui.photos import detect_graphics

        detect_graphics()  # asks the terminal, so before the app takes it over

    service = ReaderService(ctx.settings, ctx.data_dir)
    try:
        make_app(service, ctx.settings, demo=demo).run()
    finally:
        service.close()
    return 0
