"""State that every server worker must see: rate-limit buckets and signed-out sessions.

``kb serve --workers N`` runs N processes on one data dir, so a limit or a sign-out kept in one
process's memory would not hold on the others. Both live in the operational database; the
in-memory variants are for a single process (and for tests that drive the clock).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from kb.store.database import Connection, connect

__all__ = ["Buckets", "MemoryBuckets", "MemorySignOuts", "SharedBuckets", "SharedSignOuts", "SignOuts"]


class Buckets(Protocol):
    """Token buckets by key: (tokens, when they were counted), changed inside ``transaction``."""

    @contextmanager
    def transaction(self) -> Iterator[BucketTable]: ...


class BucketTable(Protocol):
    def get(self, key: str) -> tuple[float, float] | None: ...
    def put(self, key: str, tokens: float, at: float) -> None: ...
    def delete(self, key: str) -> None: ...
    def count(self) -> int: ...
    def forget_full(self, now: float, burst: float, per_second: float) -> None: ...
    def clear(self) -> None: ...


class _MemoryTable:
    def __init__(self, buckets: dict[str, tuple[float, float]]) -> None:
        self._buckets = buckets

    def get(self, key: str) -> tuple[float, float] | None:
        return self._buckets.get(key)

    def put(self, key: str, tokens: float, at: float) -> None:
        self._buckets[key] = (tokens, at)

    def delete(self, key: str) -> None:
        self._buckets.pop(key, None)

    def count(self) -> int:
        return len(self._buckets)

    def forget_full(self, now: float, burst: float, per_second: float) -> None:
        for key in [k for k, (tokens, at) in self._buckets.items() if tokens + (now - at) * per_second >= burst]:
            del self._buckets[key]

    def clear(self) -> None:
        self._buckets.clear()


class MemoryBuckets:
    """Buckets in this process's memory."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[BucketTable]:
        with self._lock:
            yield _MemoryTable(self._buckets)


class _DatabaseTable:
    def __init__(self, connection: Connection, scope: str) -> None:
        self._db = connection
        self._scope = scope

    def get(self, key: str) -> tuple[float, float] | None:
        row = self._db.execute("SELECT tokens, at FROM rate_limit WHERE scope = ? AND key = ?", (self._scope, key))
        found = row.fetchone()
        return (float(found[0]), float(found[1])) if found else None

    def put(self, key: str, tokens: float, at: float) -> None:
        self._db.execute(
            "INSERT INTO rate_limit (scope, key, tokens, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (scope, key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at",
            (self._scope, key, tokens, at),
        )

    def delete(self, key: str) -> None:
        self._db.execute("DELETE FROM rate_limit WHERE scope = ? AND key = ?", (self._scope, key))

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM rate_limit WHERE scope = ?", (self._scope,)).fetchone()[0])

    def forget_full(self, now: float, burst: float, per_second: float) -> None:
        self._db.execute(
            "DELETE FROM rate_limit WHERE scope = ? AND tokens + (? - at) * ? >= ?",
            (self._scope, now, per_second, burst),
        )

    def clear(self) -> None:
        self._db.execute("DELETE FROM rate_limit WHERE scope = ?", (self._scope,))


class SharedBuckets:
    """Buckets in the operational database, shared by every worker and replica using it. Times
    must be wall-clock (``time.time``): a monotonic clock means nothing in another process."""

    def __init__(self, database_url: str, scope: str) -> None:
        self._url = database_url
        self._scope = scope
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[BucketTable]:
        with self._lock:
            db = self._connection = self._connection or connect(self._url)
            with db.write():  # read and write under the write lock: no lost update between workers
                yield _DatabaseTable(db, self._scope)


class SignOuts(Protocol):
    """Sessions signed out before they expire."""

    def add(self, session_id: str, until: float, now: float) -> None: ...
    def holds(self, session_id: str, now: float) -> bool: ...


class MemorySignOuts:
    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, session_id: str, until: float, now: float) -> None:
        with self._lock:
            for old in [sid for sid, ends in self._until.items() if ends <= now]:
                del self._until[old]
            self._until[session_id] = until

    def holds(self, session_id: str, now: float) -> bool:
        with self._lock:
            return self._until.get(session_id, 0.0) > now


class SharedSignOuts:
    """Sign-outs in the operational database: a session signed out on one worker or replica is
    refused by all."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> Connection:
        self._connection = self._connection or connect(self._url)
        return self._connection

    def add(self, session_id: str, until: float, now: float) -> None:
        with self._lock, self._db().write() as db:
            db.execute("DELETE FROM signed_out WHERE until <= ?", (now,))
            db.execute(
                "INSERT INTO signed_out (session, until) VALUES (?, ?)"
                " ON CONFLICT (session) DO UPDATE SET until = excluded.until",
                (session_id, until),
            )

    def holds(self, session_id: str, now: float) -> bool:
        with self._lock:
            row = self._db().execute("SELECT until FROM signed_out WHERE session = ?", (session_id,)).fetchone()
        return bool(row and float(row[0]) > now)
