"""What a sync does with answers a real server would not give: hostile, broken or odd.

A scriptable Fever server on 127.0.0.1 (``bench/fever_server.py``) sends them;
the directions of a sync are tested against the real Coldsweat server
(``test_sync_coldsweat.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.cli.main import main
from bench.fever_server import FeverServer

PASSWORD = "mat-khau-dai-12"


@pytest.fixture
def fever() -> Iterator[FeverServer]:
    with FeverServer(password=PASSWORD) as server:
        yield server


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, *args: str,
        password: str = PASSWORD, extra: str = "") -> tuple[int, str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'{extra}\n[sync]\nurl = "{url}"\nusername = "lan"\npassword = "{password}"\n',
                      encoding="utf-8")
    config.chmod(0o600)
    capsys.readouterr()
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def articles(tmp_path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    try:
        return conn.execute("SELECT title, url, read FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()


def test_an_answer_that_is_not_json_is_a_clear_error_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(3)
    fever.tamper = lambda command, answer: b"<html><body>Welcome to nginx</body></html>"
    code, out, _err = run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    assert code == 1
    assert "not Fever JSON" in out and "Welcome to nginx" in out
    assert articles(tmp_path) == []


@pytest.mark.parametrize("items", [
    "not a list", {"id": 1}, [1, 2, 3], [{"id": "abc", "feed_id": 1, "title": "x"}],
    [{"id": -5, "title": "x"}], [{"id": True, "title": "x"}], [{"id": 2**70, "title": "x"}],
])
def test_items_of_the_wrong_type_are_an_error_or_skipped_never_a_crash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer,
        items: Any) -> None:
    fever.add_items(2)

    def tamper(command: str, answer: dict[str, Any]) -> dict[str, Any] | None:
        if command == "items" and answer["items"]:
            return dict(answer, items=items)
        return None

    fever.tamper = tamper
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    report = json.loads(out)["sync"]
    if isinstance(items, list):  # bad entries are skipped, like a feed's
        assert code == 0, err
        assert report["new"] == 0
    else:
        assert code == 1 and report["status"] == "error"
        assert "not a list" in report["error"]
    assert "Traceback" not in err


def test_html_in_titles_and_javascript_links_are_sanitized(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    [number] = fever.add_items(1)
    fever.items[number].update(
        title="<script>alert(1)</script><b>Tin</b> \x1b[31mđỏ\x1b[0m",
        url="javascript:alert(document.cookie)", author="<img src=x onerror=alert(1)>Lan",
        html="<p onclick='x()'>Đoạn <b>một</b></p><script>evil()</script>")
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    assert code == 0, err
    [(title, url, _)] = articles(tmp_path)
    # as any feed's title: tags and control characters gone (the escape's visible rest stays)
    assert title == "Tin [31mđỏ[0m"
    assert url is None  # a javascript: link is no link
    code, out, _ = run(tmp_path, capsys, fever.url, "list", "--json")
    [row] = json.loads(out)
    assert "<" not in json.dumps(row, ensure_ascii=False) and "\x1b" not in row["title"]


def test_a_server_that_ignores_since_id_ends_without_duplicates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(30)

    def same_page_always(command: str, answer: dict[str, Any]) -> dict[str, Any] | None:
        if command == "items" and "items" in answer:
            return dict(answer, items=[fever.items[i] for i in sorted(fever.items)][:50])
        return None

    fever.tamper = same_page_always
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 30
    assert fever.calls["items"] == 2  # the second page brought nothing above the mark
    assert len(articles(tmp_path)) == 30


@pytest.mark.parametrize("order", ["desc", "shuffle"])
def test_pages_in_any_order_bring_every_item(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             fever: FeverServer, order: str) -> None:
    fever.add_items(173)
    fever.order = order
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 173
    fever.add_items(7)
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert json.loads(out)["sync"]["new"] == 7


def test_pages_that_are_not_the_lowest_ids_lose_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    """Coldsweat's pages: the first 50 in (feed, id) order, so a page's highest id skips
    the other feed's items below it; they are asked for by id, read ones too."""
    for _ in range(40):  # interleaved ids: 1, 3, 5… in feed 1; 2, 4, 6… in feed 2
        fever.add_items(1, feed_id=1)
        fever.add_items(1, feed_id=2)
    fever.unread = set()  # all read there: the unread list cannot help
    fever.order = "feed"
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 80
    assert sorted(r[2] for r in articles(tmp_path)) == [1] * 80
    for _ in range(5):
        fever.add_items(1, feed_id=1)
        fever.add_items(1, feed_id=2)
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert json.loads(out)["sync"]["new"] == 10
    assert len(articles(tmp_path)) == 90


