"""Importing with the cyclic garbage collector paused, then freezing what was imported.

Modules, classes and functions live as long as the process, and an import
makes almost no garbage, but every collection that runs while they are being
created walks them, and every later full-enough one walks them again.
``gc.freeze()`` moves them out of the collector's sight for good; any
collection after that only walks what the command itself creates.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen_imports() -> Iterator[None]:
    """Pause the collector for the block, then freeze every object alive at its end.

    Nests: only the outermost block turns the collector back on. Freezing
    objects that are in fact short-lived keeps them until exit, so the block
    should hold imports and little else, and nothing is frozen when it
    imported nothing new (``main`` called again in one process, as tests do).
    """
    was_enabled = gc.isenabled()
    known = len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if len(sys.modules) > known:  # a second run in the same process (tests) freezes nothing
            gc.freeze()
        if was_enabled:
            gc.enable()
