"""Locks on the shared docs folder: one writer at a time, on one machine or across replicas.

Publishing, the review queue and ticket ingest change the docs folder, which replicas share (a
git checkout or a shared volume). A file lock in the data dir excludes the threads and processes
of one install; with PostgreSQL (``database_url``), the same named lock is also a session
advisory lock there, so replicas on other machines, with data dirs of their own, take turns too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kb.config import Settings
from kb.store.database import connect
from kb.store.locks import file_lock

__all__ = ["docs_lock"]


@contextmanager
def docs_lock(settings: Settings, name: str) -> Iterator[None]:
    """Hold the docs lock ``name`` (e.g. "publish", "drafts", "ingest") for the ``with`` block."""
    with file_lock(settings.data_dir / f"{name}.lock"):
        if not settings.database_url:
            yield
            return
        with connect(settings.database) as db, db.hold(f"kb docs lock: {name}"):
            yield
