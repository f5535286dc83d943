"""``list``/``search``/``bookmark list`` as text: a date carries its year whenever the
listing holds an article from another year than this one."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_httpserver import HTTPServer

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>https://example.vn/{link}</link>"
                   f"<pubDate>{when}</pubDate><description>Tin.</description></item>"
                   for t, link, when in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            f"{body}</channel></rss>")


@pytest.fixture
def cli(cli_factory: Any, httpserver: HTTPServer) -> Any:
    recent = datetime.now(HANOI) - timedelta(minutes=5)
    httpserver.expect_request("/old.rss").respond_with_data(
        _rss([("Bài năm 2021 về Đà Nẵng", "a", "Mon, 29 Mar 2021 11:20:00 +0700")]),
        content_type="application/rss+xml")
    httpserver.expect_request("/new.rss").respond_with_data(
        _rss([("Bài mới về Đà Nẵng", "b", format_datetime(recent))]),
        content_type="application/rss+xml")
    made = cli_factory([{"url": httpserver.url_for("/old.rss"), "category": "Cũ"},
                        {"url": httpserver.url_for("/new.rss"), "category": "Mới"}])
    assert made("refresh", "--json", "--no-full-text")[0] == 0
    made.recent = recent
    return made


def test_an_article_from_another_year_shows_its_year(cli: Any) -> None:
    code, out, _ = cli("list")
    assert code == 0
    lines = out.splitlines()
    old = next(line for line in lines if "Bài năm 2021" in line)
    new = next(line for line in lines if "Bài mới" in line)
    assert " 29/03/2021 11:20  " in old
    assert f" {cli.recent:%d/%m/%Y %H:%M}  " in new  # the whole listing carries years ...
    assert old.index("Bài") == new.index("Bài")  # ... so its columns stay aligned


def test_a_listing_of_this_year_only_leaves_the_year_out(cli: Any) -> None:
    code, out, _ = cli("list", "--category", "Mới")
    assert code == 0
    assert re.search(rf" {cli.recent:%d/%m %H:%M}  Mới ", out), out


def test_search_and_bookmark_list_show_the_year_too(cli: Any) -> None:
    code, out, _ = cli("search", "da nang")
    assert code == 0 and " 29/03/2021 11:20  " in out
    old = next(a["id"] for a in cli.json("list", "--json") if a["title"].startswith("Bài năm"))
    cli("bookmark", "add", str(old))
    code, out, _ = cli("bookmark", "list")
    assert code == 0 and " 29/03/2021 11:20  " in out
