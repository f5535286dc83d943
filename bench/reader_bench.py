"""The reader on a big cache: first paint, memory, and key-repeat latency (headless Textual)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import PEAK_KIB
from bench.refresh_bench import Figure

PROBE = r"""
import asyncio, resource, sys, time
from pathlib import Path
from antd_tui.core.config import load_settings
from antd_tui.cli.reader import import_reader
make_app = import_reader()  # as `antd-tui` imports the reader
from antd_tui.core.service import ReaderService
from textual import events
from textual.app import App

# Every frame the app writes (headless: the same work, no terminal at the end).
frames = []
_display = App._display

def display(self, *args, **kwargs):
    result = _display(self, *args, **kwargs)
    frames.append(time.perf_counter())
    return result

App._display = display

async def hold(key, count, rate=30.0):
    # A held key as the terminal's auto-repeat sends it: one key event every
    # 1/rate s, without waiting for the app to be idle. Each key's latency is the
    # time from the event to the next frame the app writes (the one showing it).
    latencies = []
    for _ in range(count):
        sent = time.perf_counter()
        seen = len(frames)
        app.post_message(events.Key(key, key))
        while len(frames) == seen:
            await asyncio.sleep(0.0005)
        latencies.append(frames[seen] - sent)
        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - sent)))
    return latencies

service = ReaderService(load_settings(None), Path(sys.argv[1]))
app = make_app(service, load_settings(None))

def churn(listing, stop):
    # Pages extracted one after another on a thread, as a background refresh
    # of the reader does (ReaderService runs it on a thread of this process).
    from antd_tui.core.extract import extract
    pages = [Path(p).read_bytes() for p in Path(listing).read_text().split()]
    n = 0
    while not stop:
        try:
            extract(f"https://example.com/{n}", pages[n % len(pages)])
        except Exception:
            pass
        n += 1
    print("extracted", n, flush=True)

async def pilot(p):
    await p.pause()
    print("painted", flush=True)
    stop = []
    if len(sys.argv) > 2:
        import threading
        worker = threading.Thread(target=churn, args=(sys.argv[2], stop))
        worker.start()
        await asyncio.sleep(0.3)  # the library imported, extraction under way
    latencies = await hold("j", 150)
    if len(sys.argv) > 2:
        stop.append(True)
        worker.join()
    print("peak_mb", peak_kib() / 1024, flush=True)
    print("worst_key_ms", max(latencies) * 1000, flush=True)
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=pilot)
"""


# Only the first paint, then exit: launched PAINTS times for a median, as the
# refresh scenarios are (one launch gave whichever second of the VM it fell in).
# "Painted" is when the Pilot's first pause returns: the screen drawn and the
# app idle, the first page of rows and the tabs' unread counts in place.
PAINT = r"""
import sys
from pathlib import Path
from antd_tui.core.config import load_settings
from antd_tui.cli.reader import import_reader
make_app = import_reader()  # as `antd-tui` imports the reader
from antd_tui.core.service import ReaderService

service = ReaderService(load_settings(None), Path(sys.argv[1]))
app = make_app(service, load_settings(None))

async def pilot(p):
    await p.pause()
    print("painted", flush=True)
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=pilot)
"""
# The reference for start-up: a minimal Textual app to its first frame,
# "about 0.45 s headless" on this machine. Launched in turn with ours, its time
# shows how fast the VM ran during the paint launches (it does not judge them).
MINIMAL = r"""
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("x")

app = Minimal()

async def pilot(p):
    await p.pause()
    print("painted", flush=True)
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=pilot)
"""
PAINTS = 5


def _first_paint(script: str, *args: str) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    painted = float("nan")
    for line in proc.stdout:
        if line.startswith("painted"):
            painted = time.perf_counter() - started
    proc.wait()
    return painted


def _probe(data: Path, *extra: str) -> dict[str, float]:
    proc = subprocess.Popen([sys.executable, "-c", PEAK_KIB + PROBE, str(data), *extra],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    values: dict[str, float] = {}
    for line in proc.stdout:
        if not line.startswith("painted"):  # the first paint is timed by _first_paint
            key, _, value = line.partition(" ")
            values[key] = float(value)
    proc.wait()
    return values


def extracting_key_figure(data: Path, pages: list[bytes], work: Path) -> Figure:
    """The slowest held ``j`` while a thread of the reader's process extracts pages."""
    folder = work / "churn-pages"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, html in enumerate(pages):
        path = folder / f"{n}.html"
        path.write_bytes(html)
        paths.append(str(path))
    listing = work / "churn-pages.txt"
    listing.write_text("\n".join(paths))
    values = _probe(data, str(listing))
    return Figure(f"slowest j while a refresh extracts pages ({values.get('extracted', 0):.0f} "
                  "in the run)", values.get("worst_key_ms", float("nan")), None, goal_abs=50,
                  unit="ms")


def reader_figures(data: Path) -> list[Figure]:
    ours, minimal = [], []
    for _ in range(PAINTS):
        ours.append(_first_paint(PAINT, str(data)))
        minimal.append(_first_paint(MINIMAL))
    values = _probe(data)
    nan = float("nan")
    return [
        Figure("reader first paint (100k cache)", statistics.median(ours), statistics.median(minimal),
               goal_abs=1.0, reference="minimal Textual app"),
        Figure("reader memory after scrolling (100k cache)", values.get("peak_mb", nan), None,
               goal_abs=150, unit="MB"),
        Figure("slowest j while holding it (key to frame)", values.get("worst_key_ms", nan), None,
               goal_abs=50, unit="ms"),
    ]
