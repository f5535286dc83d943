"""``antd-tui sync`` and ``refresh`` against a real Fever server: Coldsweat 0.10.2 on 127.0.0.1,
subscribed to a loopback news site (``conftest.py``). Each direction of every flag, an
incremental second sync, an outage with changes queued meanwhile, a wrong password."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from antd_tui.cli.main import main
from antd_tui.core.lock import RefreshLock
from tests.sync.coldsweat import ColdsweatServer


class Reader:
    """One machine's antd-tui: its config (``[sync]`` to the server) and data dir."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], server: ColdsweatServer,
                 *, password: str | None = None, extra: str = "", name: str = "desk") -> None:
        self.capsys = capsys
        self.server = server
        self.config = tmp_path / f"{name}.toml"
        self.data_dir = tmp_path / f"data-{name}"
        self.config.write_text(
            f'language = "en"\n{extra}\n[sync]\nservice = "fever"\nurl = "{server.url}"\n'
            f'username = "{server.username}"\npassword = "{password or server.password}"\n',
            encoding="utf-8")
        self.config.chmod(0o600)

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--config", str(self.config), "--data-dir", str(self.data_dir), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def sync(self, *args: str) -> dict[str, Any]:
        code, out, err = self("sync", "--json", *args)
        assert code == 0, err
        report: dict[str, Any] = json.loads(out)["sync"]
        return report

    def local_id(self, remote: int) -> int:
        with sqlite3.connect(self.data_dir / "antd.sqlite3") as conn:
            return int(conn.execute("SELECT a.id FROM sync_items s JOIN articles a ON a.key = s.key "
                                    "WHERE s.remote_id = ?", (remote,)).fetchone()[0])

    def rows(self, *args: str) -> list[dict[str, Any]]:
        code, out, err = self("list", "--json", "--limit", "1000", *args)
        assert code == 0, err
        rows: list[dict[str, Any]] = json.loads(out)
        return rows

    def flags(self, remote: int) -> tuple[bool, bool]:
        """(read, bookmarked) of the article the server calls ``remote``."""
        [row] = [r for r in self.rows() if r["id"] == self.local_id(remote)]
        return row["read"], row["bookmarked"]


@pytest.fixture
def reader(tmp_path: Path, capsys: pytest.CaptureFixture[str],
           coldsweat_server: ColdsweatServer) -> Reader:
    return Reader(tmp_path, capsys, coldsweat_server)


