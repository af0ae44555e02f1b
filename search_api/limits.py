"""How often one client may do a thing: one token-bucket limiter for feedback votes and agent sign-ins."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from kb.store import Buckets, MemoryBuckets, SharedBuckets

__all__ = ["RateLimiter"]


class RateLimiter:
    """A token bucket per client key: ``burst`` requests at once, then one per ``1/rate`` seconds.

    The buckets live in memory (``MemoryBuckets``) or, with :meth:`shared`, in the operational
    database, so every worker of ``kb serve --workers N`` counts against the same bucket. Full
    buckets are dropped so the table stays small.
    """

    def __init__(
        self,
        burst: int = 10,
        per_second: float = 1 / 30,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        buckets: Buckets | None = None,
    ) -> None:
        self.clock = clock
        self.burst = float(burst)
        self.per_second = per_second
        self.max_clients = max_clients
        self._buckets: Buckets = buckets or MemoryBuckets()

    @classmethod
    def shared(cls, database_url: str, scope: str, burst: int = 10, per_second: float = 1 / 30) -> RateLimiter:
        """A limiter whose buckets every process using the database shares (wall-clock times)."""
        return cls(burst, per_second, clock=time.time, buckets=SharedBuckets(database_url, scope))

    def allow(self, key: str, now: float | None = None) -> bool:
        """Take one token from ``key``'s bucket; False when it is empty."""
        now = self.clock() if now is None else now
        with self._buckets.transaction() as table:
            tokens, at = table.get(key) or (self.burst, now)
            tokens = min(self.burst, tokens + max(0.0, now - at) * self.per_second)
            allowed = tokens >= 1.0
            table.put(key, tokens - 1.0 if allowed else tokens, now)
            if table.count() > self.max_clients:
                table.forget_full(now, self.burst, self.per_second)
                if table.count() > self.max_clients:  # a flood of distinct clients: start afresh
                    table.clear()
            return allowed

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Whole seconds until ``key`` has a token again."""
        now = self.clock() if now is None else now
        with self._buckets.transaction() as table:
            tokens, at = table.get(key) or (self.burst, now)
        tokens = min(self.burst, tokens + max(0.0, now - at) * self.per_second)
        return 0 if tokens >= 1.0 else max(1, math.ceil((1.0 - tokens) / self.per_second))

    def reset(self, key: str) -> None:
        """Give ``key`` a full bucket again (a successful sign-in clears its failures)."""
        with self._buckets.transaction() as table:
            table.delete(key)
