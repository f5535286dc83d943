"""Plain-text and JSON output for the scripting commands.

Everything printed here was sanitized before it was stored; it is printed
with ``print``/``json.dumps``, never through a markup renderer.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antd_tui.core.store.queries import ArticleRow


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def local_time(dt: datetime, zone: str) -> datetime:
    return dt.astimezone(_zone(zone))


def row_json(row: ArticleRow, zone: str) -> dict[str, Any]:
    from antd_tui.core.library.article_format import row_fields

    return {
        **row_fields(row, zone),
        "summary": row.summary,
        "read": row.read,
        "bookmarked": row.bookmarked,
    }


def needs_year(rows: list[ArticleRow], zone: str) -> bool:
    """Whether any row was published in another year than this one (in ``zone``)."""
    this_year = datetime.now(UTC).astimezone(_zone(zone)).year
    return any(local_time(r.published, zone).year != this_year for r in rows)


def _zone(zone: str) -> tzinfo:
    from antd_tui.core.config import display_zone

    return display_zone(zone)


def row_line(row: ArticleRow, zone: str, with_year: bool = False) -> str:
    """One article as ``list``/``search`` print it; ``with_year`` adds the year to its date."""
    mark = " " if row.read else "●"
    star = "★" if row.bookmarked else " "
    when = local_time(row.published, zone).strftime("%d/%m/%Y %H:%M" if with_year else "%d/%m %H:%M")
    category = (row.category[:18]).ljust(18)
    return f"{row.id:>7} {mark}{star} {when}  {category}  {row.title}"


def print_rows(rows: list[ArticleRow], zone: str, as_json: bool) -> None:
    """JSON, or one line a row; when any row is from another year than this one, every
    date in the listing carries its year, so the columns stay aligned."""
    if as_json:
        emit_json([row_json(r, zone) for r in rows])
        return
    with_year = needs_year(rows, zone)
    for row in rows:
        print(row_line(row, zone, with_year))
