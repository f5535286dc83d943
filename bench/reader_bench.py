"""The reader on a big cache: first paint, memory, and key-repeat latency (headless Textual)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.refresh_bench import Figure

PROBE = r"""
import resource, sys, time
from pathlib import Path
from antd_tui.core.config import load_settings
from antd_tui.core.service import ReaderService
from antd_tui.ui.app import make_app

service = ReaderService(load_settings(None), Path(sys.argv[1]))
app = make_app(service, load_settings(None))

async def pilot(p):
    await p.pause()
    print("painted", flush=True)
    worst = 0.0
    for _ in range(150):
        t = time.perf_counter()
        await p.press("j")
        await p.pause()
        worst = max(worst, time.perf_counter() - t)
    print("worst_key_ms", worst * 1000, flush=True)
    print("peak_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=pilot)
"""


def reader_figures(data: Path) -> list[Figure]:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PROBE, str(data)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    values: dict[str, float] = {}
    for line in proc.stdout:
        if line.startswith("painted"):
            values["paint"] = time.perf_counter() - started
        else:
            key, _, value = line.partition(" ")
            values[key] = float(value)
    proc.wait()
    nan = float("nan")
    return [
        Figure("reader first paint (100k cache)", values.get("paint", nan), None, goal_abs=1.0),
        Figure("reader memory after scrolling (100k cache)", values.get("peak_mb", nan), None,
               goal_abs=150, unit="MB"),
        Figure("slowest j keypress while scrolling", values.get("worst_key_ms", nan), None,
               goal_abs=50, unit="ms"),
    ]
