"""A burst of new connections is set up a few per turn of the event loop.

Asyncio runs every ready callback of a turn before it looks at the network
again, so fifty connects begun at once advance in lockstep: all fifty sockets,
then all fifty transports, then all fifty requests. Over loopback or a fast
LAN each step is pure CPU, and the first request left ~20 ms after the first
connect began (a 100-feed refresh, one host). Paced, the first connections
send their requests while the later ones are still being set up, and the first
answers come back that much sooner. On a slow network nothing changes that a
user could see: a turn with nothing else to do takes microseconds, so all fifty
have begun within about a millisecond either way.
"""

from __future__ import annotations

import asyncio
from collections import deque

PER_TURN = 4  # connection setups begun per turn of the event loop


class ConnectPacer:
    def __init__(self, per_turn: int = PER_TURN) -> None:
        self._per_turn = max(1, per_turn)
        self._begun = 0  # in this turn
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def turn(self) -> None:
        """Return when this connection setup may begin (at once, or a few turns later)."""
        loop = asyncio.get_running_loop()
        if not self._waiting and self._begun < self._per_turn:
            if self._begun == 0:
                loop.call_soon(self._next_turn)
            self._begun += 1
            return
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiting.append(waiter)
        await waiter  # cancelled while waiting: _next_turn skips it

    def _next_turn(self) -> None:
        self._begun = 0
        while self._waiting and self._begun < self._per_turn:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                self._begun += 1
        if self._begun:
            asyncio.get_running_loop().call_soon(self._next_turn)
