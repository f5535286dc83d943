"""The Coldsweat 0.10.2 fixture works, and what Coldsweat's Fever API does: facts the sync client
relies on (and quirks it must live with), checked against the real server."""

from __future__ import annotations

import hashlib
import os
import socket
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.sync.coldsweat import ColdsweatServer, post


def _status(server: ColdsweatServer, *commands: str, **form: str | int) -> int:
    """The HTTP status of a call that fails."""
    with pytest.raises(urllib.error.HTTPError) as caught:
        server.call(*commands, **form)
    return caught.value.code


def test_the_endpoint_is_the_fever_path_and_the_api_key_is_md5_of_user_colon_password(
    coldsweat_server: ColdsweatServer,
) -> None:
    server = coldsweat_server
    assert server.url == f"http://127.0.0.1:{server.port}/fever/"
    assert server.api_key == hashlib.md5(f"{server.username}:{server.password}".encode()).hexdigest()
    assert server.call()["auth"] == 1
    assert server.call(api_key=server.api_key.upper())["auth"] == 1  # Coldsweat lowers it
    # "/fever" works too; the site root is Coldsweat's web app, not the API (405 to a POST)
    assert post(server.url.rstrip("/") + "?api", {"api_key": server.api_key})["auth"] == 1
    with pytest.raises(urllib.error.HTTPError) as root:
        post(server.url.removesuffix("fever/") + "?api", {"api_key": server.api_key})
    assert root.value.code == 405


def test_a_wrong_api_key_is_auth_0_with_http_200_and_nothing_else(coldsweat_server: ColdsweatServer) -> None:
    assert coldsweat_server.call("groups", "items", api_key="0" * 32) == {"api_version": 3, "auth": 0}
    # the key is read from the POST body only: in the query string it is no key at all
    get = f"{coldsweat_server.url}?api&api_key={coldsweat_server.api_key}"
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(get, timeout=10) as answer:
        assert answer.status == 200 and b'"auth":0' in answer.read()


