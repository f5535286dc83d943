"""A full disk while refreshing: a clear error, the cache intact, the next run works.

Needs a real small filesystem: a 2 MB tmpfs mounted for the test (root only;
skipped elsewhere, saying why).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.sample import SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(mount: Path, leave: int) -> Path:
    """Fill the filesystem until only ``leave`` bytes are free."""
    filler = mount / "filler"
    stat = os.statvfs(mount)
    free = stat.f_bavail * stat.f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave))
    return filler


def test_a_full_disk_at_start_is_exit_4_saying_so(cli_factory: Any, small_disk: Path) -> None:
    cli = cli_factory([{"url": "http://127.0.0.1:9/x.rss", "category": "X"}])
    cli.data_dir = small_disk / "data"
    assert cli("list")[0] == 0
    _fill(small_disk, leave=0)
    (small_disk / "data" / "antd.sqlite3-shm").unlink(missing_ok=True)
    code, _, err = cli("list")
    assert code == 4 and "the disk is full" in err


def test_disk_full_is_a_clear_error_and_loses_nothing(cli_factory: Any, small_disk: Path) -> None:
    with SampleServer() as server:
        feeds = [{"url": f"{server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS]
        cli = cli_factory(feeds[:2])  # home + Chính trị - Xã hội
        cli.data_dir = small_disk / "data"
        before = cli.json("refresh", "--json", "--no-full-text")["new"]
        assert before > 5
        filler = _fill(small_disk, leave=120_000)
        cli = cli_factory(feeds)
        cli.data_dir = small_disk / "data"
        code, out, err = cli("refresh", "--json")
        assert code == 1, err
        report = json.loads(out)
        failed = [f for f in report["feeds"] if f["status"] == "error"]
        assert failed and all("disk is full" in f["error"] for f in failed)
        db = sqlite3.connect(small_disk / "data" / "antd.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        db.close()
        assert stored >= before  # what was there before is still there
        filler.unlink()
        code, out, err = cli("refresh", "--json")
        assert code == 0, err
        assert len(cli.json("list", "--json", "--limit", "100")) == 19
