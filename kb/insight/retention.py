"""``kb prune``: delete search logs and feedback older than the retention period.

Only logs go: the search log and its per-day gap counts, feedback votes and comments, and the gap
resolutions that only hid rows which are now deleted anyway. Articles, drafts, rejected drafts and the record of
imported tickets are content and its history, and are never touched here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from kb.errors import InputError
from kb.store import Connection, prune_events

__all__ = ["Pruned", "prune_logs"]

_DAY = 86400


@dataclass(frozen=True)
class Pruned:
    """How many rows were deleted, and the cut-off (Unix time) they were older than."""

    search_log: int
    feedback: int
    gap_resolutions: int
    before: float


def prune_logs(db: Connection, days: int, *, now: float | None = None) -> Pruned:
    """Delete log rows older than ``days`` days (0 deletes them all), in one transaction."""
    if days < 0:
        raise InputError(f"the retention period must be 0 days or more, got {days}", "set log_retention_days")
    before = (time.time() if now is None else now) - days * _DAY
    if db.dialect == "sqlite":
        # Overwrite what is deleted instead of leaving it in free pages, and clear it from the WAL.
        db.execute("PRAGMA secure_delete = ON")
    with db.write():
        counts = [
            db.execute(f"DELETE FROM {table} WHERE ts < ?", (before,)).rowcount  # table: literals below
            for table in ("search_log", "feedback", "gap_resolution")
        ]
        # The gap counts of those searches (whole UTC days), and the questions nothing counts any more.
        for table in ("question_tally", "group_day"):
            db.execute(f"DELETE FROM {table} WHERE day < ?", (int(before // _DAY),))  # table: literals above
        db.execute("DELETE FROM question_group WHERE key != head AND key NOT IN (SELECT key FROM question_tally)")
        db.execute(
            "DELETE FROM question_group WHERE key = head AND key NOT IN (SELECT key FROM question_tally)"
            " AND key NOT IN (SELECT head FROM question_group WHERE key != head)"
        )
        prune_events(db, before)
    if db.dialect == "sqlite":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Pruned(counts[0], counts[1], counts[2], before)
