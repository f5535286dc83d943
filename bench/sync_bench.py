"""Sync with a feed server: a first sync of 10,000 items, a sync with nothing new, and
sending 500 read flags to a server 20 ms away, each as a whole ``antd-tui sync --json`` process against the
scriptable Fever server on loopback (``fever_server.py``: answers prepared in
memory, 50 items a page as Fever serves them). Full text is left out (``--no-full-text``):
those pages are fetched as in any refresh. Goals (issue 22): 10 s and 0.5 s.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench.fever_server import FeverServer
from bench.measure import median, ours
from bench.refresh_bench import Figure

ITEMS = 10_000
FLAGS = 500
PASSWORD = "mat-khau-dai-12"


def _sync(config: Path, data: Path, expect_new: int | None = None) -> float:
    run = ours("--config", str(config), "--data-dir", str(data), "sync", "--json",
               "--no-full-text")
    report = json.loads(run.stdout)["sync"]
    if run.code != 0 or report["status"] != "ok" or (
            expect_new is not None and report["new"] != expect_new):
        raise RuntimeError(f"the sync did not go as planned: {report}")
    return run.seconds


def sync_figures(work: Path, runs: int) -> list[Figure]:
    work.mkdir(parents=True, exist_ok=True)
    first, again, flags = [], [], []
    with FeverServer(password=PASSWORD) as server:
        server.add_items(ITEMS // 2, feed_id=1)
        server.add_items(ITEMS - ITEMS // 2, feed_id=2)
        config = _config(work / "sync.toml", server.url)
        for _ in range(runs):
            data = work / "data-sync"
            shutil.rmtree(data, ignore_errors=True)
            first.append(_sync(config, data, expect_new=ITEMS))
            again.append(_sync(config, data, expect_new=0))
    # Fever sends one flag a call: what matters is the network's round trip, here 20 ms
    with FeverServer(password=PASSWORD, delay=0.02) as server:
        server.add_items(FLAGS)
        config = _config(work / "sync-far.toml", server.url)
        for _ in range(runs):
            data = work / "data-sync-far"
            shutil.rmtree(data, ignore_errors=True)
            server.unread = set(server.items)
            _sync(config, data, expect_new=FLAGS)
            ours("--config", str(config), "--data-dir", str(data), "mark-read", "--all")
            flags.append(_sync(config, data))
    return [Figure(f"sync: first, {ITEMS:,} items (no full text)", median(first), None,
                   goal_abs=10.0),
            Figure("sync: nothing new", median(again), None, goal_abs=0.5),
            Figure(f"sync: {FLAGS} read flags sent, 20 ms a call", median(flags), None)]


def _config(path: Path, url: str) -> Path:
    path.write_text(f'[sync]\nurl = "{url}"\nusername = "lan"\npassword = "{PASSWORD}"\n',
                    encoding="utf-8")
    path.chmod(0o600)
    return path
