"""Storage: the one atomic writer, locks, journaled documents, the operational database."""

from __future__ import annotations

from kb.store.atomic import new_file_mode, write_bytes_atomic, write_new_file, write_text_atomic
from kb.store.database import connect
from kb.store.journal import Change, forget_journaled, read_journaled, write_journaled
from kb.store.locks import file_lock
from kb.store.shared import (
    Buckets,
    MemoryBuckets,
    MemorySignOuts,
    SignOuts,
    SqliteBuckets,
    SqliteSignOuts,
)

__all__ = [
    "Buckets",
    "Change",
    "MemoryBuckets",
    "MemorySignOuts",
    "SignOuts",
    "SqliteBuckets",
    "SqliteSignOuts",
    "connect",
    "file_lock",
    "forget_journaled",
    "new_file_mode",
    "read_journaled",
    "write_bytes_atomic",
    "write_journaled",
    "write_new_file",
    "write_text_atomic",
]
