"""End to end: `refresh --json` over real loopback servers, then list/search/mark-read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from antd_tui.core.store.schema import SCHEMA_VERSION
from antd_tui.sample.server import SampleServer
from tests.conftest import dead_url, serve_copy

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture
def feed_server(tmp_path: Path) -> Iterator[SampleServer]:
    with serve_copy(FIXTURES, tmp_path / "site") as server:
        yield server


def _mix(feed_server: SampleServer, httpserver: HTTPServer) -> list[dict[str, Any]]:
    httpserver.expect_request("/broken.rss").respond_with_data("boom", status=404)
    base = feed_server.base_url
    return [
        {"url": f"{base}/rss2.xml", "category": "Pháp luật"},
        {"url": f"{base}/atom.xml", "category": "Giao thông"},
        {"url": f"{base}/jsonfeed.json", "category": "Thể thao"},
        {"url": f"{base}/truncated.xml", "category": "Cắt ngang"},
        {"url": httpserver.url_for("/broken.rss"), "category": "Hỏng"},
        {"url": dead_url(), "category": "Chết"},
    ]


def test_refresh_mix_reports_each_feed_and_stores_every_complete_item(
    cli_factory: Any, feed_server: SampleServer, httpserver: HTTPServer
) -> None:
    cli = cli_factory(_mix(feed_server, httpserver), extra="[fetch]\nretries = 0\n")
    code, out, err = cli("refresh", "--json", "--no-full-text")
    assert code == 1, err
    import json

    report = json.loads(out)
    by_cat = {f["category"]: f for f in report["feeds"]}
    assert [f["status"] for f in report["feeds"]] == ["ok", "ok", "ok", "ok", "error", "error"]
    assert by_cat["Pháp luật"]["new"] == 3
    assert by_cat["Giao thông"]["new"] == 2
    assert by_cat["Thể thao"]["new"] == 3  # the javascript: item is kept by its id, link dropped
    assert by_cat["Cắt ngang"]["new"] == 2
    assert "malformed" in by_cat["Cắt ngang"]["warning"]
    assert by_cat["Hỏng"]["error"] == "HTTP 404 NOT FOUND"
    assert "cannot connect" in by_cat["Chết"]["error"]
    assert report["new"] == 10 and report["errors"] == 2
    assert report["full_text"] == {"fetched": 0, "failed": 0}

    listed = cli.json("list", "--json", "--limit", "100")
    assert len(listed) == 10
    titles = [a["title"] for a in listed]
    assert "Bài bị cắt" not in titles
    assert "Phân luồng giao thông quanh hồ Gươm" in titles  # HTML removed from the title
    # newest first, with offsets
    published = [a["published"] for a in listed]
    assert published == sorted(published, reverse=True) or len({p[:10] for p in published}) > 1
    assert all(p[-6:] == "+07:00" for p in published)
    danang = next(a for a in listed if a["title"].startswith("Công an Đà Nẵng"))
    assert danang["summary"].startswith("Công an TP Đà Nẵng")  # dateline stripped
    assert danang["published"] == "2026-11-24T08:15:00+07:00"
    assert danang["read"] is False and danang["bookmarked"] is False
    assert danang["category"] == "Pháp luật"
    evil = next(a for a in listed if a["title"] == "Liên kết độc hại")
    assert evil["url"] is None

    # A second run: every healthy feed is unchanged (304), nothing new is stored.
    again = cli.json("refresh", "--json", "--no-full-text")
    statuses = {f["category"]: f["status"] for f in again["feeds"]}
    assert statuses == {"Pháp luật": "not_modified", "Giao thông": "not_modified",
                        "Thể thao": "not_modified", "Cắt ngang": "not_modified",
                        "Hỏng": "error", "Chết": "error"}
    assert again["new"] == 0
    assert len(cli.json("list", "--json", "--limit", "100")) == 10


def test_missing_date_falls_back_to_first_seen_and_stays_put(
    cli_factory: Any, feed_server: SampleServer
) -> None:
    cli = cli_factory([{"url": f"{feed_server.base_url}/rss2.xml", "category": "Pháp luật"}])
    cli("refresh", "--json", "--no-full-text")
    first = {a["title"]: a["published"] for a in cli.json("list", "--json")}
    undated = first["Tin không có ngày đăng"]
    assert undated[:4] == "20" + undated[2:4]  # a real timestamp, not dropped
    (feed_server._server.root / "rss2.xml").write_text(
        (FIXTURES / "rss2.xml").read_text(encoding="utf-8").replace("Bắt giữ", "Đã bắt giữ"),
        encoding="utf-8")
    report = cli.json("refresh", "--json", "--no-full-text")
    assert report["feeds"][0]["updated"] == 1 and report["new"] == 0
    second = {a["title"]: a["published"] for a in cli.json("list", "--json")}
    assert second["Tin không có ngày đăng"] == undated
    assert "Đã bắt giữ đối tượng trộm cắp xe máy tại Hà Nội" in second


def test_refetch_keeps_read_state(cli_factory: Any, feed_server: SampleServer) -> None:
    cli = cli_factory([{"url": f"{feed_server.base_url}/rss2.xml", "category": "Pháp luật"}])
    cli("refresh", "--json", "--no-full-text")
    article = next(a for a in cli.json("list", "--json") if a["title"].startswith("Công an"))
    assert cli("mark-read", str(article["id"]))[0] == 0
    (feed_server._server.root / "rss2.xml").write_text(
        (FIXTURES / "rss2.xml").read_text(encoding="utf-8").replace("lừa đảo qua mạng", "lừa đảo"),
        encoding="utf-8")
    cli("refresh", "--json", "--no-full-text")
    after = {a["id"]: a for a in cli.json("list", "--json")}
    assert after[article["id"]]["read"] is True
    assert after[article["id"]]["title"] == "Công an Đà Nẵng điều tra vụ lừa đảo"
    unread = cli.json("list", "--json", "--unread")
    assert article["id"] not in [a["id"] for a in unread] and len(unread) == 2
    assert cli("mark-unread", str(article["id"]))[0] == 0
    assert len(cli.json("list", "--json", "--unread")) == 3
    code, _, err = cli("mark-read", "999999")
    assert code == 2 and "no article with id 999999" in err


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("da nang", "Công an Đà Nẵng điều tra vụ lừa đảo qua mạng"),
        ("cong an", "Công an Đà Nẵng điều tra vụ lừa đảo qua mạng"),
        ("Công An", "Công an Đà Nẵng điều tra vụ lừa đảo qua mạng"),
        ("dieu tra", "Công an Đà Nẵng điều tra vụ lừa đảo qua mạng"),
        ("DONG DA", "Bắt giữ đối tượng trộm cắp xe máy tại Hà Nội"),
        ("ho guom", "Phân luồng giao thông quanh hồ Gươm"),
    ],
)
def test_search_is_diacritic_insensitive(
    cli_factory: Any, feed_server: SampleServer, query: str, expected: str
) -> None:
    base = feed_server.base_url
    cli = cli_factory([{"url": f"{base}/rss2.xml", "category": "Pháp luật"},
                       {"url": f"{base}/atom.xml", "category": "Giao thông"}])
    cli("refresh", "--json", "--no-full-text")
    titles = [a["title"] for a in cli.json("search", query, "--json")]
    assert expected in titles


def test_duplicates_across_feeds_are_stored_once_and_listed_in_each_category(
    cli_factory: Any, feed_server: SampleServer, tmp_path: Path
) -> None:
    root = feed_server._server.root
    (root / "home.rss").write_text((root / "rss2.xml").read_text(encoding="utf-8"), encoding="utf-8")
    cli = cli_factory([
        {"url": f"{feed_server.base_url}/home.rss", "category": "Trang chủ", "slug": "home"},
        {"url": f"{feed_server.base_url}/rss2.xml", "category": "Pháp luật"},
    ])
    report = cli.json("refresh", "--json", "--no-full-text")
    assert report["new"] == 3
    home = cli.json("list", "--json", "--category", "home")
    law = cli.json("list", "--json", "--category", "phap-luat")
    assert [a["id"] for a in home] == [a["id"] for a in law]
    assert {a["category"] for a in home} == {"Pháp luật"}  # the section, not the front page
    assert len(cli.json("list", "--json")) == 3


def test_mark_read_all_in_category_and_unknown_category_is_usage_error(
    cli_factory: Any, feed_server: SampleServer
) -> None:
    base = feed_server.base_url
    cli = cli_factory([{"url": f"{base}/rss2.xml", "category": "Pháp luật"},
                       {"url": f"{base}/atom.xml", "category": "Giao thông"}])
    cli("refresh", "--json", "--no-full-text")
    code, out, _ = cli("mark-read", "--all", "--category", "giao-thong")
    assert code == 0 and out.startswith("Đã đánh dấu 2 bài là đã đọc")  # language "vi"
    assert {a["category"] for a in cli.json("list", "--json", "--unread")} == {"Pháp luật"}
    code, _, err = cli("list", "--category", "nope")
    assert code == 2 and "--category 'nope'" in err


def test_feeds_list_and_doctor_report_state(cli_factory: Any, feed_server: SampleServer,
                                            tmp_path: Path) -> None:
    base = feed_server.base_url
    cli = cli_factory([{"url": f"{base}/rss2.xml", "category": "Pháp luật"},
                       {"url": dead_url(), "category": "Chết"}], extra="[fetch]\nretries = 0\n")
    cli("refresh", "--json", "--no-full-text")
    feeds = cli.json("feeds", "list", "--json")
    assert [(f["slug"], f["status"], f["items"]) for f in feeds] == [
        ("phap-luat", "ok", 3), ("chet", "error", 0)]
    assert feeds[1]["error"].startswith("cannot connect")
    doctor = cli.json("doctor", "--json")
    assert doctor["integrity"] == "ok" and doctor["schema"] == SCHEMA_VERSION
    assert doctor["articles"] == 3 and doctor["bookmarks"] == 0 and doctor["locked_by"] is None
    assert doctor["db"] == str(tmp_path / "data" / "antd.sqlite3")


def test_refresh_on_a_pipe_prints_one_line_per_feed_and_a_summary(
    cli_factory: Any, feed_server: SampleServer
) -> None:
    cli = cli_factory([{"url": f"{feed_server.base_url}/rss2.xml", "category": "Pháp luật"}])
    code, out, err = cli("refresh", "--no-full-text")
    assert code == 0
    assert "✓ Pháp luật: 3 bài mới" in err  # language = "vi", the default
    assert out.strip() == "3 bài mới từ 1 nguồn, 0 nguồn lỗi; toàn văn: tải được 0, lỗi 0"
    code, out, err = cli("refresh", "--quiet", "--no-full-text")
    assert err == "" and out.startswith("0 bài mới")
