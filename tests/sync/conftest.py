"""Sync tests against a real Fever server: Coldsweat 0.10.2 on 127.0.0.1 (tests/sync/coldsweat.py).

``make test`` builds ``.coldsweat/venv`` first (``make coldsweat``); ``pytest tests/sync`` on
its own runs that make target once if the venv is missing or its pins changed.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REAL_ENV
from tests.sync.coldsweat import EXE, ROOT, ColdsweatServer, make_template
from tests.sync.feedsite import FeedSite

STAMP = ".coldsweat/venv/.installed"


@pytest.fixture(scope="session")
def coldsweat_exe() -> Path:
    """The ``coldsweat`` executable, built by ``make coldsweat`` when missing or out of date."""
    try:
        stale = subprocess.run(["make", "--question", STAMP], cwd=ROOT, env=REAL_ENV,
                               capture_output=True).returncode != 0
        if stale or not EXE.exists():
            started = time.monotonic()
            done = subprocess.run(["make", "coldsweat"], cwd=ROOT, env=REAL_ENV, capture_output=True,
                                  text=True, timeout=900)
            print(f"make coldsweat: {time.monotonic() - started:.1f} s")
            if done.returncode != 0:
                pytest.fail(f"`make coldsweat` failed ({done.returncode}), so there is no Fever server "
                            f"for tests/sync:\n{done.stdout}{done.stderr}", pytrace=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"could not run `make coldsweat` to build the Fever server tests/sync need: {error}",
                    pytrace=False)
    if not EXE.exists():
        pytest.fail(f"`make coldsweat` ran but {EXE} is missing", pytrace=False)
    return EXE


@pytest.fixture(scope="session")
def coldsweat_template(coldsweat_exe: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database every server starts from: Coldsweat's tables and the user."""
    return make_template(coldsweat_exe, tmp_path_factory.mktemp("coldsweat-template"))


@pytest.fixture
def feed_site() -> Iterator[FeedSite]:
    """The loopback news site: three RSS feeds in two groups, an article page per item."""
    site = FeedSite()
    yield site
    site.close()


@pytest.fixture
def coldsweat_server(
    coldsweat_exe: Path, coldsweat_template: Path, feed_site: FeedSite, tmp_path: Path
) -> Iterator[ColdsweatServer]:
    """A fresh Coldsweat (own database, own port) subscribed to ``feed_site``, running."""
    workdir = tmp_path / "coldsweat"
    workdir.mkdir()
    server = ColdsweatServer(feed_site, workdir, coldsweat_exe, coldsweat_template)
    try:
        server.launch()
        yield server
    finally:
        server.stop()
