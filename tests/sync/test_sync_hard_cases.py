"""Where a sync could lose or undo what someone did: rejected marks, lost caches, bookmarks the
server takes away, credentials in the URL, the demo, a syncer switched off for a while.
Against the scriptable Fever server (``bench/fever_server.py``); each case was first found
failing by a review of the sync."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from antd_tui.cli.main import main
from bench.fever_server import FeverServer
from tests.sync.test_sync_answers import PASSWORD, run


@pytest.fixture
def fever() -> Iterator[FeverServer]:
    with MarkStatus(password=PASSWORD) as server:
        yield server


class MarkStatus(FeverServer):
    """Answers every mark call with ``mark_status`` when set (a proxy's error page…)."""

    mark_status: int | None = None

    def answer(self, query: dict[str, str], form: dict[str, str]) -> tuple[int, Any]:
        if self.mark_status is not None and "mark" in form:
            self.calls["mark"] += 1
            return self.mark_status, b"<html>Not Found</html>"
        return super().answer(query, form)


def flags(tmp_path: Path) -> dict[int, tuple[int, int]]:
    """Article id -> (read, bookmarked)."""
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    try:
        return {int(i): (int(r), int(b)) for i, r, b in conn.execute(
            "SELECT id, read, bookmarked_at IS NOT NULL FROM articles ORDER BY id")}
    finally:
        conn.close()


def snapshots(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "data" / "record" / "bookmarks").glob("*.json"))


def sync(tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer, *args: str,
         extra: str = "") -> tuple[int, dict[str, Any]]:
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text", *args,
                         extra=extra)
    assert "Traceback" not in err
    return code, json.loads(out)["sync"]


def lose_cache(tmp_path: Path) -> None:
    for path in (tmp_path / "data").glob("antd.sqlite3*"):
        path.unlink()


# -- marks the server refuses ------------------------------------------------------------