def test_first_sync_brings_every_item_under_the_servers_groups_with_full_text(
        reader: Reader, coldsweat_server: ColdsweatServer) -> None:
    # more than a page across three feeds: Coldsweat's pages skip other feeds' items
    for slug in ("thoi-su", "bong-da", "quan-vot"):
        coldsweat_server.site.add(slug, 40)
    coldsweat_server.refetch()
    assert len(coldsweat_server.entry_ids()) == 129
    code, out, err = reader("sync", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["sync"]["new"] == 129 and summary["sync"]["status"] == "ok"
    assert summary["full_text"] == {"fetched": 129, "failed": 0}
    assert len(reader.rows("--category", "the-thao")) == 86
    assert len(reader.rows("--category", "Thời sự")) == 43
    site = coldsweat_server.site
    number = site.feeds["bong-da"].items[0]
    code, out, err = reader("show", site.link("bong-da", number), "--json")
    article = json.loads(out)
    assert article["title"] == site.title("bong-da", number)
    assert [b["text"] for b in article["blocks"] if b["type"] == "paragraph"] == \
        site.paragraphs("bong-da", number)


def test_the_second_sync_brings_only_what_is_new(reader: Reader,
                                                  coldsweat_server: ColdsweatServer) -> None:
    assert reader.sync("--no-full-text")["new"] == 9
    new = coldsweat_server.add_entries("quan-vot", 2)
    report = reader.sync("--no-full-text")
    assert report["new"] == 2
    assert {r["id"] for r in reader.rows()} >= {reader.local_id(n) for n in new}
    _code, out, _ = reader("doctor", "--json")
    assert json.loads(out)["sync"]["since_id"] == max(coldsweat_server.entry_ids())
    assert reader.sync("--no-full-text")["new"] == 0


def test_read_and_unread_go_from_here_to_the_server(reader: Reader,
                                                    coldsweat_server: ColdsweatServer) -> None:
    reader.sync("--no-full-text")
    first, second, *_ = sorted(coldsweat_server.entry_ids())
    code, _, err = reader("mark-read", str(reader.local_id(first)), str(reader.local_id(second)))
    assert code == 0, err
    report = reader.sync("--no-full-text")
    assert report["sent"] == {"read": 2, "unread": 0, "saved": 0, "unsaved": 0}
    assert first not in coldsweat_server.unread_ids() and second not in coldsweat_server.unread_ids()
    reader("mark-unread", str(reader.local_id(first)))
    assert reader.sync("--no-full-text")["sent"]["unread"] == 1
    assert first in coldsweat_server.unread_ids()
    assert reader.flags(first) == (False, False) and reader.flags(second) == (True, False)
    assert reader.sync("--no-full-text")["sent"] == {"read": 0, "unread": 0, "saved": 0,
                                                      "unsaved": 0}


def test_read_and_unread_come_from_the_server(reader: Reader,
                                              coldsweat_server: ColdsweatServer) -> None:
    reader.sync("--no-full-text")
    first, second, *_ = sorted(coldsweat_server.entry_ids())
    coldsweat_server.mark(first, "read")
    coldsweat_server.mark(second, "read")
    report = reader.sync("--no-full-text")
    assert report["received"]["read"] == 2 and report["sent"]["read"] == 0
    assert reader.flags(first)[0] and reader.flags(second)[0]
    coldsweat_server.mark(second, "unread")  # as=unread: Coldsweat deletes its Read row
    assert reader.sync("--no-full-text")["received"]["unread"] == 1
    assert reader.flags(second) == (False, False)
    # taken from the server, logged in the record, never sent back
    assert reader.sync("--no-full-text")["sent"] == {"read": 0, "unread": 0, "saved": 0,
                                                      "unsaved": 0}
    journal = (reader.data_dir / "record" / "journal.jsonl").read_text(encoding="utf-8")
    assert '"scope":"sync:fever"' in journal


def test_bookmarks_go_to_the_server_as_saved_and_back(reader: Reader,
                                                       coldsweat_server: ColdsweatServer) -> None:
    reader.sync("--no-full-text")
    first, *_ = sorted(coldsweat_server.entry_ids())
    reader("bookmark", "add", str(reader.local_id(first)))
    assert reader.sync("--no-full-text")["sent"]["saved"] == 1
    assert coldsweat_server.saved_ids() == [first]
    reader("bookmark", "remove", str(reader.local_id(first)))
    assert reader.sync("--no-full-text")["sent"]["unsaved"] == 1
    assert coldsweat_server.saved_ids() == []


def test_saved_there_is_a_bookmark_here_with_its_offline_copy_and_unsaved_removes_it(
        reader: Reader, coldsweat_server: ColdsweatServer) -> None:
    reader.sync()
    *_, last = sorted(coldsweat_server.entry_ids())
    coldsweat_server.mark(last, "saved")
    report = reader.sync()
    assert report["received"]["bookmarked"] == 1
    assert reader.flags(last) == (False, True)
    snapshots = list((reader.data_dir / "record" / "bookmarks").glob("*.json"))
    [snapshot] = [json.loads(p.read_text(encoding="utf-8")) for p in snapshots]
    assert [b["kind"] for b in snapshot["blocks"]].count("paragraph") == 3  # the full text
    code, out, _ = reader("show", str(reader.local_id(last)), "--offline", "--json")
    assert code == 0 and json.loads(out)["blocks"]
    coldsweat_server.mark(last, "unsaved")
    assert reader.sync("--no-full-text")["received"]["unbookmarked"] == 1
    assert reader.flags(last) == (False, False)
    assert list((reader.data_dir / "record" / "bookmarks").glob("*.json")) == []


def test_mark_all_read_here_reaches_the_server(reader: Reader,
                                               coldsweat_server: ColdsweatServer) -> None:
    reader.sync("--no-full-text")
    code, _, err = reader("mark-read", "--all", "--category", "the-thao")
    assert code == 0, err
    assert reader.sync("--no-full-text")["sent"]["read"] == 6
    assert len(coldsweat_server.unread_ids()) == 3


def test_an_outage_keeps_the_changes_made_meanwhile_and_the_server_never_overwrites_them(
        reader: Reader, coldsweat_server: ColdsweatServer) -> None:
    reader.sync("--no-full-text")
    first, second, third, *_ = sorted(coldsweat_server.entry_ids())
    coldsweat_server.mark(third, "read")
    assert reader.sync("--no-full-text")["received"]["read"] == 1
    coldsweat_server.stop()
    reader("mark-read", str(reader.local_id(first)))
    reader("bookmark", "add", str(reader.local_id(second)))
    reader("mark-unread", str(reader.local_id(third)))  # read there, unread here: here wins
    code, out, _err = reader("sync", "--json", "--no-full-text")
    assert code == 1
    failed = json.loads(out)["sync"]
    assert failed["status"] == "error" and failed["error"].startswith("cannot connect")
    code, out, _ = reader("doctor", "--json")
    assert json.loads(out)["sync"]["queued"] == 3
    # a refresh while the server is down: the same, and still exit 1
    code, out, _ = reader("refresh", "--json", "--no-full-text")
    assert code == 1 and json.loads(out)["sync"]["status"] == "error"
    assert reader.flags(first) == (True, False) and reader.flags(second) == (False, True)
    coldsweat_server.start()
    report = reader.sync("--no-full-text")
    assert report["sent"] == {"read": 1, "unread": 1, "saved": 1, "unsaved": 0}
    assert report["received"] == {"read": 0, "unread": 0, "bookmarked": 0, "unbookmarked": 0}
    assert first not in coldsweat_server.unread_ids()
    assert third in coldsweat_server.unread_ids()
    assert coldsweat_server.saved_ids() == [second]
    assert reader.flags(third) == (False, False)
    code, out, _ = reader("doctor", "--json")
    assert json.loads(out)["sync"]["queued"] == 0


def test_two_machines_follow_each_other(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        coldsweat_server: ColdsweatServer) -> None:
    desk = Reader(tmp_path, capsys, coldsweat_server, name="desk")
    laptop = Reader(tmp_path, capsys, coldsweat_server, name="laptop")
    desk.sync("--no-full-text")
    laptop.sync("--no-full-text")
    first, second, *_ = sorted(coldsweat_server.entry_ids())
    desk("mark-read", str(desk.local_id(first)))
    laptop("bookmark", "add", str(laptop.local_id(second)))
    desk.sync("--no-full-text")
    laptop.sync("--no-full-text")
    desk.sync("--no-full-text")
    assert desk.flags(first) == laptop.flags(first) == (True, False)
    assert desk.flags(second) == laptop.flags(second) == (False, True)


def test_a_wrong_password_is_exit_2_naming_the_server_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], coldsweat_server: ColdsweatServer) -> None:
    wrong = "một mật khẩu sai"
    reader = Reader(tmp_path, capsys, coldsweat_server, password=wrong)
    code, out, err = reader("sync")
    assert code == 2
    assert out.strip() == f"✗ {coldsweat_server.url}: login failed (wrong user name or password); " \
                          "nothing was changed"
    assert not (reader.data_dir / "record" / "cursors.json").exists()
    assert reader.rows() == []
    code, out, err = reader("doctor", "--json")
    assert wrong not in out + err and coldsweat_server.password not in out + err


