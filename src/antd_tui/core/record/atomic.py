"""Whole-file writes that a crash cannot tear: temp file, fsync, rename, fsync of the folder."""

from __future__ import annotations

import os
from pathlib import Path

TEMP_PREFIX = ".part-"


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare(path: Path, data: bytes) -> Path:
    """``data`` in a temp file beside ``path``, fsynced (the disk space is taken now);
    ``commit`` puts it in place. A failure (a full disk) leaves nothing and raises."""
    import tempfile  # (only when writing: ~4 ms of imports)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def commit(temp: Path, path: Path) -> None:
    """Rename a prepared file into place, then fsync the folder (the rename survives a power cut)."""
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """``path`` holds either its old bytes or ``data``, never part of them; a failure
    (a full disk) removes the temp file and raises."""
    commit(prepare(path, data), path)


def leftover_temps(folder: Path) -> list[Path]:
    """Temp files a killed writer left (never under a final name)."""
    return sorted(folder.glob(TEMP_PREFIX + "*")) if folder.is_dir() else []
