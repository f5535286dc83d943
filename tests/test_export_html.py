"""``export --format html`` of articles that are not bookmarked: every photo it can have is
embedded, those it cannot are named on stderr; links are links; the file follows the umask."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.sample import SAMPLE_FEEDS
from tests.test_bookmarks_export import Site, cli_fixture, site_fixture  # noqa: F401 (fixtures)


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def _photo_blocks(cli: Any) -> list[tuple[int, int, str]]:
    """(article id, photo number, src) of every photo the cache's articles show."""
    out = []
    for row in cli.json("list", "--json", "--limit", "500"):
        number = 0
        for block in cli.json("show", str(row["id"]), "--json", "--offline")["blocks"]:
            if block["type"] == "image":
                number += 1
                out.append((row["id"], number, block["src"]))
    return out


def test_every_photo_is_embedded_and_the_missing_one_is_named(cli: Any, site: Site,
                                                             tmp_path: Path) -> None:
    cli("refresh", "--json")  # full text, no bookmarks: no photo is in the cache yet
    photos = _photo_blocks(cli)
    unique = {src for _, _, src in photos}
    assert len(unique) >= 20
    gone_article, gone_number, gone = photos[3]
    (site.root / gone.split("/", 3)[3]).unlink()  # the server now answers 404 for this one
    out = tmp_path / "all.html"
    code, _, err = cli("export", "--format", "html", "-o", str(out))
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('src="data:image/') == len([p for p in photos if p[2] != gone])
    assert (f"antd-tui: photo {gone_number} of article {gone_article} not embedded "
            f"(HTTP 404") in err and gone in err
    assert "antd-tui: 1 photo(s) could not be had" in err
    assert not re.search(r"""src\s*=\s*["']?(https?:|//)""", page)  # nothing loads from the net
    # offline now: the photos fetched for that export are in the cache
    site.stop()
    code, _, err = cli("export", "--format", "html", "--offline", "-o", str(out))
    assert code == 0 and "1 photo(s) could not be had" in err and "--offline" in err


def test_source_and_related_items_are_links(cli: Any, site: Site, tmp_path: Path) -> None:
    cli("refresh", "--json")
    seed = next(a for a in cli.json("list", "--json") if a["title"].startswith("Xây dựng đội ngũ"))
    shown = cli.json("show", str(seed["id"]), "--json")
    code, page, _ = cli("export", str(seed["id"]), "--format", "html", "--offline")
    assert code == 0
    assert (f'Nguồn: <a href="{seed["url"]}" rel="noreferrer">{seed["url"]}</a>') in page
    related = shown["related"]
    assert related
    for item in related:
        assert f'<a href="{item["url"]}" rel="noreferrer">{item["title"]}</a>' in page
    # a related article exported in the same file links to its place in the file
    cached = next(r for r in related if r["id"] is not None)
    code, page, _ = cli("export", str(seed["id"]), str(cached["id"]), "--format", "html",
                        "--offline")
    assert f'<a href="#a{cached["id"]}">{cached["title"]}</a>' in page


def test_a_link_that_is_not_http_stays_plain_text(cli: Any, site: Site) -> None:
    import sqlite3

    cli("refresh", "--json", "--no-full-text")
    first = cli.json("list", "--json")[0]
    db = sqlite3.connect(cli.data_dir / "antd.sqlite3")
    with db:
        db.execute("UPDATE articles SET url = ? WHERE id = ?",
                   ('javascript:alert(1)//"><b>', first["id"]))
    db.close()
    code, page, _ = cli("export", str(first["id"]), "--format", "html", "--offline")
    assert code == 0
    assert "javascript:" in page and 'href="javascript' not in page
    assert "&quot;&gt;&lt;b&gt;" in page


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_exported_file_follows_the_umask(cli: Any, site: Site, tmp_path: Path, umask: Any,
                                             mask: int, mode: int) -> None:
    cli("refresh", "--json", "--no-full-text")
    umask(mask)
    out = tmp_path / "saved.html"
    assert cli("export", "--format", "html", "--offline", "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    out.chmod(0o640)  # a file that exists keeps the mode its owner gave it
    assert cli("export", "--format", "md", "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_photos_fetched_for_an_export_stay_within_the_image_cache_budget(
        cli_factory: Any, site: Site, tmp_path: Path) -> None:
    cli = cli_factory([{"url": f"{site.server.base_url}/{p}", "category": n}
                       for p, n in SAMPLE_FEEDS], extra="image_cache_mb = 1")
    cli("refresh", "--json")
    photos = _photo_blocks(cli)
    for _, _, src in photos[:3]:  # three photos of 600 kB: 1.8 MB against a 1 MB budget
        (site.root / src.split("/", 3)[3]).write_bytes(b"\xff\xd8\xff" + os.urandom(600_000))
    out = tmp_path / "all.html"
    code, _, err = cli("export", "--format", "html", "-o", str(out))
    assert code == 0 and "could not be had" not in err
    assert out.read_text(encoding="utf-8").count('src="data:image/') == len(photos)
    cached = sum(p.stat().st_size for p in (cli.data_dir / "images").rglob("*") if p.is_file())
    assert 0 < cached <= 1_000_000


@pytest.mark.parametrize("limit", ["0", "-5"])
def test_a_limit_below_1_is_refused_not_read_as_no_limit(cli: Any, limit: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("export", "--format", "json", "--limit", limit)
    assert exit_.value.code == 2 and "--limit must be 1 or more" in capsys.readouterr().err
