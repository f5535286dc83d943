"""Connection setups are paced a few per turn of the event loop (core/net/connect_pacer.py)."""

from __future__ import annotations

import asyncio
from collections import Counter

from antd_tui.core.net.connect_pacer import ConnectPacer


class _Turns:
    """Counts turns of the running loop: one callback per turn, rescheduling itself."""

    def __init__(self) -> None:
        self.now = 0
        self._stop = False
        asyncio.get_running_loop().call_soon(self._tick)

    def _tick(self) -> None:
        self.now += 1
        if not self._stop:
            asyncio.get_running_loop().call_soon(self._tick)

    def stop(self) -> None:
        self._stop = True


def test_a_burst_begins_four_a_turn_in_arrival_order() -> None:
    async def scenario() -> tuple[list[int], list[int]]:
        turns = _Turns()
        pacer = ConnectPacer(per_turn=4)
        order: list[int] = []
        began: list[int] = []

        async def connect(n: int) -> None:
            await pacer.turn()
            order.append(n)
            began.append(turns.now)

        await asyncio.gather(*(connect(n) for n in range(10)))
        turns.stop()
        return order, began

    order, began = asyncio.run(asyncio.wait_for(scenario(), 10))
    assert order == list(range(10))
    per_turn = Counter(began)
    assert max(per_turn.values()) == 4 and len(per_turn) == 3  # 4, 4, 2


def test_a_cancelled_waiter_takes_no_place_and_a_later_connect_begins_at_once() -> None:
    async def scenario() -> tuple[list[int], bool]:
        pacer = ConnectPacer(per_turn=1)
        order: list[int] = []

        async def connect(n: int) -> None:
            await pacer.turn()
            order.append(n)

        tasks = [asyncio.ensure_future(connect(n)) for n in range(4)]
        await asyncio.sleep(0)  # 0 begins; 1, 2, 3 wait
        tasks[1].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for _ in range(3):
            await asyncio.sleep(0)  # the burst is over
        late = asyncio.ensure_future(connect(9))
        await asyncio.sleep(0)  # one turn: it has begun without waiting for another
        return order, late.done()

    order, late_done = asyncio.run(asyncio.wait_for(scenario(), 10))
    assert order == [0, 2, 3, 9]
    assert late_done
