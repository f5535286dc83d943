"""End to end over a loopback server: the page's own date for feed items without one, and the
dateline rule in `show` (JSON, text, Markdown) and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

PAGES = Path(__file__).parent / "fixtures" / "pages"
BODY = "<p>" + "Nội dung bài báo đủ dài để đọc. " * 10 + "</p>"


def _feed(base: str) -> str:
    items = [
        ("Bài có ngày trong JSON-LD", "/dated.html", ""),
        ("Bài không có ngày ở đâu cả", "/undated.html", ""),
        ("Bài có ngày trong RSS", "/feed-dated.html", "<pubDate>Mon, 02 Nov 2026 03:00:00 GMT</pubDate>"),
        ("Triệt xóa ổ nhóm trộm cắp xe máy liên tỉnh", "/triet-xoa-post2.antd", ""),
    ]
    entries = "".join(f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                      f"<description>Tóm tắt {t}</description>{d}</item>" for t, p, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'


def _serve(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.rss").respond_with_data(
        _feed(base), content_type="application/rss+xml")
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"datePublished": "2026-11-01T08:00:00+07:00"}</script>')
    pages = {
        "/dated.html": f"<html><head>{ld}</head><body><article>{BODY}</article></body></html>",
        "/undated.html": f"<html><body><article>{BODY}</article></body></html>",
        "/feed-dated.html": ("<html><head><meta property='article:published_time' "
                             f"content='2020-01-01T00:00:00Z'></head><body><article>{BODY}"
                             "</article></body></html>"),
        "/triet-xoa-post2.antd": (PAGES / "cms_2019_bold_lead.html").read_text(encoding="utf-8"),
    }
    for path, html in pages.items():
        httpserver.expect_request(path).respond_with_data(html, content_type="text/html; charset=utf-8")


def _article(cli: Any, title: str) -> dict[str, Any]:
    rows = cli.json("list", "--json")
    return next(r for r in rows if r["title"] == title)


def test_a_feed_item_without_a_date_takes_the_pages_own(cli_factory: Any,
                                                        httpserver: HTTPServer) -> None:
    _serve(httpserver)
    cli = cli_factory([{"url": httpserver.url_for("/feed.rss"), "category": "Tin"}],
                      'timezone = "UTC"\n')
    code, _, err = cli("refresh", "--json")
    assert code == 0, err
    dated = _article(cli, "Bài có ngày trong JSON-LD")
    assert dated["published"] == "2026-11-01T01:00:00+00:00"  # the page's datePublished
    assert _article(cli, "Bài có ngày trong RSS")["published"] == "2026-11-02T03:00:00+00:00"
    undated = _article(cli, "Bài không có ngày ở đâu cả")["published"]
    assert undated > "2026-11-02"  # the first-seen time (today), as before
    # the next refresh (the feed still has no date) keeps the page's time
    assert cli("refresh", "--json")[0] == 0
    assert _article(cli, "Bài có ngày trong JSON-LD")["published"] == "2026-11-01T01:00:00+00:00"
    # and the list is ordered by it: the dated article is no longer on top
    titles = [r["title"] for r in cli.json("list", "--json")]
    assert titles.index("Bài có ngày trong JSON-LD") > titles.index("Bài có ngày trong RSS")


def test_the_dateline_is_not_part_of_the_lead_shown_anywhere(cli_factory: Any, tmp_path: Path,
                                                            httpserver: HTTPServer) -> None:
    _serve(httpserver)
    cli = cli_factory([{"url": httpserver.url_for("/feed.rss"), "category": "Tin"}])
    assert cli("refresh", "--json")[0] == 0
    article = _article(cli, "Triệt xóa ổ nhóm trộm cắp xe máy liên tỉnh")
    shown = cli.json("show", str(article["id"]), "--json", "--offline")
    lead = ("Đêm 13-6, Công an quận Hoàng Mai bắt quả tang 3 đối tượng đang tiêu thụ 5 chiếc xe "
            "máy trộm cắp được tại các tỉnh lân cận.")
    assert shown["lead"] == lead and shown["dateline"] == "ANTD.VN"
    assert all("Đêm 13-6" not in (b["text"] or "") for b in shown["blocks"])
    for fmt in ("text", "md"):
        code, out, _ = cli("show", str(article["id"]), "--format", fmt, "--offline")
        assert code == 0 and "Đêm 13-6, Công an" in out and "ANTD.VN" not in out
    assert cli("bookmark", "add", str(article["id"]))[0] == 0
    target = tmp_path / "saved.html"
    assert cli("export", "--bookmarked", "--format", "html", "-o", str(target))[0] == 0
    html = target.read_text(encoding="utf-8")
    assert '<p class="lead">Đêm 13-6' in html and "ANTD.VN -" not in html
    other = cli.json("show", str(_article(cli, "Bài không có ngày ở đâu cả")["id"]), "--json",
                     "--offline")
    assert other["dateline"] is None
