"""A cache damaged past its header (a page in the middle) is moved aside by whatever
command meets the damage, as one that cannot be opened is; doctor reports it (CLI.md)."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_bookmarks_export import site_fixture  # noqa: F401 (fixture)
from tests.test_record_recovery import made  # noqa: F401 (fixture)


def _damage_articles(db: Path) -> None:
    """Scramble the root page of the articles table: every read of it is SQLITE_CORRUPT."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(random.Random(7).randbytes(size))


def _run(cli: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "antd_tui", "--config", str(cli.config),
                           "--data-dir", str(cli.data_dir), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [["list", "--json"], ["bookmark", "list", "--json"],
                                     ["search", "--json", "bang khen"],
                                     ["refresh", "--json", "--no-full-text"]])
def test_a_command_meeting_a_damaged_page_moves_the_cache_aside(made: Any,  # noqa: F811
                                                                 command: list[str]) -> None:
    cli, _site, before = made
    _damage_articles(cli.data_dir / "antd.sqlite3")

    done = _run(cli, *command)
    assert done.returncode == 0, done.stderr
    assert "malformed" in done.stderr and "đã chuyển sang" in done.stderr, done.stderr
    assert "đã khôi phục từ" in done.stderr and "Traceback" not in done.stderr
    assert len(list(cli.data_dir.glob("antd.sqlite3.broken-*[0-9]"))) == 1
    json.loads(done.stdout)
    marks = json.loads(_run(cli, "bookmark", "list", "--json").stdout)
    assert sorted(m["title"] for m in marks) == sorted(
        t for t, a in before.items() if a["bookmarked"])
    doctor = _run(cli, "doctor", "--json")
    assert doctor.returncode == 0 and json.loads(doctor.stdout)["integrity"] == "ok"


def test_doctor_reports_a_damaged_page_and_leaves_the_file(made: Any) -> None:  # noqa: F811
    cli, _site, _before = made
    _damage_articles(cli.data_dir / "antd.sqlite3")

    done = _run(cli, "doctor", "--json")
    assert done.returncode == 4 and "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert report["integrity"].startswith("damaged: ") and "malformed" in report["integrity"]
    assert report["articles"] is None and report["record"] is None
    assert "antd.sqlite3" in done.stderr and not list(cli.data_dir.glob("antd.sqlite3.broken-*"))


@pytest.mark.parametrize("command", [["bookmark", "add"], ["mark-read"], ["show", "--offline"]])
def test_a_command_given_ids_is_not_run_again_on_the_fresh_cache(made: Any,  # noqa: F811
                                                                 command: list[str]) -> None:
    cli, _site, before = made
    unmarked = sorted(a["id"] for a in before.values() if not a["bookmarked"])
    _damage_articles(cli.data_dir / "antd.sqlite3")

    done = _run(cli, *command, str(unmarked[0]))  # an id in the damaged cache
    assert done.returncode == 4 and done.stdout == "" and "Traceback" not in done.stderr
    assert "đã chuyển sang" in done.stderr and "mã số bài đã khác" in done.stderr, done.stderr
    marks = json.loads(_run(cli, "bookmark", "list", "--json").stdout)
    assert sorted(m["title"] for m in marks) == sorted(
        t for t, a in before.items() if a["bookmarked"])  # nothing else bookmarked
    assert not any(m["read"] for m in marks)
