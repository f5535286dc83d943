"""Whole-process A/B of two source trees on the bench's refresh scenarios, in alternating pairs.

    python -m bench.ab SRC_A SRC_B [--pairs N] [--scenario ignored|warm|cold ...]

``SRC_A``/``SRC_B`` are two ``src`` folders (e.g. this checkout's and a
``git worktree`` with one change reverted); each run is ``antd-tui refresh
--json --no-full-text`` of the bench's 100 feeds from ``bench/server.py``
with 50 ms latency, in a fresh process whose ``PYTHONPATH`` puts that tree
first. The pair order alternates so a slow minute hurts both sides alike.
This is how docs/PERFORMANCE.md decides whether a trick buys anything: the
median pair difference and in how many pairs B was slower.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.data import config_text, write_feeds
from bench.measure import WRAPPER
from bench.server import BenchServer


def _run(src: str, config: Path, data: Path) -> float:
    env = dict(os.environ, PYTHONPATH=src)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", WRAPPER, "--config", str(config), "--data-dir", str(data),
                           "refresh", "--json", "--no-full-text"], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"refresh from {src} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ab")
    parser.add_argument("a", help="src folder A (the reference)")
    parser.add_argument("b", help="src folder B (the change)")
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--scenario", action="append", choices=("ignored", "warm", "cold"))
    args = parser.parse_args()
    trees = (args.a, args.b)
    for src in trees:
        compileall.compile_dir(src, quiet=1)
    with tempfile.TemporaryDirectory(prefix="antd-ab-") as tmp:
        work = Path(tmp)
        paths = write_feeds(work / "site", 100, 50)
        for scenario in args.scenario or ["ignored"]:
            with BenchServer(work / "site", delay=0.05) as server:
                config = work / "bench.toml"
                config.write_text(config_text(server.base_url, paths))
                if scenario != "cold":
                    for tag, src in zip("AB", trees, strict=True):
                        shutil.rmtree(work / tag, ignore_errors=True)
                        _run(src, config, work / tag)
                    server.honour_validators(scenario == "warm")
                times: dict[str, list[float]] = {"A": [], "B": []}
                for n in range(args.pairs):
                    order = list(zip("AB", trees, strict=True))
                    for tag, src in order if n % 2 == 0 else order[::-1]:
                        data = work / (f"{tag}-cold-{n}" if scenario == "cold" else tag)
                        times[tag].append(_run(src, config, data))
                diffs = [b - a for a, b in zip(times["A"], times["B"], strict=True)]
                print(f"{scenario}: A {statistics.median(times['A']):.3f} s, "
                      f"B {statistics.median(times['B']):.3f} s (medians); median pair B-A "
                      f"{statistics.median(diffs) * 1000:+.1f} ms; B slower in "
                      f"{sum(d > 0 for d in diffs)} of {args.pairs} pairs", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
