"""Requests in flight to one host: up to ``per_host``, fewer while the host pushes back.

A refresh is a short burst: every feed of a site is asked for at once, up to
``per_host`` at a time. A site that finds that too many says so with a 429
or a 503 (nginx's ``limit_conn``/``limit_req`` answer 503, most CDNs 429).
The gate then halves what was really in flight (nine feeds refused under a
limit of 50 make it 4, not 25), the way TCP backs off: once per round, so
the refusals of one burst cut it once (a request started before the last cut
does not cut again). After ``limit`` answers in a row without a refusal it
grows by one again, up to ``per_host``, so a few stray 503s do not leave a
refresh crawling one request at a time.

A refusal while no other request to the site was in flight cannot be our
burst's fault: it cuts nothing and earns no free retry. ``TRIP`` of those in
a row, with no answer in between, mean the site refuses everything (down,
in maintenance): the gate trips and the site's remaining requests fail at
once with that refusal instead of queueing one at a time.

``Fetcher`` retries up to ``FREE_RETRIES`` of a request's burst refusals
without charging its ``retries``, and a retry goes back to the front of the
queue (the newest retry first), ahead of feeds not asked for yet.
"""

from __future__ import annotations

import asyncio
from collections import deque

FREE_RETRIES = 2
TRIP = 3


class HostGate:
    def __init__(self, limit: int) -> None:
        self.ceiling = self.limit = max(1, limit)
        self.active = 0
        self.round = 0  # bumped by every cut
        self._streak = 0  # answers since the last refusal or increase
        self._alone = 0  # refusals in a row of a request that was the only one in flight
        self.last_refusal = ""
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self, *, front: bool = False) -> None:
        """Take a slot; ``front``: a retry, served before requests not tried yet."""
        if self.active < self.limit and not self._waiters:
            self.active += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        if front:
            self._waiters.appendleft(waiter)
        else:
            self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over as the task was cancelled
            raise

    def release(self) -> None:
        self.active -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.active < self.limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self.active += 1
                waiter.set_result(None)

    @property
    def tripped(self) -> bool:
        return self._alone >= TRIP

    def answered(self) -> None:
        """The host answered a request (whatever the status) without pushing back."""
        self._alone = 0
        self._streak += 1
        if self._streak >= self.limit and self.limit < self.ceiling:
            self.limit += 1
            self._streak = 0
            self._wake()

    def push_back(self, started_round: int, refusal: str) -> bool:
        """The host refused (429/503) a request started in ``started_round``, which still
        holds its slot. True if others were in flight: then our burst may be the cause."""
        self._streak = 0
        self.last_refusal = refusal
        if self.active <= 1:
            self._alone += 1
            return False
        if started_round == self.round:
            self.limit = max(1, min(self.limit, self.active) // 2)
            self.round += 1
        return True
