"""Offline bookmarks, exports, OPML and pruning, over real loopback servers."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.sample import EDITION, SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer
from tests.test_full_text import SEED_CAPTION, SEED_TITLE


class Site:
    """The sample edition on a loopback port that can go down and come back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.server = SampleServer(root=root).start()
        self.port = int(self.server.base_url.rsplit(":", 1)[1])

    def stop(self) -> None:
        self.server.close()

    def start(self) -> None:
        self.server = SampleServer(root=self.root, port=self.port).start()


@pytest.fixture(name="site")
def site_fixture(tmp_path: Path) -> Iterator[Site]:
    """The sample edition served from a copy (tests may change it); test_export_html's too."""
    root = tmp_path / "edition"
    shutil.copytree(EDITION, root)
    running = Site(root)
    yield running
    running.stop()


@pytest.fixture(name="cli")
def cli_fixture(cli_factory: Any, site: Site) -> Any:
    return cli_factory([{"url": f"{site.server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS])


def _id(cli: Any, prefix: str) -> int:
    rows = cli.json("list", "--json", "--limit", "500")
    return int(next(a["id"] for a in rows if a["title"].startswith(prefix)))


def _images(data: Path) -> list[Path]:
    return sorted(p for p in (data / "images").rglob("*") if p.is_file())


def test_bookmark_saves_full_text_and_images_then_reads_offline(cli: Any, site: Site) -> None:
    cli("refresh", "--json", "--no-full-text")
    seed = _id(cli, "Xây dựng đội ngũ")
    code, out, _ = cli("bookmark", "add", str(seed))
    assert code == 0 and "đã lưu, đọc được cả khi ngoại tuyến" in out  # language "vi"
    files = _images(cli.data_dir)
    assert len(files) == 1 and re.fullmatch(r"[0-9a-f]{64}\.jpg", files[0].name)
    assert files[0].read_bytes()[:3] == b"\xff\xd8\xff"
    site.stop()
    code, text, _ = cli("show", str(seed))
    assert code == 0 and SEED_CAPTION.split(",")[0] in text and "[Ảnh 1]" in text
    marks = cli.json("bookmark", "list", "--json")
    assert [(b["title"], b["offline"]) for b in marks] == [(SEED_TITLE, True)]


def test_bookmark_while_offline_is_kept_and_completed_by_the_next_refresh(cli: Any, site: Site) -> None:
    cli("refresh", "--json", "--no-full-text")
    article = _id(cli, "Công an Đà Nẵng xuyên đêm")
    site.stop()
    code, out, _ = cli("bookmark", "add", str(article))
    assert code == 0 and "chưa đủ để đọc ngoại tuyến" in out  # language "vi"
    assert cli.json("bookmark", "list", "--json")[0]["offline"] is False
    site.start()
    report = cli.json("refresh", "--json", "--no-full-text")
    assert report["bookmarks"] == {"completed": 1, "incomplete": 0}
    assert cli.json("bookmark", "list", "--json")[0]["offline"] is True
    assert len(_images(cli.data_dir)) == 3  # the article's three photos


def test_html_export_is_self_contained(cli: Any, site: Site, tmp_path: Path) -> None:
    cli("refresh", "--json")
    ids = [_id(cli, "Xây dựng đội ngũ"), _id(cli, "Công an Đà Nẵng xuyên đêm")]
    cli("bookmark", "add", *map(str, ids))
    site.stop()
    out = tmp_path / "bookmarks.html"
    code, _, err = cli("export", "--bookmarked", "--format", "html", "-o", str(out))
    assert code == 0 and "Đã ghi 2 bài vào" in err  # language "vi"
    page = out.read_text(encoding="utf-8")
    assert f"<h1>{SEED_TITLE}</h1>" in page
    assert SEED_CAPTION in page
    assert page.count('<img src="data:image/jpeg;base64,') == 4
    assert not re.search(r"""src\s*=\s*["']?(https?:|//)""", page)  # links are clicked, never loaded
    assert "default-src 'none'" in page and "<script" not in page


def test_markdown_and_json_exports_carry_blocks_and_captions(cli: Any, site: Site) -> None:
    cli("refresh", "--json")
    cli("bookmark", "add", str(_id(cli, "Xây dựng đội ngũ")))
    code, md, _ = cli("export", "--bookmarked", "--format", "md")
    assert code == 0 and md.startswith(f"# {SEED_TITLE}") and f"*Ảnh 1 · {SEED_CAPTION}*" in md
    data = json.loads(cli("export", "--bookmarked", "--format", "json")[1])
    assert data[0]["blocks"][0] == {"type": "image", "text": "", "caption": SEED_CAPTION,
                                    "src": data[0]["blocks"][0]["src"]}


def test_prune_keep_days_0_leaves_only_complete_bookmarks(cli: Any, site: Site) -> None:
    cli("refresh", "--json")
    keep = [_id(cli, "Xây dựng đội ngũ"), _id(cli, "Giá xăng")]
    cli("bookmark", "add", *map(str, keep))
    # a non-bookmarked article's images are in the cache too
    other = _id(cli, "Công an Đà Nẵng xuyên đêm")
    cli("bookmark", "add", str(other))
    cli("bookmark", "remove", str(other))
    assert len(_images(cli.data_dir)) > 2
    report = cli.json("prune", "--keep-days", "0", "--json")
    assert report["articles"] == 17 and report["images"] >= 3
    remaining = cli.json("list", "--json", "--limit", "100")
    assert sorted(a["id"] for a in remaining) == sorted(keep)
    site.stop()
    assert all(b["offline"] for b in cli.json("bookmark", "list", "--json"))
    shown = cli.json("show", str(keep[0]), "--json")
    assert shown["blocks"][0]["caption"] == SEED_CAPTION
    db = sqlite3.connect(cli.data_dir / "antd.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM blocks WHERE article_id NOT IN (?, ?)", keep).fetchone() == (0,)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_opml_round_trip_restores_every_subscription(cli: Any, tmp_path: Path, cli_factory: Any) -> None:
    exported = tmp_path / "subs.opml"
    assert cli("feeds", "export", "-o", str(exported))[0] == 0
    before = {(f["url"], f["category"]) for f in cli.json("feeds", "list", "--json")}
    empty = tmp_path / "empty.toml"
    empty.write_text('[[feeds]]\nurl = "https://keep.example/a.rss"\ncategory = "Giữ"\n')
    fresh = cli_factory([])
    fresh.config = empty
    result = fresh.json("feeds", "import", str(exported), "--json")
    assert len(result["added"]) == len(before)
    after = {(f["url"], f["category"]) for f in fresh.json("feeds", "list", "--json")}
    assert after == before | {("https://keep.example/a.rss", "Giữ")}
    again = fresh.json("feeds", "import", str(exported), "--json")
    assert again["added"] == [] and len(again["skipped"]) == len(before)


def test_hostile_and_broken_opml(cli_factory: Any, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[feeds]]\nurl = "https://keep.example/a.rss"\ncategory = "Giữ"\n')
    cli = cli_factory([])
    cli.config = config
    hostile = tmp_path / "hostile.opml"
    hostile.write_text(
        '<?xml version="1.0"?>'
        '<opml version="2.0"><body><outline text="\u202eTin [bold]x[/]\u202c  mới">'
        '<outline type="rss" text="a" xmlUrl="javascript:alert(1)"/>'
        '<outline type="rss" text="ok" xmlUrl="file:///etc/passwd"/>'
        '<outline type="rss" text="good" xmlUrl="https://good.example/rss"/>'
        "</outline></body></opml>", encoding="utf-8")
    code, _, err = cli("feeds", "import", str(hostile))
    assert code == 0 and err.count("not an http(s) URL") == 2
    feeds = cli.json("feeds", "list", "--json")
    assert [(f["url"], f["category"]) for f in feeds] == [
        ("https://keep.example/a.rss", "Giữ"), ("https://good.example/rss", "Tin [bold]x[/] mới")]
    xxe = tmp_path / "xxe.opml"
    xxe.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://x.example/r"/>'
                   "</body></opml>")
    code, _, err = cli("feeds", "import", str(xxe))
    assert code == 2 and "not a valid OPML file" in err and "root:" not in err
    control = tmp_path / "control.opml"
    control.write_text('<opml version="2.0"><body><outline text="\x1b[2J" xmlUrl="https://c.example/r"/>'
                       "</body></opml>")
    assert cli("feeds", "import", str(control))[0] == 2
    assert "root:" not in config.read_text() and "c.example" not in config.read_text()
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline")
    code, _, err = cli("feeds", "import", str(broken))
    assert code == 2 and "not a valid OPML file" in err


def test_an_image_that_is_not_an_image_leaves_the_bookmark_incomplete(cli: Any, site: Site) -> None:
    cli("refresh", "--json")
    seed = _id(cli, "Xây dựng đội ngũ")
    (site.root / "images" / "w800" / "451203-1.jpg").write_text("<html>not a photo</html>")
    code, out, _ = cli("bookmark", "add", str(seed))
    assert code == 0 and "not a JPEG, PNG, GIF, WebP or AVIF image" in out
    assert _images(cli.data_dir) == []
    assert cli.json("bookmark", "list", "--json")[0]["offline"] is False


def test_retention_setting_prunes_after_refresh_but_keeps_bookmarks(cli_factory: Any, site: Site) -> None:
    feeds = [{"url": f"{site.server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS]
    cli = cli_factory(feeds)
    cli("refresh", "--json", "--no-full-text")
    seed = _id(cli, "Xây dựng đội ngũ")  # published 2021: far older than the retention
    cli("bookmark", "add", str(seed))
    cli = cli_factory(feeds, extra="retention_days = 365\n")
    (site.root / "rss" / "home.rss").touch()
    report = cli.json("refresh", "--json", "--no-full-text")
    assert report["pruned"] == 0  # the only old article is a bookmark
    cli("bookmark", "remove", str(seed))
    report = cli.json("refresh", "--json", "--no-full-text")
    assert report["pruned"] == 1
    titles = [a["title"] for a in cli.json("list", "--json", "--limit", "100")]
    assert len(titles) == 18 and not any(t.startswith("Xây dựng đội ngũ") for t in titles)
