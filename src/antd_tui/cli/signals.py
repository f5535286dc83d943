"""SIGTERM and SIGHUP end a command the way ``q`` or Ctrl+C would, so its cleanup runs.

By default either signal kills Python on the spot: no ``finally`` runs, the
reader leaves the terminal in its alternate screen, and ``antd-tui demo``
leaves its temporary data dir behind (closing the terminal sends SIGHUP).
Under ``exit_on_hangup`` each one raises ``SystemExit(128 + signal)`` — the
code a shell reports for a process killed by that signal — or, while a
``stopping_with`` callback is set (the reader's ``app.exit``), calls it from
the event loop that is running, so the app stops between two of its steps.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_stop: Callable[[int], None] | None = None
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _handler(signum: int, frame: FrameType | None) -> None:
    code = 128 + signum
    stop = _stop
    if stop is None:
        raise SystemExit(code)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        stop(code)
    else:
        loop.call_soon_threadsafe(stop, code)


@contextmanager
def exit_on_hangup() -> Iterator[None]:
    """SIGTERM and SIGHUP end the process through its ``finally`` blocks while inside."""
    old = {sig: signal.signal(sig, _handler) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


@contextmanager
def stopping_with(stop: Callable[[int], None]) -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP call ``stop(128 + signal)`` instead of raising."""
    global _stop
    before, _stop = _stop, stop
    try:
        yield
    finally:
        _stop = before
