"""How often one client may do a thing: one token-bucket limiter for feedback votes and agent sign-ins."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

__all__ = ["RateLimiter"]


class RateLimiter:
    """A token bucket per client key: ``burst`` requests at once, then one per ``1/rate`` seconds.

    In memory only (a restart forgets it); full buckets are dropped so the table stays small.
    """

    def __init__(
        self,
        burst: int = 10,
        per_second: float = 1 / 30,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.burst = float(burst)
        self.per_second = per_second
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, at)
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Take one token from ``key``'s bucket; False when it is empty."""
        now = self.clock() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.per_second)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > self.max_clients:
                self._forget_full(now)
            return allowed

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Whole seconds until ``key`` has a token again."""
        now = self.clock() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.per_second)
        return 0 if tokens >= 1.0 else max(1, math.ceil((1.0 - tokens) / self.per_second))

    def reset(self, key: str) -> None:
        """Give ``key`` a full bucket again (a successful sign-in clears its failures)."""
        with self._lock:
            self._buckets.pop(key, None)

    def _forget_full(self, now: float) -> None:
        full = [k for k, (tokens, at) in self._buckets.items() if tokens + (now - at) * self.per_second >= self.burst]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) > self.max_clients:  # a flood of distinct clients: start afresh
            self._buckets.clear()
