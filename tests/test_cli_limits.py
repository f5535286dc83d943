"""``--limit`` past what SQLite can take is a usage error (exit 2 with a message), not an
OverflowError traceback; the largest allowed still runs (real processes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from antd_tui.cli.read_cmds import MAX_LIMIT
from tests.conftest import toml_config


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = toml_config(tmp_path / "c.toml", [{"url": "http://127.0.0.1:9/x.rss", "category": "X"}])
    return subprocess.run([sys.executable, "-m", "antd_tui", "--config", str(config),
                           "--data-dir", str(tmp_path / "data"), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", [("list",), ("search", "an ninh"), ("export", "--format", "md")])
def test_a_limit_too_large_is_exit_2_with_a_message(tmp_path: Path, command: tuple[str, ...]) -> None:
    proc = _run(tmp_path, *command, "--limit", "99999999999999999999")
    assert proc.returncode == 2, proc.stderr
    assert f"--limit must be at most {MAX_LIMIT}" in proc.stderr and "Traceback" not in proc.stderr
    proc = _run(tmp_path, *command, "--limit", str(MAX_LIMIT))
    assert proc.returncode == 0, proc.stderr
