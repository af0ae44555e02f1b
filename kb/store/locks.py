"""Exclusive locks shared by threads and processes: a per-path thread lock plus ``flock``.

``flock`` alone does not exclude threads of one process that open the file separately on every
platform kb targets, and a thread lock alone does not exclude a second ``kb`` process.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["file_lock"]

_guard = threading.Lock()
_thread_locks: dict[str, threading.Lock] = {}


def _thread_lock(path: Path) -> threading.Lock:
    key = str(path.resolve())
    with _guard:
        return _thread_locks.setdefault(key, threading.Lock())


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold the exclusive lock named by ``path`` (created if missing) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _thread_lock(path), open(path, "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
