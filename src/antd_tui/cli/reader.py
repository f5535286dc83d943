"""Opening the reader (``antd-tui`` with no subcommand, and ``demo``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from antd_tui.cli.context import Context
from antd_tui.cli.frozen_imports import frozen_imports

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


def import_reader() -> Callable[..., AntdApp]:
    """Import the reader (Textual, Rich and the ``ui`` package) and return ``make_app``.

    The cyclic garbage collector is paused while those ~58,000 long-lived
    objects are created, and they are then frozen (``gc.freeze``) so no later
    collection walks them again. Imports make almost no garbage (~600 objects),
    and unpaused the collector spent 80-100 ms of the reader's start on them,
    one full collection included; paused and frozen, 15-28 ms
    (``gc.callbacks`` around a paint-only launch on the bench's 100k cache).
    The bench launches the reader through here too.
    """
    with frozen_imports():
        from antd_tui.core.service import ReaderService  # noqa: F401 (imported for the freeze)
        from antd_tui.ui.app import make_app
    return make_app


def open_reader(ctx: Context, *, demo: bool = False) -> int:
    """Run the full-screen reader on the cache; Textual is imported only here and in ``ui``.

    Without a terminal (cron, a pipe) a full-screen app would wait forever, so
    it says where the scripting commands are and exits 2 instead.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from antd_tui.core.locale.messages import Tr

        print(Tr(ctx.language)("cli.needs_terminal"), file=sys.stderr)
        return 2
    make_app = import_reader()
    from antd_tui.core.service import ReaderService

    if ctx.settings.images:
        from antd_tui.ui.photos import detect_graphics

        detect_graphics()  # asks the terminal, so before the app takes it over

    from antd_tui.cli.signals import exit_on_hangup, stopping_with

    service = ReaderService(ctx.settings, ctx.data_dir)
    try:
        app = make_app(service, ctx.settings, demo=demo)
        if demo:  # the demo's data dir is usually thrown away as it ends: keep the log
            import tempfile
            from pathlib import Path

            app.crash_dir = Path(tempfile.gettempdir())
        # SIGTERM, or SIGHUP when the terminal closes: the app stops as `q` stops it
        with exit_on_hangup(), stopping_with(lambda code: app.exit(return_code=code)):
            app.run()
    finally:
        service.close()
    if app.crash is not None:
        from antd_tui.core.locale.messages import Tr
        from antd_tui.ui.crash import EXIT_CRASH, summary

        error, log = app.crash
        print(Tr(ctx.settings.language)("cli.crash", error=summary(error), log=log), file=sys.stderr)
        return EXIT_CRASH
    return app.return_code or 0
