"""Where things live: bundled defaults, the user config file, the data dir.

Defaults come from platformdirs; ``--config``/``ANTD_TUI_CONFIG`` and
``--data-dir``/``ANTD_TUI_DATA_DIR`` point elsewhere (tests always do).
Nothing here creates a folder on import.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "antd-tui"


def defaults_dir() -> Path:
    """The bundled ``config/`` folder: inside the wheel, or the source tree.

    The package is installed as plain files (a wheel), so its folder is known
    from ``__file__``; ``importlib.resources`` would cost ~10 ms of imports
    (tempfile, shutil, zip support) on every command.
    """
    packaged = Path(__file__).resolve().parents[1] / "defaults"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "config"


def user_config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP)) / "config.toml"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP))


def resolve_config(flag: str | None) -> Path | None:
    """The config file to read, or ``None`` for the bundled defaults only."""
    chosen = flag or os.environ.get("ANTD_TUI_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    candidate = user_config_file()
    return candidate if candidate.is_file() else None


def resolve_data_dir(flag: str | None) -> Path:
    chosen = flag or os.environ.get("ANTD_TUI_DATA_DIR")
    return Path(chosen).expanduser() if chosen else default_data_dir()


_ELSEWHERE = "or choose another data dir with --data-dir DIR or ANTD_TUI_DATA_DIR"


def data_dir_problem(data_dir: Path, db_name: str = "antd.sqlite3") -> str | None:
    """What is wrong with ``data_dir`` and what to do about it, when the folder itself is
    the trouble (a file in its place or on its path, no write permission, a read-only
    file system, a read-only cache file); ``None`` when none of that is so.

    Called after an operation on the data dir failed, to replace the system's words
    ("unable to open database file", "File exists") with the cause and a remedy.
    """
    from shlex import quote

    if data_dir.exists() and not data_dir.is_dir():
        return (f"the data dir {data_dir} is a file, not a folder: move that file away, "
                f"{_ELSEWHERE}")
    existing = data_dir
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return (f"cannot create the data dir {data_dir}: {existing} is a file, not a folder: "
                f"move that file away, {_ELSEWHERE}")
    if _read_only_fs(existing):
        return f"the data dir {data_dir} is on a read-only file system; {_ELSEWHERE}"
    if not os.access(existing, os.W_OK | os.X_OK):
        if existing == data_dir:
            return (f"the data dir {data_dir} is not writable (the cache and the refresh lock "
                    f"live there): make it writable for you (chmod u+w {quote(str(data_dir))}), "
                    f"{_ELSEWHERE}")
        return (f"cannot create the data dir {data_dir}: {existing} is not writable for you; "
                f"create {data_dir} yourself, {_ELSEWHERE}")
    database = data_dir / db_name
    if database.is_file() and not os.access(database, os.R_OK | os.W_OK):
        return (f"the cache {database} is read-only for you: make it writable "
                f"(chmod u+rw {quote(str(database))}), {_ELSEWHERE}")
    return None


def _read_only_fs(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows)
        return False
