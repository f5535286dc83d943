"""A temporary data dir that is removed however the process ends.

``antd-tui demo`` refreshes into a folder of its own (~2 MB). Normal exits,
Ctrl+C, SIGTERM and SIGHUP (``signals``) remove it in a ``finally``; for the
ways out that run no Python at all (SIGKILL, a crash of the interpreter) a
small guardian process holds the read end of a pipe whose write end only
this process has: when this process is gone, however it went, the guardian
reads end-of-file and removes the folder. It runs in a session of its own,
so the SIGHUP of a closed terminal does not take it down with the reader.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_GUARDIAN = ("import shutil, sys\n"
             "sys.stdin.buffer.read()\n"
             "shutil.rmtree(sys.argv[1], ignore_errors=True)\n")


@contextmanager
def throwaway_dir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    guardian = _guard(path)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        if guardian is not None:
            assert guardian.stdin is not None
            guardian.stdin.close()
            try:
                guardian.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - it only removes a gone folder
                pass


def _guard(path: Path) -> subprocess.Popen[bytes] | None:
    """Start the guardian; without one (no interpreter to start), the ``finally`` still runs."""
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _GUARDIAN, str(path)], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
            start_new_session=True)
    except OSError:
        return None
