"""One refresh at a time per data dir.

The lock is ``refresh.lock`` in the data dir, held with ``fcntl.flock`` and
holding the holder's PID as text. The kernel drops a flock when its process
dies, so a lock left by a killed refresh (even ``kill -9``) is taken over by
the next one at once; the PID in the file is only for messages and
``doctor``. A second refresh polls until ``wait`` seconds have passed, then
raises ``LockTimeout`` (exit 3). Readers never take this lock: SQLite WAL
lets them read while a refresh writes.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

from antd_tui.core.errors import DataDirError, LockTimeout

LOCK_NAME = "refresh.lock"
POLL_SECONDS = 0.1


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def holder(data_dir: Path) -> int | None:
    """The PID of a live refresh holding the lock, or ``None``."""
    path = data_dir / LOCK_NAME
    if not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_pid(path) or -1
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


class RefreshLock:
    """``with RefreshLock(data_dir, wait=5):`` … the refresh … ."""

    def __init__(self, data_dir: Path, wait: float = 0.0) -> None:
        self.path = data_dir / LOCK_NAME
        self.wait = wait
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            from antd_tui.core.paths import data_dir_problem

            raise DataDirError(data_dir_problem(self.path.parent) or
                               f"cannot create lock file {self.path}: {exc.strerror or exc}") from None
        deadline = time.monotonic() + max(0.0, self.wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    pid = _read_pid(self.path)
                    os.close(fd)
                    raise LockTimeout(pid, self.wait) from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RefreshLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
