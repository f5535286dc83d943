"""kill -9 in the middle of a refresh, and two refreshes at once, with real processes."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from antd_tui.sample import SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer
from tests.conftest import toml_config

# articles each sample feed carries (rss files are static)
EXPECTED = {"trang-chu": 9, "chinh-tri-xa-hoi": 5, "phap-luat": 4, "the-gioi": 3, "kinh-te": 3,
            "the-thao": 4}


@pytest.fixture
def slow_edition() -> Iterator[SampleServer]:
    with SampleServer(delay=0.05) as server:
        yield server


def _config(tmp_path: Path, server: SampleServer) -> Path:
    return toml_config(tmp_path / "c.toml", [
        {"url": f"{server.base_url}/{path}", "category": name} for path, name in SAMPLE_FEEDS])


def _refresh(config: Path, data: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "antd_tui", "--config", str(config), "--data-dir", str(data),
         "refresh", "--json", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _check_consistent(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = dict(db.execute("SELECT slug, COUNT(*) FROM article_categories GROUP BY slug"))
        articles = db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM articles").fetchone()
        fts = db.execute("SELECT COUNT(*) FROM search").fetchone()[0]
    finally:
        db.close()
    for slug, count in counts.items():
        assert count == EXPECTED[slug], f"{slug} half-written: {count}"
    assert articles[0] == articles[1] == fts
    return counts


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_a_consistent_cache(tmp_path: Path,
                                                        slow_edition: SampleServer) -> None:
    config = _config(tmp_path, slow_edition)
    data = tmp_path / "data"
    rng = random.Random(7)
    for _ in range(6):
        proc = _refresh(config, data)
        time.sleep(rng.uniform(0.3, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if (data / "antd.sqlite3").exists():
            _check_consistent(data / "antd.sqlite3")
    final = _refresh(config, data)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    assert json.loads(out)["errors"] == 0
    assert _check_consistent(data / "antd.sqlite3") == EXPECTED


@pytest.mark.slow
def test_two_refreshes_at_once_one_waits_no_lock_errors_no_duplicates(
    tmp_path: Path, slow_edition: SampleServer
) -> None:
    config = _config(tmp_path, slow_edition)
    data = tmp_path / "data"
    first = _refresh(config, data, "--wait", "120")
    second = _refresh(config, data, "--wait", "120")
    outputs = [p.communicate(timeout=180) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    for _, err in outputs:
        assert "locked" not in err.lower()
    news = sorted(json.loads(out)["new"] for out, _ in outputs)
    assert news == [0, 19]
    _check_consistent(data / "antd.sqlite3")
    third = _refresh(config, data, "--wait", "0")
    busy = _refresh(config, data, "--wait", "0")
    codes = sorted([third.wait(timeout=120), busy.wait(timeout=120)])
    assert codes in ([0, 0], [0, 3])  # the loser exits 3 at once unless the winner was done


def test_reader_keeps_reading_while_a_refresh_writes(tmp_path: Path,
                                                     slow_edition: SampleServer) -> None:
    """WAL: a reader with a short busy timeout never sees "database is locked" mid-refresh."""
    config = _config(tmp_path, slow_edition)
    data = tmp_path / "data"
    writer = _refresh(config, data)
    while not (data / "antd.sqlite3").exists():
        time.sleep(0.01)
    reader = sqlite3.connect(data / "antd.sqlite3", timeout=0.05)
    counts: list[int] = []
    while writer.poll() is None:
        try:
            counts.append(reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError as exc:
            # only before the schema exists: the refresh creates the file, then turns it
            # to WAL under an exclusive lock, which a loaded machine can hold past 50 ms
            assert not counts and ("no such table" in str(exc) or "locked" in str(exc)), exc
    assert writer.returncode == 0
    assert len(counts) > 10 and counts == sorted(counts)  # reads all along, never going back
    assert counts[-1] <= 19 and reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 19
