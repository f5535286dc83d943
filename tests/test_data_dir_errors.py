"""A data dir that cannot be used: the message says what is wrong and what to do (exit 4),
instead of SQLite's "unable to open database file" or the system's "File exists"."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REMEDY = "or choose another data dir with --data-dir DIR or ANTD_TUI_DATA_DIR"
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_root_override() -> None:
    """In the child, before exec: root keeps its uid but obeys file permissions, as a user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_as_user(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``antd-tui`` in a process that file permissions apply to (even when tests run as root)."""
    env = {**os.environ, "ANTD_TUI_DATA_DIR": str(data_dir)}
    preexec = _without_root_override if os.geteuid() == 0 else None
    try:
        return subprocess.run([sys.executable, "-m", "antd_tui", *args], capture_output=True,
                              text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
                              preexec_fn=preexec)
    except subprocess.SubprocessError as exc:  # root without CAP_SETPCAP: cannot drop it
        pytest.skip(f"cannot run without root's permission override here: {exc}")


@pytest.fixture
def read_only(tmp_path: Path) -> Any:
    made: list[Path] = []

    def make(path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o555)
        made.append(path)
        return path

    yield make
    for path in made:
        path.chmod(0o755)


def test_a_data_dir_that_is_a_file(cli_factory: Any, tmp_path: Path) -> None:
    cli = cli_factory([])
    cli.data_dir.parent.mkdir(parents=True, exist_ok=True)
    cli.data_dir.write_text("not a folder")
    for command in (["list"], ["refresh", "--json"], ["doctor"]):
        code, out, err = cli(*command)
        assert code == 4 and out == ""
        assert err == (f"antd-tui: error: the data dir {cli.data_dir} is a file, not a folder: "
                       f"move that file away, {REMEDY}\n")
    assert cli.data_dir.read_text() == "not a folder"


def test_a_data_dir_under_a_file(cli_factory: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    cli = cli_factory([])
    cli.data_dir = blocker / "data"
    code, _, err = cli("list")
    assert code == 4
    assert err == (f"antd-tui: error: cannot create the data dir {blocker / 'data'}: {blocker} "
                   f"is a file, not a folder: move that file away, {REMEDY}\n")


@pytest.mark.parametrize("command", [["list"], ["refresh", "--json"], ["doctor"]])
def test_a_read_only_data_dir(tmp_path: Path, read_only: Any, command: list[str]) -> None:
    folder = read_only(tmp_path / "data")
    out = run_as_user(*command, data_dir=folder)
    assert out.returncode == 4, out.stderr
    assert out.stderr == (f"antd-tui: error: the data dir {folder} is not writable (the cache and "
                          f"the refresh lock live there): make it writable for you (chmod u+w "
                          f"{folder}), {REMEDY}\n")
    assert list(folder.iterdir()) == []


def test_a_read_only_data_dir_with_a_cache_in_it(tmp_path: Path, read_only: Any) -> None:
    folder = tmp_path / "data"
    assert run_as_user("list", data_dir=folder).returncode == 0  # the cache is made
    read_only(folder)
    out = run_as_user("list", data_dir=folder)
    assert out.returncode == 4 and "is not writable" in out.stderr and "chmod u+w" in out.stderr


def test_a_data_dir_that_cannot_be_created(tmp_path: Path, read_only: Any) -> None:
    parent = read_only(tmp_path / "locked")
    out = run_as_user("list", data_dir=parent / "data")
    assert out.returncode == 4
    assert out.stderr == (f"antd-tui: error: cannot create the data dir {parent / 'data'}: {parent} "
                          f"is not writable for you; create {parent / 'data'} yourself, {REMEDY}\n")


def test_a_read_only_cache_file(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from antd_tui.core.models import FeedSource, ParsedItem
    from antd_tui.core.store import ingest
    from antd_tui.core.store.db import connect

    folder = tmp_path / "data"
    feed = FeedSource(url="https://example.vn/rss/a.rss", category="A", slug="a")
    conn = connect(folder)  # one unread article: marking it read must write
    item = ParsedItem("https://example.vn/bai-1-post1.antd", None, "Tin", "", "", None,
                      datetime(2026, 11, 26, tzinfo=UTC))
    ingest.store_items(conn, feed, ingest.feed_states(conn, [feed])[feed.url], [item], title="",
                       etag=None, last_modified=None, body_hash="x", warning=None, now=1)
    conn.close()
    assert run_as_user("list", data_dir=folder).returncode == 0
    database = folder / "antd.sqlite3"
    database.chmod(0o444)
    out = run_as_user("mark-read", "--all", data_dir=folder)
    assert out.returncode == 4
    assert out.stderr == (f"antd-tui: error: the cache {database} is read-only for you: make it "
                          f"writable (chmod u+rw {database}), {REMEDY}\n")
