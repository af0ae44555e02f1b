"""Storage: the one atomic writer, locks, journaled documents, the operational database."""

from __future__ import annotations

from kb.store.atomic import new_file_mode, write_bytes_atomic, write_new_file, write_text_atomic
from kb.store.database import Connection, Database, DatabaseError, connect, database_for, sqlite_url
from kb.store.docs_locks import docs_lock
from kb.store.events import ContentEvent, events_after, latest_event_id, prune_events, record_event
from kb.store.journal import Change, forget_journaled, read_journaled, write_journaled
from kb.store.locks import file_lock
from kb.store.migrate import SchemaState, ensure_current, schema_state, upgrade_schema
from kb.store.shared import (
    Buckets,
    MemoryBuckets,
    MemorySignOuts,
    SharedBuckets,
    SharedSignOuts,
    SignOuts,
)

__all__ = [
    "Buckets",
    "Change",
    "Connection",
    "ContentEvent",
    "Database",
    "DatabaseError",
    "MemoryBuckets",
    "MemorySignOuts",
    "SchemaState",
    "SharedBuckets",
    "SharedSignOuts",
    "SignOuts",
    "connect",
    "database_for",
    "docs_lock",
    "ensure_current",
    "events_after",
    "file_lock",
    "forget_journaled",
    "latest_event_id",
    "new_file_mode",
    "prune_events",
    "read_journaled",
    "record_event",
    "schema_state",
    "sqlite_url",
    "upgrade_schema",
    "write_bytes_atomic",
    "write_journaled",
    "write_new_file",
    "write_text_atomic",
]
