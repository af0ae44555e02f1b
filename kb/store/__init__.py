"""Storage: the one atomic writer, locks, journaled documents, the operational database."""

from __future__ import annotations

from kb.store.atomic import write_text_atomic
from kb.store.database import SCHEMA, connect
from kb.store.journal import Change, forget_journaled, read_journaled, write_journaled
from kb.store.locks import file_lock

__all__ = [
    "SCHEMA",
    "Change",
    "connect",
    "file_lock",
    "forget_journaled",
    "read_journaled",
    "write_journaled",
    "write_text_atomic",
]
