"""Shared fixtures: temp data dirs, config files, the CLI in-process, loopback servers."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.cli.main import main
from antd_tui.sample.server import SampleServer

FIXTURES_FEEDS = Path(__file__).parent / "fixtures" / "feeds"
# The environment as the test run started, before the autouse fixture points every
# proxy at a dead port: only a package download (pip, to PyPI) may use it.
REAL_ENV = dict(os.environ)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real config or data: point both at the temp dir."""
    monkeypatch.setenv("ANTD_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("ANTD_TUI_CONFIG", raising=False)
    # Never the internet: anything not on loopback goes to a proxy port where nothing
    # listens, so a stray request fails at once instead of leaving the machine.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def toml_config(path: Path, feeds: list[dict[str, Any]], extra: str = "") -> Path:
    lines = [extra]
    for feed in feeds:
        lines.append("[[feeds]]")
        for key, value in feed.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class Cli:
    """Runs ``antd-tui`` in-process with a given config and data dir."""

    def __init__(self, config: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.config = config
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--config", str(self.config), "--data-dir", str(self.data_dir), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args)
        assert code in (0, 1), err
        return json.loads(out)


@pytest.fixture
def cli_factory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    def make(feeds: list[dict[str, Any]], extra: str = "") -> Cli:
        config = toml_config(tmp_path / "config.toml", feeds, extra)
        return Cli(config, tmp_path / "data", capsys)

    return make


@contextlib.contextmanager
def serve_copy(source: Path, into: Path) -> Iterator[SampleServer]:
    """A copy of ``source`` (tests may change it) served from 127.0.0.1."""
    shutil.copytree(source, into)
    with SampleServer(root=into) as server:
        yield server


@pytest.fixture(scope="session")
def sample_server() -> Iterator[SampleServer]:
    with SampleServer() as server:
        yield server


class SilentServer:
    """Accepts connections and never answers (a hung server)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.rss"
        self.conns: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self._stop = True
        self.sock.close()
        for conn in self.conns:
            conn.close()


@pytest.fixture
def threaded_httpserver() -> Iterator[Any]:
    """pytest-httpserver answering requests in parallel (its ``httpserver`` takes one at a time)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def dead_url() -> str:
    """A loopback port with nothing listening (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/rss/dead.rss"
