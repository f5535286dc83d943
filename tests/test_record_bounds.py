"""Numbers out of range in the record (edited by hand, damaged) are skipped with a message
naming the file, never a traceback on every command: times within the years 1970-9999, entry
numbers within SQLite's int64."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from antd_tui.core.record import journal, snapshots
from antd_tui.sample import SAMPLE_FEEDS
from antd_tui.sample.server import SampleServer


@pytest.fixture
def marked(cli_factory: Any) -> Any:
    with SampleServer() as server:
        cli = cli_factory([{"url": f"{server.base_url}/{p}", "category": n}
                           for p, n in SAMPLE_FEEDS[:2]])
        cli("refresh", "--json", "--no-full-text")
        ids = [a["id"] for a in cli.json("list", "--json", "--limit", "100")]
        assert cli("bookmark", "add", str(ids[0]))[0] == 0
        assert cli("mark-read", str(ids[1]))[0] == 0
        yield cli


@pytest.mark.parametrize("field", ["published", "first_seen"])
@pytest.mark.parametrize("value", [10**20, 10**15, -1])
def test_a_snapshot_with_a_time_out_of_range_is_skipped_naming_it(
        marked: Any, field: str, value: int) -> None:
    [path] = list(snapshots.bookmarks_dir(marked.data_dir).glob("*.json"))
    raw = json.loads(path.read_bytes())
    raw["article"][field] = value
    path.write_text(json.dumps(raw), encoding="utf-8")
    (marked.data_dir / "antd.sqlite3").unlink()
    code, _, err = marked("list")
    assert code == 0 and "Traceback" not in err, err
    assert str(path) in err and ("out of range" in err or "1970-9999" in err), err
    assert marked("list")[0] == 0  # and the next command too
    assert marked.json("bookmark", "list", "--json") == []


@pytest.mark.parametrize("line", [
    '{"at":1,"op":"read","keys":["antd:1"],"scope":null,"seq":100000000000000000000}',
    '{"at":100000000000000000000,"op":"read","keys":["antd:1"],"scope":null,"seq":90}',
    '{"at":1,"op":"base","read":{"antd:1":100000000000000000000},"seq":91}',
])
def test_a_journal_line_with_a_number_out_of_range_is_skipped(marked: Any, line: str) -> None:
    path = journal.journal_path(marked.data_dir)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    for _ in range(2):
        code, _, err = marked("list")
        assert code == 0 and "Traceback" not in err, err
    assert marked("mark-read", str(marked.json("list", "--json")[2]["id"]))[0] == 0
    (marked.data_dir / "antd.sqlite3").unlink()
    code, _, err = marked("list")
    assert code == 0 and f"{path} line 3 skipped" in err, err
    report = marked.json("doctor", "--json")
    assert any("line 3 skipped" in p for p in report["record"]["journal_problems"])


def test_the_times_a_file_may_hold() -> None:
    assert journal.is_time(0) and journal.is_time(253402300799)
    assert not journal.is_time(253402300800) and not journal.is_time(-1)
    assert not journal.is_time(True) and not journal.is_time(1.0)


def test_an_entry_number_out_of_range_is_never_the_last(tmp_path: Path) -> None:
    data = tmp_path
    with journal.locked(data):
        journal.append(data, "read", ["antd:1"])
    with open(journal.journal_path(data), "a", encoding="utf-8") as handle:
        handle.write('{"at":1,"op":"read","keys":[],"scope":null,"seq":9223372036854775808}\n')
    assert journal.last_seq(data) == 1