def test_holes_in_the_ids_cost_two_calls(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        fever: FeverServer) -> None:
    """Another user's items (ids this account never sees) between ours: asking for the
    first page's first and last 50 missing ids finds nothing, and the pages are trusted."""
    for number in range(1, 400, 4):
        fever.add_items(1, start=number)
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 100
    assert fever.calls["items"] == 3 + 2  # two full pages, the empty one, two probes
    fever.calls.clear()
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert json.loads(out)["sync"]["new"] == 0
    assert fever.calls["items"] == 1


def test_unread_items_the_pages_skipped_are_fetched_by_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(60)
    code, _, err = run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    assert code == 0, err
    # an item with a lower id than the mark arrives late (a server's own numbering)
    fever.add_items(1, start=10_000)
    fever.items[5_000] = dict(fever.items.pop(10_000), id=5_000, url="http://127.0.0.1:9/a/late")
    fever.unread.discard(10_000)
    fever.unread.add(5_000)
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert json.loads(out)["sync"]["new"] == 1
    assert ("Tin số 10000", "http://127.0.0.1:9/a/late", 0) in articles(tmp_path)


def test_ids_the_cache_never_had_and_huge_lists_change_nothing_else(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(5)
    fever.unread = {1, 2}  # 3, 4, 5 read there

    def huge(command: str, answer: dict[str, Any]) -> dict[str, Any] | None:
        if command == "saved_item_ids":
            return dict(answer, saved_item_ids=",".join(str(i) for i in range(10**6, 10**6 + 300_000)))
        return None

    fever.tamper = huge
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    report = json.loads(out)["sync"]
    assert report["received"]["read"] == 3 and report["received"]["bookmarked"] == 0
    assert sorted(r[2] for r in articles(tmp_path)) == [0, 0, 1, 1, 1]


def test_an_id_list_with_garbage_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             fever: FeverServer) -> None:
    fever.add_items(2)
    fever.tamper = lambda c, a: dict(a, unread_item_ids="1,two,3") if c == "unread_item_ids" else None
    code, out, _err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 1
    assert "'two', not an id" in json.loads(out)["sync"]["error"]


def test_a_wrong_password_is_exit_2_naming_the_server_and_never_shows_the_password(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(2)
    wrong = "sai-mat-khau-123"
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", password=wrong)
    assert code == 2
    assert json.loads(out)["sync"]["error"] == (
        f"{fever.url}: login failed (wrong user name or password); nothing was changed")
    assert fever.url in err
    _code2, out2, err2 = run(tmp_path, capsys, fever.url, "doctor", "--json", password=wrong)
    for text in (out, err, out2, err2):
        assert wrong not in text
    assert json.loads(out2)["sync"]["password"] == "password"
    assert articles(tmp_path) == []


def test_a_server_that_answers_401_is_a_failed_login(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], httpserver: Any) -> None:
    httpserver.expect_request("/fever/").respond_with_data("Unauthorized", status=401)
    code, out, _err = run(tmp_path, capsys, httpserver.url_for("/fever/"), "sync",
                         extra='language = "en"')
    assert code == 2
    assert "login failed" in out