def test_a_refresh_with_a_wrong_password_stores_its_own_feeds_and_reports_the_sync(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], coldsweat_server: ColdsweatServer,
        sample_server: Any) -> None:
    feed = f'[[feeds]]\nurl = "{sample_server.base_url}/rss/phap-luat-80.rss"\ncategory = "Pháp luật"\n'
    reader = Reader(tmp_path, capsys, coldsweat_server, password="không đúng chút nào",
                    extra=feed)
    code, out, err = reader("refresh", "--json", "--no-full-text")
    assert code == 1
    summary = json.loads(out)
    assert [f["status"] for f in summary["feeds"]] == ["ok"] and summary["new"] > 0
    assert summary["sync"]["status"] == "error" and "login failed" in summary["sync"]["error"]
    assert "không đúng" not in out + err


def test_a_sync_waits_for_a_running_refresh_like_refresh_wait(reader: Reader) -> None:
    reader.data_dir.mkdir()
    with RefreshLock(reader.data_dir):
        code, _, err = reader("sync", "--wait", "0.2")
    assert code == 3
    assert "another refresh" in err.lower()


def test_with_sync_and_no_feeds_the_bundled_antd_feeds_are_not_fetched(
        reader: Reader, coldsweat_server: ColdsweatServer) -> None:
    code, out, err = reader("refresh", "--json", "--no-full-text")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["feeds"] == [] and summary["sync"]["new"] == 9
