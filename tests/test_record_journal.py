"""The journal as a syncer and the reader use it: every change of the reader's keys recorded
(mark-all with its scope), compaction that keeps what a consumer has not sent, numbers that
only grow, and a removal logged before a crash rolled forward."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from antd_tui.core.config import load_settings
from antd_tui.core.record import journal
from antd_tui.core.record.health import compact_if_due
from antd_tui.core.service import ReaderService
from antd_tui.sample import SAMPLE_FEEDS


def _sample(cli_factory: Any, server: Any) -> Any:
    cli = cli_factory([{"url": f"{server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS])
    cli("refresh", "--json", "--no-full-text")
    return cli


def test_the_readers_keys_are_recorded_and_it_shows_what_was_restored(
        cli_factory: Any, sample_server: Any) -> None:
    cli = _sample(cli_factory, sample_server)
    service = ReaderService(load_settings(cli.config), cli.data_dir)
    try:
        assert service.notices == []
        sport = service.articles("the-thao")
        service.set_read(sport[0].id, True)  # m
        service.set_read(sport[0].id, False)  # m again
        service.set_bookmark(sport[1].id, True)  # b
        assert service.mark_category_read("the-thao") == len(sport)  # A
    finally:
        service.close()
    ops = [(e.op, len(e.keys), e.scope) for e in journal.load(cli.data_dir).entries]
    assert ops == [("read", 1, None), ("unread", 1, None), ("bookmark", 1, None),
                   ("read", len(sport), "the-thao")]
    assert [e.seq for e in journal.load(cli.data_dir).entries] == [1, 2, 3, 4]
    for name in ("antd.sqlite3", "antd.sqlite3-wal", "antd.sqlite3-shm"):
        (cli.data_dir / name).unlink(missing_ok=True)
    service = ReaderService(load_settings(cli.config), cli.data_dir)
    try:
        assert len(service.notices) == 1
        assert f"đã tạo bộ nhớ đệm mới trong {cli.data_dir}" in service.notices[0]  # language "vi"
        assert "1 bài đã lưu" in service.notices[0] and f"{len(sport)} dấu đã đọc" in service.notices[0]
        assert [r.title for r in service.bookmarks()] == [sport[1].title]
    finally:
        service.close()


def _entry_keys(data: Path) -> list[tuple[int, str]]:
    return [(e.seq, e.op) for e in journal.load(data).entries]


def test_compaction_keeps_what_a_consumer_has_not_sent_and_numbers_go_on(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with journal.locked(data):
        for n in range(1, 7):
            journal.append(data, "read", [f"antd:{n}"])
        journal.append(data, "unread", ["antd:2"])  # 7
        journal.append(data, "bookmark", ["antd:9"])  # 8
        journal.append(data, "read", ["antd:10"])  # 9
    journal.set_cursor(data, "fever", 7)  # the syncer has sent up to 7
    compact_if_due(data, force=True)
    assert _entry_keys(data) == [(7, "base"), (8, "bookmark"), (9, "read")]
    base = journal.load(data).entries[0]
    assert sorted(base.read) == ["antd:1", "antd:3", "antd:4", "antd:5", "antd:6"]
    assert [(e.seq, e.keys) for e in journal.load(data, after=7).entries] == [
        (8, ("antd:9",)), (9, ("antd:10",))]  # what the syncer sends next
    assert sorted(journal.load(data).read_keys()) == [
        "antd:1", "antd:10", "antd:3", "antd:4", "antd:5", "antd:6"]
    with journal.locked(data):
        assert journal.append(data, "read", ["antd:11"]) == 10
    journal.set_cursor(data, "fever", None)  # no consumer: everything may be folded
    compact_if_due(data, force=True)
    assert _entry_keys(data) == [(10, "base")]
    with journal.locked(data):
        assert journal.append(data, "read", ["antd:12"]) == 11


def test_compaction_forgets_old_read_flags_but_not_a_bookmarks(tmp_path: Path) -> None:
    from antd_tui.core.record import snapshots

    data = tmp_path / "data"
    old = int(time.time()) - (journal.FORGET_READ_DAYS + 1) * 86400
    path = journal.journal_path(data)
    path.parent.mkdir(parents=True)
    lines = [{"at": old, "op": "read", "keys": ["antd:1", "antd:2"], "scope": None, "seq": 1},
             {"at": int(time.time()), "op": "read", "keys": ["antd:3"], "scope": None, "seq": 2}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    kept = snapshots.path_for(data, "antd:2")  # antd:2 is a bookmark
    kept.parent.mkdir(parents=True)
    kept.write_text("{}", encoding="utf-8")
    compact_if_due(data, force=True)
    assert sorted(journal.load(data).read_keys()) == ["antd:2", "antd:3"]


def test_a_removal_logged_before_a_crash_is_rolled_forward(cli_factory: Any, sample_server: Any) -> None:
    cli = _sample(cli_factory, sample_server)
    article = cli.json("list", "--json")[0]["id"]
    assert cli("bookmark", "add", str(article))[0] == 0
    snapshot = next((cli.data_dir / "record" / "bookmarks").glob("*.json"))
    key = json.loads(snapshot.read_bytes())["key"]
    with journal.locked(cli.data_dir):  # the process was killed right after this line
        journal.append(cli.data_dir, "unbookmark", [key])
    assert cli.json("bookmark", "list", "--json") == []
    assert not snapshot.exists()


def test_opening_a_cache_with_nothing_due_loads_no_more_of_the_record(
        cli_factory: Any, sample_server: Any) -> None:
    """Every command opens the cache: the check is one row and the journal's last bytes
    (loading the rest of core/record cost ~17 ms a command)."""
    import subprocess
    import sys

    cli = _sample(cli_factory, sample_server)
    assert cli("mark-read", str(cli.json("list", "--json")[0]["id"]))[0] == 0
    code = ("import sys, contextlib, io\n"
            "import antd_tui.cli.main as m\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = m.main(['--data-dir', {str(cli.data_dir)!r}, 'list', '--json'])\n"
            "print(rc, sorted(k for k in sys.modules if k.startswith('antd_tui.core.record')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split(" ", 1) == ["0", "['antd_tui.core.record', 'antd_tui.core.record.tail']\n"]
