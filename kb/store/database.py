"""kb's operational state: one SQLite database in the data dir (``kb.sqlite3``).

Search log, ingested ticket ids, feedback and the like live here; the docs folder stays the
only source of truth for content. Each connection uses WAL so readers never block the writer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["SCHEMA", "connect"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS search_log (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    top_path TEXT,
    top_url TEXT,
    results INTEGER NOT NULL,
    confidence REAL,
    answered INTEGER NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS search_log_ts ON search_log (ts);
-- Tickets that became a draft, joined a draft, or became an update proposal: importing them
-- again is a no-op. Skipped tickets are not recorded, so a ticket resolved later still drafts.
CREATE TABLE IF NOT EXISTS ingested_tickets (
    ticket_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    ingested_at REAL NOT NULL,
    action TEXT NOT NULL,
    draft TEXT NOT NULL
);
-- "Was this helpful?" votes: on an article page (page) or under an Ask-box answer (query +
-- answer_url). vote_id is a random id the browser makes up, so a comment sent after the vote
-- updates that vote instead of counting twice; no cookie, no IP address is stored.
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    vote_id TEXT UNIQUE,
    page TEXT,
    query TEXT,
    answer_url TEXT,
    helpful INTEGER NOT NULL,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_ts ON feedback (ts);
-- Content gaps an agent dealt with: every question key of the group, resolved at ts, so the
-- searches and votes up to then leave the queue (and later ones bring the gap back).
CREATE TABLE IF NOT EXISTS gap_resolution (
    member TEXT NOT NULL,
    gap TEXT NOT NULL,
    ts REAL NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gap_resolution_member ON gap_resolution (member);
-- Rate limits shared by every server worker: one token bucket per (what is limited, client).
CREATE TABLE IF NOT EXISTS rate_limit (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    tokens REAL NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (scope, key)
);
-- The redacted public conversation of each ticket that became a draft or proposal: shown beside
-- the draft in the editor. JSON lists of message texts.
CREATE TABLE IF NOT EXISTS ticket_conversation (
    ticket_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    customer TEXT NOT NULL,
    agent TEXT NOT NULL
);
-- Agent sessions signed out before their cookie expires (the cookie itself is signed, not stored).
CREATE TABLE IF NOT EXISTS signed_out (
    session TEXT PRIMARY KEY,
    until REAL NOT NULL
);
"""


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database with kb's tables."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db_path, timeout=30, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(SCHEMA)
    return connection
