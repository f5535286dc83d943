"""Opening the reader (``antd-tui`` with no subcommand, and ``demo``)."""

from __future__ import annotations

from antd_tui.cli.context import Context


def open_reader(ctx: Context, *, demo: bool = False) -> int:
    """Run the full-screen reader on the cache; Textual is imported only here and in ``ui``."""
    from antd_tui.core.service import ReaderService
    from antd_tui.ui.app import make_app

    service = ReaderService(ctx.settings, ctx.data_dir)
    try:
        make_app(service, ctx.settings, demo=demo).run()
    finally:
        service.close()
    return 0
