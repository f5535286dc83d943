"""``show --links``: the article's links numbered as the reading view's ``L`` lists them — its page,
its photos, its related list — each URL once; JSON for scripts, the words in the configured language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from antd_tui.sample import EDITION, SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer
from tests.conftest import serve_copy

CAPTION = "Người dân Tokyo tham gia diễn tập sơ tán khỏi một tòa nhà văn phòng"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleServer]:
    with serve_copy(EDITION, tmp_path_factory.mktemp("links") / "edition") as server:
        yield server


def _cli(cli_factory: Any, server: SampleServer, language: str) -> tuple[Any, int]:
    feeds = [{"url": f"{server.base_url}/{path}", "category": name} for path, name in SAMPLE_FEEDS]
    cli = cli_factory(feeds, extra=f'language = "{language}"\n')
    cli("refresh", "--json")
    rows = cli.json("list", "--json", "--limit", "500")
    return cli, int(next(r["id"] for r in rows if r["title"].startswith("Nhật Bản tổ chức diễn tập")))


def test_links_are_the_page_the_photos_and_the_related_list_numbered(cli_factory: Any,
                                                                     edition: SampleServer) -> None:
    cli, article = _cli(cli_factory, edition, "vi")
    shown = cli.json("show", str(article), "--json")
    links = cli.json("show", str(article), "--links", "--json")
    assert [link["number"] for link in links] == list(range(1, len(links) + 1))
    assert links[0] == {"number": 1, "kind": "page", "title": shown["title"], "url": shown["url"]}
    photos = [b for b in shown["blocks"] if b["type"] == "image"]
    assert [(link["kind"], link["title"], link["url"]) for link in links[1:1 + len(photos)]] == [
        ("photo", b["caption"], b["src"]) for b in photos]
    assert [(link["title"], link["url"]) for link in links[1 + len(photos):]] == [
        (r["title"], r["url"]) for r in shown["related"]]
    assert len({link["url"] for link in links}) == len(links) == 5
    code, text, _ = cli("show", str(article), "--links")
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "[1] Bài gốc trên trang báo" and lines[1] == f"    {shown['url']}"
    assert lines[2] == f"[2] Ảnh 1 · {CAPTION}"
    assert lines[4] == f"[3] {shown['related'][0]['title']}"
    assert len(lines) == 10


def test_links_speak_english_when_asked(cli_factory: Any, edition: SampleServer) -> None:
    cli, article = _cli(cli_factory, edition, "en")
    _, text, _ = cli("show", str(article), "--links")
    assert text.splitlines()[0] == "[1] This article on its site"
    assert text.splitlines()[2] == f"[2] Photo 1 · {CAPTION}"
    _, out, _ = cli("show", str(article), "--links", "--json")
    assert json.loads(out)[1]["kind"] == "photo"  # machine values do not change with the language
