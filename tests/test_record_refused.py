"""A change the cache refuses after its journal entry was written (a full disk at the commit,
a record folder that cannot take the snapshot's removal) leaves nothing behind: the entry is
taken back, the next open rolls nothing forward, and the message is true."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.record import journal
from antd_tui.sample import SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer
from tests.test_disk_full import _fill, small_disk  # noqa: F401 (a fixture)


def _base(cli: Any) -> list[int]:
    """refresh, three bookmarks, four read: what the reviewer's repro starts from."""
    cli("refresh", "--json", "--no-full-text")
    ids = [a["id"] for a in cli.json("list", "--json", "--limit", "100")]
    assert cli("bookmark", "add", *map(str, ids[:3]))[0] == 0
    assert cli("mark-read", *map(str, ids[3:7]))[0] == 0
    return ids


@pytest.mark.parametrize("args", [("mark-read", "--all"), ("bookmark", "add", "LATER"),
                                  ("bookmark", "remove", "FIRST")])
def test_a_commit_refused_by_a_full_disk_takes_its_journal_entry_back(
        cli_factory: Any, small_disk: Path, args: tuple[str, ...]) -> None:  # noqa: F811
    with SampleServer() as server:
        cli = cli_factory([{"url": f"{server.base_url}/{p}", "category": n}
                           for p, n in SAMPLE_FEEDS[:2]])
        cli.data_dir = small_disk / "data"
        ids = _base(cli)
        before = {a["id"]: a for a in cli.json("list", "--json", "--limit", "100")}
        args = tuple({"LATER": str(ids[10]), "FIRST": str(ids[0])}.get(a, a) for a in args)
        journal_before = journal.journal_path(cli.data_dir).read_bytes()
        filler = _fill(small_disk, leave=36 * 1024)
        code, _, err = cli(*args)
        assert code != 0 and "Traceback" not in err, err
        assert journal.journal_path(cli.data_dir).read_bytes() == journal_before
        filler.unlink()
        after = {a["id"]: a for a in cli.json("list", "--json", "--limit", "100")}
        assert after == before  # nothing rolled forward at the next open
        assert journal.journal_path(cli.data_dir).read_bytes() == journal_before


def test_a_snapshot_that_cannot_be_removed_changes_nothing(cli_factory: Any) -> None:
    with SampleServer() as server:
        cli = cli_factory([{"url": f"{server.base_url}/{p}", "category": n}
                           for p, n in SAMPLE_FEEDS[:2]])
        ids = _base(cli)
        folder = cli.data_dir / "record" / "bookmarks"
        saved = {p.name: p.read_bytes() for p in folder.iterdir()}
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        folder.write_text("x")
        journal_before = journal.journal_path(cli.data_dir).read_bytes()
        code, _, err = cli("bookmark", "remove", str(ids[0]))
        assert code == 1 and "không có gì thay đổi" in err, err  # language "vi"
        assert journal.journal_path(cli.data_dir).read_bytes() == journal_before
        assert cli("list")[0] == 0 and cli("bookmark", "list")[0] == 0
        folder.unlink()
        folder.mkdir()
        for name, data in saved.items():
            (folder / name).write_bytes(data)
        marks = cli.json("bookmark", "list", "--json")
        assert sorted(m["id"] for m in marks) == sorted(ids[:3])


def test_an_entry_rolled_forward_into_a_broken_record_folder_still_opens(cli_factory: Any) -> None:
    """A crash left an unbookmark the cache lacks, and the snapshot folder is broken: read-only
    commands still work (the cache takes the change; doctor names the folder)."""
    with SampleServer() as server:
        cli = cli_factory([{"url": f"{server.base_url}/{p}", "category": n}
                           for p, n in SAMPLE_FEEDS[:2]])
        ids = _base(cli)
        folder = cli.data_dir / "record" / "bookmarks"
        key = sqlite3.connect(cli.data_dir / "antd.sqlite3").execute(
            "SELECT key FROM articles WHERE id = ?", (ids[0],)).fetchone()[0]
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        folder.write_text("x")
        with journal.locked(cli.data_dir):
            journal.append(cli.data_dir, "unbookmark", [key])
        code, _, err = cli("list")
        assert code == 0, err
        marks = cli.json("bookmark", "list", "--json")
        assert sorted(m["id"] for m in marks) == sorted(ids[1:3])
