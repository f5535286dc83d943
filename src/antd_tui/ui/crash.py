"""An error nobody handled: its traceback goes to a log file in the data dir, the reader exits 70.

Textual's own answer is a full-screen traceback on the terminal and exit 0
(``open_reader`` returned 0 whatever happened). Instead the reader closes
cleanly and ``open_reader`` prints one line naming the log (``crash.log``,
newest last) and exits 70 (``EX_SOFTWARE``: an internal error). Under
``demo``, whose data dir is usually thrown away, the log goes to the system's
temporary folder instead.
"""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

EXIT_CRASH = 70
LOG_NAME = "crash.log"


def record_crash(data_dir: Path, error: BaseException) -> Path:
    """Append ``error``'s traceback to the data dir's crash log (else a temp file); return its path."""
    import tempfile

    text = "".join(traceback.format_exception(error))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for folder in (data_dir, Path(tempfile.gettempdir())):
        path = folder / LOG_NAME
        try:
            with path.open("a", encoding="utf-8") as log:
                log.write(f"--- {stamp} antd-tui reader\n{text}\n")
        except OSError:
            continue
        return path
    return data_dir / LOG_NAME


def summary(error: BaseException) -> str:
    """``KeyError: 0``: the error's type and first line, for the one-line message."""
    first = (str(error).splitlines() or [""])[0][:120]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
