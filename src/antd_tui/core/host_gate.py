"""Requests in flight to one host: up to ``per_host``, fewer once the host pushes back.

A refresh is a short burst: every feed of a site is asked for at once, up to
``per_host`` at a time. A site that finds that too many says so with a 429
or a 503 (nginx's ``limit_conn``/``limit_req`` answer 503, most CDNs 429).
The gate then halves its limit for the rest of the refresh, down to 1, the
way TCP backs off: once per round, so the 32 refusals of one burst halve it
once, not 32 times (``Fetcher`` lets only a request started under the
current limit halve it).

A connection the host refuses (or cannot complete) lowers the limit the
same way, but is an ordinary retry: a dead host must still fail quickly.

``Fetcher`` retries a 429/503 without charging the feed's ``retries``
when the refusal is plausibly the burst's fault: the limit has been lowered
since the request started, or this request is the one lowering it (each
request lowers it at most once). A feed whose server refuses it every time
still fails after its own retries, and lowers the limit only once.
"""

from __future__ import annotations

import asyncio
from collections import deque


class HostGate:
    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.active = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        if self.active < self.limit and not self._waiters:
            self.active += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over as the task was cancelled
            raise

    def release(self) -> None:
        self.active -= 1
        while self._waiters and self.active < self.limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self.active += 1
                waiter.set_result(None)

    def push_back(self) -> bool:
        """The host refused a request started under the current limit; True if the limit dropped."""
        if self.limit == 1:
            return False
        self.limit //= 2
        return True
