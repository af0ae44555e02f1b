"""The audit log: who changed what, when. Every change of state is one entry.

    record(db, "pablo-publisher", "publish", "billing/refunds.md", "from draft refund-stuck (tickets 5150)")
    read_audit(db, since=..., agent="pablo-publisher")

Actions: ingest, edit, publish, reject, apply, move, redirect, gap, sign-in, sign-out, token
(accounts created, reset, disabled, passwords set). The summary says what changed in a few words;
it never holds a token, a password or the text of a ticket.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import time
from dataclasses import dataclass

from kb.config import Settings
from kb.store import Connection, DatabaseError, connect

__all__ = ["AuditEntry", "cli_agent", "read_audit", "record", "record_change"]

log = logging.getLogger("kb.audit")
_MAX_SUMMARY = 500


@dataclass(frozen=True)
class AuditEntry:
    ts: float
    agent: str
    action: str
    target: str
    summary: str

    @property
    def when(self) -> str:
        return dt.datetime.fromtimestamp(self.ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    def as_json(self) -> dict[str, str | float]:
        return {"ts": self.ts, "time": self.when, "agent": self.agent, "action": self.action,
                "target": self.target, "summary": self.summary}  # fmt: skip


def record(
    db: Connection, agent: str, action: str, target: str, summary: str = "", *, now: float | None = None
) -> None:
    """Add one entry (inside the caller's transaction when there is one)."""
    with db.write():
        db.execute(
            "INSERT INTO audit_log (ts, agent, action, target, summary) VALUES (?, ?, ?, ?, ?)",
            (
                time.time() if now is None else now,
                agent or "unknown",
                action,
                target,
                " ".join(summary.split())[:_MAX_SUMMARY],
            ),
        )


def record_change(settings: Settings, agent: str, action: str, target: str, summary: str = "") -> None:
    """Record a change that has already happened (a publish, an ingest...). The change stands even
    if the database cannot take the entry right now: that is logged as an error, not raised."""
    try:
        with connect(settings.database) as db:
            record(db, agent, action, target, summary)
    except DatabaseError as exc:
        log.error("kb: could not write the audit entry %s %s by %s: %s", action, target, agent, exc)


def cli_agent(by: str = "") -> str:
    """Who runs a kb command: ``--by`` when given, else the operating-system user."""
    if by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "agent"


def read_audit(
    db: Connection, *, since: float | None = None, agent: str | None = None, limit: int | None = None, offset: int = 0
) -> list[AuditEntry]:
    """Entries, newest first; ``since`` (Unix time) and ``agent`` narrow them down."""
    sql = "SELECT ts, agent, action, target, summary FROM audit_log WHERE ts >= ?"
    args: list[object] = [since if since is not None else 0.0]
    if agent:
        sql += " AND agent = ?"
        args.append(agent)
    sql += " ORDER BY ts DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [limit, offset]
    return [
        AuditEntry(float(ts), who, action, target, summary)
        for ts, who, action, target, summary in db.execute(sql, args)
    ]