def test_password_command_supplies_the_password_and_its_failure_leaks_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(1)
    config = tmp_path / "config.toml"
    config.write_text(f'[sync]\nurl = "{fever.url}"\nusername = "lan"\n'
                      f'password_command = "printf \'%s\\\\n\' {PASSWORD}"\n', encoding="utf-8")
    capsys.readouterr()
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"), "sync",
                 "--no-full-text"])
    out, err = capsys.readouterr()
    assert code == 0, err
    config.write_text(f'[sync]\nurl = "{fever.url}"\nusername = "lan"\n'
                      'password_command = "echo secret-on-stdout; echo oops >&2; exit 3"\n',
                      encoding="utf-8")
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"), "sync"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "password_command failed (exit status 3): oops" in out + err
    assert "secret-on-stdout" not in out + err


def test_warnings_for_a_readable_password_and_a_clear_text_server(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    assert "warning" not in err and "cảnh báo" not in err  # 0600, loopback: nothing to say
    config = tmp_path / "config.toml"
    config.write_text(f'language = "en"\n[sync]\nurl = "http://rss.example.invalid/fever/"\n'
                      f'username = "lan"\npassword = "{PASSWORD}"\n', encoding="utf-8")
    os.chmod(config, 0o644)
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"), "sync",
                 "--no-full-text"])
    out, err = capsys.readouterr()
    assert code == 1  # (nothing listens there)
    assert f"warning: {config} holds the sync password and others can read it" in err
    assert "warning: http://rss.example.invalid/fever/ is http:// on another machine" in err
    assert PASSWORD not in out + err


def test_no_sync_section_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"), "sync"])
    assert code == 2
    assert "no [sync] in the config file" in capsys.readouterr().err


def test_a_change_made_here_while_a_sync_runs_is_not_overwritten(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    """A key pressed in the reader between the sync's sending and its taking the server's
    state: the server still has the old state, and the change made here wins."""
    from antd_tui.core.record.marks import set_read
    from antd_tui.core.store.db import connect

    fever.add_items(5)
    run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    run(tmp_path, capsys, fever.url, "mark-read", "1")  # something to send: the mark call

    def reader_presses_a_key(command: str, answer: dict[str, Any]) -> None:
        if command == "mark":
            conn = connect(tmp_path / "data")
            try:
                set_read(conn, [2], True)
            finally:
                conn.close()

    fever.tamper = reader_presses_a_key
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["received"]["unread"] == 0
    assert [r[2] for r in articles(tmp_path)][:2] == [1, 1]
    fever.tamper = None
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert json.loads(out)["sync"]["sent"]["read"] == 1
    assert fever.unread == {3, 4, 5}


def test_items_past_the_retention_are_not_stored_nor_asked_for_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    old = fever.add_items(3)
    for number in old:
        fever.items[number]["created_on_time"] = 1_500_000_000  # 2017: past 30 days
    fever.add_items(2)
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text",
                         extra="retention_days = 30")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 2
    fever.calls.clear()
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text",
                         extra="retention_days = 30")
    assert json.loads(out)["sync"]["new"] == 0
    assert fever.calls["items"] == 1  # the old unread ones are known: not asked for by id


def test_a_pruned_article_is_not_fetched_again_and_its_flags_still_follow(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(4)
    run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    with conn:
        conn.execute("DELETE FROM articles WHERE id = 1")  # what prune does to an old article
    conn.close()
    fever.unread.discard(2)
    fever.calls.clear()
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    report = json.loads(out)["sync"]
    assert report["new"] == 0 and report["received"]["read"] == 1
    assert fever.calls["items"] == 1
    assert [r[2] for r in articles(tmp_path)] == [1, 0, 0]


def test_a_server_that_never_answers_times_out_with_exit_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], silent_server: Any) -> None:
    url = silent_server.url.replace("/feed.rss", "/fever/")
    code, out, _err = run(tmp_path, capsys, url, "sync", "--json",
                         extra="[fetch]\nread_timeout = 0.3\ndeadline = 1")
    assert code == 1
    report = json.loads(out)["sync"]
    assert report["status"] == "error" and report["error"] == "timed out"


