"""``search`` for a person: no match says so on stderr, in the config's language (stdout
stays empty, exit 0, so scripts see what they saw); a query starting with "-" after ``--``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import toml_config
from tests.test_search_eth import RSS, _run


@pytest.mark.parametrize(("language", "said"), [
    ("vi", "Không tìm thấy bài nào cho “xyz công”."), ("en", "No articles found for “xyz công”.")])
def test_no_match_is_said_on_stderr_only(tmp_path: Path, httpserver: Any, language: str,
                                         said: str) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.rss").respond_with_data(RSS.format(base=base))
    config = toml_config(tmp_path / "config.toml", [{"url": f"{base}/feed.rss", "category": "A"}],
                         extra=f'language = "{language}"\n')
    data = tmp_path / "data"
    assert _run(config, data, "refresh", "--json", "--no-full-text").returncode == 0

    done = _run(config, data, "search", "xyz công")
    assert (done.returncode, done.stdout, done.stderr.strip()) == (0, "", said)
    done = _run(config, data, "search", "--json", "xyz công")
    assert (done.returncode, json.loads(done.stdout), done.stderr) == (0, [], "")
    found = _run(config, data, "search", "mưa")
    assert found.returncode == 0 and "Đà Nẵng mưa lớn" in found.stdout and found.stderr == ""

    dashed = _run(config, data, "search", "--json", "--", "-mưa")  # as docs/CLI.md says
    assert dashed.returncode == 0 and [a["title"] for a in json.loads(dashed.stdout)] == [
        "Đà Nẵng mưa lớn"]
