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

# The peak RSS (KiB) of the process running this. Linux: the high-water mark of
# its own memory (VmHWM). Not ru_maxrss: across exec it keeps the spawning
# process's size, so every figure was at least the bench's own RSS (~65 MB
# once the bench server held its feeds in memory; the reader's 48 MB was it).
PEAK_KIB = (
    "def peak_kib():\n"
    "    try:\n"
    "        with open('/proc/self/status') as status:\n"
    "            for line in status:\n"
    "                if line.startswith('VmHWM:'):\n"
    "                    return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    import resource\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)
# Runs the antd-tui CLI, then prints its peak RSS (KiB) as the last line of stderr:
# its own plus that of its largest child (the parse worker of a big refresh, whose
# count includes the pages it shares with its parent), an upper bound on what
# both held at once.
WRAPPER = (
    "import resource, sys\n"
    + PEAK_KIB +
    "from antd_tui.cli.main import finish, main\n"
    "code = main(sys.argv[1:])\n"
    "peak = peak_kib() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
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
