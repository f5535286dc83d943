"""Plain-text and JSON output for the scripting commands.

Everything printed here was sanitized before it was stored; it is printed
with ``print``/``json.dumps``, never through a markup renderer.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antd_tui.core.store.queries import ArticleRow


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def local_time(dt: datetime, zone: str) -> datetime:
    from antd_tui.core.config import display_zone

    return dt.astimezone(display_zone(zone))


def row_json(row: ArticleRow, zone: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "category": row.category,
        "author": row.author,
        "published": local_time(row.published, zone).isoformat(),
        "summary": row.summary,
        "read": row.read,
        "bookmarked": row.bookmarked,
    }


def row_line(row: ArticleRow, zone: str) -> str:
    mark = " " if row.read else "●"
    star = "★" if row.bookmarked else " "
    when = local_time(row.published, zone).strftime("%d/%m %H:%M")
    category = (row.category[:18]).ljust(18)
    return f"{row.id:>7} {mark}{star} {when}  {category}  {row.title}"


def print_rows(rows: list[ArticleRow], zone: str, as_json: bool) -> None:
    if as_json:
        emit_json([row_json(r, zone) for r in rows])
        return
    for row in rows:
        print(row_line(row, zone))
