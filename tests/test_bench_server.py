"""The bench's loopback server (bench/server.py) answers as the refresh scenarios assume."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

from bench.server import BenchServer


def _site(tmp_path: Path) -> Path:
    (tmp_path / "rss").mkdir()
    (tmp_path / "rss" / "a.rss").write_text("<rss><channel><link>{{BASE}}/</link>" + "x" * 2000
                                            + "</channel></rss>")
    return tmp_path


def _get(conn: http.client.HTTPConnection, path: str, **headers: str
         ) -> tuple[int, dict[str, str], bytes]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_etags_304s_gzip_and_a_server_that_ignores_validators(tmp_path: Path) -> None:
    with BenchServer(_site(tmp_path)) as server:
        conn = http.client.HTTPConnection(server.base_url.removeprefix("http://"), timeout=10)
        status, head, body = _get(conn, "/rss/a.rss", **{"Accept-Encoding": "gzip"})
        assert status == 200 and head["content-encoding"] == "gzip"
        assert head["content-type"] == "application/rss+xml; charset=utf-8"
        text = gzip.decompress(body).decode()
        assert text.startswith(f"<rss><channel><link>{server.base_url}/</link>")
        etag = head["etag"]
        # the same connection (keep-alive): a matching ETag gets a 304 without a body
        status, head, body = _get(conn, "/rss/a.rss", **{"If-None-Match": etag})
        assert (status, head["etag"], body) == (304, etag, b"")
        server.honour_validators(False)
        status, head, body = _get(conn, "/rss/a.rss", **{"If-None-Match": etag})
        assert status == 200 and "content-encoding" not in head and body.decode() == text
        assert _get(conn, "/rss/missing.rss")[0] == 404
        conn.close()
