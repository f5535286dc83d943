"""Compaction comes when the entries after the journal's base outweigh it, not on every
refresh and doctor once the read state alone passes 1 MB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from antd_tui.core.record import journal
from antd_tui.core.record.health import compact_if_due
from antd_tui.core.record.tail import COMPACT_BYTES, compaction_due


def _log_reads(data: Path, count: int, start: int = 0) -> None:
    with journal.locked(data):
        journal.append(data, "read", [f"url:antd.vn/thoi-su/bai-viet-so-{n:06d}.html"
                                        for n in range(start, start + count)])


def test_a_large_base_alone_is_not_compacted_again(tmp_path: Path) -> None:
    _log_reads(tmp_path, 40_000)
    assert journal.journal_path(tmp_path).stat().st_size > COMPACT_BYTES
    assert compaction_due(tmp_path)
    _, after = compact_if_due(tmp_path) or (0, 0)
    assert after > COMPACT_BYTES  # the read state alone passes 1 MB
    assert not compaction_due(tmp_path) and compact_if_due(tmp_path) is None
    _log_reads(tmp_path, 1_000, start=40_000)  # a little more: still not worth it
    assert not compaction_due(tmp_path)
    for n in range(60):  # the entries after the base now outweigh it
        _log_reads(tmp_path, 1_000, start=41_000 + n * 1_000)
    assert compaction_due(tmp_path)
    compacted = compact_if_due(tmp_path)
    assert compacted is not None and not compaction_due(tmp_path)
    assert len(journal.load(tmp_path).read_keys()) == 101_000


def test_doctor_compacts_a_large_read_state_once(cli_factory: Any) -> None:
    cli = cli_factory([{"url": "http://127.0.0.1:9/x.rss", "category": "X"}])
    assert cli("list")[0] == 0
    _log_reads(cli.data_dir, 40_000)
    reports = [cli.json("doctor", "--json")["record"]["repaired"] for _ in range(3)]
    compactions = [r for report in reports for r in report if "compacted" in r]
    assert len(compactions) == 1, reports