def test_a_sync_cut_short_keeps_what_landed_and_the_next_goes_on_from_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.add_items(1_200)

    def fail_at_page_15(command: str, answer: dict[str, Any]) -> bytes | None:
        if command == "items" and fever.calls["items"] == 15:
            return b"502 Bad Gateway"
        return None

    fever.tamper = fail_at_page_15
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 1
    assert json.loads(out)["sync"]["new"] == 500  # the first batch landed, with its mark
    fever.tamper = None
    fever.calls.clear()
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 700
    assert fever.calls["items"] == 15  # 14 pages above the mark, then an empty one
    assert len(articles(tmp_path)) == 1_200


def test_an_article_read_here_before_the_server_sent_it_keeps_its_flags_and_sends_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer,
        httpserver: Any) -> None:
    """A [[feeds]] entry brought the article first; the server's copy of it arrives later,
    unread there: what was done here wins and goes to the server."""
    fever.add_items(3, base="http://127.0.0.1:9/a")
    rss = ("<rss version='2.0'><channel><title>A</title>" + "".join(
        f"<item><title>Tin số {n}</title><link>http://127.0.0.1:9/a/{n}</link></item>"
        for n in (1, 2)) + "</channel></rss>")
    httpserver.expect_request("/a.rss").respond_with_data(rss, content_type="application/rss+xml")
    feed = f'[[feeds]]\nurl = "{httpserver.url_for("/a.rss")}"\ncategory = "A"\n'
    config = tmp_path / "config.toml"
    config.write_text(feed, encoding="utf-8")
    args = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    assert main([*args, "refresh", "--no-full-text"]) == 0
    assert main([*args, "mark-read", "1"]) == 0
    assert main([*args, "bookmark", "add", "2"]) == 0
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text",
                         extra=feed)
    assert code == 0, err
    report = json.loads(out)["sync"]
    assert report["new"] == 1  # item 3; items 1 and 2 are the articles already here
    assert report["sent"] == {"read": 1, "unread": 0, "saved": 1, "unsaved": 0}
    assert fever.unread == {2, 3} and fever.saved == {2}
    assert [r[2] for r in articles(tmp_path)] == [1, 0, 0]
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text",
                         extra=feed)
    assert json.loads(out)["sync"]["sent"] == {"read": 0, "unread": 0, "saved": 0, "unsaved": 0}


def test_group_titles_are_text_and_the_ungrouped_category_has_one_slug_in_any_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    fever.groups = [{"id": 1, "title": "Khoa học &amp; Công nghệ"}, {"id": 2, "title": "<b>Kinh tế</b>"}]
    fever.feeds.append({"id": 9, "title": "C", "url": "http://c/rss"})
    fever.add_items(1, feed_id=1)
    fever.add_items(1, feed_id=2)
    fever.add_items(1, feed_id=9)  # in no group
    run(tmp_path, capsys, fever.url, "sync", "--no-full-text")
    fever.add_items(1, feed_id=9)
    run(tmp_path, capsys, fever.url, "sync", "--no-full-text", extra='language = "en"')
    conn = sqlite3.connect(tmp_path / "data" / "antd.sqlite3")
    groups = conn.execute("SELECT slug, name FROM sync_groups ORDER BY position").fetchall()
    conn.close()
    assert groups == [("khoa-hoc-cong-nghe", "Khoa học & Công nghệ"), ("kinh-te", "Kinh tế"),
                      ("other", "Other")]  # named in the language of the last sync


def test_pages_out_of_order_after_holes_still_bring_every_item(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fever: FeverServer) -> None:
    """Another user's ids 1-60 first (holes here), then ours in two interleaved feeds,
    paged in (feed, id) order: the holes do not make the pages look trustworthy."""
    for number in range(61, 261):
        fever.add_items(1, feed_id=1 + number % 2, start=number)
    fever.unread = set()
    fever.order = "feed"
    code, out, err = run(tmp_path, capsys, fever.url, "sync", "--json", "--no-full-text")
    assert code == 0, err
    assert json.loads(out)["sync"]["new"] == 200
