"""A bookmark completed outside ``bookmark add`` and refresh (``show`` fetching its text,
``export --format html`` its photos) has its snapshot brought up to date, so a lost cache
gives the bookmark back whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from antd_tui.core.record import snapshots
from tests.test_bookmarks_export import Site, _id, cli_fixture, site_fixture  # noqa: F401 (fixtures)


def _snapshot(data: Path) -> dict[str, Any]:
    [path] = list(snapshots.bookmarks_dir(data).glob("*.json"))
    return dict(json.loads(path.read_bytes()))


def test_show_and_export_bring_a_bookmarks_snapshot_up_to_date(
        cli: Any, site: Site, tmp_path: Path) -> None:
    cli("refresh", "--json", "--no-full-text")
    article = _id(cli, "Công an Đà Nẵng xuyên đêm")
    site.stop()
    assert cli("bookmark", "add", str(article))[0] == 0  # offline: incomplete
    assert _snapshot(cli.data_dir)["article"]["full_text"] != "done"
    site.start()
    assert cli("show", str(article))[0] == 0  # fetches the text
    snap = _snapshot(cli.data_dir)
    assert snap["article"]["full_text"] == "done" and snap["blocks"]
    out = tmp_path / "out.html"
    assert cli("export", str(article), "--format", "html", "--output", str(out))[0] == 0
    assert len(_snapshot(cli.data_dir)["images"]) == 3  # the article's three photos
    site.stop()
    (cli.data_dir / "antd.sqlite3").unlink()
    marks = cli.json("bookmark", "list", "--json")
    assert [m["offline"] for m in marks] == [True]
