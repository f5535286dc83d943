"""A feed that cannot be reached: how long a refresh takes to give it up.

A refused connection or a host name that does not resolve cannot succeed a
second later, so it is tried once more after 0.1 s rather than with the
backoff a timeout or a 5xx gets (0.5 s, then 1 s). The reference is a feed
that answers 404 at once (never retried), in the same whole-process runs: the
difference is what giving up costs beyond Python's start-up. Goal: at most
twice the 404's time (one quick retry). 7 runs each on 7 Dec 2026: refused
1.66 s before the quick retry (12× the 404's 0.14 s), 0.23 s after (1.8×);
a .invalid host 1.67 s → 0.24 s.
"""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

from bench.measure import median, ours
from bench.refresh_bench import Figure
from bench.server import BenchServer


def _dead_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


def _refresh(work: Path, name: str, url: str) -> float:
    config = work / f"{name}.toml"
    config.write_text(f'[[feeds]]\nurl = "{url}"\ncategory = "Hỏng"\n', encoding="utf-8")
    data = work / f"data-{name}"
    shutil.rmtree(data, ignore_errors=True)
    run = ours("--config", str(config), "--data-dir", str(data), "refresh", "--json",
               "--no-full-text")
    report = json.loads(run.stdout)
    if run.code != 1 or report["errors"] != 1:
        raise RuntimeError(f"the {name} feed did not fail as planned: {report['feeds']}")
    return run.seconds


def failure_figures(work: Path, runs: int) -> list[Figure]:
    work.mkdir(parents=True, exist_ok=True)
    site = work / "empty-site"
    site.mkdir(exist_ok=True)
    refused, unknown, missing = [], [], []
    with BenchServer(site) as server:
        for _ in range(runs):
            refused.append(_refresh(work, "refused", f"http://127.0.0.1:{_dead_port()}/x.rss"))
            unknown.append(_refresh(work, "unknown", "http://no-such-host.invalid/x.rss"))
            missing.append(_refresh(work, "missing", f"{server.base_url}/missing.rss"))
    gone = median(missing)
    return [Figure("refresh, one feed: connection refused", median(refused), gone,
                   goal_ratio=2.0, reference="404 feed"),
            Figure("refresh, one feed: no such host (.invalid)", median(unknown), gone,
                   goal_ratio=2.0, reference="404 feed")]
