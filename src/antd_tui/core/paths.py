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
