"""Opening the reader (``antd-tui`` with no subcommand, and ``demo``)."""

from __future__ import annotations

import sys

from antd_tui.cli.context import Context


def open_reader(ctx: Context, *, demo: bool = False) -> int:
    """Until the Textual reader lands (issue 4): print the newest articles per category."""
    from antd_tui.cli.output import row_line
    from antd_tui.core.store.queries import list_articles

    zone = ctx.settings.timezone
    for slug, name in ctx.settings.categories():
        rows = list_articles(ctx.conn, category=slug, limit=5)
        if not rows:
            continue
        print(f"\n== {name} ==")
        for row in rows:
            print(row_line(row, zone))
    if not sys.stdout.isatty():
        return 0
    print("\n(antd-tui show ID reads an article; the full-screen reader is not built yet.)")
    return 0
