"""A server that ignores validators but resends the same feed: nothing is parsed again.

Same compressed bytes are recognised before decompression (``feeds.wire_hash``);
the same feed compressed differently is recognised after it (``feeds.body_hash``).
"""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import serve_copy

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def hashes(data_dir: Path) -> tuple[str | None, str | None]:
    with sqlite3.connect(data_dir / "antd.sqlite3") as db:
        row = db.execute("SELECT wire_hash, body_hash FROM feeds").fetchone()
    return row[0], row[1]


def test_the_same_compressed_bytes_are_not_even_decompressed(cli_factory: Any, tmp_path: Path) -> None:
    with serve_copy(FIXTURES, tmp_path / "site") as server:
        server.honour_validators(False)
        cli = cli_factory([{"url": f"{server.base_url}/rss2.xml", "category": "Pháp luật"}])
        first = cli.json("refresh", "--json", "--no-full-text")
        assert first["feeds"][0]["status"] == "ok" and first["new"] == 3
        wire, body = hashes(cli.data_dir)
        assert wire and body and wire != body, "the feed came gzipped: both hashes are kept"
        # Spoil the decoded body's hash: now only the wire hash can tell "unchanged".
        with sqlite3.connect(cli.data_dir / "antd.sqlite3") as db:
            db.execute("UPDATE feeds SET body_hash = 'spoiled'")
        again = cli.json("refresh", "--json", "--no-full-text")
        assert again["feeds"][0]["status"] == "not_modified" and again["new"] == 0
        assert hashes(cli.data_dir) == (wire, "spoiled"), "never decompressed, so never re-hashed"

        feed = tmp_path / "site" / "rss2.xml"
        feed.write_text(feed.read_text(encoding="utf-8").replace("Bắt giữ", "Đã bắt giữ"),
                        encoding="utf-8")
        changed = cli.json("refresh", "--json", "--no-full-text")
        assert changed["feeds"][0]["status"] == "ok" and changed["feeds"][0]["updated"] == 1
        new_wire, new_body = hashes(cli.data_dir)
        assert new_wire not in (None, wire) and new_body not in (None, "spoiled")


def test_the_same_feed_compressed_differently_is_still_not_parsed_again(
        cli_factory: Any, httpserver: HTTPServer) -> None:
    feed = (FIXTURES / "rss2.xml").read_bytes().replace(b"{{BASE}}", httpserver.url_for("").encode())
    sent = [0]

    def handler(request: Request) -> Response:
        sent[0] += 1  # a new gzip timestamp every time: other bytes, same feed
        return Response(gzip.compress(feed, mtime=sent[0]), content_type="application/rss+xml",
                        headers={"Content-Encoding": "gzip"})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    cli = cli_factory([{"url": httpserver.url_for("/feed"), "category": "Pháp luật"}])
    assert cli.json("refresh", "--json", "--no-full-text")["new"] == 3
    wire, body = hashes(cli.data_dir)
    again = cli.json("refresh", "--json", "--no-full-text")
    assert again["feeds"][0]["status"] == "not_modified" and sent[0] == 2
    new_wire, new_body = hashes(cli.data_dir)
    assert new_body == body and new_wire not in (None, wire), "the latest wire hash is kept"
