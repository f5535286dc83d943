"""kill -9 in the middle of ``bookmark add`` and ``mark-read`` (real processes), a journal
entry whose cache commit never came, and a full disk at the bookmark: the old state or the
new one, never a torn file, never half of a change."""

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
from typing import Any

import pytest

from antd_tui.core.record import journal
from antd_tui.sample import SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer
from tests.conftest import toml_config
from tests.test_disk_full import _fill, small_disk  # noqa: F401 (a fixture)


@pytest.fixture
def slow_edition() -> Iterator[SampleServer]:
    with SampleServer(delay=0.05) as server:  # a bookmark's page and photos take a while
        yield server


def _cli(config: Path, data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "antd_tui", "--config", str(config),
                             "--data-dir", str(data), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(config: Path, data: Path, *args: str) -> str:
    proc = _cli(config, data, *args)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return out


def _kill_after(proc: subprocess.Popen[str], delay: float) -> None:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()


def _state(data: Path) -> tuple[set[str], set[str]]:
    """(read keys, bookmarked keys) in the cache, checked whole."""
    db = sqlite3.connect(data / "antd.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        read = {k for (k,) in db.execute("SELECT key FROM articles WHERE read != 0")}
        marked = {k for (k,) in db.execute("SELECT key FROM articles WHERE bookmarked_at IS NOT NULL")}
    finally:
        db.close()
    return read, marked


def _record(data: Path) -> tuple[set[str], set[str]]:
    """(read keys, bookmarked keys) in the record; every snapshot file whole."""
    loaded = journal.load(data)
    assert loaded.problems == []
    keys = set()
    for path in (data / "record" / "bookmarks").glob("*.json"):
        keys.add(json.loads(path.read_bytes())["key"])  # a torn file would not parse
    return set(loaded.read_keys()), keys


@pytest.fixture
def edition_cache(tmp_path: Path, slow_edition: SampleServer) -> tuple[Path, Path, list[int]]:
    config = toml_config(tmp_path / "c.toml", [
        {"url": f"{slow_edition.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS])
    data = tmp_path / "data"
    _run(config, data, "refresh", "--json", "--no-full-text")
    ids = [a["id"] for a in json.loads(_run(config, data, "list", "--json", "--limit", "100"))]
    return config, data, ids


@pytest.mark.slow
def test_kill_9_during_mark_read_leaves_the_old_state_or_the_new(
        edition_cache: tuple[Path, Path, list[int]]) -> None:
    config, data, ids = edition_cache
    everything = _keys(data)
    rng = random.Random(21)
    for _ in range(12):
        before, _ = _state(data)
        command = ["mark-read", "--all"] if not before else ["mark-unread", *map(str, ids)]
        _kill_after(_cli(config, data, *command), rng.uniform(0.03, 0.35))
        _run(config, data, "list", "--json")  # any open applies what the record committed
        read, _ = _state(data)
        assert read in (before, set() if before else everything), "half a change"
        assert _record(data)[0] == read  # the record and the cache agree


def _keys(data: Path) -> set[str]:
    db = sqlite3.connect(data / "antd.sqlite3")
    try:
        return {k for (k,) in db.execute("SELECT key FROM articles")}
    finally:
        db.close()


@pytest.mark.slow
def test_kill_9_during_bookmark_add_leaves_the_old_state_or_the_new(
        edition_cache: tuple[Path, Path, list[int]]) -> None:
    config, data, ids = edition_cache
    rng = random.Random(2121)
    for round_ in range(8):
        article = ids[round_]
        _, before = _state(data)
        _kill_after(_cli(config, data, "bookmark", "add", str(article)), rng.uniform(0.05, 0.6))
        _run(config, data, "bookmark", "list", "--json")
        _, marked = _state(data)
        assert marked - before in (set(), {_key(data, article)})
        assert _record(data)[1] == marked  # a snapshot for each bookmark, none torn, no stray
    doctor = json.loads(_run(config, data, "doctor", "--json"))
    assert doctor["integrity"] == "ok" and doctor["bookmarks"] == len(_state(data)[1])
    assert not list((data / "record").rglob(".part-*"))  # doctor removed killed writes' temps


def _key(data: Path, article_id: int) -> str:
    db = sqlite3.connect(data / "antd.sqlite3")
    try:
        return str(db.execute("SELECT key FROM articles WHERE id = ?", (article_id,)).fetchone()[0])
    finally:
        db.close()


def test_an_entry_logged_before_a_crash_is_rolled_forward(cli_factory: Any, sample_server: Any) -> None:
    """The window a kill rarely hits: the journal entry fsynced, the cache never committed."""
    cli = cli_factory([{"url": f"{sample_server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS])
    cli("refresh", "--json", "--no-full-text")
    rows = cli.json("list", "--json", "--limit", "100")
    keys = {a["id"]: _key(cli.data_dir, a["id"]) for a in rows}
    first, second = rows[0]["id"], rows[1]["id"]
    with journal.locked(cli.data_dir):  # what the killed process left
        journal.append(cli.data_dir, "read", [keys[first]])
        journal.append(cli.data_dir, "bookmark", [keys[second]])
    with open(journal.journal_path(cli.data_dir), "ab") as handle:
        handle.write(b'{"at":1,"op":"read","keys":["' + keys[rows[2]["id"]].encode())  # torn
    after = {a["id"]: a for a in cli.json("list", "--json", "--limit", "100")}
    assert after[first]["read"] and after[second]["bookmarked"] and not after[rows[2]["id"]]["read"]
    marks = cli.json("bookmark", "list", "--json")
    assert [m["id"] for m in marks] == [second]
    assert cli("mark-read", str(rows[3]["id"]))[0] == 0  # appending cuts the torn line off
    assert journal.load(cli.data_dir).problems == []
    assert set(journal.load(cli.data_dir).read_keys()) == {keys[first], keys[rows[3]["id"]]}


def test_a_full_disk_at_the_bookmark_is_a_clear_error_and_nothing_half_written(
        cli_factory: Any, small_disk: Path) -> None:  # noqa: F811 (the fixture)
    with SampleServer() as server:
        cli = cli_factory([{"url": f"{server.base_url}/{p}", "category": n}
                           for p, n in SAMPLE_FEEDS[:2]])
        cli.data_dir = small_disk / "data"
        cli("refresh", "--json", "--no-full-text")
        rows = cli.json("list", "--json", "--limit", "100")
        code, _, err = cli("bookmark", "add", str(rows[0]["id"]))
        assert code == 0, err
        journal_before = journal.journal_path(cli.data_dir).read_bytes()
        snapshots_before = sorted(p.name for p in (cli.data_dir / "record").rglob("*"))
        # the cache's own small writes must still fit, so the record is what meets the full
        # disk: a connection held open keeps the WAL, grown by four flips (no change in all)
        held = sqlite3.connect(cli.data_dir / "antd.sqlite3", isolation_level=None)
        held.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for _ in range(4):
            held.execute("UPDATE articles SET summary = summary, read = 1 - read")
        held.execute("PRAGMA wal_checkpoint(PASSIVE)")
        _fill(small_disk, leave=0)
        code, _, err = cli("bookmark", "add", str(rows[1]["id"]))
        assert code == 1 and "bookmark add: không ghi được vào" in err, err  # language "vi"
        assert "No space left on device" in err and "không có gì thay đổi" in err
        assert journal.journal_path(cli.data_dir).read_bytes() == journal_before
        assert sorted(p.name for p in (cli.data_dir / "record").rglob("*")) == snapshots_before
        after = cli.json("list", "--json", "--limit", "100")
        assert [a["id"] for a in after if a["bookmarked"]] == [rows[0]["id"]]
        held.close()
