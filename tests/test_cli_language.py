"""The CLI speaks the configured language: `show` text and Markdown, `refresh` lines, its messages on
stderr (fetch errors included). JSON keys and machine values never change with the language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.locale.errors import error_text
from antd_tui.sample import EDITION, SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer
from tests.conftest import dead_url, serve_copy


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleServer]:
    with serve_copy(EDITION, tmp_path_factory.mktemp("lang") / "edition") as server:
        yield server


def _cli(cli_factory: Any, server: SampleServer, language: str, feeds: list[dict[str, Any]] | None = None
         ) -> Any:
    feeds = feeds or [{"url": f"{server.base_url}/{path}", "category": name} for path, name in SAMPLE_FEEDS]
    return cli_factory(feeds, extra=f'language = "{language}"\n')


def _seed(cli: Any) -> int:
    rows = cli.json("list", "--json", "--limit", "500")
    return int(next(a["id"] for a in rows if a["title"].startswith("Xây dựng đội ngũ")))


def test_show_in_english_has_no_vietnamese_of_ours(cli_factory: Any, edition: SampleServer) -> None:
    cli = _cli(cli_factory, edition, "en")
    code, out, err = cli("refresh")
    assert code == 0
    assert out.startswith("19 new article(s) from 6 feed(s), 0 failed")
    assert "✓ Pháp luật: " in err and " new" in err
    seed = _seed(cli)
    _, text, _ = cli("show", str(seed))
    _, md, _ = cli("show", str(seed), "--format", "md")
    assert "[Photo 1] " in text and "MORE FROM THIS SECTION" in text
    assert "*Photo 1 · " in md and "## More from this section" in md and "Source: <" in md
    assert "Tags: " in md
    for word in ("[Ảnh", "*Ảnh", "TIN CÙNG", "Tin cùng", "Từ khoá", "Nguồn:"):
        assert word not in text and word not in md, word


def test_show_in_vietnamese_says_it_in_vietnamese(cli_factory: Any, edition: SampleServer) -> None:
    cli = _cli(cli_factory, edition, "vi")
    code, out, err = cli("refresh")
    assert code == 0
    assert out.startswith("19 bài mới từ 6 nguồn, 0 nguồn lỗi")
    assert "✓ Pháp luật: " in err and " bài mới" in err
    seed = _seed(cli)
    _, text, _ = cli("show", str(seed))
    _, md, _ = cli("show", str(seed), "--format", "md")
    assert "[Ảnh 1] " in text and "TIN CÙNG CHUYÊN MỤC" in text
    assert "*Ảnh 1 · " in md and "## Tin cùng chuyên mục" in md and "Từ khoá: " in md
    for word in ("Photo", "MORE FROM", "Tags:", "Source:"):
        assert word not in text and word not in md, word


@pytest.mark.parametrize("language", ["vi", "en"])
def test_summary_only_note_follows_the_language(cli_factory: Any, edition: SampleServer,
                                                language: str) -> None:
    cli = _cli(cli_factory, edition, language)
    cli("refresh", "--no-full-text", "--json")
    _, text, _ = cli("show", str(_seed(cli)), "--offline")
    expected = {"vi": "(Chưa có toàn văn", "en": "(No full text yet"}[language]
    assert expected in text


def test_json_is_the_same_in_both_languages(cli_factory: Any, edition: SampleServer, tmp_path: Path) -> None:
    dead = dead_url()
    outputs = {}
    for language in ("vi", "en"):
        cli = _cli(cli_factory, edition, language, [{"url": dead, "category": "Hỏng"}])
        cli.data_dir = tmp_path / language
        code, out, err = cli("refresh", "--json")
        assert code == 1 and err == ""
        report = json.loads(out)
        outputs[language] = [(f["status"], f["error"]) for f in report["feeds"]]
    assert outputs["vi"] == outputs["en"] == [("error", "cannot connect: connection refused")]


@pytest.mark.parametrize(("language", "line"), [
    ("vi", "không kết nối được: máy chủ từ chối kết nối"),
    ("en", "cannot connect: connection refused"),
])
def test_refresh_lines_word_a_refused_connection_in_the_language(
        cli_factory: Any, edition: SampleServer, language: str, line: str) -> None:
    dead = dead_url()
    cli = _cli(cli_factory, edition, language, [{"url": dead, "category": "Hỏng"}])
    code, _, err = cli("refresh")
    assert code == 1
    assert err.strip() == f"✗ Hỏng: {dead}: {line}"


def test_http_errors_from_a_real_server_read_in_vietnamese(cli_factory: Any, httpserver: Any) -> None:
    httpserver.expect_request("/gone.rss").respond_with_data("", status=404)
    httpserver.expect_request("/busy.rss").respond_with_data("", status=503)
    feeds = [{"url": httpserver.url_for("/gone.rss"), "category": "Mất"},
             {"url": httpserver.url_for("/busy.rss"), "category": "Bận"}]
    cli = cli_factory(feeds, extra='language = "vi"\n[fetch]\nretries = 0\n')
    report = cli.json("refresh", "--json")
    errors = {f["category"] if "category" in f else f["url"]: f["error"] for f in report["feeds"]}
    assert sorted(errors.values()) == ["HTTP 404 NOT FOUND", "HTTP 503 SERVICE UNAVAILABLE"]
    assert [error_text(e, "vi") for e in sorted(errors.values())] == [
        "lỗi HTTP 404 (không có trang này)", "lỗi HTTP 503 (máy chủ đang bận hoặc bảo trì)"]
    assert [error_text(e, "en") for e in sorted(errors.values())] == sorted(errors.values())


@pytest.mark.parametrize(("language", "message"), [
    ("vi", "antd-tui: trình đọc cần một cửa sổ dòng lệnh"),
    ("en", "antd-tui: the reader needs a terminal"),
])
def test_messages_on_stderr_follow_the_language(cli_factory: Any, edition: SampleServer,
                                                language: str, message: str) -> None:
    cli = _cli(cli_factory, edition, language)
    code, _, err = cli()
    assert code == 2 and err.startswith(message)


@pytest.mark.parametrize(("language", "added", "removed", "nothing", "marked"), [
    ("vi", "★ {id} đã lưu", "Đã bỏ lưu 1 bài",
     "Không bài nào trong số này đang được lưu: không có gì thay đổi", "Đã đánh dấu"),
    ("en", "★ {id} bookmarked", "1 bookmark(s) removed",
     "None of these is bookmarked: nothing changed", "article(s) marked read"),
])
def test_bookmark_and_mark_read_confirm_in_the_language(cli_factory: Any, edition: SampleServer,
                                                        language: str, added: str, removed: str,
                                                        nothing: str, marked: str) -> None:
    cli = _cli(cli_factory, edition, language)
    cli("refresh", "--json", "--no-full-text")
    article = _seed(cli)
    _, out, _ = cli("bookmark", "add", str(article))
    assert out.startswith(added.format(id=article))
    _, listed, _ = cli("bookmark", "list")
    foreign = {"vi": "not yet complete offline", "en": "chưa đủ"}[language]
    assert foreign not in listed  # the page's photos could not all be had: said in the language
    other = next(a["id"] for a in cli.json("list", "--json") if a["id"] != article)
    _, out, _ = cli("bookmark", "remove", str(article), str(other))  # one is not one
    assert out.strip() == removed
    code, out, _ = cli("bookmark", "remove", str(article), str(other))  # neither is
    assert code == 0 and out.strip() == nothing
    _, out, _ = cli("mark-read", "--all")
    assert marked in out


@pytest.mark.parametrize(("language", "started", "restored", "moved", "refused"), [
    ("vi", "antd-tui: cảnh báo: đã tạo bộ nhớ đệm mới trong", "đã khôi phục từ",
     "bị hỏng (", "bookmark remove: không ghi được vào"),
    ("en", "antd-tui: warning: a new cache was started in", "restored from",
     "is damaged (", "bookmark remove: cannot write the record in"),
])
def test_the_records_warnings_follow_the_language(cli_factory: Any, edition: SampleServer,
                                                  language: str, started: str, restored: str,
                                                  moved: str, refused: str) -> None:
    cli = _cli(cli_factory, edition, language)
    cli("refresh", "--json", "--no-full-text")
    article = _seed(cli)
    cli("bookmark", "add", str(article))
    cli("mark-read", str(article))
    (cli.data_dir / "antd.sqlite3").unlink()
    code, _, err = cli("list")
    assert code == 0 and err.startswith(started) and restored in err, err
    (cli.data_dir / "antd.sqlite3").write_bytes(b"not a database" * 100)
    code, _, err = cli("list")
    assert code == 0 and moved in err, err
    folder = cli.data_dir / "record" / "bookmarks"
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("x")
    restored_id = cli.json("bookmark", "list", "--json")[0]["id"]  # (a new id in a new cache)
    code, _, err = cli("bookmark", "remove", str(restored_id))
    assert code == 1 and refused in err, err
