"""Running one whole process and reading its wall time and peak memory."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Runs the antd-tui CLI, then prints its peak RSS (KiB) as the last line of stderr:
# its own plus that of its largest child (the parse worker of a big refresh),
# an upper bound on what both held at once.
WRAPPER = (
    "import resource, sys\n"
    "from antd_tui.cli.main import finish, main\n"
    "code = main(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "peak += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(peak, file=sys.stderr)\n"
    "finish(code)\n"  # as the installed antd-tui script ends
)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    stdout: str


def ours(*args: str) -> Run:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    lines = proc.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return Run(elapsed, peak, proc.returncode, proc.stdout)


def newsboat_available() -> bool:
    return shutil.which("newsboat") is not None


def newsboat(folder: Path) -> Run:
    """``newsboat -x reload`` with ``reload-threads 8`` on the urls/cache in ``folder``."""
    env = dict(os.environ, HOME=str(folder))
    started = time.perf_counter()
    proc = subprocess.run(
        ["newsboat", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),
         "-C", str(folder / "config"), "-x", "reload"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    return Run(time.perf_counter() - started, float("nan"), proc.returncode, proc.stdout)


def newsboat_folder(folder: Path, urls: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "urls").write_text("\n".join(urls) + "\n")
    (folder / "config").write_text("reload-threads 8\n")
    return folder


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
