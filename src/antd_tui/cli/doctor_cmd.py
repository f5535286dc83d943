"""``antd-tui doctor``: integrity, schema, counts, sizes, lock holder, paths."""

from __future__ import annotations

import argparse

from antd_tui.cli.context import Context
from antd_tui.cli.output import emit_json


def cmd_doctor(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.lock import holder
    from antd_tui.core.store.db import DB_NAME

    conn = ctx.conn
    checks = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    integrity = "ok" if checks == ["ok"] else "; ".join(checks[:5])
    db = ctx.data_dir / DB_NAME
    sizes = {p.name: p.stat().st_size for p in ctx.data_dir.glob(DB_NAME + "*") if p.is_file()}
    report = {
        "integrity": integrity,
        "schema": conn.execute("PRAGMA user_version").fetchone()[0],
        "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
        "bookmarks": conn.execute(
            "SELECT COUNT(*) FROM articles WHERE bookmarked_at IS NOT NULL").fetchone()[0],
        "feeds": conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0],
        "db": str(db),
        "db_bytes": sum(sizes.values()),
        "locked_by": holder(ctx.data_dir),
        "data_dir": str(ctx.data_dir),
        "config": str(ctx.config_path) if ctx.config_path else None,
    }
    if args.json:
        emit_json(report)
    else:
        for key, value in report.items():
            print(f"{key:<10} {value if value is not None else '-'}")
    return 0 if integrity == "ok" else 4


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help="check the cache and show paths")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_doctor)
