"""Every hostile-server class at once, beside one healthy feed (issue 6's acceptance run)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bench.measure import PEAK_KIB
from tests.conftest import FIXTURES_FEEDS, SilentServer, dead_url, toml_config
from tests.test_parse import BILLION_LAUGHS

DEADLINE = 4.0
# Runs the CLI, then prints its own peak RSS (KiB) as the last line of stderr: the
# high-water mark of its own memory (VmHWM), not ru_maxrss, which across exec keeps the
# spawning process's size (the whole test session's pytest, ~400 MB by then, once failed
# this test in a clean clone's full run).
MEASURED = (
    "import sys\n"
    + PEAK_KIB +
    "from antd_tui.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "print(peak_kib(), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _stream(total: int) -> Iterator[bytes]:
    chunk = b"<" * 65536
    for _ in range(total // len(chunk)):
        yield chunk


def _bomb(size: int) -> bytes:
    """A gzip body that inflates to ``size`` bytes, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * 1_000_000
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


def _trickle(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        for _ in range(200):
            time.sleep(0.5)
            yield b" "

    return Response(body(), content_type="application/rss+xml")


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A pytest-httpserver that answers requests in parallel (a trickle must not block others)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_hostile_mix_ends_in_time_under_memory_cap_and_stores_the_healthy_feed(
    threaded_server: HTTPServer, silent_server: SilentServer, tmp_path: Path
) -> None:
    hs = threaded_server
    hs.expect_request("/healthy.rss").respond_with_data(
        (FIXTURES_FEEDS / "rss2.xml").read_bytes(), content_type="application/rss+xml")
    hs.expect_request("/huge.rss").respond_with_response(Response(_stream(300_000_000)))
    hs.expect_request("/bomb.rss").respond_with_data(_bomb(500_000_000),
                                                     headers={"Content-Encoding": "gzip"})
    hs.expect_request("/trickle.rss").respond_with_handler(_trickle)
    hs.expect_request("/gone.rss").respond_with_data("", status=410)
    hs.expect_request("/error.rss").respond_with_data("", status=500)
    hs.expect_request("/loop.rss").respond_with_data("", status=302, headers={"Location": "/loop.rss"})
    hs.expect_request("/file.rss").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"})
    hs.expect_request("/page.rss").respond_with_data(
        "<!DOCTYPE html><html><body>Trang chủ</body></html>", content_type="text/html")
    hs.expect_request("/empty.rss").respond_with_data("")
    hs.expect_request("/notfeed.json").respond_with_data('{"a": 1}', content_type="application/json")
    hs.expect_request("/laughs.rss").respond_with_data(BILLION_LAUGHS)
    hostile = ["huge", "bomb", "trickle", "gone", "error", "loop", "file", "page", "empty"]
    feeds = [{"url": hs.url_for("/healthy.rss"), "category": "Lành"}]
    feeds += [{"url": hs.url_for(f"/{name}.rss"), "category": name} for name in hostile]
    feeds += [{"url": hs.url_for("/notfeed.json"), "category": "notfeed"},
              {"url": silent_server.url, "category": "silent"},
              {"url": dead_url(), "category": "refused"},
              {"url": hs.url_for("/laughs.rss"), "category": "laughs"}]
    config = toml_config(tmp_path / "c.toml", feeds,
                         extra=f"[fetch]\ndeadline = {DEADLINE}\nread_timeout = 2.0\nretries = 0\n")
    started = time.monotonic()
    args = ["--config", str(config), "--data-dir", str(tmp_path / "d"), "refresh", "--json",
            "--no-full-text"]
    proc = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True, text=True,
                          timeout=120)
    elapsed = time.monotonic() - started
    peak_mb = int(proc.stderr.strip().splitlines()[-1]) / 1024  # the refresh's own peak RSS
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    by_cat = {f["category"]: f for f in report["feeds"]}
    assert by_cat["Lành"]["status"] == "ok" and by_cat["Lành"]["new"] == 3
    errors = {cat: f["error"] for cat, f in by_cat.items() if f["status"] == "error"}
    assert errors == {
        "huge": errors["huge"], "bomb": errors["bomb"], "trickle": errors["trickle"],
        "gone": "HTTP 410 GONE", "error": "HTTP 500 INTERNAL SERVER ERROR",
        "loop": "too many redirects (more than 5)", "file": errors["file"],
        "page": "got an HTML page, not a feed", "empty": "empty response (no feed)",
        "notfeed": "JSON that is not a JSON Feed (no jsonfeed.org version)",
        "silent": errors["silent"], "refused": errors["refused"],
    }
    assert errors["huge"].startswith("response too large")
    assert errors["bomb"].startswith("response too large")
    assert "deadline" in errors["trickle"]
    assert "non-http(s)" in errors["file"]
    assert "timed out" in errors["silent"] or "deadline" in errors["silent"]
    assert errors["refused"].startswith("cannot connect")
    assert by_cat["laughs"]["status"] == "ok"  # DOCTYPE dropped, item kept, nothing expanded
    assert report["errors"] == 12
    assert elapsed < DEADLINE + 5, elapsed
    print(f"hostile mix: {elapsed:.1f} s, peak RSS {peak_mb:.0f} MB")
    assert peak_mb < 400, peak_mb
