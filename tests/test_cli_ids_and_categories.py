"""Article ids and categories as a script gives them: an unknown id is one error (exit 2)
for every command and changes nothing; a category is named by its slug or its name."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve_copy

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture
def cli(cli_factory: Any, tmp_path: Path) -> Iterator[Any]:
    with serve_copy(FIXTURES, tmp_path / "site") as server:
        made = cli_factory([{"url": f"{server.base_url}/rss2.xml", "category": "Pháp luật"},
                            {"url": f"{server.base_url}/atom.xml", "category": "Giao thông"}])
        made("refresh", "--json", "--no-full-text")
        yield made


def _state(cli: Any) -> list[tuple[int, int, int | None]]:
    db = sqlite3.connect(cli.data_dir / "antd.sqlite3")
    try:
        return db.execute("SELECT id, read, bookmarked_at FROM articles ORDER BY id").fetchall()
    finally:
        db.close()


@pytest.mark.parametrize("command", [
    ["show"], ["show", "--json"], ["mark-read"], ["mark-unread"], ["bookmark", "add"],
    ["bookmark", "remove"], ["export", "--format", "json"],
])
def test_an_unknown_id_is_exit_2_with_one_message_and_nothing_changes(cli: Any,
                                                                     command: list[str]) -> None:
    known = cli.json("list", "--json")[0]["id"]
    cli("bookmark", "add", str(known))
    before = _state(cli)
    ids = ["999"] if command[0] == "show" else [str(known), "999"]
    code, out, err = cli(*command, *ids)
    assert code == 2
    assert out == ""
    assert err == "antd-tui: error: no article with id 999 in the cache; nothing was done\n"
    assert _state(cli) == before


@pytest.mark.parametrize("command", [["show"], ["mark-read"], ["bookmark", "add"],
                                     ["export", "--format", "md"]])
def test_an_id_too_large_for_the_cache_is_unknown_too(cli: Any, command: list[str]) -> None:
    code, out, err = cli(*command, "99999999999999999999")
    assert (code, out) == (2, "")
    assert err == ("antd-tui: error: no article with id 99999999999999999999 in the cache; "
                   "nothing was done\n")


def test_several_unknown_ids_are_named_together(cli: Any) -> None:
    code, _, err = cli("mark-read", "998", "999", "998")
    assert code == 2 and "no article with ids 998, 999 in the cache" in err


@pytest.mark.parametrize("given", ["Pháp luật", "phap-luat", "pháp luật", "PHAP LUAT"])
def test_a_category_is_named_by_its_slug_or_its_name(cli: Any, given: str) -> None:
    rows = cli.json("list", "--json", "--category", given)
    assert len(rows) == 3 and {r["category"] for r in rows} == {"Pháp luật"}
    assert len(cli.json("search", "cong an", "--json", "--category", given)) >= 1
    code, out, _ = cli("mark-read", "--all", "--category", given)
    assert code == 0 and out == "Đã đánh dấu 3 bài là đã đọc\n"  # the default language: vi


def test_an_unknown_category_lists_the_known_ones(cli: Any) -> None:
    code, _, err = cli("list", "--category", "Thời sự")
    assert code == 2
    assert "--category 'Thời sự': unknown category" in err
    assert "phap-luat (Pháp luật)" in err and "giao-thong (Giao thông)" in err
