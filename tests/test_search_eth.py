"""``Ð``/``ð`` (eth, the look-alike of Đ/đ left by text converted from old encodings)
starting a Vietnamese syllable is stored as Đ/đ (``sanitize.vietnamese_d``), so search
finds it as đ or d; a query typed with it is read the same way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.sanitize import clean_text, vietnamese_d
from tests.conftest import toml_config

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>ANTD</title><link>{base}/</link>
<item><title>Ðà Nẵng mưa lớn</title><link>{base}/da-nang-post1.antd</link>
<guid isPermaLink="false">1</guid><pubDate>Tue, 24 Nov 2026 08:15:00 +0700</pubDate>
<description>Nhiều tuyến ðường ngập sâu</description></item>
<item><title>Guðrún thăm Hà Nội</title><link>{base}/gudrun-post2.antd</link>
<guid isPermaLink="false">2</guid><pubDate>Tue, 24 Nov 2026 09:15:00 +0700</pubDate>
<description>Khách Iceland</description></item>
</channel></rss>"""


@pytest.mark.parametrize(("raw", "stored"), [
    ("Ðà Nẵng mưa lớn", "Đà Nẵng mưa lớn"), ("ðường phố", "đường phố"), ("(ÐẠI HỘI)", "(ĐẠI HỘI)"),
    ("Ðà".replace("à", "a\u0300"), "Đà"),  # decomposed: composed first
    ("Guðrún", "Guðrún"), ("Ð", "Ð"), ("Ðz", "Ðz")])  # not a Vietnamese syllable: kept
def test_an_eth_starting_a_vietnamese_syllable_is_stored_as_d_with_stroke(
        raw: str, stored: str) -> None:
    assert clean_text(raw) == stored
    assert vietnamese_d(stored) == stored


def _run(config: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "antd_tui", "--config", str(config),
                           "--data-dir", str(data), *args], capture_output=True, text=True,
                          timeout=120)


def test_a_title_written_with_eth_is_found_by_d_and_by_d_with_stroke(
        tmp_path: Path, httpserver: Any) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.rss").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml")
    config = toml_config(tmp_path / "config.toml",
                         [{"url": f"{base}/feed.rss", "category": "Thời sự"}])
    data = tmp_path / "data"
    assert _run(config, data, "refresh", "--json", "--no-full-text").returncode == 0

    def titles(query: str) -> list[str]:
        done = _run(config, data, "search", "--json", query)
        assert done.returncode == 0, done.stderr
        return [a["title"] for a in json.loads(done.stdout)]

    for query in ("da nang", "Đà Nẵng", "Ðà Nẵng", "ĐÀ", "duong ngap", "đường"):
        assert titles(query) == ["Đà Nẵng mưa lớn"], query
    assert titles("Hà Nội") == ["Guðrún thăm Hà Nội"]  # an eth inside a word is kept
