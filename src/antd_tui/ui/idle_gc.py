"""Full garbage collections when the reader is idle, not in the middle of a keystroke.

Python's collector runs a full (oldest-generation) collection when enough
objects have survived the younger ones. In the reader that is every second or
so while a key is held: Textual makes thousands of short-lived objects a frame.
A full collection walks every container the reader keeps (widgets, styles,
cached pages of rows): 20-47 ms on the 100k cache, which landed on the frame
of whatever key was pressed at that moment. Those were the slowest frames
while holding ``j`` (``bench/reader_bench.py``; ``gc.callbacks`` showed a full
collection inside each of the slowest key-to-frame times).

So while the reader runs, full collections are not automatic: every few
seconds (the app calls ``tick``), if no key or mouse event came for ``idle``
seconds and younger collections have promoted objects since the last full
one, one runs then. The two younger generations keep their usual thresholds. The previous
thresholds come back when the reader stops.
"""

from __future__ import annotations

import gc
from time import monotonic

NEVER = 1 << 30  # a full-collection threshold the count never reaches


class IdleCollector:
    def __init__(self, idle: float = 2.0) -> None:
        self.idle = idle
        self._last_input = monotonic()
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def touch(self) -> None:
        """An input event came: the user is active."""
        self._last_input = monotonic()

    def tick(self) -> bool:
        """Collect if the user is idle and there may be something to collect; True if it did."""
        if self._saved is None or monotonic() - self._last_input < self.idle:
            return False
        if gc.get_count()[2] == 0:  # no younger collection since the last full one
            return False
        gc.collect()
        return True
