"""feedparser's own test corpus (~2,000 well- and ill-formed feeds) through our parse step.

The corpus ships in feedparser's sdist, which the test downloads once with pip
(PyPI is reachable on our machines and CI) into ``.cache/``; without it the
test is skipped, saying why. Every file must either parse or raise our own
``FeedParseError``, and nothing that comes out may hold a control character.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

import pytest

from antd_tui.core.errors import FeedParseError
from antd_tui.core.feeds import parse_feed
from antd_tui.core.sanitize import has_control
from tests.conftest import REAL_ENV

CACHE = Path(__file__).parents[1] / ".cache"


def _corpus() -> list[tuple[str, bytes]]:
    wanted = version("feedparser")
    archive = CACHE / f"feedparser-{wanted}.tar.gz"
    if not archive.exists():
        CACHE.mkdir(exist_ok=True)
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
             "-d", str(CACHE), f"feedparser=={wanted}"], capture_output=True, text=True, timeout=300,
            env=REAL_ENV)  # PyPI, a package registry: not the dead proxy the tests use
        if proc.returncode != 0 or not archive.exists():
            pytest.skip(f"feedparser sdist not available: {proc.stderr.strip()[-200:]}")
    files: list[tuple[str, bytes]] = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if member.isfile() and len(parts) > 2 and parts[1] == "tests" and not member.name.endswith(
                    (".py", ".z", ".gz", ".bz2")):
                handle = tar.extractfile(member)
                if handle is not None:
                    files.append((member.name, handle.read()))
    return files


@pytest.mark.slow
def test_every_corpus_feed_parses_or_fails_cleanly() -> None:
    files = _corpus()
    assert len(files) > 1500
    parsed = rejected = 0
    for name, body in files:
        try:
            feed = parse_feed(body, "http://example.org/feed")
        except FeedParseError:
            rejected += 1
            continue
        parsed += 1
        for item in feed.items:
            for value in (item.title, item.summary, item.author, item.guid or "", item.url or ""):
                assert not has_control(value), (name, value)
            assert item.url is None or item.url.startswith(("http://", "https://")), name
        assert not has_control(feed.title), name
    print(f"feedparser corpus: {parsed} parsed, {rejected} rejected with a clear error")
    assert parsed > 1000
