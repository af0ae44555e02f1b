"""Content events: each change to the published docs, so every replica can follow it.

A publish, an edit of a live article, an apply, a move or a rejection changes files in the shared
docs folder; the replica that did it updates its own index and site copy at once and records an
event here. Every other replica polls for events after the last one it handled, and brings its
copy up to date from the docs (see ``kb.site.replicas``). Events are written while the writer
holds the publish lock, so their ids are committed in order and a poller never skips one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

from kb.store.database import Connection

__all__ = ["ContentEvent", "events_after", "latest_event_id", "prune_events", "record_event"]


@dataclass(frozen=True)
class ContentEvent:
    """One change: its id (increasing), when, what kind, the docs paths it touched, and which
    replica (data dir) made it."""

    id: int
    ts: float
    kind: str
    paths: tuple[str, ...]
    origin: str


def record_event(db: Connection, kind: str, paths: Iterable[str], origin: str, *, now: float | None = None) -> None:
    """Record that ``paths`` changed (``kind``: publish, edit, apply, move, reject...)."""
    db.execute(
        "INSERT INTO content_event (ts, kind, paths, origin) VALUES (?, ?, ?, ?)",
        (time.time() if now is None else now, kind, json.dumps(sorted(set(paths))), origin),
    )


def events_after(db: Connection, last_id: int, limit: int = 1000) -> list[ContentEvent]:
    """The events after ``last_id``, oldest first."""
    rows = db.execute(
        "SELECT id, ts, kind, paths, origin FROM content_event WHERE id > ? ORDER BY id LIMIT ?", (last_id, limit)
    )
    return [ContentEvent(int(i), float(t), kind, tuple(json.loads(paths)), who) for i, t, kind, paths, who in rows]


def latest_event_id(db: Connection) -> int:
    """The newest event's id (0 when there is none)."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM content_event").fetchone()[0])


def prune_events(db: Connection, before: float) -> int:
    """Forget events older than ``before`` (a replica down that long rebuilds from the docs anyway)."""
    return int(db.execute("DELETE FROM content_event WHERE ts < ?", (before,)).rowcount)
