"""``antd-tui doctor``: integrity, schema, counts, sizes, lock holder, paths, and the
health of the reader's record (repaired where it can be: ``core/record/health.py``)."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from antd_tui.cli.context import Context
from antd_tui.cli.output import emit_json


def cmd_doctor(ctx: Context, args: argparse.Namespace) -> int:
    from antd_tui.core.lock import holder
    from antd_tui.core.record.health import check
    from antd_tui.core.store.db import DB_NAME
    from antd_tui.core.store.recover import is_corruption

    db = ctx.data_dir / DB_NAME
    counts: dict[str, object] = dict.fromkeys(("schema", "articles", "bookmarks", "feeds"))
    try:
        integrity, counts = _check(ctx.conn)
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise
        # Damage past the header: reported here, moved aside by the next other command.
        integrity = f"damaged: {exc}"
    sizes = {p.name: p.stat().st_size for p in ctx.data_dir.glob(DB_NAME + "*") if p.is_file()}
    report = {
        "integrity": integrity,
        **counts,
        "db": str(db),
        "db_bytes": sum(sizes.values()),
        "locked_by": holder(ctx.data_dir),
        "data_dir": str(ctx.data_dir),
        "config": str(ctx.config_path) if ctx.config_path else None,
    }
    record = check(ctx.conn, ctx.data_dir) if integrity == "ok" else None
    report["record"] = record.as_json() if record else None
    report["sync"] = None
    if ctx.settings.sync is not None and integrity == "ok":
        from antd_tui.core.sync.store import report as sync_report

        report["sync"] = sync_report(ctx.conn, ctx.data_dir, ctx.settings.sync)
        ctx.sync_warnings()  # a password others can read, one sent in clear: on stderr
    if args.json:
        emit_json(report)
    else:
        for key, value in report.items():
            if key not in ("record", "sync"):
                print(f"{key:<10} {value if value is not None else '-'}")
        if record:
            _print_record(record.as_json())
        sync = report["sync"]
        if isinstance(sync, dict):
            _print_sync(sync)
    if integrity != "ok":
        if integrity.startswith("damaged: "):
            from antd_tui.core.locale.messages import Tr

            print(Tr(ctx.language)("cli.doctor_damaged", path=db), file=sys.stderr)
        return 4
    return 0 if record is None or record.healthy else 1


def _check(conn: sqlite3.Connection) -> tuple[str, dict[str, object]]:
    checks = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    integrity = "ok" if checks == ["ok"] else "; ".join(checks[:5])
    return integrity, {
        "schema": conn.execute("PRAGMA user_version").fetchone()[0],
        "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
        "bookmarks": conn.execute(
            "SELECT COUNT(*) FROM articles WHERE bookmarked_at IS NOT NULL").fetchone()[0],
        "feeds": conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0],
    }


def _when(value: object) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(value)) if isinstance(value, int) else "-"


def _print_sync(sync: dict[str, object]) -> None:
    where = "from password_command" if sync["password"] == "password_command" else "in the config"
    print(f"sync       {sync['service']} {sync['username']}@{sync['server']} (password {where})")
    error = f", last error: {sync['error']}" if sync["error"] else ""
    print(f"  last     synced {_when(sync['synced_at'])}, tried {_when(sync['tried_at'])}"
          f"{error}")
    print(f"  items    {sync['items']} synced, up to id {sync['since_id']}; "
          f"{sync['queued']} change(s) waiting to be sent")


def _print_record(record: dict[str, object]) -> None:
    print(f"record     {record['dir']} ({'healthy' if record['healthy'] else 'NOT healthy'})")
    print(f"  snapshots {record['snapshots']} bookmark(s), {record['photos']} photo(s), "
          f"{record['photos_missing']} photo(s) missing")
    print(f"  journal   {record['journal_entries']} entries, {record['journal_bytes']} bytes, "
          f"{record['flags_logged']} read flag(s) logged, {record['flags_waiting']} waiting "
          "for their articles")
    for name in ("repaired", "damaged", "newer", "journal_problems"):
        values = record[name]
        assert isinstance(values, list)
        for line in values:
            print(f"  {name.replace('_', ' ')}: {line}")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help="check the cache and show paths")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_doctor)
