"""A feed that changes an article's title or summary keeps what the page added to its
search row: the lead (``ingest._update_existing``, as ``content.save_full_text`` writes it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from antd_tui.core.models import Block, ExtractedArticle
from antd_tui.core.store.content import save_full_text
from antd_tui.core.store.db import connect
from antd_tui.core.store.queries import search_articles
from tests.test_search_index import _item, _store

LEAD = "Sapo: mưa lớn gây ngập ở huyện Quỳnh Lưu, Nghệ An"


def _titles(conn: object, query: str) -> list[str]:
    return [row.title for row in search_articles(conn, query)]  # type: ignore[arg-type]


def test_a_changed_title_keeps_the_page_lead_searchable(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    [article] = _store(conn, [_item(1, "Mưa lớn ở Nghệ An")], defer=False)
    save_full_text(conn, article, ExtractedArticle(
        lead=LEAD, blocks=[Block(kind="paragraph", text="Nước lên nhanh trong đêm.")]))
    assert _titles(conn, "Quỳnh Lưu") == _titles(conn, "quynh luu") == ["Mưa lớn ở Nghệ An"]

    _store(conn, [_item(1, "Mưa lớn ở Nghệ An, nhiều nơi ngập sâu")], defer=False)
    for query in ("Quỳnh Lưu", "quynh luu", "nước lên nhanh", "tóm tắt đường phố"):
        assert _titles(conn, query) == ["Mưa lớn ở Nghệ An, nhiều nơi ngập sâu"], query

    changed = replace(_item(1, "Mưa lớn ở Nghệ An, nhiều nơi ngập sâu"), summary="Tin mới")
    _store(conn, [changed], defer=False)  # the summary changes: the lead stays
    assert _titles(conn, "Quỳnh Lưu") == _titles(conn, "tin mới") == [changed.title]
    assert _titles(conn, "tóm tắt") == []
