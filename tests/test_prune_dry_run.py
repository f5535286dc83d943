"""``prune --dry-run``: what a prune would delete and free, with nothing deleted."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.sample import EDITION, SAMPLE_FEEDS
from tests.test_bookmarks_export import Site


@pytest.fixture
def cli(cli_factory: Any, tmp_path: Path) -> Iterator[Any]:
    root = tmp_path / "edition"
    shutil.copytree(EDITION, root)
    site = Site(root)
    made = cli_factory([{"url": f"{site.server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS])
    made("refresh", "--json")
    rows = made.json("list", "--json", "--limit", "500")
    keep = next(a["id"] for a in rows if a["title"].startswith("Xây dựng đội ngũ"))
    other = next(a["id"] for a in rows if a["title"].startswith("Công an Đà Nẵng xuyên đêm"))
    made("bookmark", "add", str(keep), str(other))  # photos into the cache ...
    made("bookmark", "remove", str(other))  # ... and three of them orphans after a prune
    yield made
    site.stop()


def _snapshot(data: Path) -> dict[str, str]:
    """Every file in the data dir but the lock, by content."""
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*")) if p.is_file() and p.name != "refresh.lock"}


def test_dry_run_reports_what_prune_then_does_and_deletes_nothing(cli: Any) -> None:
    listed = cli.json("list", "--json", "--limit", "500")
    files = _snapshot(cli.data_dir)
    dry = cli.json("prune", "--keep-days", "0", "--dry-run", "--json")
    assert set(dry) == {"articles", "images", "freed_bytes", "dry_run"}
    assert dry["dry_run"] is True and dry["articles"] == 18 and dry["images"] == 3
    assert cli.json("list", "--json", "--limit", "500") == listed
    assert _snapshot(cli.data_dir) == files
    real = cli.json("prune", "--keep-days", "0", "--json")
    assert set(real) == set(dry) and real["dry_run"] is False
    assert (real["articles"], real["images"]) == (dry["articles"], dry["images"])
    # an estimate: within half of what the prune freed
    assert real["freed_bytes"] * 0.5 <= dry["freed_bytes"] <= real["freed_bytes"] * 1.5, (dry, real)


def test_dry_run_text_says_nothing_was_deleted(cli: Any) -> None:
    code, out, _ = cli("prune", "--keep-days", "0", "--dry-run")
    assert code == 0
    assert out.startswith("dry run: 18 article(s) and 3 image(s) would be deleted; about ")
    assert out.rstrip().endswith("MB would be freed; nothing was deleted")
    assert len(cli.json("list", "--json", "--limit", "500")) == 19


@pytest.mark.parametrize("days", ["nan", "inf", "-1", "abc"])
def test_keep_days_that_are_not_a_number_of_days_are_refused(cli: Any, days: str,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("prune", "--keep-days", days, "--dry-run")
    assert exit_.value.code == 2
    assert "--keep-days" in capsys.readouterr().err
    assert len(cli.json("list", "--json", "--limit", "500")) == 19


def test_a_huge_keep_days_keeps_everything(cli: Any) -> None:
    report = cli.json("prune", "--keep-days", "1e300", "--json")
    assert (report["articles"], report["images"]) == (0, 0)