def test_no_api_in_the_query_string_is_http_400(coldsweat_server: ColdsweatServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        post(coldsweat_server.url, {"api_key": coldsweat_server.api_key})
    assert caught.value.code == 400


def test_groups_are_sorted_by_title_and_feeds_groups_are_comma_separated_strings(
    coldsweat_server: ColdsweatServer,
) -> None:
    answer = coldsweat_server.call("groups")
    feeds = coldsweat_server.feed_ids()
    by_title = {group["title"]: group["id"] for group in answer["groups"]}
    assert [group["title"] for group in answer["groups"]] == ["Thể thao", "Thời sự"]  # by title (bytes)
    assert sorted(answer["feeds_groups"], key=lambda row: row["group_id"]) == sorted(
        [
            {"group_id": by_title["Thời sự"], "feed_ids": f"{feeds['thoi-su']}"},
            {"group_id": by_title["Thể thao"], "feed_ids": f"{feeds['bong-da']},{feeds['quan-vot']}"},
        ],
        key=lambda row: row["group_id"],
    )
    feed = next(f for f in coldsweat_server.call("feeds")["feeds"] if f["id"] == feeds["bong-da"])
    assert feed["title"] == "Bóng đá" and feed["site_url"] == coldsweat_server.site.base + "/"
    assert feed["favicon_id"] == feed["id"] and feed["is_spark"] == 0


def test_items_link_to_article_pages_and_ids_follow_the_feeds_order_not_the_dates(
    coldsweat_server: ColdsweatServer,
) -> None:
    site = coldsweat_server.site
    items = coldsweat_server.items()
    assert len(items) == 9 == coldsweat_server.call("items")["total_items"]
    first = [item for item in items if item["feed_id"] == coldsweat_server.feed_ids()["thoi-su"]]
    # the feed lists its newest item first and Coldsweat numbers them in that order
    assert [item["title"] for item in first] == [site.title("thoi-su", n) for n in (3, 2, 1)]
    for item in first:
        assert item["url"].startswith(site.base + "/articles/thoi-su/")
        assert (item["is_read"], item["is_saved"], item["author"]) == (0, 0, "")
        assert item["html"].startswith("<p>Đây là đoạn mở đầu")
        number = int(item["url"].rsplit("/", 1)[1].removesuffix(".html"))
        assert item["created_on_time"] == int(site.published(number).timestamp())  # the pubDate
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(item["url"]) as page:
            html = page.read().decode()
        assert f"<h1>{item['title']}</h1>" in html and html.count("<p>") == 3
    assert [item["id"] for item in items] == sorted(coldsweat_server.entry_ids())
    assert coldsweat_server.unread_ids() == [item["id"] for item in items]


def test_a_since_id_page_is_50_items_in_group_then_feed_order_so_max_id_paging_skips_items(
    coldsweat_server: ColdsweatServer,
) -> None:
    server = coldsweat_server
    assert len(server.add_entries("bong-da", 60)) == 60
    assert len(server.add_entries("thoi-su", 5)) == 5
    page = server.call("items", "since_id=0")["items"]
    ids = [item["id"] for item in page]
    assert len(page) == 50 and ids != sorted(ids)
    # no ORDER BY: SQLite walks subscriptions by (group id, feed id), then each feed's ids
    group_of = {int(feed): row["group_id"] for row in server.call("groups")["feeds_groups"]
                for feed in row["feed_ids"].split(",")}
    assert page == sorted(page, key=lambda item: (group_of[item["feed_id"]], item["feed_id"], item["id"]))
    assert server.call("items")["items"] == page  # no argument: the same first 50
    # the Fever recipe (next since_id = highest id so far) then misses most of the second feed
    seen: set[int] = set()
    since = 0
    while batch := server.call("items", f"since_id={since}")["items"]:
        seen |= {item["id"] for item in batch}
        since = max(seen)
    assert len(server.items()) == 74 and len(seen) < 74
    assert server.call("items", "since_id=0")["total_items"] == 74  # all of them, not the page's


def test_since_id_max_id_and_with_ids_count_only_in_the_query_string(
    coldsweat_server: ColdsweatServer,
) -> None:
    server = coldsweat_server
    server.add_entries("quan-vot", 50)
    assert len(server.call("items", since_id=5)["items"]) == 50  # in the body: ignored
    assert {item["id"] for item in server.call("items", "since_id=50")["items"]} == set(range(51, 60))
    assert {item["id"] for item in server.call("items", "max_id=5")["items"]} == {1, 2, 3, 4}
    assert "items" not in server.call("items", "max_id=0")  # no key at all, not []
    with_ids = ",".join(str(n) for n in range(1, 60))
    assert len(server.call("items", f"with_ids={with_ids}")["items"]) == 50  # the first 50 asked for


def test_read_then_unread_deletes_the_read_mark(coldsweat_server: ColdsweatServer) -> None:
    server = coldsweat_server
    everything = server.unread_ids()
    assert server.mark(everything[0], "read")["auth"] == 1
    assert server.mark(everything[0], "read")["auth"] == 1  # twice: no error
    assert server.unread_ids() == everything[1:]
    assert server.items()[0]["is_read"] == 1
    assert server.mark(everything[0], "unread")["auth"] == 1  # its Read row is deleted
    assert server.unread_ids() == everything and server.items()[0]["is_read"] == 0
    assert server.mark(everything[1], "unread")["auth"] == 1  # never read: nothing to do, no error
    assert server.mark(everything[1], "bogus")["auth"] == 1  # an unknown "as": silently nothing
    assert server.unread_ids() == everything


def test_saved_and_unsaved_and_the_id_list_format(coldsweat_server: ColdsweatServer) -> None:
    server = coldsweat_server
    assert server.call("saved_item_ids")["saved_item_ids"] == ""
    server.mark(2, "saved")
    server.mark(5, "saved")
    server.mark(5, "saved")  # twice: no error
    answer = server.call("saved_item_ids", "unread_item_ids")
    assert answer["saved_item_ids"] == "2,5" and answer["unread_item_ids"] == "1,2,3,4,5,6,7,8,9"
    assert [item["id"] for item in server.items() if item["is_saved"]] == [2, 5]
    server.mark(2, "unsaved")
    assert server.saved_ids() == [5]
    assert server.unread_ids() == list(range(1, 10))  # saving does not read


def test_mark_errors_are_http_status_codes(coldsweat_server: ColdsweatServer) -> None:
    server = coldsweat_server
    assert _status(server, "mark", mark="item", id=99999, **{"as": "read"}) == 404  # no such item
    assert _status(server, "mark=item", "as=read", "id=1") == 400  # mark, as and id go in the body
    assert _status(server, "mark", mark="item", id="x", **{"as": "read"}) == 400
    assert _status(server, "mark", mark="feed", id=1, **{"as": "read"}) == 400  # no "before"
    assert _status(server, "mark", mark="group", id=999, before=int(time.time()), **{"as": "read"}) == 404
    assert server.unread_ids() == list(range(1, 10))


def test_group_read_compares_before_with_the_items_dates_and_recently_read_undoes_it(
    coldsweat_server: ColdsweatServer,
) -> None:
    server = coldsweat_server
    newest = int(server.site.published(9).timestamp())  # the site's latest item
    # group 0 is all; "before" is compared with each item's created_on_time (its pubDate),
    # not with the time it reached the server: items strictly older than it are read
    server.call("mark", mark="group", id=0, before=newest, **{"as": "read"})
    assert [item["created_on_time"] for item in server.items() if not item["is_read"]] == [newest]
    server.call("unread_recently_read")  # every read of the last 10 minutes is undone
    assert server.unread_ids() == list(range(1, 10))
    thoi_su = next(g["id"] for g in server.call("groups")["groups"] if g["title"] == "Thời sự")
    server.call("mark", mark="group", id=thoi_su, before=int(time.time()), **{"as": "read"})
    feeds = server.feed_ids()
    assert {item["feed_id"] for item in server.items() if item["is_read"]} == {feeds["thoi-su"]}
    server.call("mark", mark="feed", id=feeds["quan-vot"], before=int(time.time()), **{"as": "read"})
    assert {item["feed_id"] for item in server.items() if not item["is_read"]} == {feeds["bong-da"]}


def test_add_entries_fetches_new_unread_items(coldsweat_server: ColdsweatServer) -> None:
    server = coldsweat_server
    before = server.call("items")["last_refreshed_on_time"]
    new = server.add_entries("thoi-su", 2)
    assert new == [10, 11]
    items: dict[int, dict[str, Any]] = {item["id"]: item for item in server.items()}
    assert [items[n]["title"] for n in new] == [server.site.title("thoi-su", n) for n in (11, 10)]
    assert set(new) <= set(server.unread_ids())
    assert server.call("items")["last_refreshed_on_time"] >= before
    assert server.site.hits.count("/feeds/thoi-su.rss") == 2  # the import's fetch, then this one


def test_stop_is_an_outage_and_start_comes_back_on_the_same_url_with_the_same_data(
    coldsweat_server: ColdsweatServer,
) -> None:
    server = coldsweat_server
    server.mark(3, "read")
    pid = server.pid
    server.stop()
    with pytest.raises(urllib.error.URLError):
        server.call()
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)  # the whole process group is gone
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT, not a listener
        sock.bind(("127.0.0.1", server.port))  # and the port free
    assert server.add_entries("bong-da", 1) == [10]  # fetching works while it is down
    server.start()
    assert 3 not in server.unread_ids() and 10 in server.unread_ids()
