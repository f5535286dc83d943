"""Full garbage collections wait for an idle moment while the reader runs (ui/idle_gc.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

from antd_tui.ui import idle_gc
from antd_tui.ui.app import AntdApp
from antd_tui.ui.idle_gc import NEVER, IdleCollector
from tests.ui.conftest import SIZE, settle


def test_full_collections_run_only_when_idle_and_only_if_needed(monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    before = gc.get_threshold()
    clock = [100.0]
    monkeypatch.setattr(idle_gc, "monotonic", lambda: clock[0])
    collector = IdleCollector(idle=2.0)
    collector.start()
    try:
        assert gc.get_threshold() == (before[0], before[1], NEVER)
        gc.collect()
        gc.collect(1)  # a younger collection promoted objects: a full one is due
        collector.touch()
        clock[0] += 1.0
        assert not collector.tick() and gc.get_count()[2] == 1  # a key a second ago: not now
        clock[0] += 1.5
        assert collector.tick() and gc.get_count()[2] == 0
        clock[0] += 10
        assert not collector.tick()  # nothing promoted since: nothing to do
    finally:
        collector.stop()
    assert gc.get_threshold() == before


@pytest.mark.anyio
async def test_the_reader_defers_full_collections_while_it_runs(reader: Callable[..., AntdApp]) -> None:
    before = gc.get_threshold()
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == NEVER
        moment = app._collector._last_input
        await pilot.press("j")
        assert app._collector._last_input > moment  # a key counts as activity
    assert gc.get_threshold() == before