def test_a_404_to_a_read_mark_of_an_item_the_server_lists_keeps_the_change_queued(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(3)
    sync(tmp_path, capsys, fever)
    run(tmp_path, capsys, fever.url, "mark-read", "1")
    fever.mark_status = 404
    code, report = sync(tmp_path, capsys, fever)
    assert code == 1 and "404 Not Found to marking item 1 read, an item it has" in report["error"]
    assert flags(tmp_path)[1] == (1, 0)  # not taken back from the server's unread
    fever.mark_status = None
    code, report = sync(tmp_path, capsys, fever)
    assert report["sent"]["read"] == 1 and 1 not in fever.unread


def test_a_failed_mark_is_a_plain_error_and_a_refused_login_on_a_mark_is_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(3)
    sync(tmp_path, capsys, fever)
    run(tmp_path, capsys, fever.url, "mark-read", "1")
    fever.mark_status = 500
    code, report = sync(tmp_path, capsys, fever)
    assert code == 1 and report["error"] == "HTTP 500"
    fever.mark_status = None
    fever.tamper = lambda command, answer: {"api_version": 3, "auth": 0} if command == "mark" else None
    code, report = sync(tmp_path, capsys, fever)
    assert code == 2 and "login failed" in report["error"]


def test_an_item_the_server_purged_is_not_flipped_back_by_its_lists(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(3)
    fever.unread.discard(1)
    sync(tmp_path, capsys, fever)
    del fever.items[1]  # old and read: purged there
    run(tmp_path, capsys, fever.url, "mark-unread", "1")
    code, report = sync(tmp_path, capsys, fever)
    assert code == 0 and report["skipped"] == 1 and report["received"]["read"] == 0
    assert flags(tmp_path)[1] == (0, 0)
    assert sync(tmp_path, capsys, fever)[1]["received"]["read"] == 0


# -- what a lost cache or a new address must not undo ---------------------------------------

def test_after_a_lost_cache_the_restored_flags_do_not_undo_what_another_machine_did(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(3)
    sync(tmp_path, capsys, fever)
    run(tmp_path, capsys, fever.url, "mark-read", "1")
    run(tmp_path, capsys, fever.url, "bookmark", "add", "1")
    sync(tmp_path, capsys, fever)
    assert fever.saved == {1} and 1 not in fever.unread
    fever.saved.discard(1)  # another machine: unsaved, and unread again
    fever.unread.add(1)
    lose_cache(tmp_path)
    code, report = sync(tmp_path, capsys, fever)
    assert code == 0 and report["sent"] == {"read": 0, "unread": 0, "saved": 0, "unsaved": 0}
    assert fever.saved == set() and 1 in fever.unread


def test_changes_queued_during_an_outage_survive_a_lost_cache(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(6)
    sync(tmp_path, capsys, fever)
    fever.tamper = lambda command, answer: b"502 Bad Gateway"
    run(tmp_path, capsys, fever.url, "mark-read", "4")
    run(tmp_path, capsys, fever.url, "bookmark", "add", "5")
    assert sync(tmp_path, capsys, fever)[0] == 1
    lose_cache(tmp_path)
    fever.tamper = None
    fever.calls.clear()
    code, _report = sync(tmp_path, capsys, fever)
    assert code == 0 and fever.calls["mark"] == 2
    assert 4 not in fever.unread and fever.saved == {5}


def test_a_new_address_is_a_new_account_and_gets_what_was_done_here(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    """Moving to another server (or the same one at a new address) must not make everything
    read here unread: what was read and bookmarked here goes there, as at a first sync."""
    fever.add_items(3)
    sync(tmp_path, capsys, fever)
    run(tmp_path, capsys, fever.url, "mark-read", "2")
    run(tmp_path, capsys, fever.url, "bookmark", "add", "3")
    sync(tmp_path, capsys, fever)
    fever.unread.add(2)  # as a new server has it: unread, not saved
    fever.saved.discard(3)
    other = fever.url.replace("127.0.0.1", "localhost")
    code, out, err = run(tmp_path, capsys, other, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["sent"] == {"read": 1, "unread": 0, "saved": 1, "unsaved": 0}
    assert 2 not in fever.unread and 3 in fever.saved
    assert flags(tmp_path)[2] == (1, 0) and flags(tmp_path)[3] == (0, 1)


# -- bookmarks the server takes away ---------------------------------------------------------

def test_a_saved_item_the_server_forgot_keeps_its_bookmark(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(3)
    sync(tmp_path, capsys, fever)
    run(tmp_path, capsys, fever.url, "bookmark", "add", "1")
    sync(tmp_path, capsys, fever)
    before = snapshots(tmp_path)
    del fever.items[1]  # its feed removed there
    fever.saved.discard(1)
    fever.unread.discard(1)
    code, report = sync(tmp_path, capsys, fever)
    assert code == 0 and report["received"]["unbookmarked"] == 0
    assert flags(tmp_path)[1][1] == 1 and snapshots(tmp_path) == before


def test_one_empty_saved_list_takes_no_bookmark_away(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(5)
    fever.saved |= {1, 2, 3, 4, 5}
    sync(tmp_path, capsys, fever)
    before = snapshots(tmp_path)
    assert len(before) == 5
    fever.tamper = lambda c, a: dict(a, saved_item_ids="") if c == "saved_item_ids" else None
    code, report = sync(tmp_path, capsys, fever, extra="retention_days = 30")
    assert code == 0 and report["received"]["unbookmarked"] == 0
    assert snapshots(tmp_path) == before


def test_an_old_item_saved_there_becomes_a_bookmark_whatever_the_retention(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(2)
    fever.items[1]["created_on_time"] = 1_500_000_000  # 2017
    fever.saved.add(1)
    code, report = sync(tmp_path, capsys, fever, extra="retention_days = 30")
    assert code == 0 and report["received"]["bookmarked"] == 1
    assert [marked for _, marked in flags(tmp_path).values()].count(1) == 1


def test_unsaved_there_and_confirmed_removes_the_bookmark(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(2)
    fever.saved.add(1)
    sync(tmp_path, capsys, fever)
    fever.saved.discard(1)
    _code, report = sync(tmp_path, capsys, fever)
    assert report["received"]["unbookmarked"] == 1 and snapshots(tmp_path) == []


# -- secrets and the throwaway demo -----------------------------------------------------------

def test_user_and_password_in_the_url_are_never_shown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(2)
    url = fever.url.replace("http://", "http://lan:s3cret-basic@")
    said = []
    for args, password in ((("sync", "--no-full-text"), PASSWORD),
                           (("sync", "--json", "--no-full-text"), PASSWORD),
                           (("doctor",), PASSWORD), (("doctor", "--json"), PASSWORD),
                           (("sync", "--no-full-text"), "wrong-password-1")):
        _code, out, err = run(tmp_path, capsys, url, *args, password=password)
        said.append(out + err)
    assert "s3cret-basic" not in "".join(said)
    assert fever.url in said[0]
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    stored = conn.execute("SELECT account || COALESCE(error, '') FROM sync_state").fetchone()[0]
    conn.close()
    assert "s3cret" not in stored


def test_the_demo_never_talks_to_the_users_server(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTD_TUI_DATA_DIR")
    fever.add_items(5)
    config = tmp_path / "config.toml"
    config.write_text(f'[sync]\nurl = "{fever.url}"\nusername = "lan"\npassword = "{PASSWORD}"\n',
                      encoding="utf-8")
    main(["--config", str(config), "demo", "--verbose"])  # no terminal: the reader refuses
    assert sum(fever.calls.values()) == 0


# -- a syncer switched off for a while ------------------------------------------------------

class _EmptyFeed(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_changes_queued_while_sync_is_switched_off_for_a_while_are_still_sent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    from antd_tui.core.record import journal

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyFeed)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        fever.add_items(3)
        sync(tmp_path, capsys, fever)
        fever.tamper = lambda command, answer: b"502 Bad Gateway"
        run(tmp_path, capsys, fever.url, "mark-read", "1")
        assert sync(tmp_path, capsys, fever)[0] == 1
        data = tmp_path / "data"
        with journal.locked(data):  # the journal grows past 1 MB: compaction is due
            journal.append(data, "read", [f"url:example.vn/bai/{n:08d}" for n in range(50_000)])
        plain = tmp_path / "plain.toml"
        plain.write_text(f'[[feeds]]\nurl = "http://127.0.0.1:{httpd.server_address[1]}/rss"\n'
                         'category = "Local"\n', encoding="utf-8")
        main(["--config", str(plain), "--data-dir", str(data), "refresh", "--no-full-text"])
        assert "sync" in journal.read_cursors(data)
        fever.tamper = None
        _code, report = sync(tmp_path, capsys, fever)
        assert report["sent"]["read"] == 1 and 1 not in fever.unread and flags(tmp_path)[1][0] == 1
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- found by a second review --------------------------------------------------------------

def test_a_404_for_an_item_the_server_still_sends_keeps_the_change_queued(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(2)
    fever.unread.discard(1)  # read there: in neither list
    sync(tmp_path, capsys, fever)
    run(tmp_path, capsys, fever.url, "bookmark", "add", "1")
    fever.mark_status = 404  # a proxy's page, not the server's answer
    code, report = sync(tmp_path, capsys, fever)
    assert code == 1 and report["skipped"] == 0
    fever.mark_status = None
    code, report = sync(tmp_path, capsys, fever)
    assert report["sent"]["saved"] == 1 and fever.saved == {1}


def test_an_item_listed_again_is_no_longer_gone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    fever.add_items(2)
    fever.unread.discard(1)  # read there and here
    sync(tmp_path, capsys, fever)
    hidden = fever.items.pop(1)  # not there for a while (its feed re-imported there…)
    run(tmp_path, capsys, fever.url, "mark-unread", "1")
    assert sync(tmp_path, capsys, fever)[1]["skipped"] == 1  # gone: nothing to send
    assert flags(tmp_path)[1] == (0, 0)  # and not taken back by the lists
    fever.items[1] = hidden
    fever.saved.add(1)  # back, and saved there: the server's state applies again
    _, report = sync(tmp_path, capsys, fever)
    assert report["received"]["bookmarked"] == 1 and flags(tmp_path)[1] == (1, 1)


def test_ids_that_are_microsecond_timestamps_sync_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    """FreshRSS's item ids are 16-digit times: the missing ids between two items are never
    listed one by one."""
    for number in range(1_723_747_214_799_884, 1_723_747_214_799_884 + 7 * 120, 7):
        fever.add_items(1, start=number)
    code, report = sync(tmp_path, capsys, fever)
    assert code == 0 and report["new"] == 120
    assert fever.calls["items"] <= 3 + 2 + 1  # pages, the empty one, probes, no id-by-id crawl


def test_a_long_break_does_not_send_old_flags_but_sends_what_changed_during_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    from antd_tui.core.store.db import connect
    from antd_tui.core.sync.queue import forget_if_unused

    fever.add_items(3)
    fever.unread.discard(1)
    fever.saved |= {1, 2}
    sync(tmp_path, capsys, fever)  # 1 read here, 1 and 2 bookmarked here
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    with conn:  # the last sync was 31 days ago; [sync] has been out of the config since
        conn.execute("UPDATE sync_state SET synced_at = synced_at - 31 * 86400, "
                     "tried_at = tried_at - 31 * 86400")
    conn.close()
    cache = connect(tmp_path / "data")
    forget_if_unused(cache, tmp_path / "data")
    cache.close()
    run(tmp_path, capsys, fever.url, "bookmark", "remove", "2")  # during the break
    fever.unread.add(1)  # another machine: 1 unread again, not saved
    fever.saved.discard(1)
    code, report = sync(tmp_path, capsys, fever)
    assert code == 0 and report["sent"] == {"read": 0, "unread": 0, "saved": 0, "unsaved": 1}
    assert fever.saved == set() and 1 in fever.unread
    assert flags(tmp_path)[1] == (0, 0) and flags(tmp_path)[2] == (0, 0)


def test_a_change_waiting_for_its_article_keeps_its_age(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: MarkStatus) -> None:
    import time

    fever.add_items(1)
    sync(tmp_path, capsys, fever)
    old = int(time.time()) - 29 * 86400
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    with conn:
        conn.execute("INSERT INTO sync_unsent (key, read, saved, at) VALUES "
                     "('url:example.vn/khong-co', 1, NULL, ?)", (old,))
    sync(tmp_path, capsys, fever)
    with conn:
        assert conn.execute("SELECT at FROM sync_unsent").fetchall() == [(old,)]
        conn.execute("UPDATE sync_unsent SET at = at - 2 * 86400")
    sync(tmp_path, capsys, fever)
    assert conn.execute("SELECT COUNT(*) FROM sync_unsent").fetchone()[0] == 0
    conn.close()
